package io.claimlens.attribution;

import static io.claimlens.testing.Fixtures.US;
import static io.claimlens.testing.Fixtures.item;
import static io.claimlens.testing.Fixtures.returned;
import static io.claimlens.testing.Fixtures.shipment;
import static io.claimlens.testing.RowAssertions.assertRows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.claimlens.schema.Claims;
import io.claimlens.schema.Claims.Reason;
import io.claimlens.schema.Claims.Status;
import io.claimlens.schema.OrderItems;
import io.claimlens.schema.Orders;
import io.claimlens.schema.Returns;
import io.claimlens.schema.Shipments;
import io.claimlens.testing.Fixtures;
import io.claimlens.testing.Rec;
import io.claimlens.testing.Scenario;
import io.claimlens.testing.SparkTestBase;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One hand-made claim per rule of SPEC §3, all in one Amazon US run for D = 2026-06-30 (Los
 * Angeles, UTC-7: D ends at 2026-07-01T07:00:00Z). Each case says which rule fires and why its
 * neighbour does not.
 *
 * <p>Every order is bought on Jun 10 with a ship-by promise of Jun 12 18:00Z and a delivery promise
 * of Jun 17 18:00Z. A "good package" is confirmed Jun 11 18:00Z and scanned Jun 11 22:00Z.
 */
class AttributionRulesTest extends SparkTestBase {
  private static final String D = "2026-06-30";
  private static final String BOUGHT = "2026-06-10T18:00:00Z";
  private static final String CONFIRMED = "2026-06-11T18:00:00Z";
  private static final String SCANNED = "2026-06-11T22:00:00Z";
  private static final String DELIVERED = "2026-06-15T18:00:00Z";
  private static final String FILED = "2026-06-20T18:00:00Z";
  private static final String RECEIVED = "2026-06-20T18:00:00Z";

  @TempDir static Path dir;

  private static Dataset<Row> attribution;

