package io.claimlens.quality;

import static io.claimlens.testing.Fixtures.JP;
import static io.claimlens.testing.Fixtures.US;
import static io.claimlens.testing.Fixtures.claim;
import static io.claimlens.testing.Fixtures.feedback;
import static io.claimlens.testing.Fixtures.item;
import static io.claimlens.testing.Fixtures.order;
import static io.claimlens.testing.Fixtures.shipment;
import static io.claimlens.testing.RowAssertions.assertRows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.claimlens.schema.Claims;
import io.claimlens.schema.Claims.Reason;
import io.claimlens.schema.Claims.Status;
import io.claimlens.schema.Feedback;
import io.claimlens.schema.OrderItems;
import io.claimlens.schema.Orders;
import io.claimlens.schema.Shipments;
import io.claimlens.testing.Rec;
import io.claimlens.testing.Scenario;
import io.claimlens.testing.SparkTestBase;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Quarantine codes, their priority, collapsing, not-yet-known rows and reconciliation (SPEC §1.2).
 */
class QualityGateTest extends SparkTestBase {
  private static final String D = "2026-06-30";
  private static final List<String> MANIFEST_COUNTS =
      List.of(
          "dataset",
          "present",
          "read",
          "used",
          "quarantined",
          "not_yet_known",
          "duplicates",
          "out_of_scope");

  @TempDir Path dir;

  @Test
  void everyBadRowIsQuarantinedWithItsFirstCodeAndEveryRowReconciles() {
    Rec ok2 = order("ok2", US, "S1", "2026-06-01T18:00:00Z");
    Rec conf = order("conf", US, "S1", "2026-06-01T18:00:00Z");
    Rec futureConf = order("future-conf", US, "S1", "2026-07-01T08:00:00Z");
    Rec cOk = claim("c-ok", "ok1", Reason.ITEM_NOT_RECEIVED, Status.OPEN, "2026-06-05T10:00:00Z");
    Rec cConflict = claim("c-conflict", "ok1", Reason.DAMAGED, Status.OPEN, "2026-06-06T10:00:00Z");
    Rec fOk = feedback("f-ok", "ok2", 5, "2026-06-07T10:00:00Z");
    Scenario s =
        new Scenario(spark, dir)
            .add(
                Orders.SCHEMA,
                order("ok1", US, "S1", "2026-06-01T18:00:00Z"),
                ok2,
                ok2,
                order("missing", US, "S1", "2026-06-01T18:00:00Z").with(Orders.SELLER_ID, null),
                order("both", US, "S1", "2026-06-01T18:00:00Z")
                    .with(Orders.SELLER_ID, null)
                    .with(Orders.FULFILLMENT_CHANNEL, "XYZ"),
                order("badch", US, "S1", "2026-06-01T18:00:00Z")
                    .with(Orders.FULFILLMENT_CHANNEL, "XYZ"),
                order("neg", US, "S1", "2026-06-01T18:00:00Z").with(Orders.ORDER_TOTAL, "-1.00"),
                conf,
                conf.with(Orders.ORDER_TOTAL, "99.00"),
                // 2026-07-01 01:00 in Los Angeles: after D
                order("future", US, "S1", "2026-07-01T08:00:00Z"),
                futureConf,
                futureConf.with(Orders.ORDER_TOTAL, "99.00"))
            .add(
                Claims.SCHEMA,
                cOk,
                cOk.with(Claims.STATUS, Status.GRANTED.name())
                    .with(Claims.UPDATED_TS, "2026-07-02T10:00:00Z"),
                claim("c-orphan", "nope", Reason.DAMAGED, Status.OPEN, "2026-06-05T10:00:00Z"),
                claim(
                    "c-of-quarantined",
                    "conf",
                    Reason.DAMAGED,
                    Status.OPEN,
                    "2026-06-05T10:00:00Z"),
                claim("c-before", "ok2", Reason.DAMAGED, Status.OPEN, "2026-05-01T10:00:00Z"),
                claim(
                    "c-future-order",
                    "future",
                    Reason.DAMAGED,
                    Status.OPEN,
                    "2026-06-05T10:00:00Z"),
                claim("c-badreason", "ok1", Reason.DAMAGED, Status.OPEN, "2026-06-05T10:00:00Z")
                    .with(Claims.REASON, "LOST"),
                cConflict,
                cConflict.with(Claims.STATUS, Status.GRANTED.name()),
                claim(
                        "c-missing-and-orphan",
                        "nope",
                        Reason.DAMAGED,
                        Status.OPEN,
                        "2026-06-05T10:00:00Z")
                    .with(Claims.REASON, null))
            .add(Feedback.SCHEMA, fOk, fOk, feedback("f-bad", "ok2", 6, "2026-06-07T10:00:00Z"))
            .add(
                OrderItems.SCHEMA,
                item("ok1", "i-ok", "SKU-1"),
                item("future", "i-future", "SKU-1"),
                item("nope", "i-orphan", "SKU-1"),
                item("ok2", "i-zero", "SKU-1").with(OrderItems.QUANTITY, 0))
            .add(
                Shipments.SCHEMA,
                Rec.of(Shipments.SCHEMA)
                    .set(Orders.ORDER_ID, "ok1")
                    .set(Shipments.PACKAGE_ID, "p-ok")
                    .set(Shipments.SHIP_CONFIRM_TS, "2026-06-02T10:00:00Z"),
                Rec.of(Shipments.SCHEMA)
                    .set(Orders.ORDER_ID, "ok1")
                    .set(Shipments.PACKAGE_ID, "p-unconfirmed"),
                Rec.of(Shipments.SCHEMA)
                    .set(Orders.ORDER_ID, "ok2")
                    .set(Shipments.PACKAGE_ID, "p-early")
                    .set(Shipments.SHIP_CONFIRM_TS, "2026-05-30T10:00:00Z"));

    Scenario.Output out = s.run(D);

    assertRows(
        out.quarantine(),
        List.of("dataset", "record_id", "reason_code"),
        q("orders", "missing", "MISSING_REQUIRED"),
        q("orders", "both", "MISSING_REQUIRED"),
        q("orders", "badch", "INVALID_VALUE"),
        q("orders", "neg", "INVALID_VALUE"),
        q("orders", "conf", "CONFLICTING_DUPLICATE"),
        q("orders", "conf", "CONFLICTING_DUPLICATE"),
        q("claims", "c-orphan", "ORPHAN"),
        q("claims", "c-of-quarantined", "ORPHAN"),
        q("claims", "c-before", "BEFORE_ORDER"),
        q("claims", "c-badreason", "INVALID_VALUE"),
        q("claims", "c-conflict", "CONFLICTING_DUPLICATE"),
        q("claims", "c-conflict", "CONFLICTING_DUPLICATE"),
        q("claims", "c-missing-and-orphan", "MISSING_REQUIRED"),
        q("feedback", "f-bad", "INVALID_VALUE"),
        q("order_items", "i-orphan", "ORPHAN"),
        q("order_items", "i-zero", "INVALID_VALUE"),
        q("shipments", "p-early", "BEFORE_ORDER"));

    assertRows(
        out.reconciliation(),
        MANIFEST_COUNTS,
        counts("orders", true, 12, 2, 6, 3, 1),
        counts("order_items", true, 4, 1, 2, 1, 0),
        counts("shipments", true, 3, 1, 1, 1, 0),
        counts("claims", true, 10, 1, 7, 2, 0),
        counts("feedback", true, 3, 1, 1, 0, 1),
        counts("chargebacks", false, 0, 0, 0, 0, 0),
        counts("returns", false, 0, 0, 0, 0, 0));
  }

