package io.claimlens.metrics;

import static io.claimlens.testing.Fixtures.JP;
import static io.claimlens.testing.Fixtures.UNLISTED;
import static io.claimlens.testing.Fixtures.US;
import static io.claimlens.testing.Fixtures.chargeback;
import static io.claimlens.testing.Fixtures.claim;
import static io.claimlens.testing.Fixtures.feedback;
import static io.claimlens.testing.Fixtures.item;
import static io.claimlens.testing.Fixtures.order;
import static io.claimlens.testing.RowAssertions.assertRows;

import io.claimlens.schema.Chargebacks;
import io.claimlens.schema.Claims;
import io.claimlens.schema.Claims.Reason;
import io.claimlens.schema.Claims.Status;
import io.claimlens.schema.Feedback;
import io.claimlens.schema.OrderItems;
import io.claimlens.schema.Orders;
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
 * sku_metrics (SPEC §4) and hotspots (SPEC §3). With D = 2026-06-30 the SKU window (90 days, lag
 * 14) covers purchase days 2026-03-19 … 2026-06-16.
 */
class SkuMetricsTest extends SparkTestBase {
  private static final String D = "2026-06-30";

  @TempDir Path dir;

  /**
   * o1 {A, B} has a DAMAGED claim on A: a defect of A only. o2 {A, B} has a claim without SKU: a
   * defect of both. o3 {B} has negative feedback, o5 {C} a chargeback. o4 holds A on two lines (one
   * order). o6 {C} was bought on Mar 18 in Los Angeles, before the window.
   */
  @Test
  void claimsWithASkuHitThatSkuAndOtherDefectsHitEverySkuOfTheOrder() {
    Scenario s =
        new Scenario(spark, dir)
            .add(
                Orders.SCHEMA,
                order("o1", US, "S1", "2026-05-01T18:00:00Z"),
                order("o2", US, "S1", "2026-05-02T18:00:00Z"),
                order("o3", US, "S1", "2026-05-03T18:00:00Z"),
                order("o4", US, "S1", "2026-05-04T18:00:00Z"),
                order("o5", US, "S1", "2026-05-05T18:00:00Z"),
                order("o6", US, "S1", "2026-03-19T06:00:00Z"))
            .add(
                OrderItems.SCHEMA,
                item("o1", "1a", "A"),
                item("o1", "1b", "B"),
                item("o2", "2a", "A"),
                item("o2", "2b", "B"),
                item("o3", "3b", "B"),
                item("o4", "4a", "A"),
                item("o4", "4a2", "A"),
                item("o5", "5c", "C"),
                item("o6", "6c", "C"))
            .add(
                Claims.SCHEMA,
                claim("c1", "o1", Reason.DAMAGED, Status.OPEN, "2026-05-10T10:00:00Z")
                    .with(Claims.SKU, "A"),
                claim("c2", "o2", Reason.ITEM_NOT_RECEIVED, Status.OPEN, "2026-05-10T10:00:00Z"))
            .add(Feedback.SCHEMA, feedback("f3", "o3", 1, "2026-05-10T10:00:00Z"))
            .add(
                Chargebacks.SCHEMA,
                chargeback("k5", "o5", Chargebacks.Status.ACCEPTED, "2026-05-10T10:00:00Z"));

    LocalDate start = LocalDate.parse("2026-03-19");
    LocalDate end = LocalDate.parse("2026-06-16");
    assertRows(
        s.run(D).skuMetrics(),
        List.of(
            "sku",
            "window_start",
            "window_end",
            "orders",
            "defective_orders",
            "claim_orders",
            "negative_feedback_orders",
            "chargeback_orders",
            "quality_claim_orders",
            "hotspot"),
        new Object[] {"A", start, end, 3L, 2L, 2L, 0L, 0L, 1L, false},
        new Object[] {"B", start, end, 3L, 2L, 1L, 1L, 0L, 0L, false},
        new Object[] {"C", start, end, 1L, 1L, 0L, 0L, 1L, 0L, false});
  }

  /**
   * Hotspot: at least 3 quality-claim orders at a rate at least 3 × the marketplace's pooled rate.
   * US: H 3/10 against pooled 5/62 (× 3 = 0.242) is hot; M 2/2 has too few. JP: E 3/10 is exactly 3
   * × pooled 3/30 (hot). Unlisted: G 3/10 is just under 3 × pooled 3/29 = 0.3103 (not hot).
   */
  @Test
  void hotspotNeedsEnoughQualityClaimsAndThreeTimesThePooledRate() {
    Scenario s = new Scenario(spark, dir);
    sku(s, US, "H", 10, 3);
    sku(s, US, "K", 50, 0);
    sku(s, US, "M", 2, 2);
    sku(s, JP, "E", 10, 3);
    sku(s, JP, "F", 20, 0);
    sku(s, UNLISTED, "G", 10, 3);
    sku(s, UNLISTED, "F2", 19, 0);

    assertRows(
        s.run(D).skuMetrics(),
        List.of("marketplace_id", "sku", "orders", "quality_claim_orders", "hotspot"),
        new Object[] {US, "H", 10L, 3L, true},
        new Object[] {US, "K", 50L, 0L, false},
        new Object[] {US, "M", 2L, 2L, false},
        new Object[] {JP, "E", 10L, 3L, true},
        new Object[] {JP, "F", 20L, 0L, false},
        new Object[] {UNLISTED, "G", 10L, 3L, false},
        new Object[] {UNLISTED, "F2", 19L, 0L, false});
  }

