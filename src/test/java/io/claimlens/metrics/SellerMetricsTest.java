package io.claimlens.metrics;

import static io.claimlens.testing.Fixtures.UNLISTED;
import static io.claimlens.testing.Fixtures.US;
import static io.claimlens.testing.Fixtures.chargeback;
import static io.claimlens.testing.Fixtures.claim;
import static io.claimlens.testing.Fixtures.feedback;
import static io.claimlens.testing.Fixtures.order;
import static io.claimlens.testing.RowAssertions.assertRows;
import static org.apache.spark.sql.functions.col;

import io.claimlens.schema.Chargebacks;
import io.claimlens.schema.Claims;
import io.claimlens.schema.Claims.Reason;
import io.claimlens.schema.Claims.Status;
import io.claimlens.schema.Feedback;
import io.claimlens.schema.Orders;
import io.claimlens.testing.Rec;
import io.claimlens.testing.Scenario;
import io.claimlens.testing.SparkTestBase;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * seller_metrics against hand-worked expectations (SPEC §1.1, §2, §2.1, §2.2). With the shipped
 * policy and D = 2026-06-30, the 60-day window with a 14-day lag covers purchase days 2026-04-18 …
 * 2026-06-16.
 */
class SellerMetricsTest extends SparkTestBase {
  private static final String D = "2026-06-30";
  private static final LocalDate START = LocalDate.parse("2026-04-18");
  private static final LocalDate END = LocalDate.parse("2026-06-16");
  private static final List<String> COUNTS =
      List.of(
          "seller_id",
          "metric",
          "channel",
          "window_start",
          "window_end",
          "numerator",
          "denominator",
          "status");

  @TempDir Path dir;

  /**
   * Los Angeles is UTC-7 in summer. Purchase day boundaries are local: 07:30Z on Apr 18 is Apr 18
   * 00:30 (in), 06:30Z is Apr 17 23:30 (out); 06:59:59Z on Jun 17 is Jun 16 (in), 07:00Z is Jun 17
   * (lag: out of the window, but the seller still gets rows).
   */
  @Test
  void windowEdgesFollowLagAndLosAngelesDays() {
    Scenario s =
        new Scenario(spark, dir)
            .add(
                Orders.SCHEMA,
                order("o1", US, "S1", "2026-04-18T07:30:00Z"),
                order("o2", US, "S1", "2026-04-18T06:30:00Z"),
                order("o3", US, "S1", "2026-06-17T06:59:59Z")
                    .with(Orders.FULFILLMENT_CHANNEL, "AFN"),
                order("o4", US, "S1", "2026-06-17T07:00:00Z"),
                order("o7", US, "S1", "2026-05-01T12:00:00Z"),
                order("o8", US, "S1", "2026-05-02T12:00:00Z")
                    .with(Orders.FULFILLMENT_CHANNEL, "AFN"))
            .add(
                Claims.SCHEMA,
                claim("c1", "o1", Reason.ITEM_NOT_RECEIVED, Status.OPEN, "2026-05-01T00:00:00Z"),
                claim("c2", "o2", Reason.ITEM_NOT_RECEIVED, Status.OPEN, "2026-05-01T00:00:00Z"),
                claim("c3", "o3", Reason.DAMAGED, Status.GRANTED, "2026-06-20T00:00:00Z"),
                claim("c4", "o4", Reason.DAMAGED, Status.GRANTED, "2026-06-20T00:00:00Z"))
            .add(Feedback.SCHEMA, feedback("f3", "o3", 1, "2026-06-21T00:00:00Z"));

    Dataset<Row> metrics =
        s.run(D).sellerMetrics().filter(col("metric").isin("ODR", "NEGATIVE_FEEDBACK_RATE"));

    assertRows(
        metrics,
        COUNTS,
        row("S1", "ODR", "ALL", 2L, 4L, "BREACH"),
        row("S1", "ODR", "MFN", 1L, 2L, "BREACH"),
        row("S1", "ODR", "AFN", 1L, 2L, "BREACH"),
        row("S1", "NEGATIVE_FEEDBACK_RATE", "ALL", 1L, 4L, "GOOD"),
        row("S1", "NEGATIVE_FEEDBACK_RATE", "MFN", 0L, 2L, "GOOD"),
        row("S1", "NEGATIVE_FEEDBACK_RATE", "AFN", 1L, 2L, "GOOD"));
  }

  /** The same instants in an unlisted marketplace fall on UTC days: o2 is in, o3 is out. */
  @Test
  void unlistedMarketplaceCountsUtcDays() {
    Scenario s =
        new Scenario(spark, dir)
            .add(
                Orders.SCHEMA,
                order("o1", UNLISTED, "S2", "2026-04-18T07:30:00Z"),
                order("o2", UNLISTED, "S2", "2026-04-18T06:30:00Z"),
                order("o3", UNLISTED, "S2", "2026-06-17T06:59:59Z"),
                order("o5", UNLISTED, "S2", "2026-04-17T23:59:59Z"))
            .add(
                Claims.SCHEMA,
                claim("c2", "o2", Reason.ITEM_NOT_RECEIVED, Status.OPEN, "2026-05-01T00:00:00Z"));

    assertRows(
        s.run(D).sellerMetrics().filter("metric = 'ODR' and channel = 'ALL'"),
        COUNTS,
        row("S2", "ODR", "ALL", 1L, 2L, "BREACH"));
  }

