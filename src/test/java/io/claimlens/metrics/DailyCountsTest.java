package io.claimlens.metrics;

import static io.claimlens.testing.RowAssertions.assertRows;
import static io.claimlens.testing.RowAssertions.assertSameRows;

import io.claimlens.asof.JudgedDates;
import io.claimlens.facts.OrderFacts;
import io.claimlens.facts.ReturnFacts;
import io.claimlens.policy.PolicyAtDates;
import io.claimlens.schema.ClaimAttributionTable;
import io.claimlens.schema.Orders;
import io.claimlens.schema.OutputTables;
import io.claimlens.testing.SparkTestBase;
import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * A backfill's daily counts from order facts that each count at a range of dates: the counts at
 * each date are those of the facts and returns at that date, worked out by hand, and the same as
 * counting the facts spread over their dates.
 */
class DailyCountsTest extends SparkTestBase {
  // the dates a range counts at: 2026-06-04 is not one of them
  private static final JudgedDates DATES =
      JudgedDates.of(
          List.of(
              LocalDate.parse("2026-06-01"),
              LocalDate.parse("2026-06-02"),
              LocalDate.parse("2026-06-03"),
              LocalDate.parse("2026-06-05")));

  private static final List<String> COLUMNS =
      List.of(
          OutputTables.AS_OF_DATE,
          DailyCounts.DAY,
          DailyCounts.ORDERS,
          DailyCounts.DEFECTIVE_ORDERS,
          DailyCounts.PERFECT_ORDERS,
          DailyCounts.RETURNS_REQUESTED,
          DailyCounts.DISSATISFIED_RETURNS);

  @Test
  void rangesCountAtTheDatesTheyStandFor() {
    Dataset<Row> orderFacts =
        orderFacts(
            // defective at the first two dates, then no longer
            order("2026-06-01", "2026-06-03", "2026-05-20", true, false),
            order("2026-06-03", null, "2026-05-20", false, false),
            // the same day, perfect from the second date until the last
            order("2026-06-02", "2026-06-05", "2026-05-20", false, true),
            // from a day that is not one of the dates: the next one
            order("2026-06-04", null, "2026-05-21", false, false));
    Dataset<Row> returns =
        returnFacts(
            returned("2026-06-02", "2026-05-20", false),
            returned("2026-06-05", "2026-05-20", true));

    // computed once for both checks
    Dataset<Row> daily = DailyCounts.ofRanges(orderFacts, Optional.of(returns), DATES).cache();

    assertRows(
        daily,
        COLUMNS,
        new Object[] {date("2026-06-01"), date("2026-05-20"), 1L, 1L, 0L, 0L, 0L},
        new Object[] {date("2026-06-02"), date("2026-05-20"), 2L, 1L, 1L, 1L, 0L},
        new Object[] {date("2026-06-03"), date("2026-05-20"), 2L, 0L, 1L, 0L, 0L},
        new Object[] {date("2026-06-05"), date("2026-05-20"), 1L, 0L, 0L, 1L, 1L},
        new Object[] {date("2026-06-05"), date("2026-05-21"), 1L, 0L, 0L, 0L, 0L});
    // every count and column as the facts spread over their dates count, as a night counts them
    assertSameRows(DailyCounts.of(DATES.spread(orderFacts), Optional.of(returns)), daily);
  }

  private Dataset<Row> orderFacts(Row... rows) {
    StructType schema =
        new StructType()
            .add(OutputTables.AS_OF_DATE, DataTypes.DateType)
            .add(JudgedDates.UNTIL, DataTypes.DateType)
            .add(PolicyAtDates.POLICY_KEY, DataTypes.StringType)
            .add(Orders.MARKETPLACE_ID, DataTypes.StringType)
            .add(Orders.SELLER_ID, DataTypes.StringType)
            .add(Orders.FULFILLMENT_CHANNEL, DataTypes.StringType)
            .add(OrderFacts.PURCHASE_DAY, DataTypes.DateType)
            .add(OrderFacts.IS_DEFECTIVE, DataTypes.IntegerType)
            .add(OrderFacts.HAS_COUNTING_CLAIM, DataTypes.IntegerType)
            .add(OrderFacts.HAS_NEGATIVE_FEEDBACK, DataTypes.IntegerType)
            .add(OrderFacts.HAS_COUNTING_CHARGEBACK, DataTypes.IntegerType)
            .add(ClaimAttributionTable.SHIPPED, DataTypes.BooleanType)
            .add(ClaimAttributionTable.LATE_SHIPMENT, DataTypes.BooleanType)
            .add(OrderFacts.SELLER_CANCELLED, DataTypes.BooleanType)
            .add(ClaimAttributionTable.VALID_TRACKING, DataTypes.BooleanType)
            .add(OrderFacts.ON_TIME_DELIVERY, DataTypes.BooleanType)
            .add(OrderFacts.PERFECT, DataTypes.BooleanType);
    return spark.createDataFrame(List.of(rows), schema);
  }

  /** A shipped order of seller S1's MFN channel, defective by a claim or perfect. */
  private static Row order(
      String from, String until, String purchaseDay, boolean defective, boolean perfect) {
    int claimed = defective ? 1 : 0;
    return RowFactory.create(
        date(from),
        until == null ? null : date(until),
        "default",
        "US",
        "S1",
        "MFN",
        date(purchaseDay),
        claimed,
        claimed,
        0,
        0,
        true,
        false,
        false,
        true,
        true,
        perfect);
  }

  private Dataset<Row> returnFacts(Row... rows) {
    StructType schema =
        new StructType()
            .add(OutputTables.AS_OF_DATE, DataTypes.DateType)
            .add(PolicyAtDates.POLICY_KEY, DataTypes.StringType)
            .add(Orders.MARKETPLACE_ID, DataTypes.StringType)
            .add(Orders.SELLER_ID, DataTypes.StringType)
            .add(Orders.FULFILLMENT_CHANNEL, DataTypes.StringType)
            .add(ReturnFacts.REQUESTED_DAY, DataTypes.DateType)
            .add(ReturnFacts.DISSATISFIED, DataTypes.BooleanType);
    return spark.createDataFrame(List.of(rows), schema);
  }

  /** A return of seller S1's MFN channel at one date. */
  private static Row returned(String asOf, String requestedDay, boolean dissatisfied) {
    return RowFactory.create(
        date(asOf), "default", "US", "S1", "MFN", date(requestedDay), dissatisfied);
  }

  private static Date date(String day) {
    return Date.valueOf(LocalDate.parse(day));
  }
}