  /**
   * Items and packages are keyed by their order too: different rows of one key known at D conflict;
   * the same item id under another order is another key, and so is another item id of the same
   * order; rows not yet known at D (their order's, or a package confirmed after D or never) are not
   * counted with the known one.
   */
  @Test
  void itemsAndPackagesConflictWithinTheirOrderAmongRowsKnownAtD() {
    Scenario s =
        new Scenario(spark, dir)
            .add(
                Orders.SCHEMA,
                order("ok1", US, "S1", "2026-06-01T18:00:00Z"),
                order("ok2", US, "S1", "2026-06-01T18:00:00Z"),
                // 2026-07-01 01:00 in Los Angeles: after D
                order("future", US, "S1", "2026-07-01T08:00:00Z"))
            .add(Claims.SCHEMA)
            .add(
                OrderItems.SCHEMA,
                item("ok1", "i-dup", "SKU-1"),
                item("ok1", "i-dup", "SKU-2"),
                item("ok2", "i-dup", "SKU-1"),
                item("ok2", "i-two", "SKU-3"),
                item("future", "i-future", "SKU-1"),
                item("future", "i-future", "SKU-2"))
            .add(
                Shipments.SCHEMA,
                shipment("ok1", "p-conf", "2026-06-02T10:00:00Z"),
                shipment("ok1", "p-conf", "2026-06-03T10:00:00Z"),
                shipment("ok2", "p-late", "2026-06-02T10:00:00Z"),
                shipment("ok2", "p-late", "2026-07-02T10:00:00Z"),
                shipment("ok2", "p-null", "2026-06-05T10:00:00Z"),
                shipment("ok2", "p-null", null));

    Scenario.Output out = s.run(D);

    assertRows(
        out.quarantine(),
        List.of("dataset", "record_id", "reason_code"),
        q("order_items", "i-dup", "CONFLICTING_DUPLICATE"),
        q("order_items", "i-dup", "CONFLICTING_DUPLICATE"),
        q("shipments", "p-conf", "CONFLICTING_DUPLICATE"),
        q("shipments", "p-conf", "CONFLICTING_DUPLICATE"));
    assertRows(
        out.reconciliation().filter("dataset in ('order_items', 'shipments')"),
        MANIFEST_COUNTS,
        counts("order_items", true, 6, 2, 2, 2, 0),
        counts("shipments", true, 6, 2, 2, 2, 0));
  }