  @BeforeAll
  static void runOnce() {
    Cases c = new Cases();
    // --- ITEM_NOT_RECEIVED (R01-R07)
    // no package at all: R03 (no tracking) and R06 (promise passed) hold too, R01 comes first
    c.order("o01").claim("c01", Reason.ITEM_NOT_RECEIVED);
    // the only package is confirmed after D: not shipped at D
    c.order("o01b")
        .pkg(shipment("o01b", "p", "2026-07-02T18:00:00Z"))
        .claim("c01b", Reason.ITEM_NOT_RECEIVED);
    // confirmed after the ship-by promise and never scanned: R03 holds too, R02 comes first
    c.order("o02")
        .pkg(shipment("o02", "p", "2026-06-13T18:00:00Z"))
        .claim("c02", Reason.ITEM_NOT_RECEIVED);
    // on time, delivered and signed, but never scanned: R04 would hold, R03 comes first
    c.order("o03")
        .pkg(
            shipment("o03", "p", CONFIRMED)
                .with(Shipments.DELIVERED_TS, DELIVERED)
                .with(Shipments.SIGNATURE_CONFIRMED, true))
        .claim("c03", Reason.ITEM_NOT_RECEIVED);
    // a blank tracking id is no tracking id
    c.order("o03b")
        .pkg(good("o03b", "p").with(Shipments.TRACKING_ID, "   "))
        .claim("c03b", Reason.ITEM_NOT_RECEIVED);
    // two packages, one never scanned: the order's tracking is invalid
    c.order("o03c")
        .pkg(good("o03c", "p1"))
        .pkg(shipment("o03c", "p2", CONFIRMED))
        .claim("c03c", Reason.ITEM_NOT_RECEIVED);
    c.order("o04").pkg(signed(good("o04", "p"))).claim("c04", Reason.ITEM_NOT_RECEIVED);
    // delivered without signature: R04 needs it
    c.order("o05").pkg(delivered(good("o05", "p"))).claim("c05", Reason.ITEM_NOT_RECEIVED);
    // two delivered packages, only one signed: the order is not signed
    c.order("o05b")
        .pkg(signed(good("o05b", "p1")))
        .pkg(delivered(good("o05b", "p2")))
        .claim("c05b", Reason.ITEM_NOT_RECEIVED);
    // tracked, not delivered, promise passed
    c.order("o06").pkg(good("o06", "p")).claim("c06", Reason.ITEM_NOT_RECEIVED);
    // one of two packages delivered and signed: not delivered, so R04 does not hold
    c.order("o06b")
        .pkg(signed(good("o06b", "p1")))
        .pkg(good("o06b", "p2"))
        .claim("c06b", Reason.ITEM_NOT_RECEIVED);
    // promised for the last second of D in Los Angeles: before the end of D
    c.order("o06c")
        .promise("2026-07-01T06:59:59Z")
        .pkg(good("o06c", "p"))
        .claim("c06c", Reason.ITEM_NOT_RECEIVED);
    // promised for the first instant of D+1: not before the end of D, so R06 does not hold
    c.order("o07")
        .promise("2026-07-01T07:00:00Z")
        .pkg(good("o07", "p"))
        .claim("c07", Reason.ITEM_NOT_RECEIVED);
    // delivered and signed only after D: not delivered as known at D
    c.order("o07b")
        .promise("2026-07-05T18:00:00Z")
        .pkg(
            good("o07b", "p")
                .with(Shipments.DELIVERED_TS, "2026-07-01T08:00:00Z")
                .with(Shipments.SIGNATURE_CONFIRMED, true))
        .claim("c07b", Reason.ITEM_NOT_RECEIVED);

    // --- quality reasons (R10-R15). HOT has 5 quality-claim orders out of 5 (>= 3, and a rate of
    // 1 against 3 × pooled 13/71); WARM has 2 out of 2: a rate of 1 but too few claims.
    c.order("h1").seller("S2").sku("HOT").claim("ch1", Reason.DAMAGED, "HOT");
    // no SKU on the claim: the order's only SKU, HOT
    c.order("h2").seller("S2").sku("HOT").claim("ch2", Reason.DEFECTIVE, null);
    c.order("h3").seller("S2").sku("HOT").claim("ch3", Reason.WRONG_ITEM, "HOT");
    // no SKU on the claim and two items of one SKU: the order's only SKU, HOT
    c.order("h4").seller("S2").sku("HOT").sku("HOT").claim("ch4", Reason.DEFECTIVE, null);
    // no SKU on the claim and two SKUs on the order: no SKU, so it cannot match R10
    c.order("m1").seller("S2").sku("HOT").sku("GEN-m1").claim("cm1", Reason.DAMAGED, null);
    c.order("w1").seller("S2").sku("WARM").claim("cw1", Reason.DAMAGED, "WARM");
    c.order("w2").seller("S2").sku("WARM").claim("cw2", Reason.MISSING_PARTS, "WARM");
    c.order("o11").claim("c11", Reason.WRONG_ITEM);
    c.order("o12").claim("c12", Reason.DAMAGED);
    c.order("o13").claim("c13", Reason.DEFECTIVE);
    c.order("o14").claim("c14", Reason.MISSING_PARTS);
    c.order("o15").claim("c15", Reason.NOT_AS_DESCRIBED);

    // --- REFUND_NOT_RECEIVED (R20-R22): deadline 2 days after receipt
    // received Jun 20, never refunded: the deadline passed on Jun 22
    c.order("o20").ret(received("r20", "o20", RECEIVED)).claim("c20", Reason.REFUND_NOT_RECEIVED);
    // refunded one second after the deadline
    c.order("o20b")
        .ret(refunded("r20b", "o20b", RECEIVED, "2026-06-22T18:00:01Z"))
        .claim("c20b", Reason.REFUND_NOT_RECEIVED);
    // received 06:59:59Z on Jun 29: the deadline fell one second before the end of D
    c.order("o20c")
        .ret(received("r20c", "o20c", "2026-06-29T06:59:59Z"))
        .claim("c20c", Reason.REFUND_NOT_RECEIVED);
    // a return that is not received yet
    c.order("o21")
        .ret(returned("r21", "o21", Returns.Status.AUTHORIZED, FILED))
        .claim("c21", Reason.REFUND_NOT_RECEIVED);
    // the late-refunded return is for SKU B, the claim for SKU A: not linked
    c.order("o21b")
        .sku("A")
        .sku("B")
        .ret(received("r21b", "o21b", RECEIVED).with(Returns.SKU, "B"))
        .claim("c21b", Reason.REFUND_NOT_RECEIVED, "A");
    c.order("o21c").claim("c21c", Reason.REFUND_NOT_RECEIVED);
    // refunded exactly at the deadline: in time
    c.order("o22")
        .ret(refunded("r22", "o22", RECEIVED, "2026-06-22T18:00:00Z"))
        .claim("c22", Reason.REFUND_NOT_RECEIVED);
    // received 07:00Z on Jun 29: the deadline is the end of D itself, still running
    c.order("o22b")
        .ret(received("r22b", "o22b", "2026-06-29T07:00:00Z"))
        .claim("c22b", Reason.REFUND_NOT_RECEIVED);

    // --- RETURN_REFUSED (R30-R31) and the rest
    c.order("o30")
        .ret(returned("r30", "o30", Returns.Status.REJECTED, FILED))
        .claim("c30", Reason.RETURN_REFUSED);
    c.order("o31")
        .ret(returned("r31", "o31", Returns.Status.AUTHORIZED, FILED))
        .claim("c31", Reason.RETURN_REFUSED);
    c.order("o99").claim("c99", Reason.OTHER);

    // --- which claims are attributed: the 104 purchase days D-103 (Mar 19) ... D
    c.order("edge")
        .bought("2026-03-19T07:00:00Z")
        .claim("c-edge", Reason.OTHER); // Mar 19 00:00 PDT
    c.order("old").bought("2026-03-19T06:59:59Z").claim("c-old", Reason.OTHER); // Mar 18 in LA
    c.order("late").claim("c-late", Reason.OTHER, null, "2026-07-01T07:00:00Z"); // filed after D
    // fillers keep the marketplace's pooled quality-claim rate low: 13 / 71 SKU-orders
    for (int i = 0; i < 30; i++) {
      c.order("fill" + i).seller("S3").sku("FILL");
    }
    attribution = c.scenario(dir).run(D).claimAttribution().cache();
  }

