package io.claimlens.samples;

import io.claimlens.schema.Chargebacks;
import io.claimlens.schema.Claims;
import io.claimlens.schema.Feedback;
import io.claimlens.schema.OrderItems;
import io.claimlens.schema.Orders;
import io.claimlens.schema.Returns;
import io.claimlens.schema.Shipments;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;

/**
 * The bad rows of {@code --bad-rows}: a few of each quarantine case of SPEC §1.2 in several
 * datasets, plus identical duplicates that must be collapsed rather than quarantined. Each row has
 * exactly one problem, so its expected reason code is unambiguous, and every timestamp is known at
 * the natural as-of date. Ids are in the {@code 91xxxxxxxx} block; data-samples/README.md lists
 * them.
 */
final class BadRows {
  /**
   * First item and package sequence number of the bad-rows orders (I9100000101, P9100000101); the
   * bad child rows themselves are numbered below it.
   */
  static final long FIRST_CHILD_ID = 9_100_000_101L;

  /** Valid US order, bought 14:05 local on A-30, that bad child rows hang off. */
  static final String HOST_US = "O9100000001";

  /** Valid DE order, bought 14:05 local on A-30, that bad child rows hang off. */
  static final String HOST_DE = "O9100000002";

  /** Valid JP order, bought 14:05 local on A-30, that bad child rows hang off. */
  static final String HOST_JP = "O9100000003";

  /** An order id that no order has: children pointing at it are ORPHAN. */
  static final String MISSING_ORDER = "O9199999999";

  /** MISSING_REQUIRED: seller_id is null; its item and package are ORPHAN. */
  static final String ORDER_NULL_SELLER = "O9100000011";

  /** MISSING_REQUIRED: purchase_ts is null. */
  static final String ORDER_NULL_PURCHASE_TS = "O9100000012";

  /** MISSING_REQUIRED: written with order_id null (this id is only its would-be id). */
  static final String ORDER_NULL_ID = "O9100000013";

  /** INVALID_VALUE: fulfillment_channel 'FBA'; its item, package and a feedback are ORPHAN. */
  static final String ORDER_BAD_CHANNEL = "O9100000021";

  /** INVALID_VALUE: order_total -12.50. */
  static final String ORDER_NEGATIVE_TOTAL = "O9100000022";

  /** INVALID_VALUE: order_status 'SHIPPING'. */
  static final String ORDER_BAD_STATUS = "O9100000023";

  /** CONFLICTING_DUPLICATE: two rows, order_total differs; its children are ORPHAN. */
  static final String ORDER_CONFLICT_TOTAL = "O9100000031";

  /** CONFLICTING_DUPLICATE: two rows, seller_id differs. */
  static final String ORDER_CONFLICT_SELLER = "O9100000032";

  /** Valid, written twice identically with its item and package: collapsed, not quarantined. */
  static final String ORDER_IDENTICAL_TWICE = "O9100000041";

  private final ParquetSink sink;
  private final PlantedOrders orders;
  private final LocalDate asOf;

  BadRows(ParquetSink sink, PlantedOrders orders, Timeline timeline) {
    this.sink = sink;
    this.orders = orders;
    this.asOf = timeline.naturalAsOf();
  }

  /** Writes every planted bad row, with the valid host orders they need. */
  void write() {
    SimulatedOrder us = host(HOST_US, Marketplace.US);
    SimulatedOrder de = host(HOST_DE, Marketplace.DE);
    SimulatedOrder jp = host(HOST_JP, Marketplace.JP);
    writeOrders();
    writeItems(us, de, jp);
    writeShipments(us, de, jp);
    writeClaims(us, de, jp);
    writeFeedback(us, de, jp);
    writeChargebacks(us, de, jp);
    writeReturns(us, de, jp);
  }

  private SimulatedOrder host(String orderId, Marketplace mkt) {
    SimulatedOrder o = plain(orderId, mkt);
    OrderRows.write(sink, o);
    return o;
  }

  /** A delivered order bought at 14:05 on A-30; the bad rows' events fall around A-25. */
  private SimulatedOrder plain(String orderId, Marketplace mkt) {
    return orders.delivered(orderId, mkt, asOf.minusDays(30), LocalTime.of(14, 5));
  }

