package io.claimlens.facts;

import static io.claimlens.testing.RowAssertions.assertRows;
import static io.claimlens.testing.RowAssertions.assertSameRows;

import io.claimlens.asof.JudgedDates;
import io.claimlens.config.Policy;
import io.claimlens.config.PolicyParser;
import io.claimlens.policy.PolicyAtDates;
import io.claimlens.schema.Claims;
import io.claimlens.schema.OrderItems;
import io.claimlens.schema.Orders;
import io.claimlens.schema.OutputTables;
import io.claimlens.schema.SkuMetricsTable;
import io.claimlens.testing.SharedSpark;
import io.claimlens.testing.SparkTestBase;
import java.nio.charset.StandardCharsets;
import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A backfill's SKU counts from order facts and items that stand for ranges of dates, and claims
 * made per date: worked out by hand from a 3-day SKU window without lag (at D the purchase days D−2
 * … D), and the same as counting the facts spread over the dates, as a night counts them (on the
 * sample, BackfillTest holds the two forms equal too; these rows reach edges the sample may not).
 */
class SkuFactsTest extends SparkTestBase {
  private static final Policy POLICY =
      PolicyParser.parse(
          "sku.json",
          ("{\"default\": {\"time_zone\": \"UTC\", \"claim_response_window_hours\": 48,"
                  + " \"refund_deadline_days\": 2,"
                  + " \"sku_window\": {\"window_days\": 3, \"lag_days\": 0},"
                  + " \"hotspot\": {\"min_quality_claim_orders\": 1, \"rate_multiple\": 1},"
                  + " \"metrics\": {\"ODR\": {\"window_days\": 10, \"lag_days\": 0,"
                  + " \"target\": \"< 0.01\", \"channels\": [\"ALL\"]}}}}")
              .getBytes(StandardCharsets.UTF_8));

  private static final List<LocalDate> DATES =
      List.of(
          LocalDate.parse("2026-06-01"),
          LocalDate.parse("2026-06-02"),
          LocalDate.parse("2026-06-03"));

  private static final List<String> COLUMNS =
      List.of(
          OutputTables.AS_OF_DATE,
          OrderItems.SKU,
          SkuMetricsTable.ORDERS,
          SkuMetricsTable.DEFECTIVE_ORDERS,
          SkuMetricsTable.CLAIM_ORDERS,
          SkuMetricsTable.NEGATIVE_FEEDBACK_ORDERS,
          SkuMetricsTable.CHARGEBACK_ORDERS,
          SkuMetricsTable.QUALITY_CLAIM_ORDERS);

  @BeforeAll
  static void runAsSmallInput() {
    SharedSpark.runAsSmallInput();
  }

  @Test
  void rangesCountAtTheDatesTheyStandForAndClaimsAtTheirOwn() {
    Dataset<Row> facts =
        facts(
            // bought May 31: in the window on June 1 and 2
            order("O1", "2026-06-01", null, "2026-05-31", 0, 0),
            // negative feedback until it is removed on June 3
            order("O2", "2026-06-01", "2026-06-03", "2026-06-01", 1, 0),
            order("O2", "2026-06-03", null, "2026-06-01", 0, 0),
            // bought June 2, with a counting chargeback
            order("O3", "2026-06-02", null, "2026-06-02", 0, 1));
    Dataset<Row> skus =
        skus(
            // two items of one SKU count once
            item("O1", "2026-06-01", "A"),
            item("O1", "2026-06-01", "A"),
            item("O1", "2026-06-01", "B"),
            item("O2", "2026-06-01", "A"),
            item("O3", "2026-06-02", "B"));
    Dataset<Row> claims =
        claims(
            // a quality claim naming SKU A: A's alone
            claim("O1", "2026-06-02", "A", "OPEN", "DAMAGED"),
            // denied: not counted
            claim("O2", "2026-06-02", null, "DENIED", "DAMAGED"),
            // naming no SKU: every SKU of the order
            claim("O2", "2026-06-03", null, "OPEN", "ITEM_NOT_RECEIVED"),
            // naming a SKU the order does not hold
            claim("O3", "2026-06-03", "A", "OPEN", "DAMAGED"));
    PolicyAtDates policy = new PolicyAtDates(POLICY, DATES);

    Dataset<Row> counts = SkuFacts.countsOfRanges(facts, skus, claims, policy);

    assertRows(
        counts,
        COLUMNS,
        new Object[] {date("2026-06-01"), "A", 2L, 1L, 0L, 1L, 0L, 0L},
        new Object[] {date("2026-06-01"), "B", 1L, 0L, 0L, 0L, 0L, 0L},
        new Object[] {date("2026-06-02"), "A", 2L, 2L, 1L, 1L, 0L, 1L},
        new Object[] {date("2026-06-02"), "B", 2L, 1L, 0L, 0L, 1L, 0L},
        new Object[] {date("2026-06-03"), "A", 1L, 1L, 1L, 0L, 0L, 0L},
        new Object[] {date("2026-06-03"), "B", 1L, 1L, 0L, 0L, 1L, 0L});
    // every column, the hotspots and settings too, as the facts spread over the dates count
    assertSameRows(
        SkuFacts.counts(JudgedDates.of(DATES).spread(facts), skus, claims, policy), counts);
  }

