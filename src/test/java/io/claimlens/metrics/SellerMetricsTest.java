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
import org.junit.jupiter.api.BeforeAll;
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

  @TempDir static Path dir;

  /**
   * Every case's rows in one input, run once for D: the cases have distinct sellers and each test
   * reads only its own, which no other seller's orders can change. A whole-job run costs seconds
   * whatever its rows, and these were five.
   */
  private static Scenario scenario;

  private static Scenario.Output atD;

  @BeforeAll
  static void runTheCasesTogether() {
    scenario = new Scenario(spark, dir);
    edges(scenario);
    utcDays(scenario);
    withdrawnLater(scenario);
    severalDefects(scenario);
    nonCountingStates(scenario);
    atD = scenario.run(D);
  }

  /**
   * Los Angeles is UTC-7 in summer. Purchase day boundaries are local: 07:30Z on Apr 18 is Apr 18
   * 00:30 (in), 06:30Z is Apr 17 23:30 (out); 06:59:59Z on Jun 17 is Jun 16 (in), 07:00Z is Jun 17
   * (lag: out of the window, but the seller still gets rows).
   */
  @Test
  void windowEdgesFollowLagAndLosAngelesDays() {
    assertRows(
        metrics("EDGES").filter(col("metric").isin("ODR", "NEGATIVE_FEEDBACK_RATE")),
        COUNTS,
        row("EDGES", "ODR", "ALL", 2L, 4L, "BREACH"),
        row("EDGES", "ODR", "MFN", 1L, 2L, "BREACH"),
        row("EDGES", "ODR", "AFN", 1L, 2L, "BREACH"),
        row("EDGES", "NEGATIVE_FEEDBACK_RATE", "ALL", 1L, 4L, "GOOD"),
        row("EDGES", "NEGATIVE_FEEDBACK_RATE", "MFN", 0L, 2L, "GOOD"),
        row("EDGES", "NEGATIVE_FEEDBACK_RATE", "AFN", 1L, 2L, "GOOD"));
  }

  /** The orders of {@link #windowEdgesFollowLagAndLosAngelesDays()}. */
  private static void edges(Scenario s) {
    s.add(
            Orders.SCHEMA,
            order("eo1", US, "EDGES", "2026-04-18T07:30:00Z"),
            order("eo2", US, "EDGES", "2026-04-18T06:30:00Z"),
            order("eo3", US, "EDGES", "2026-06-17T06:59:59Z")
                .with(Orders.FULFILLMENT_CHANNEL, "AFN"),
            order("eo4", US, "EDGES", "2026-06-17T07:00:00Z"),
            order("eo7", US, "EDGES", "2026-05-01T12:00:00Z"),
            order("eo8", US, "EDGES", "2026-05-02T12:00:00Z")
                .with(Orders.FULFILLMENT_CHANNEL, "AFN"))
        .add(
            Claims.SCHEMA,
            claim("ec1", "eo1", Reason.ITEM_NOT_RECEIVED, Status.OPEN, "2026-05-01T00:00:00Z"),
            claim("ec2", "eo2", Reason.ITEM_NOT_RECEIVED, Status.OPEN, "2026-05-01T00:00:00Z"),
            claim("ec3", "eo3", Reason.DAMAGED, Status.GRANTED, "2026-06-20T00:00:00Z"),
            claim("ec4", "eo4", Reason.DAMAGED, Status.GRANTED, "2026-06-20T00:00:00Z"))
        .add(Feedback.SCHEMA, feedback("ef3", "eo3", 1, "2026-06-21T00:00:00Z"));
  }

  /** The same instants in an unlisted marketplace fall on UTC days: uo2 is in, uo3 is out. */
  @Test
  void unlistedMarketplaceCountsUtcDays() {
    assertRows(
        metrics("UTC").filter("metric = 'ODR' and channel = 'ALL'"),
        COUNTS,
        row("UTC", "ODR", "ALL", 1L, 2L, "BREACH"));
  }

  /** The orders of {@link #unlistedMarketplaceCountsUtcDays()}. */
  private static void utcDays(Scenario s) {
    s.add(
            Orders.SCHEMA,
            order("uo1", UNLISTED, "UTC", "2026-04-18T07:30:00Z"),
            order("uo2", UNLISTED, "UTC", "2026-04-18T06:30:00Z"),
            order("uo3", UNLISTED, "UTC", "2026-06-17T06:59:59Z"),
            order("uo5", UNLISTED, "UTC", "2026-04-17T23:59:59Z"))
        .add(
            Claims.SCHEMA,
            claim("uc2", "uo2", Reason.ITEM_NOT_RECEIVED, Status.OPEN, "2026-05-01T00:00:00Z"));
  }

  /**
   * A claim withdrawn on 2026-07-02 was still open on D = 2026-06-30: a run for D counts it, a run
   * for 2026-07-03 (window Apr 21 … Jun 19, same order) does not.
   */
  @Test
  void claimWithdrawnAfterAsOfStillCountsAtAsOf() {
    assertRows(
        metrics("WITHDRAWN").filter("metric = 'CLAIM_RATE' and channel = 'ALL'"),
        List.of("numerator", "denominator"),
        new Object[] {1L, 2L});
    assertRows(
        scenario
            .run("2026-07-03")
            .sellerMetrics()
            .filter("seller_id = 'WITHDRAWN' and metric = 'CLAIM_RATE' and channel = 'ALL'"),
        List.of("numerator", "denominator", "window_start", "window_end"),
        new Object[] {0L, 2L, LocalDate.parse("2026-04-21"), LocalDate.parse("2026-06-19")});
  }

  /** The orders of {@link #claimWithdrawnAfterAsOfStillCountsAtAsOf()}. */
  private static void withdrawnLater(Scenario s) {
    Rec open = claim("wc1", "wo1", Reason.NOT_AS_DESCRIBED, Status.OPEN, "2026-06-05T10:00:00Z");
    s.add(
            Orders.SCHEMA,
            order("wo1", US, "WITHDRAWN", "2026-06-01T18:00:00Z"),
            order("wo2", US, "WITHDRAWN", "2026-06-02T18:00:00Z"))
        .add(
            Claims.SCHEMA,
            open,
            open.with(Claims.STATUS, Status.WITHDRAWN.name())
                .with(Claims.UPDATED_TS, "2026-07-02T16:00:00Z"));
  }

  /** A claim, a negative feedback and a chargeback on one order make one defective order. */
  @Test
  void orderWithSeveralDefectsCountsOnce() {
    assertRows(
        metrics("SEVERAL")
            .filter(
                "channel = 'ALL' and metric in"
                    + " ('ODR', 'CLAIM_RATE', 'NEGATIVE_FEEDBACK_RATE', 'CHARGEBACK_RATE')"),
        List.of("metric", "numerator", "denominator"),
        new Object[] {"ODR", 1L, 2L},
        new Object[] {"CLAIM_RATE", 1L, 2L},
        new Object[] {"NEGATIVE_FEEDBACK_RATE", 1L, 2L},
        new Object[] {"CHARGEBACK_RATE", 1L, 2L});
  }

  /** The orders of {@link #orderWithSeveralDefectsCountsOnce()}. */
  private static void severalDefects(Scenario s) {
    s.add(
            Orders.SCHEMA,
            order("so1", US, "SEVERAL", "2026-06-01T18:00:00Z"),
            order("so2", US, "SEVERAL", "2026-06-02T18:00:00Z"))
        .add(
            Claims.SCHEMA,
            claim("sc1", "so1", Reason.DEFECTIVE, Status.UNDER_REVIEW, "2026-06-05T10:00:00Z"))
        .add(Feedback.SCHEMA, feedback("sf1", "so1", 2, "2026-06-06T10:00:00Z"))
        .add(
            Chargebacks.SCHEMA,
            chargeback("sk1", "so1", Chargebacks.Status.OPEN, "2026-06-07T10:00:00Z"));
  }

  /**
   * What does not count (SPEC §2.1): a denied, a withdrawn and a platform-funded claim, feedback
   * rated 3, negative feedback removed later, a reversed chargeback.
   */
  @Test
  void nonCountingStatesAreNotDefects() {
    assertRows(
        metrics("NONE").filter("metric = 'ODR' and channel = 'ALL'"),
        List.of("numerator", "denominator", "rate", "status"),
        new Object[] {0L, 6L, 0.0, "GOOD"});
  }

  /** The orders of {@link #nonCountingStatesAreNotDefects()}. */
  private static void nonCountingStates(Scenario s) {
    Rec removed = feedback("nf5", "no5", 1, "2026-06-06T10:00:00Z");
    Rec reversed = chargeback("nk6", "no6", Chargebacks.Status.OPEN, "2026-06-07T10:00:00Z");
    s.add(
            Orders.SCHEMA,
            order("no1", US, "NONE", "2026-06-01T18:00:00Z"),
            order("no2", US, "NONE", "2026-06-01T18:00:00Z"),
            order("no3", US, "NONE", "2026-06-01T18:00:00Z"),
            order("no4", US, "NONE", "2026-06-01T18:00:00Z"),
            order("no5", US, "NONE", "2026-06-01T18:00:00Z"),
            order("no6", US, "NONE", "2026-06-01T18:00:00Z"))
        .add(
            Claims.SCHEMA,
            claim("nc1", "no1", Reason.DEFECTIVE, Status.DENIED, "2026-06-05T10:00:00Z"),
            claim("nc2", "no2", Reason.DEFECTIVE, Status.WITHDRAWN, "2026-06-05T10:00:00Z"),
            claim("nc3", "no3", Reason.DEFECTIVE, Status.GRANTED, "2026-06-05T10:00:00Z")
                .with(Claims.FUNDED_BY, Claims.FundedBy.PLATFORM.name()))
        .add(
            Feedback.SCHEMA,
            feedback("nf4", "no4", 3, "2026-06-06T10:00:00Z"),
            removed,
            removed.with(Feedback.REMOVED, true).with(Feedback.UPDATED_TS, "2026-06-20T10:00:00Z"))
        .add(
            Chargebacks.SCHEMA,
            reversed,
            reversed
                .with(Chargebacks.STATUS, "REVERSED")
                .with(Chargebacks.UPDATED_TS, "2026-06-25T10:00:00Z"));
  }

  /** The seller_metrics rows of {@code seller} in the run for D. */
  private static Dataset<Row> metrics(String seller) {
    return atD.sellerMetrics().filter(col("seller_id").equalTo(seller));
  }

  private static Object[] row(
      String seller, String metric, String channel, long num, long den, String status) {
    return new Object[] {seller, metric, channel, START, END, num, den, status};
  }
}
