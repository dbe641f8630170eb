package io.claimlens.metrics;

import static io.claimlens.testing.Fixtures.claim;
import static io.claimlens.testing.Fixtures.order;
import static io.claimlens.testing.Fixtures.shipment;
import static io.claimlens.testing.Fixtures.utcPolicy;
import static io.claimlens.testing.RowAssertions.assertRows;

import io.claimlens.config.Policy;
import io.claimlens.schema.Claims;
import io.claimlens.schema.Claims.Reason;
import io.claimlens.schema.Claims.Status;
import io.claimlens.schema.Orders;
import io.claimlens.schema.Shipments;
import io.claimlens.testing.Rec;
import io.claimlens.testing.Scenario;
import io.claimlens.testing.SparkTestBase;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * seller_metrics.recovers_on and peer_better_pct (SPEC §4.1) against hand-worked expectations.
 *
 * <p>The policy: unlisted marketplaces on UTC days; ODR (channel ALL) with W = 10, L = 3 and target
 * {@code < 0.2}; VALID_TRACKING_RATE (MFN) with W = 5, L = 0 and target {@code > 0.5}; peers from a
 * denominator of 5, ranked from 3 peers. At D = 2026-06-30 the ODR window is Jun 18 … Jun 27 and
 * window(D′) = [D′ − 12, D′ − 3] for D′ in Jul 1 … Jul 13; the tracking window is Jun 26 … Jun 30,
 * window(D′) = [D′ − 4, D′] for D′ in Jul 1 … Jul 5.
 */
class LookaheadMetricsTest extends SparkTestBase {
  private static final String D = "2026-06-30";

  private static final Policy POLICY =
      utcPolicy(
          "lookahead.json",
          "\"risk\": {\"peers\": {\"min_denominator\": 5, \"min_peers\": 3}},"
              + " \"metrics\": {"
              + " \"ODR\": {\"window_days\": 10, \"lag_days\": 3, \"target\": \"< 0.2\","
              + " \"channels\": [\"ALL\"]},"
              + " \"VALID_TRACKING_RATE\": {\"window_days\": 5, \"lag_days\": 0,"
              + " \"target\": \"> 0.5\", \"channels\": [\"MFN\"]}}");

  private static final String MARKET = "XLOOKAHEAD";
  private static final String PEERS = "XPEERS";
  private static final String FEW = "XFEW";
  private static final String EDGE = "XEDGE";

  @TempDir Path dir;

  private int next;