  private Dataset<Row> facts(Row... rows) {
    StructType schema =
        new StructType()
            .add(Orders.ORDER_ID, DataTypes.StringType)
            .add(OutputTables.AS_OF_DATE, DataTypes.DateType)
            .add(JudgedDates.UNTIL, DataTypes.DateType)
            .add(PolicyAtDates.POLICY_KEY, DataTypes.StringType)
            .add(Orders.MARKETPLACE_ID, DataTypes.StringType)
            .add(Orders.SELLER_ID, DataTypes.StringType)
            .add(OrderFacts.PURCHASE_DAY, DataTypes.DateType)
            .add(OrderFacts.HAS_NEGATIVE_FEEDBACK, DataTypes.IntegerType)
            .add(OrderFacts.HAS_COUNTING_CHARGEBACK, DataTypes.IntegerType);
    return spark.createDataFrame(List.of(rows), schema);
  }

  /** Seller S1's order's facts from a date until another (null: every later date). */
  private static Row order(
      String id, String from, String until, String purchaseDay, int feedback, int chargeback) {
    return RowFactory.create(
        id,
        date(from),
        until == null ? null : date(until),
        Policy.DEFAULT_ID,
        "US",
        "S1",
        date(purchaseDay),
        feedback,
        chargeback);
  }

  private Dataset<Row> skus(Row... rows) {
    StructType schema =
        new StructType()
            .add(OutputTables.AS_OF_DATE, DataTypes.DateType)
            .add(JudgedDates.UNTIL, DataTypes.DateType)
            .add(Orders.ORDER_ID, DataTypes.StringType)
            .add(OrderItems.SKU, DataTypes.StringType);
    return spark.createDataFrame(List.of(rows), schema);
  }

  /** An item judged at a date, standing for every later one. */
  private static Row item(String order, String from, String sku) {
    return RowFactory.create(date(from), null, order, sku);
  }

  private Dataset<Row> claims(Row... rows) {
    StructType schema =
        new StructType()
            .add(OutputTables.AS_OF_DATE, DataTypes.DateType)
            .add(Orders.ORDER_ID, DataTypes.StringType)
            .add(Claims.SKU, DataTypes.StringType)
            .add(Claims.STATUS, DataTypes.StringType)
            .add(Claims.FUNDED_BY, DataTypes.StringType)
            .add(Claims.REASON, DataTypes.StringType);
    return spark.createDataFrame(List.of(rows), schema);
  }

  /** A seller-funded claim's state at a date. */
  private static Row claim(String order, String asOf, String sku, String status, String reason) {
    return RowFactory.create(date(asOf), order, sku, status, "SELLER", reason);
  }

  private static Date date(String day) {
    return Date.valueOf(LocalDate.parse(day));
  }
}
