package io.claimlens.schema;

import static org.apache.spark.sql.types.DataTypes.DateType;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;

import java.util.List;
import org.apache.spark.sql.types.StructType;

/**
 * Columns of the {@code seller_metrics} table: one row per seller, metric and channel (SPEC §4).
 */
public final class SellerMetricsTable {
  public static final String MARKETPLACE_ID = Orders.MARKETPLACE_ID;
  public static final String SELLER_ID = Orders.SELLER_ID;
  public static final String METRIC = "metric";
  public static final String CHANNEL = "channel";

  /** First purchase day of the metric's window. */
  public static final String WINDOW_START = "window_start";

  /** Last purchase day of the metric's window. */
  public static final String WINDOW_END = "window_end";

  public static final String NUMERATOR = "numerator";
  public static final String DENOMINATOR = "denominator";

  /** numerator / denominator; null when the denominator is 0. */
  public static final String RATE = "rate";

  /** Lower end of the 95% Wilson score interval. */
  public static final String RATE_LOW = "rate_low";

  /** Upper end of the 95% Wilson score interval. */
  public static final String RATE_HIGH = "rate_high";

  /** {@code <}, {@code <=}, {@code >}, {@code >=}, or null for a metric without a target. */
  public static final String TARGET_CONDITION = "target_condition";

  public static final String TARGET_VALUE = "target_value";

  /** A {@code MetricStatus}. */
  public static final String STATUS = "status";

  /**
   * For a BREACH row, the first date after D on which the row would no longer breach if nothing new
   * happened (SPEC §4.1); null otherwise or when no date in D+1 … D+W+L ends it.
   */
  public static final String RECOVERS_ON = "recovers_on";

  /**
   * 0..100: the share of the row's peers (same date, marketplace, metric, channel, a denominator of
   * at least the policy's minimum) whose rate is strictly better (SPEC §4.1).
   */
  public static final String PEER_BETTER_PCT = "peer_better_pct";

  /** The table's columns in published order, without the {@code as_of_date} partition column. */
  public static final StructType SCHEMA =
      new StructType()
          .add(MARKETPLACE_ID, StringType)
          .add(SELLER_ID, StringType)
          .add(METRIC, StringType)
          .add(CHANNEL, StringType)
          .add(WINDOW_START, DateType)
          .add(WINDOW_END, DateType)
          .add(NUMERATOR, LongType)
          .add(DENOMINATOR, LongType)
          .add(RATE, DoubleType)
          .add(RATE_LOW, DoubleType)
          .add(RATE_HIGH, DoubleType)
          .add(TARGET_CONDITION, StringType)
          .add(TARGET_VALUE, DoubleType)
          .add(STATUS, StringType)
          .add(RECOVERS_ON, DateType)
          .add(PEER_BETTER_PCT, DoubleType);

  /** The table as the job publishes it: name, columns and sort key. */
  public static final OutputTable OUTPUT =
      new OutputTable(
          OutputTables.SELLER_METRICS, SCHEMA, List.of(MARKETPLACE_ID, SELLER_ID, METRIC, CHANNEL));

  private SellerMetricsTable() {}
}