  /**
   * NEVER: both orders defective (Jun 20, Jun 26): 2/2 until the window empties on Jul 10 ([Jun 28,
   * Jul 7] holds nothing): no recovery in range, null. LAG: 1/2 today (Jun 20 defective, Jun 22
   * not); its four good orders of Jun 29, a lag day, enter on Jul 2 (= Jun 29 + L): 1/6 = 16.7% <
   * 20%, recovered on Jul 2 (Jul 1's window [Jun 19, Jun 28] is still 1/2). TRACK, higher is
   * better: 1 untracked package on Jun 26, 2 on Jun 27, tracked ones on Jun 28 and Jun 30: 2/5 =
   * 40% breaches {@code > 0.5}; Jul 1 [Jun 27, Jul 1] 2/4 = 50% still breaches (not above 50%), Jul
   * 2 [Jun 28, Jul 2] 2/2 passes; its order of Jun 29 without a package (an ODR lag day: not in
   * today's ODR window) has units of the ODR only, so in the tracking row's replay that day changes
   * neither count and moves nothing. SAMEDAY, two events on one day: 2/5 today (2 defective orders
   * on Jun 18, 3 good on Jun 20); on Jul 1 Jun 18 leaves and the lag day Jun 28 enters with a
   * defective and a good order: [Jun 19, Jun 28] 1/5 = 20%, still a breach, though Jun 18 leaving
   * alone would be 0/3; on Jul 2 the four good orders of Jun 29 enter: 1/9, recovered on Jul 2.
   * GOOD rows have none.
   */
  @Test
  void recoveryDateIsTheFirstDayTheBreachWouldEndWithNothingNew() {
    List<Rec> orders = new ArrayList<>();
    List<Rec> claims = new ArrayList<>();
    List<Rec> packages = new ArrayList<>();
    claims.add(defect(add(orders, MARKET, "NEVER", "2026-06-20")));
    claims.add(defect(add(orders, MARKET, "NEVER", "2026-06-26")));
    claims.add(defect(add(orders, MARKET, "LAG", "2026-06-20")));
    add(orders, MARKET, "LAG", "2026-06-22");
    for (int i = 0; i < 4; i++) {
      add(orders, MARKET, "LAG", "2026-06-29");
    }
    packages.add(untracked(add(orders, MARKET, "TRACK", "2026-06-26")));
    packages.add(untracked(add(orders, MARKET, "TRACK", "2026-06-27")));
    packages.add(untracked(add(orders, MARKET, "TRACK", "2026-06-27")));
    packages.add(tracked(add(orders, MARKET, "TRACK", "2026-06-28")));
    packages.add(tracked(add(orders, MARKET, "TRACK", "2026-06-30")));
    add(orders, MARKET, "TRACK", "2026-06-29");
    add(orders, MARKET, "CLEAN", "2026-06-20");
    claims.add(defect(add(orders, MARKET, "SAMEDAY", "2026-06-18")));
    claims.add(defect(add(orders, MARKET, "SAMEDAY", "2026-06-18")));
    for (int i = 0; i < 3; i++) {
      add(orders, MARKET, "SAMEDAY", "2026-06-20");
    }
    String[] lagDefect = add(orders, MARKET, "SAMEDAY", "2026-06-28");
    // filed after its purchase, which Jun 28's claims of defect() are not
    claims.add(
        claim(
            "c-" + lagDefect[0],
            lagDefect[0],
            Reason.ITEM_NOT_RECEIVED,
            Status.OPEN,
            "2026-06-29T00:00:00Z"));
    add(orders, MARKET, "SAMEDAY", "2026-06-28");
    for (int i = 0; i < 4; i++) {
      add(orders, MARKET, "SAMEDAY", "2026-06-29");
    }

    Scenario s =
        new Scenario(spark, dir)
            .policy(POLICY)
            .add(Orders.SCHEMA, orders.toArray(new Rec[0]))
            .add(Claims.SCHEMA, claims.toArray(new Rec[0]))
            .add(Shipments.SCHEMA, packages.toArray(new Rec[0]));

    assertRows(
        s.run(D).sellerMetrics(),
        List.of("seller_id", "metric", "numerator", "denominator", "status", "recovers_on"),
        row("CLEAN", "ODR", 0L, 1L, "GOOD", null),
        row("CLEAN", "VALID_TRACKING_RATE", 0L, 0L, "NO_DATA", null),
        row("LAG", "ODR", 1L, 2L, "BREACH", LocalDate.parse("2026-07-02")),
        row("LAG", "VALID_TRACKING_RATE", 0L, 0L, "NO_DATA", null),
        row("NEVER", "ODR", 2L, 2L, "BREACH", null),
        row("NEVER", "VALID_TRACKING_RATE", 0L, 0L, "NO_DATA", null),
        row("SAMEDAY", "ODR", 2L, 5L, "BREACH", LocalDate.parse("2026-07-02")),
        row("SAMEDAY", "VALID_TRACKING_RATE", 0L, 0L, "NO_DATA", null),
        row("TRACK", "ODR", 0L, 3L, "GOOD", null),
        row("TRACK", "VALID_TRACKING_RATE", 2L, 5L, "BREACH", LocalDate.parse("2026-07-02")));
  }

