package io.claimlens.policy;

import static io.claimlens.testing.RowAssertions.assertRows;
import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.claimlens.config.Channel;
import io.claimlens.config.MetricId;
import io.claimlens.config.Policy;
import io.claimlens.config.PolicyParser;
import io.claimlens.schema.Orders;
import io.claimlens.schema.OutputTables;
import io.claimlens.testing.SparkTestBase;
import java.nio.charset.StandardCharsets;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * Which daily rows count in a metric's window, by each row's own policy entry (worked out by hand
 * from the windows: a window of W days with a lag of L at D holds the days D−L−W+1 … D−L).
 */
class PolicyAtDatesTest extends SparkTestBase {
  private static final LocalDate D = LocalDate.parse("2026-06-30");
  private static final LocalDate WEEK_BEFORE = D.minusDays(7);
  private static final String JP = "A1VC38T7YXB528";
  private static final String US = "ATVPDKIKX0DER";

  /**
   * The default ODR: 10 days with a lag of 2, channels ALL and MFN (at D: Jun 19 … Jun 28). Japan:
   * 5 days, no lag, ALL only (Jun 26 … Jun 30), and a SKU window and hotspot thresholds of its own.
   * The US is listed without a catalog of its own.
   */
  private static final Policy POLICY =
      PolicyParser.parse(
          "windows.json",
          ("{\"default\": {\"time_zone\": \"UTC\", \"claim_response_window_hours\": 48,"
                  + " \"refund_deadline_days\": 2,"
                  + " \"sku_window\": {\"window_days\": 10, \"lag_days\": 0},"
                  + " \"hotspot\": {\"min_quality_claim_orders\": 3, \"rate_multiple\": 3},"
                  + " \"metrics\": {\"ODR\": {\"window_days\": 10, \"lag_days\": 2,"
                  + " \"target\": \"< 0.01\", \"channels\": [\"ALL\", \"MFN\"]}}},"
                  + " \"marketplaces\": {\""
                  + US
                  + "\": {\"name\": \"US\"}, \""
                  + JP
                  + "\": {\"metrics\": {\"ODR\": {\"window_days\": 5, \"lag_days\": 0,"
                  + " \"channels\": [\"ALL\"]}},"
                  + " \"sku_window\": {\"window_days\": 30, \"lag_days\": 7},"
                  + " \"hotspot\": {\"min_quality_claim_orders\": 5, \"rate_multiple\": 2.5}}}}")
              .getBytes(StandardCharsets.UTF_8));

  /** A night's choice: every window at D, the ODR of channel ALL alone a week before. */
  private static final PolicyAtDates.WindowChoice NIGHTLY =
      (asOf, metric, channel) ->
          !asOf.isBefore(D) || (metric == MetricId.ODR && channel == Channel.ALL);

  @Test
  void aDailyRowCountsInItsOwnEntrysWindowAndChannel() {
    PolicyAtDates policy = new PolicyAtDates(POLICY, List.of(WEEK_BEFORE, D));
    List<PolicyAtDates.Slot> slots = policy.slots(NIGHTLY);
    assertEquals(
        List.of(
            new PolicyAtDates.Slot(MetricId.ODR, Channel.ALL),
            new PolicyAtDates.Slot(MetricId.ODR, Channel.MFN)),
        slots);

    Dataset<Row> rows =
        rows(
            new Object[] {"last day in", Policy.DEFAULT_ID, D, "2026-06-28", "MFN"},
            new Object[] {"in the lag", Policy.DEFAULT_ID, D, "2026-06-29", "MFN"},
            new Object[] {"first day in, AFN", Policy.DEFAULT_ID, D, "2026-06-19", "AFN"},
            new Object[] {"a day before", Policy.DEFAULT_ID, D, "2026-06-18", "MFN"},
            new Object[] {"US, the default's window", US, D, "2026-06-20", "MFN"},
            new Object[] {"JP, D itself", JP, D, "2026-06-30", "MFN"},
            new Object[] {"JP, a day before", JP, D, "2026-06-25", "MFN"},
            new Object[] {"week before", Policy.DEFAULT_ID, WEEK_BEFORE, "2026-06-21", "MFN"});
    Dataset<Row> counted =
        rows.select(
            col("label"),
            policy.countsIn(slots.get(0), col("day"), col("channel"), NIGHTLY).as("all"),
            policy.countsIn(slots.get(1), col("day"), col("channel"), NIGHTLY).as("mfn"));
    assertRows(
        counted,
        List.of("label", "all", "mfn"),
        new Object[] {"last day in", true, true},
        new Object[] {"in the lag", false, false},
        new Object[] {"first day in, AFN", true, false},
        new Object[] {"a day before", false, false},
        new Object[] {"US, the default's window", true, true},
        // Japan's catalog reports the ODR for channel ALL only
        new Object[] {"JP, D itself", true, false},
        new Object[] {"JP, a day before", false, false},
        // a week before, a night measures the ODR of channel ALL alone
        new Object[] {"week before", true, false});
  }

  /**
   * The SKU settings by marketplace: the default's window of 10 days without lag (Jun 21 … Jun 30)
   * and thresholds 3 and 3 for the US and an unlisted marketplace, Japan's own 30 days with a lag
   * of 7 (May 25 … Jun 23) and thresholds 5 and 2.5.
   */
  @Test
  void skuSettingsAreTheMarketplacesEntrys() {
    PolicyAtDates policy = new PolicyAtDates(POLICY, List.of(D));
    Dataset<Row> rows =
        spark.createDataFrame(
            List.of(
                RowFactory.create(US, Date.valueOf(D)),
                RowFactory.create(JP, Date.valueOf(D)),
                RowFactory.create("UNLISTED", Date.valueOf(D))),
            new StructType()
                .add(Orders.MARKETPLACE_ID, DataTypes.StringType)
                .add(OutputTables.AS_OF_DATE, DataTypes.DateType));
    List<String> settings =
        List.of(
            PolicyAtDates.SKU_WINDOW_START,
            PolicyAtDates.SKU_WINDOW_END,
            PolicyAtDates.HOTSPOT_MIN_ORDERS,
            PolicyAtDates.HOTSPOT_RATE_MULTIPLE);
    Dataset<Row> withSettings = policy.withSkuSettings(rows);
    for (String setting : settings) {
      withSettings = withSettings.withColumn(setting, col(setting).cast(DataTypes.StringType));
    }
    List<String> columns = new ArrayList<>(List.of(Orders.MARKETPLACE_ID));
    columns.addAll(settings);
    assertRows(
        withSettings,
        columns,
        new Object[] {US, "2026-06-21", "2026-06-30", "3", "3.000000000"},
        new Object[] {JP, "2026-05-25", "2026-06-23", "5", "2.500000000"},
        new Object[] {"UNLISTED", "2026-06-21", "2026-06-30", "3", "3.000000000"});
  }

  /** Rows of (label, policy key, as-of date, day, fulfillment channel). */
  private Dataset<Row> rows(Object[]... rows) {
    StructType schema =
        new StructType()
            .add("label", DataTypes.StringType)
            .add(PolicyAtDates.POLICY_KEY, DataTypes.StringType)
            .add(OutputTables.AS_OF_DATE, DataTypes.DateType)
            .add("day", DataTypes.DateType)
            .add("channel", DataTypes.StringType);
    return spark.createDataFrame(
        Arrays.stream(rows)
            .map(
                r ->
                    RowFactory.create(
                        r[0],
                        r[1],
                        Date.valueOf((LocalDate) r[2]),
                        Date.valueOf(LocalDate.parse((String) r[3])),
                        r[4]))
            .toList(),
        schema);
  }
}
