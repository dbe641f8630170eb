package io.claimlens.schema;

import static org.apache.spark.sql.types.DataTypes.BooleanType;
import static org.apache.spark.sql.types.DataTypes.DateType;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;

import java.util.List;
import org.apache.spark.sql.types.StructType;

/**
 * Columns of the {@code sku_metrics} table: one row per SKU ordered in the SKU window (SPEC §4).
 */
public final class SkuMetricsTable {
  public static final String MARKETPLACE_ID = Orders.MARKETPLACE_ID;
  public static final String SELLER_ID = Orders.SELLER_ID;
  public static final String SKU = OrderItems.SKU;
  public static final String WINDOW_START = SellerMetricsTable.WINDOW_START;
  public static final String WINDOW_END = SellerMetricsTable.WINDOW_END;

  /** Orders in the window that contain the SKU. */
  public static final String ORDERS = "orders";

  public static final String DEFECTIVE_ORDERS = "defective_orders";
  public static final String CLAIM_ORDERS = "claim_orders";
  public static final String NEGATIVE_FEEDBACK_ORDERS = "negative_feedback_orders";
  public static final String CHARGEBACK_ORDERS = "chargeback_orders";

  /** Orders with a counting claim for a quality reason; drives the hotspot rule. */
  public static final String QUALITY_CLAIM_ORDERS = "quality_claim_orders";

  public static final String DEFECT_RATE = "defect_rate";
  public static final String RATE_LOW = SellerMetricsTable.RATE_LOW;
  public static final String RATE_HIGH = SellerMetricsTable.RATE_HIGH;
  public static final String HOTSPOT = "hotspot";

  /** Most frequent root cause of the SKU's counting claims; filled once attribution runs. */
  public static final String TOP_ROOT_CAUSE = "top_root_cause";

  /** The table's columns in published order, without the {@code as_of_date} partition column. */
  public static final StructType SCHEMA =
      new StructType()
          .add(MARKETPLACE_ID, StringType)
          .add(SELLER_ID, StringType)
          .add(SKU, StringType)
          .add(WINDOW_START, DateType)
          .add(WINDOW_END, DateType)
          .add(ORDERS, LongType)
          .add(DEFECTIVE_ORDERS, LongType)
          .add(CLAIM_ORDERS, LongType)
          .add(NEGATIVE_FEEDBACK_ORDERS, LongType)
          .add(CHARGEBACK_ORDERS, LongType)
          .add(QUALITY_CLAIM_ORDERS, LongType)
          .add(DEFECT_RATE, DoubleType)
          .add(RATE_LOW, DoubleType)
          .add(RATE_HIGH, DoubleType)
          .add(HOTSPOT, BooleanType)
          .add(TOP_ROOT_CAUSE, StringType);

  /** The table as the job publishes it: name, columns and sort key. */
  public static final OutputTable OUTPUT =
      new OutputTable(OutputTables.SKU_METRICS, SCHEMA, List.of(MARKETPLACE_ID, SELLER_ID, SKU));

  private SkuMetricsTable() {}
}