  /**
   * {@code orders} single-SKU orders of {@code sku}, the first {@code quality} with a DAMAGED
   * claim.
   */
  private static void sku(Scenario s, String marketplace, String sku, int orders, int quality) {
    List<Rec> o = new ArrayList<>();
    List<Rec> items = new ArrayList<>();
    List<Rec> claims = new ArrayList<>();
    for (int i = 0; i < orders; i++) {
      String id = marketplace + "-" + sku + "-" + i;
      o.add(order(id, marketplace, "S-" + sku, "2026-05-10T12:00:00Z"));
      items.add(item(id, id + "-1", sku));
      if (i < quality) {
        claims.add(
            claim("c-" + id, id, Reason.DAMAGED, Status.OPEN, "2026-05-20T10:00:00Z")
                .with(Claims.SKU, sku));
      }
    }
    s.add(Orders.SCHEMA, o.toArray(new Rec[0]));
    s.add(OrderItems.SCHEMA, items.toArray(new Rec[0]));
    s.add(Claims.SCHEMA, claims.toArray(new Rec[0]));
  }

  /**
   * top_root_cause: A's counting claims are 2 DAMAGED (R12), 2 DEFECTIVE (R13) and, from the claim
   * without a SKU on o-ad {A, D}, 1 MISSING_PARTS (R14): the tie goes to DAMAGED_ON_ARRIVAL,
   * alphabetically first. D's only claim is that one. B has 2 withdrawn DAMAGED claims, which do
   * not count, and 1 OTHER (R99). C's one claim is on an order bought in the lag, after the SKU
   * window: none. 15 more A orders keep A (5/20) under 3 × the pooled rate, so no claim is R10. The
   * order a3 holds A in two items: one order of A, its DEFECTIVE claim one claim of A (counted per
   * item, DEFECTIVE would win 3 to 2).
   */
  @Test
  void topRootCauseIsTheMostFrequentAmongCountingClaimsWithTiesAlphabetical() {
    List<Rec> orders = new ArrayList<>();
    List<Rec> items = new ArrayList<>();
    for (String id : List.of("a1", "a2", "a3", "a4", "b1", "b2", "b3", "c1")) {
      orders.add(order(id, US, "S1", "2026-06-01T18:00:00Z"));
      items.add(item(id, id, id.substring(0, 1).toUpperCase()));
    }
    items.add(item("a3", "a3-2", "A"));
    orders.add(order("o-ad", US, "S1", "2026-06-01T18:00:00Z"));
    items.add(item("o-ad", "ad-a", "A"));
    items.add(item("o-ad", "ad-d", "D"));
    orders.add(order("c-lag", US, "S1", "2026-06-20T18:00:00Z"));
    items.add(item("c-lag", "c-lag", "C"));
    for (int i = 0; i < 15; i++) {
      orders.add(order("af" + i, US, "S1", "2026-06-01T18:00:00Z"));
      items.add(item("af" + i, "af" + i, "A"));
    }
    String filed = "2026-06-05T10:00:00Z";
    Scenario s =
        new Scenario(spark, dir)
            .add(Orders.SCHEMA, orders.toArray(new Rec[0]))
            .add(OrderItems.SCHEMA, items.toArray(new Rec[0]))
            .add(
                Claims.SCHEMA,
                claim("ca1", "a1", Reason.DAMAGED, Status.OPEN, filed),
                claim("ca2", "a2", Reason.DAMAGED, Status.GRANTED, filed),
                claim("ca3", "a3", Reason.DEFECTIVE, Status.OPEN, filed),
                claim("ca4", "a4", Reason.DEFECTIVE, Status.OPEN, filed),
                claim("cad", "o-ad", Reason.MISSING_PARTS, Status.OPEN, filed),
                claim("cb1", "b1", Reason.DAMAGED, Status.WITHDRAWN, filed),
                claim("cb2", "b2", Reason.DAMAGED, Status.WITHDRAWN, filed),
                claim("cb3", "b3", Reason.OTHER, Status.OPEN, filed),
                claim("cc", "c-lag", Reason.DEFECTIVE, Status.OPEN, "2026-06-25T10:00:00Z"));

    assertRows(
        s.run(D).skuMetrics(),
        List.of("sku", "orders", "claim_orders", "hotspot", "top_root_cause"),
        new Object[] {"A", 20L, 5L, false, "DAMAGED_ON_ARRIVAL"},
        new Object[] {"B", 3L, 1L, false, "UNATTRIBUTED"},
        new Object[] {"C", 1L, 0L, false, null},
        new Object[] {"D", 1L, 1L, false, "MISSING_PARTS"});
  }
}