  /** Writes {@code o}'s items and packages with {@code orderRow} in place of its order row. */
  private void writeWithOrderRow(SimulatedOrder o, Row orderRow) {
    sink.write(orderRow);
    for (SimulatedOrder.Item item : o.items) {
      sink.write(OrderRows.item(sink, o, item));
    }
    for (SimulatedOrder.Parcel parcel : o.parcels) {
      sink.write(OrderRows.parcel(sink, o, parcel));
    }
  }

  private void writeOrders() {
    SimulatedOrder nullSeller = plain(ORDER_NULL_SELLER, Marketplace.US);
    writeWithOrderRow(nullSeller, OrderRows.order(sink, nullSeller).set(Orders.SELLER_ID, null));
    SimulatedOrder nullPurchase = plain(ORDER_NULL_PURCHASE_TS, Marketplace.DE);
    sink.write(OrderRows.order(sink, nullPurchase).set(Orders.PURCHASE_TS, null));
    SimulatedOrder nullId = plain(ORDER_NULL_ID, Marketplace.JP);
    sink.write(OrderRows.order(sink, nullId).set(Orders.ORDER_ID, null));

    SimulatedOrder badChannel = plain(ORDER_BAD_CHANNEL, Marketplace.US);
    writeWithOrderRow(
        badChannel, OrderRows.order(sink, badChannel).set(Orders.FULFILLMENT_CHANNEL, "FBA"));
    SimulatedOrder negative = plain(ORDER_NEGATIVE_TOTAL, Marketplace.DE);
    sink.write(OrderRows.order(sink, negative).set(Orders.ORDER_TOTAL, new BigDecimal("-12.50")));
    SimulatedOrder badStatus = plain(ORDER_BAD_STATUS, Marketplace.JP);
    sink.write(OrderRows.order(sink, badStatus).set(Orders.ORDER_STATUS, "SHIPPING"));

    SimulatedOrder conflictTotal = plain(ORDER_CONFLICT_TOTAL, Marketplace.US);
    Row first = OrderRows.order(sink, conflictTotal);
    writeWithOrderRow(conflictTotal, first);
    sink.write(first.copy().set(Orders.ORDER_TOTAL, conflictTotal.total.add(BigDecimal.TEN)));
    SimulatedOrder conflictSeller = plain(ORDER_CONFLICT_SELLER, Marketplace.DE);
    Row original = OrderRows.order(sink, conflictSeller);
    sink.write(original);
    sink.write(original.copy().set(Orders.SELLER_ID, orders.seller(1).id()));

    SimulatedOrder twice = plain(ORDER_IDENTICAL_TWICE, Marketplace.US);
    OrderRows.write(sink, twice);
    OrderRows.write(sink, twice);
  }

  private void writeItems(SimulatedOrder us, SimulatedOrder de, SimulatedOrder jp) {
    sink.write(item(us, "I9100000001").set(OrderItems.SKU, null));
    sink.write(item(de, "I9100000002").set(OrderItems.ORDER_ITEM_ID, null));
    sink.write(item(us, "I9100000003").set(OrderItems.QUANTITY, 0));
    sink.write(item(de, "I9100000004").set(OrderItems.ITEM_PRICE, new BigDecimal("-5.00")));
    Row conflict = item(jp, "I9100000005");
    sink.write(conflict);
    sink.write(conflict.copy().set(OrderItems.SKU, jp.seller.sku(3)));
    sink.write(item(us, "I9100000006").set(Orders.ORDER_ID, MISSING_ORDER));
  }

  private Row item(SimulatedOrder o, String itemId) {
    SimulatedOrder.Item base = o.items.get(0);
    return sink.row(OrderItems.SCHEMA)
        .set(Orders.ORDER_ID, o.orderId)
        .set(OrderItems.ORDER_ITEM_ID, itemId)
        .set(OrderItems.SKU, base.sku())
        .set(OrderItems.QUANTITY, 1)
        .set(OrderItems.ITEM_PRICE, base.price());
  }

  private void writeShipments(SimulatedOrder us, SimulatedOrder de, SimulatedOrder jp) {
    sink.write(parcel(us, "P9100000001").set(Shipments.PACKAGE_ID, null));
    sink.write(
        parcel(de, "P9100000002")
            .set(Shipments.SHIP_CONFIRM_TS, de.purchasedAt.minus(Duration.ofDays(2))));
    sink.write(parcel(us, "P9100000003").set(Orders.ORDER_ID, MISSING_ORDER));
    Row twice = parcel(jp, "P9100000004");
    sink.write(twice);
    sink.write(twice.copy());
  }