  @Test
  void quarantineDetailsNameTheProblemAndRecordsHoldNoPersonalData() {
    Scenario s =
        new Scenario(spark, dir)
            .add(
                Orders.SCHEMA,
                order("o1", US, "S1", "2026-06-01T18:00:00Z")
                    .with(Orders.FULFILLMENT_CHANNEL, "FBA"))
            .add(
                Claims.SCHEMA,
                claim("c1", "o1", Reason.DAMAGED, Status.OPEN, "2026-06-05T10:00:00Z"))
            .add(Feedback.SCHEMA, feedback("f1", "o9", 1, "2026-06-07T10:00:00Z"));

    Dataset<Row> quarantine = s.run(D).quarantine();

    assertRows(
        quarantine,
        List.of("dataset", "record_id", "reason_code", "detail"),
        new Object[] {
          "orders", "o1", "INVALID_VALUE", "fulfillment_channel: 'FBA' is not one of MFN, AFN"
        },
        new Object[] {"claims", "c1", "ORPHAN", "order_id 'o1' is a quarantined order"},
        new Object[] {"feedback", "f1", "ORPHAN", "order_id 'o9' is not in orders"});
    String records =
        String.join(
            "\n",
            quarantine.select("record").as(org.apache.spark.sql.Encoders.STRING()).collectAsList());
    assertTrue(records.contains("\"order_id\":\"o1\""), records);
    assertTrue(records.contains("\"purchase_ts\":\"2026-06-01T18:00:00.000000Z\""), records);
    // columns only the gate reads, which the kept rows leave out, are still in the record
    assertTrue(records.contains("\"currency\":\"USD\""), records);
    assertTrue(records.contains("\"order_total\":25.00"), records);
    assertTrue(records.contains("\"amount\":25.00"), records);
    for (String personal :
        List.of(
            "buyer_id", "buyer-of-o1", "buyer_comment", "555-0100", "comment", "personal words")) {
      assertFalse(records.contains(personal), personal + " leaked into " + records);
    }
  }

  /** --marketplaces: other marketplaces' orders and their children are out of scope, not lost. */
  @Test
  void marketplaceFilterCountsOtherMarketplacesAsOutOfScope() {
    Scenario s =
        new Scenario(spark, dir)
            .add(
                Orders.SCHEMA,
                order("us1", US, "S1", "2026-06-01T18:00:00Z"),
                order("jp1", JP, "S9", "2026-06-01T18:00:00Z"))
            .add(
                Claims.SCHEMA,
                claim("c-us", "us1", Reason.DAMAGED, Status.OPEN, "2026-06-05T10:00:00Z"),
                claim("c-jp", "jp1", Reason.DAMAGED, Status.OPEN, "2026-06-05T10:00:00Z"))
            .marketplaces(Set.of(US));

    Scenario.Output out = s.run(D);

    assertEquals(
        Set.of("S1"),
        Set.copyOf(
            out.sellerMetrics()
                .select("seller_id")
                .distinct()
                .as(org.apache.spark.sql.Encoders.STRING())
                .collectAsList()));
    assertRows(
        out.reconciliation().filter("present"),
        MANIFEST_COUNTS,
        new Object[] {"orders", true, 2L, 1L, 0L, 0L, 0L, 1L},
        new Object[] {"claims", true, 2L, 1L, 0L, 0L, 0L, 1L});
  }

  /**
   * Tokyo is UTC+9: 14:55Z on Jun 30 is 23:55 on D there (known), 15:10Z is 00:10 on Jul 1 (not yet
   * known, and neither is its claim). The same 15:10Z order in Los Angeles is Jun 30, 08:10.
   */
  @Test
  void ordersAfterMidnightInTokyoAreNotYetKnownWithTheirClaims() {
    Scenario s =
        new Scenario(spark, dir)
            .add(
                Orders.SCHEMA,
                order("jp-known", JP, "S1", "2026-06-30T14:55:00Z"),
                order("jp-tomorrow", JP, "S1", "2026-06-30T15:10:00Z"),
                order("us-known", US, "S2", "2026-06-30T15:10:00Z"))
            .add(
                Claims.SCHEMA,
                claim("c-jp", "jp-tomorrow", Reason.DAMAGED, Status.OPEN, "2026-06-30T15:20:00Z"));

    assertRows(
        s.run(D).reconciliation().filter("present"),
        MANIFEST_COUNTS,
        counts("orders", true, 3, 2, 0, 1, 0),
        counts("claims", true, 1, 0, 0, 1, 0));
  }

  private static Object[] q(String dataset, String id, String code) {
    return new Object[] {dataset, id, code};
  }

  private static Object[] counts(
      String dataset,
      boolean present,
      long read,
      long used,
      long quarantined,
      long notYetKnown,
      long duplicates) {
    return new Object[] {dataset, present, read, used, quarantined, notYetKnown, duplicates, 0L};
  }
}