  @Test
  void eachClaimGetsTheFirstRuleThatMatchesAndEveryKnownClaimAppearsOnce() {
    assertRows(
        attribution,
        List.of("claim_id", "rule_id", "root_cause", "responsible_party"),
        row("c01", "R01", RootCause.NOT_SHIPPED),
        row("c01b", "R01", RootCause.NOT_SHIPPED),
        row("c02", "R02", RootCause.LATE_SHIPMENT),
        row("c03", "R03", RootCause.NO_VALID_TRACKING),
        row("c03b", "R03", RootCause.NO_VALID_TRACKING),
        row("c03c", "R03", RootCause.NO_VALID_TRACKING),
        row("c04", "R04", RootCause.DELIVERED_WITH_SIGNATURE),
        row("c05", "R05", RootCause.DELIVERY_UNCONFIRMED),
        row("c05b", "R05", RootCause.DELIVERY_UNCONFIRMED),
        row("c06", "R06", RootCause.CARRIER_DELAY_OR_LOSS),
        row("c06b", "R06", RootCause.CARRIER_DELAY_OR_LOSS),
        row("c06c", "R06", RootCause.CARRIER_DELAY_OR_LOSS),
        row("c07", "R07", RootCause.PREMATURE_CLAIM),
        row("c07b", "R07", RootCause.PREMATURE_CLAIM),
        row("ch1", "R10", RootCause.PRODUCT_QUALITY),
        row("ch2", "R10", RootCause.PRODUCT_QUALITY),
        row("ch3", "R10", RootCause.PRODUCT_QUALITY),
        row("ch4", "R10", RootCause.PRODUCT_QUALITY),
        row("cm1", "R12", RootCause.DAMAGED_ON_ARRIVAL),
        row("cw1", "R12", RootCause.DAMAGED_ON_ARRIVAL),
        row("cw2", "R14", RootCause.MISSING_PARTS),
        row("c11", "R11", RootCause.WRONG_ITEM_SENT),
        row("c12", "R12", RootCause.DAMAGED_ON_ARRIVAL),
        row("c13", "R13", RootCause.DEFECTIVE_ITEM),
        row("c14", "R14", RootCause.MISSING_PARTS),
        row("c15", "R15", RootCause.LISTING_MISMATCH),
        row("c20", "R20", RootCause.REFUND_NOT_ISSUED),
        row("c20b", "R20", RootCause.REFUND_NOT_ISSUED),
        row("c20c", "R20", RootCause.REFUND_NOT_ISSUED),
        row("c21", "R21", RootCause.RETURN_NOT_RECEIVED),
        row("c21b", "R21", RootCause.RETURN_NOT_RECEIVED),
        row("c21c", "R21", RootCause.RETURN_NOT_RECEIVED),
        row("c22", "R22", RootCause.REFUND_ALREADY_ISSUED),
        row("c22b", "R22", RootCause.REFUND_ALREADY_ISSUED),
        row("c30", "R30", RootCause.RETURN_REFUSED),
        row("c31", "R31", RootCause.RETURN_DISPUTE_UNVERIFIED),
        row("c99", "R99", RootCause.UNATTRIBUTED),
        row("c-edge", "R99", RootCause.UNATTRIBUTED));
  }