  private Row parcel(SimulatedOrder o, String packageId) {
    SimulatedOrder.Parcel base = o.parcels.get(0);
    return OrderRows.parcel(sink, o, base).set(Shipments.PACKAGE_ID, packageId);
  }

  private void writeClaims(SimulatedOrder us, SimulatedOrder de, SimulatedOrder jp) {
    sink.write(claim(us, "C9100000001").set(Claims.REASON, null));
    sink.write(claim(de, "C9100000002").set(Claims.FILED_TS, null));
    sink.write(claim(us, "C9100000011").set(Claims.REASON, "LATE_DELIVERY"));
    sink.write(claim(de, "C9100000012").set(Claims.AMOUNT, new BigDecimal("-20.00")));
    sink.write(claim(jp, "C9100000013").set(Claims.STATUS, "RESOLVED"));
    Row conflictStatus = claim(jp, "C9100000021");
    sink.write(conflictStatus);
    sink.write(conflictStatus.copy().set(Claims.STATUS, Claims.Status.UNDER_REVIEW.name()));
    Row conflictAmount = claim(us, "C9100000022");
    sink.write(conflictAmount);
    sink.write(conflictAmount.copy().set(Claims.AMOUNT, us.total.add(BigDecimal.ONE)));
    Row twice = claim(de, "C9100000031");
    sink.write(twice);
    sink.write(twice.copy());
    sink.write(
        twice
            .copy()
            .set(Claims.STATUS, Claims.Status.UNDER_REVIEW.name())
            .set(Claims.UPDATED_TS, days(de, 7)));
    sink.write(claim(us, "C9100000041").set(Orders.ORDER_ID, MISSING_ORDER));
    sink.write(claim(us, "C9100000042").set(Orders.ORDER_ID, ORDER_CONFLICT_TOTAL));
    sink.write(claim(us, "C9100000043").set(Orders.ORDER_ID, ORDER_NULL_SELLER));
    sink.write(before(claim(de, "C9100000051"), Claims.FILED_TS, de, Duration.ofDays(3)));
    sink.write(before(claim(jp, "C9100000052"), Claims.FILED_TS, jp, Duration.ofHours(1)));
  }

  /** An OPEN claim on {@code o}, filed and updated at A-25. */
  private Row claim(SimulatedOrder o, String claimId) {
    Instant filed = days(o, 5);
    return sink.row(Claims.SCHEMA)
        .set(Claims.CLAIM_ID, claimId)
        .set(Orders.ORDER_ID, o.orderId)
        .set(Claims.SKU, o.items.get(0).sku())
        .set(Claims.FILED_TS, filed)
        .set(Claims.REASON, Claims.Reason.DEFECTIVE.name())
        .set(Claims.BUYER_COMMENT, "Planted bad row " + claimId + ".")
        .set(Claims.AMOUNT, o.total)
        .set(Claims.STATUS, Claims.Status.OPEN.name())
        .set(Claims.UPDATED_TS, filed);
  }

  private void writeFeedback(SimulatedOrder us, SimulatedOrder de, SimulatedOrder jp) {
    sink.write(feedback(us, "F9100000001").set(Feedback.RATING, null));
    sink.write(feedback(us, "F9100000011").set(Feedback.RATING, 0));
    sink.write(feedback(de, "F9100000012").set(Feedback.RATING, 6));
    Row conflict = feedback(jp, "F9100000021").set(Feedback.RATING, 1);
    sink.write(conflict);
    sink.write(conflict.copy().set(Feedback.RATING, 5));
    Row twice = feedback(de, "F9100000031");
    sink.write(twice);
    sink.write(twice.copy());
    sink.write(feedback(us, "F9100000041").set(Orders.ORDER_ID, MISSING_ORDER));
    sink.write(feedback(us, "F9100000042").set(Orders.ORDER_ID, ORDER_BAD_CHANNEL));
    sink.write(before(feedback(us, "F9100000051"), Feedback.FEEDBACK_TS, us, Duration.ofDays(1)));
  }