  /**
   * A claim withdrawn on 2026-07-02 was still open on D = 2026-06-30: a run for D counts it, a run
   * for 2026-07-03 (window Apr 21 … Jun 19, same order) does not.
   */
  @Test
  void claimWithdrawnAfterAsOfStillCountsAtAsOf() {
    Rec open = claim("c1", "o1", Reason.NOT_AS_DESCRIBED, Status.OPEN, "2026-06-05T10:00:00Z");
    Scenario s =
        new Scenario(spark, dir)
            .add(
                Orders.SCHEMA,
                order("o1", US, "S1", "2026-06-01T18:00:00Z"),
                order("o2", US, "S1", "2026-06-02T18:00:00Z"))
            .add(
                Claims.SCHEMA,
                open,
                open.with(Claims.STATUS, Status.WITHDRAWN.name())
                    .with(Claims.UPDATED_TS, "2026-07-02T16:00:00Z"));

    assertRows(
        s.run(D).sellerMetrics().filter("metric = 'CLAIM_RATE' and channel = 'ALL'"),
        List.of("numerator", "denominator"),
        new Object[] {1L, 2L});
    assertRows(
        s.run("2026-07-03").sellerMetrics().filter("metric = 'CLAIM_RATE' and channel = 'ALL'"),
        List.of("numerator", "denominator", "window_start", "window_end"),
        new Object[] {0L, 2L, LocalDate.parse("2026-04-21"), LocalDate.parse("2026-06-19")});
  }

  /** A claim, a negative feedback and a chargeback on one order make one defective order. */
  @Test
  void orderWithSeveralDefectsCountsOnce() {
    Scenario s =
        new Scenario(spark, dir)
            .add(
                Orders.SCHEMA,
                order("o1", US, "S1", "2026-06-01T18:00:00Z"),
                order("o2", US, "S1", "2026-06-02T18:00:00Z"))
            .add(
                Claims.SCHEMA,
                claim("c1", "o1", Reason.DEFECTIVE, Status.UNDER_REVIEW, "2026-06-05T10:00:00Z"))
            .add(Feedback.SCHEMA, feedback("f1", "o1", 2, "2026-06-06T10:00:00Z"))
            .add(
                Chargebacks.SCHEMA,
                chargeback("k1", "o1", Chargebacks.Status.OPEN, "2026-06-07T10:00:00Z"));

    assertRows(
        s.run(D)
            .sellerMetrics()
            .filter(
                "channel = 'ALL' and metric in"
                    + " ('ODR', 'CLAIM_RATE', 'NEGATIVE_FEEDBACK_RATE', 'CHARGEBACK_RATE')"),
        List.of("metric", "numerator", "denominator"),
        new Object[] {"ODR", 1L, 2L},
        new Object[] {"CLAIM_RATE", 1L, 2L},
        new Object[] {"NEGATIVE_FEEDBACK_RATE", 1L, 2L},
        new Object[] {"CHARGEBACK_RATE", 1L, 2L});
  }

  /**
   * What does not count (SPEC §2.1): a denied, a withdrawn and a platform-funded claim, feedback
   * rated 3, negative feedback removed later, a reversed chargeback.
   */
  @Test
  void nonCountingStatesAreNotDefects() {
    Rec removed = feedback("f5", "o5", 1, "2026-06-06T10:00:00Z");
    Rec reversed = chargeback("k6", "o6", Chargebacks.Status.OPEN, "2026-06-07T10:00:00Z");
    Scenario s =
        new Scenario(spark, dir)
            .add(
                Orders.SCHEMA,
                order("o1", US, "S1", "2026-06-01T18:00:00Z"),
                order("o2", US, "S1", "2026-06-01T18:00:00Z"),
                order("o3", US, "S1", "2026-06-01T18:00:00Z"),
                order("o4", US, "S1", "2026-06-01T18:00:00Z"),
                order("o5", US, "S1", "2026-06-01T18:00:00Z"),
                order("o6", US, "S1", "2026-06-01T18:00:00Z"))
            .add(
                Claims.SCHEMA,
                claim("c1", "o1", Reason.DEFECTIVE, Status.DENIED, "2026-06-05T10:00:00Z"),
                claim("c2", "o2", Reason.DEFECTIVE, Status.WITHDRAWN, "2026-06-05T10:00:00Z"),
                claim("c3", "o3", Reason.DEFECTIVE, Status.GRANTED, "2026-06-05T10:00:00Z")
                    .with(Claims.FUNDED_BY, Claims.FundedBy.PLATFORM.name()))
            .add(
                Feedback.SCHEMA,
                feedback("f4", "o4", 3, "2026-06-06T10:00:00Z"),
                removed,
                removed
                    .with(Feedback.REMOVED, true)
                    .with(Feedback.UPDATED_TS, "2026-06-20T10:00:00Z"))
            .add(
                Chargebacks.SCHEMA,
                reversed,
                reversed
                    .with(Chargebacks.STATUS, "REVERSED")
                    .with(Chargebacks.UPDATED_TS, "2026-06-25T10:00:00Z"));

    assertRows(
        s.run(D).sellerMetrics().filter("metric = 'ODR' and channel = 'ALL'"),
        List.of("numerator", "denominator", "rate", "status"),
        new Object[] {0L, 6L, 0.0, "GOOD"});
  }

  private static Object[] row(
      String seller, String metric, String channel, long num, long den, String status) {
    return new Object[] {seller, metric, channel, START, END, num, den, status};
  }
}