  @Test
  void evidenceColumnsShowWhyEachRuleFired() {
    assertRows(
        attribution.filter("claim_id in ('c01', 'c02', 'c03c', 'c05b', 'c06b', 'c07b')"),
        List.of("claim_id", "shipped", "late_shipment", "valid_tracking", "delivered", "signed"),
        new Object[] {"c01", false, false, false, false, false},
        new Object[] {"c02", true, true, false, false, false},
        new Object[] {"c03c", true, false, false, false, false},
        new Object[] {"c05b", true, false, true, true, false},
        new Object[] {"c06b", true, false, true, false, false},
        new Object[] {"c07b", true, false, true, false, false});
    assertRows(
        attribution.filter(
            "claim_id like 'c2%' or claim_id in ('ch2', 'ch4', 'cm1', 'cw1', 'c12')"),
        List.of("claim_id", "sku", "return_received", "refund_late", "hotspot_sku"),
        new Object[] {"ch2", "HOT", false, false, true},
        new Object[] {"ch4", "HOT", false, false, true},
        new Object[] {"cm1", null, false, false, false},
        new Object[] {"cw1", "WARM", false, false, false},
        new Object[] {"c12", "GEN-o12", false, false, false},
        new Object[] {"c20", "GEN-o20", true, true, false},
        new Object[] {"c20b", "GEN-o20b", true, true, false},
        new Object[] {"c20c", "GEN-o20c", true, true, false},
        new Object[] {"c21", "GEN-o21", false, false, false},
        new Object[] {"c21b", "A", false, false, false},
        new Object[] {"c21c", "GEN-o21c", false, false, false},
        new Object[] {"c22", "GEN-o22", true, false, false},
        new Object[] {"c22b", "GEN-o22b", true, false, false});
  }

  /**
   * Without shipments and returns the evidence is unknown (null), not false: an item-not-received
   * or refund claim is UNATTRIBUTED rather than blamed on someone, a refused return is unverified,
   * and the manifest says why. Without order_items a claim has no SKU, so it cannot be R10.
   */
  @Test
  void absentDatasetsLeaveEvidenceUnknownAndClaimsUnattributed() {
    Scenario s =
        new Scenario(spark, dir.resolve("orders-and-claims-only"))
            .add(Orders.SCHEMA, Fixtures.order("o1", US, "S1", BOUGHT))
            .add(
                Claims.SCHEMA,
                Fixtures.claim("n1", "o1", Reason.ITEM_NOT_RECEIVED, Status.OPEN, FILED),
                Fixtures.claim("n2", "o1", Reason.REFUND_NOT_RECEIVED, Status.OPEN, FILED),
                Fixtures.claim("n3", "o1", Reason.RETURN_REFUSED, Status.OPEN, FILED),
                Fixtures.claim("n4", "o1", Reason.DAMAGED, Status.OPEN, FILED)
                    .with(Claims.SKU, "X"));
    Scenario.Output out = s.run(D);

    assertRows(
        out.claimAttribution(),
        List.of(
            "claim_id", "rule_id", "shipped", "valid_tracking", "return_received", "hotspot_sku"),
        new Object[] {"n1", "R99", null, null, null, false},
        new Object[] {"n2", "R99", null, null, null, false},
        new Object[] {"n3", "R31", null, null, null, false},
        new Object[] {"n4", "R12", null, null, null, false});
    List<String> notes = out.manifest().select("notes").first().getList(0);
    assertTrue(
        notes.contains(
            "ITEM_NOT_RECEIVED claims are UNATTRIBUTED (R99): dataset 'shipments' is absent"),
        notes.toString());
    assertTrue(
        notes.contains(
            "REFUND_NOT_RECEIVED claims are UNATTRIBUTED (R99) and RETURN_REFUSED claims"
                + " RETURN_DISPUTE_UNVERIFIED (R31): dataset 'returns' is absent"),
        notes.toString());
  }