  /** A 4-star feedback on {@code o}, left and updated at A-25. */
  private Row feedback(SimulatedOrder o, String feedbackId) {
    Instant at = days(o, 5);
    return sink.row(Feedback.SCHEMA)
        .set(Feedback.FEEDBACK_ID, feedbackId)
        .set(Orders.ORDER_ID, o.orderId)
        .set(Feedback.RATING, 4)
        .set(Feedback.COMMENT, "Planted bad row " + feedbackId + ".")
        .set(Feedback.FEEDBACK_TS, at)
        .set(Feedback.REMOVED, false)
        .set(Feedback.UPDATED_TS, at);
  }

  private void writeChargebacks(SimulatedOrder us, SimulatedOrder de, SimulatedOrder jp) {
    sink.write(chargeback(us, "K9100000001").set(Chargebacks.FILED_TS, null));
    sink.write(chargeback(de, "K9100000011").set(Chargebacks.STATUS, "WON"));
    sink.write(chargeback(jp, "K9100000012").set(Chargebacks.REASON, "CHARGEBACK"));
    Row twice = chargeback(jp, "K9100000031");
    sink.write(twice);
    sink.write(twice.copy());
    sink.write(chargeback(us, "K9100000041").set(Orders.ORDER_ID, MISSING_ORDER));
    sink.write(before(chargeback(us, "K9100000051"), Chargebacks.FILED_TS, us, Duration.ofDays(2)));
    sink.write(before(chargeback(de, "K9100000052"), Chargebacks.FILED_TS, de, Duration.ofDays(5)));
  }

  /** An OPEN FRAUD chargeback on {@code o}, filed and updated at A-25. */
  private Row chargeback(SimulatedOrder o, String chargebackId) {
    Instant filed = days(o, 5);
    return sink.row(Chargebacks.SCHEMA)
        .set(Chargebacks.CHARGEBACK_ID, chargebackId)
        .set(Orders.ORDER_ID, o.orderId)
        .set(Chargebacks.FILED_TS, filed)
        .set(Chargebacks.REASON, Chargebacks.Reason.FRAUD.name())
        .set(Chargebacks.STATUS, Chargebacks.Status.OPEN.name())
        .set(Chargebacks.UPDATED_TS, filed);
  }

  private void writeReturns(SimulatedOrder us, SimulatedOrder de, SimulatedOrder jp) {
    sink.write(returned(us, "R9100000001").set(Returns.REQUESTED_TS, null));
    sink.write(returned(de, "R9100000011").set(Returns.STATUS, "LOST"));
    sink.write(returned(jp, "R9100000012").set(Returns.REFUND_AMOUNT, new BigDecimal("-9.99")));
    Row conflict = returned(us, "R9100000021");
    sink.write(conflict);
    sink.write(conflict.copy().set(Returns.STATUS, Returns.Status.AUTHORIZED.name()));
    Row twice = returned(de, "R9100000031");
    sink.write(twice);
    sink.write(twice.copy());
    sink.write(returned(us, "R9100000041").set(Orders.ORDER_ID, MISSING_ORDER));
    sink.write(before(returned(jp, "R9100000051"), Returns.REQUESTED_TS, jp, Duration.ofDays(1)));
  }

  /** A REQUESTED return of {@code o}'s item, requested and updated at A-25. */
  private Row returned(SimulatedOrder o, String returnId) {
    Instant requested = days(o, 5);
    return sink.row(Returns.SCHEMA)
        .set(Returns.RETURN_ID, returnId)
        .set(Orders.ORDER_ID, o.orderId)
        .set(Returns.SKU, o.items.get(0).sku())
        .set(Returns.REQUESTED_TS, requested)
        .set(Returns.STATUS, Returns.Status.REQUESTED.name())
        .set(Returns.UPDATED_TS, requested);
  }

  /** {@code o}'s purchase time plus {@code n} days. */
  private static Instant days(SimulatedOrder o, int n) {
    return o.purchasedAt.plus(Duration.ofDays(n));
  }

  /**
   * {@code row} with {@code column} (its event time) moved to {@code gap} before the order's
   * purchase; a snapshot's updated_ts moves with it so the row is still known at A.
   */
  private static Row before(Row row, String column, SimulatedOrder o, Duration gap) {
    Instant t = o.purchasedAt.minus(gap);
    row.set(column, t);
    if (row.dataset().knownAtColumn().isPresent()) {
      row.set(row.dataset().knownAtColumn().get(), t);
    }
    return row;
  }
}