  /**
   * PEERS, ODR of Jun 20 orders: P1 0/5, P2 1/5 and P4 2/10 (both exactly 0.2: a tie), P3 1/6, P5
   * 1/4 (below the minimum denominator of 5: not a peer, null). Four peers; strictly better than
   * P1: none (0%); than P3 (0.1667): P1 (25%); than P2 and P4: P1 and P3 (50% each). FEW: two
   * peers, fewer than 3: null for both. EDGE: exactly 3 peers, the minimum: E1 0/5, E2 1/5, E3 2/5,
   * strictly better than each 0, 1 and 2 of the 3 (0%, 33.3%, 66.7%).
   */
  @Test
  void peersRankStrictlyBetterRatesTiesShareARank() {
    List<Rec> orders = new ArrayList<>();
    List<Rec> claims = new ArrayList<>();
    sellerWith(orders, claims, PEERS, "P1", 5, 0);
    sellerWith(orders, claims, PEERS, "P2", 5, 1);
    sellerWith(orders, claims, PEERS, "P3", 6, 1);
    sellerWith(orders, claims, PEERS, "P4", 10, 2);
    sellerWith(orders, claims, PEERS, "P5", 4, 1);
    sellerWith(orders, claims, FEW, "F1", 5, 0);
    sellerWith(orders, claims, FEW, "F2", 5, 1);
    sellerWith(orders, claims, EDGE, "E1", 5, 0);
    sellerWith(orders, claims, EDGE, "E2", 5, 1);
    sellerWith(orders, claims, EDGE, "E3", 5, 2);

    Scenario s =
        new Scenario(spark, dir)
            .policy(POLICY)
            .add(Orders.SCHEMA, orders.toArray(new Rec[0]))
            .add(Claims.SCHEMA, claims.toArray(new Rec[0]))
            .add(Shipments.SCHEMA);

    assertRows(
        s.run(D).sellerMetrics().filter("metric = 'ODR'"),
        List.of("marketplace_id", "seller_id", "numerator", "denominator", "peer_better_pct"),
        row(EDGE, "E1", 0L, 5L, 0.0),
        row(EDGE, "E2", 1L, 5L, 100.0 * 1 / 3),
        row(EDGE, "E3", 2L, 5L, 100.0 * 2 / 3),
        row(FEW, "F1", 0L, 5L, null),
        row(FEW, "F2", 1L, 5L, null),
        row(PEERS, "P1", 0L, 5L, 0.0),
        row(PEERS, "P2", 1L, 5L, 50.0),
        row(PEERS, "P3", 1L, 6L, 25.0),
        row(PEERS, "P4", 2L, 10L, 50.0),
        row(PEERS, "P5", 1L, 4L, null));
  }

  private void sellerWith(
      List<Rec> orders, List<Rec> claims, String market, String seller, int count, int defects) {
    for (int i = 0; i < count; i++) {
      String[] o = add(orders, market, seller, "2026-06-20");
      if (i < defects) {
        claims.add(defect(o));
      }
    }
  }

  /** An order of {@code seller} bought at noon UTC on {@code day}: its id and day. */
  private String[] add(List<Rec> orders, String market, String seller, String day) {
    String id = "o" + (++next);
    orders.add(order(id, market, seller, day + "T12:00:00Z"));
    return new String[] {id, day};
  }

  /** An open claim filed on Jun 28: the order is defective at D. */
  private static Rec defect(String[] order) {
    return claim(
        "c-" + order[0], order[0], Reason.ITEM_NOT_RECEIVED, Status.OPEN, "2026-06-28T00:00:00Z");
  }

  /** A package confirmed the day of purchase, with a tracking id but no carrier scan. */
  private static Rec untracked(String[] order) {
    return shipment(order[0], "p-" + order[0], order[1] + "T18:00:00Z");
  }

  /** A package confirmed and scanned the day of purchase: valid tracking. */
  private static Rec tracked(String[] order) {
    return untracked(order).with(Shipments.FIRST_SCAN_TS, order[1] + "T20:00:00Z");
  }

  private static Object[] row(Object... values) {
    return values;
  }
}