  @Test
  void rulesAreTriedInTheSpecOrderWithTheFallbackLast() {
    List<String> ids = AttributionRules.ordered().stream().map(AttributionRule::id).toList();
    assertEquals(
        List.of(
            "R01", "R02", "R03", "R04", "R05", "R06", "R07", "R10", "R11", "R12", "R13", "R14",
            "R15", "R20", "R21", "R22", "R30", "R31", "R99"),
        ids);
    assertEquals(AttributionRules.FALLBACK_RULE_ID, ids.get(ids.size() - 1));
  }

  private static Object[] row(String claimId, String ruleId, RootCause cause) {
    return new Object[] {claimId, ruleId, cause.name(), cause.responsibleParty().name()};
  }

  private static Rec good(String orderId, String packageId) {
    return shipment(orderId, packageId, CONFIRMED).with(Shipments.FIRST_SCAN_TS, SCANNED);
  }

  private static Rec delivered(Rec pkg) {
    return pkg.with(Shipments.DELIVERED_TS, DELIVERED);
  }

  private static Rec signed(Rec pkg) {
    return delivered(pkg).with(Shipments.SIGNATURE_CONFIRMED, true);
  }

  private static Rec received(String id, String orderId, String receivedTs) {
    return returned(id, orderId, Returns.Status.RECEIVED, FILED)
        .with(Returns.RECEIVED_TS, receivedTs)
        .with(Returns.UPDATED_TS, receivedTs);
  }

  private static Rec refunded(String id, String orderId, String receivedTs, String refundedTs) {
    return returned(id, orderId, Returns.Status.REFUNDED, FILED)
        .with(Returns.RECEIVED_TS, receivedTs)
        .with(Returns.REFUNDED_TS, refundedTs)
        .with(Returns.UPDATED_TS, refundedTs);
  }

  /** Builds the inputs case by case; an order without an explicit SKU gets its own, GEN-id. */
  private static final class Cases {
    private final List<Rec> orders = new ArrayList<>();
    private final List<Rec> items = new ArrayList<>();
    private final List<Rec> packages = new ArrayList<>();
    private final List<Rec> returns = new ArrayList<>();
    private final List<Rec> claims = new ArrayList<>();
    private String orderId;
    private boolean hasSku;

    Cases order(String id) {
      closeOrder();
      orders.add(
          Fixtures.order(id, US, "S1", BOUGHT)
              .set(Orders.LATEST_SHIP_TS, "2026-06-12T18:00:00Z")
              .set(Orders.LATEST_DELIVERY_TS, "2026-06-17T18:00:00Z"));
      orderId = id;
      hasSku = false;
      return this;
    }

    Cases seller(String seller) {
      return change(Orders.SELLER_ID, seller);
    }

    Cases bought(String purchaseTs) {
      return change(Orders.PURCHASE_TS, purchaseTs);
    }

    Cases promise(String latestDeliveryTs) {
      return change(Orders.LATEST_DELIVERY_TS, latestDeliveryTs);
    }

    private Cases change(String column, Object value) {
      orders.add(orders.remove(orders.size() - 1).with(column, value));
      return this;
    }

    Cases sku(String sku) {
      items.add(item(orderId, orderId + "-" + (items.size() + 1), sku));
      hasSku = true;
      return this;
    }

    Cases pkg(Rec shipment) {
      packages.add(shipment);
      return this;
    }

    Cases ret(Rec ret) {
      returns.add(ret);
      return this;
    }

    Cases claim(String id, Reason reason) {
      return claim(id, reason, null);
    }

    Cases claim(String id, Reason reason, String sku) {
      return claim(id, reason, sku, FILED);
    }

    Cases claim(String id, Reason reason, String sku, String filedTs) {
      claims.add(Fixtures.claim(id, orderId, reason, Status.OPEN, filedTs).with(Claims.SKU, sku));
      return this;
    }

    private void closeOrder() {
      if (orderId != null && !hasSku) {
        sku("GEN-" + orderId);
      }
    }

    Scenario scenario(Path dir) {
      closeOrder();
      orderId = null;
      return new Scenario(spark, dir)
          .add(Orders.SCHEMA, orders.toArray(new Rec[0]))
          .add(OrderItems.SCHEMA, items.toArray(new Rec[0]))
          .add(Shipments.SCHEMA, packages.toArray(new Rec[0]))
          .add(Returns.SCHEMA, returns.toArray(new Rec[0]))
          .add(Claims.SCHEMA, claims.toArray(new Rec[0]));
    }
  }
}
