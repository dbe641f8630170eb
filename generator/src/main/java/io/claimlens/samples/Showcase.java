package io.claimlens.samples;

import io.claimlens.schema.Chargebacks;
import io.claimlens.schema.Claims;
import io.claimlens.schema.Feedback;
import io.claimlens.schema.Orders;
import io.claimlens.schema.Returns;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;

/**
 * Valid orders planted with fixed ids and dates around the natural as-of date A (2026-06-30 with
 * the defaults), each showing one rule of SPEC §1.1 or §2–3 that tests and newcomers can look up by
 * id: state changes after A, purchases near local midnight, the unknown marketplace, claims
 * awaiting a response. Written in every run; they are a dozen rows among millions in a benchmark.
 */
final class Showcase {
  /** First item and package sequence number of showcase orders (I9000000001, P9000000001). */
  static final long FIRST_CHILD_ID = 9_000_000_001L;

  /** DAMAGED claim, UNDER_REVIEW at A, WITHDRAWN at A+3: still counts at A. */
  static final String CLAIM_WITHDRAWN_AFTER_AS_OF = "C9000000001";

  /** DEFECTIVE claim DENIED at A-5: does not count at A. */
  static final String CLAIM_DENIED = "C9000000002";

  /**
   * ITEM_NOT_RECEIVED on a lost parcel, GRANTED and funded by the PLATFORM at A-12: not counting.
   */
  static final String CLAIM_PLATFORM_FUNDED = "C9000000003";

  /** MISSING_PARTS filed A-1 12:00 (US), no response: awaiting, 12 hours left at the end of A. */
  static final String CLAIM_AWAITING_RESPONSE = "C9000000004";

  /**
   * WRONG_ITEM filed A-5 09:00 (DE), no response, UNDER_REVIEW: awaiting and overdue by 87 hours.
   */
  static final String CLAIM_OVERDUE = "C9000000005";

  /**
   * NOT_AS_DESCRIBED filed A-1 20:00 (JP), answered A+1 10:00: no response known at A, 20 hours
   * left.
   */
  static final String CLAIM_RESPONSE_AFTER_AS_OF = "C9000000006";

  /** REFUND_NOT_RECEIVED; the return was received A-25 and refunded 7 days later (R20). */
  static final String CLAIM_REFUND_LATE = "C9000000007";

  /** RETURN_REFUSED after the return was REJECTED (R30). */
  static final String CLAIM_RETURN_REJECTED = "C9000000008";

  /** ITEM_NOT_RECEIVED on an order delivered with signature (R04), UNDER_REVIEW at A. */
  static final String CLAIM_SIGNED_DELIVERY = "C9000000009";

  /** ITEM_NOT_RECEIVED on a tracked order shipped the day after its ship-by day (R02). */
  static final String CLAIM_LATE_SHIPMENT = "C9000000010";

  /** ITEM_NOT_RECEIVED filed on A, in transit with tracking, promised for A+3 (R07). */
  static final String CLAIM_PREMATURE = "C9000000011";

  /** REFUND_NOT_RECEIVED; the return is AUTHORIZED but was never received (R21). */
  static final String CLAIM_RETURN_NOT_RECEIVED = "C9000000012";

  /** REFUND_NOT_RECEIVED; the return was received A-22 and refunded a day later (R22). */
  static final String CLAIM_REFUND_ALREADY_ISSUED = "C9000000013";

  /** RETURN_REFUSED on an order without any return, let alone a rejected one (R31). */
  static final String CLAIM_RETURN_REFUSED_UNVERIFIED = "C9000000014";

  /** Bought 23:50 on A in Los Angeles (06:50 UTC on A+1): known at A. */
  static final String ORDER_US_LATE_EVENING = "O9000000004";

  /** Bought 00:10 on A+1 in Tokyo (15:10 UTC on A): not yet known at A. */
  static final String ORDER_JP_AFTER_MIDNIGHT = "O9000000005";

  /** Bought 23:55 on A in Tokyo: known at A. */
  static final String ORDER_JP_BEFORE_MIDNIGHT = "O9000000006";

  /** Bought 23:59:30 on A in the unknown marketplace XMKT00000001 (UTC default): known at A. */
  static final String ORDER_UNKNOWN_MARKETPLACE = "O9000000007";

  /** Rating 1 at A-8, removed at A+2: negative feedback that still counts at A. */
  static final String FEEDBACK_REMOVED_AFTER_AS_OF = "F9000000001";

  /** Rating 2 at A-9, removed at A-3: does not count at A. */
  static final String FEEDBACK_REMOVED_BEFORE_AS_OF = "F9000000002";

  /** OPEN at A-15, REVERSED at A+4: counts at A. */
  static final String CHARGEBACK_REVERSED_AFTER_AS_OF = "K9000000001";

  /** Received A-25, refunded A-18 (late). */
  static final String RETURN_REFUNDED_LATE = "R9000000001";

  /** REJECTED at A-26. */
  static final String RETURN_REJECTED = "R9000000002";

  /** AUTHORIZED at A-19, never received. */
  static final String RETURN_NOT_RECEIVED = "R9000000003";

  /** Received A-22, refunded A-21 (in time). */
  static final String RETURN_REFUNDED_IN_TIME = "R9000000004";

  private final ParquetSink sink;
  private final PlantedOrders orders;
  private final Instant exportedAt;
  private final LocalDate asOf;

  Showcase(ParquetSink sink, PlantedOrders orders, Timeline timeline) {
    this.sink = sink;
    this.orders = orders;
    this.exportedAt = timeline.exportedAt();
    this.asOf = timeline.naturalAsOf();
  }

  /** Writes all showcase orders and their after-sales rows. */
  void write() {
    Marketplace us = Marketplace.US;
    Marketplace de = Marketplace.DE;
    Marketplace jp = Marketplace.JP;

    SimulatedOrder o1 = order("O9000000001", us, -20);
    claim(CLAIM_WITHDRAWN_AFTER_AS_OF, o1, Claims.Reason.DAMAGED, true, t(-12, 10, us))
        .at(t(-11, 9, us), r -> r.set(Claims.SELLER_RESPONSE_TS, t(-11, 9, us)))
        .at(t(-10, 8, us), r -> status(r, Claims.Status.UNDER_REVIEW))
        .at(t(3, 16, us), r -> status(r, Claims.Status.WITHDRAWN));

    SimulatedOrder o2 = order("O9000000002", us, -25);
    claim(CLAIM_DENIED, o2, Claims.Reason.DEFECTIVE, true, t(-18, 10, us))
        .at(t(-17, 11, us), r -> r.set(Claims.SELLER_RESPONSE_TS, t(-17, 11, us)))
        .at(t(-16, 8, us), r -> status(r, Claims.Status.UNDER_REVIEW))
        .at(t(-5, 12, us), r -> status(r, Claims.Status.DENIED));

    SimulatedOrder o3 = write(orders.lost("O9000000003", de, day(-30)));
    claim(CLAIM_PLATFORM_FUNDED, o3, Claims.Reason.ITEM_NOT_RECEIVED, false, t(-20, 10, de))
        .at(t(-17, 10, de), r -> status(r, Claims.Status.UNDER_REVIEW))
        .at(
            t(-12, 10, de),
            r ->
                status(r, Claims.Status.GRANTED)
                    .set(Claims.FUNDED_BY, Claims.FundedBy.PLATFORM.name()));

    write(orders.delivered(ORDER_US_LATE_EVENING, us, asOf, LocalTime.of(23, 50)));
    write(orders.delivered(ORDER_JP_AFTER_MIDNIGHT, jp, asOf.plusDays(1), LocalTime.of(0, 10)));
    write(orders.delivered(ORDER_JP_BEFORE_MIDNIGHT, jp, asOf, LocalTime.of(23, 55)));
    write(
        orders.delivered(
            ORDER_UNKNOWN_MARKETPLACE, Marketplace.UNKNOWN, asOf, LocalTime.of(23, 59, 30)));

    SimulatedOrder o8 = order("O9000000008", us, -15);
    feedback(FEEDBACK_REMOVED_AFTER_AS_OF, o8, 1, t(-8, 19, us))
        .at(t(2, 9, us), r -> r.set(Feedback.REMOVED, true));
    SimulatedOrder o9 = order("O9000000009", de, -15);
    feedback(FEEDBACK_REMOVED_BEFORE_AS_OF, o9, 2, t(-9, 19, de))
        .at(t(-3, 9, de), r -> r.set(Feedback.REMOVED, true));

    SimulatedOrder o10 = order("O9000000010", us, -40);
    snapshots(
            sink.row(Chargebacks.SCHEMA)
                .set(Chargebacks.CHARGEBACK_ID, CHARGEBACK_REVERSED_AFTER_AS_OF)
                .set(Orders.ORDER_ID, o10.orderId)
                .set(Chargebacks.FILED_TS, t(-15, 10, us))
                .set(Chargebacks.REASON, Chargebacks.Reason.FRAUD.name()),
            Chargebacks.UPDATED_TS)
        .at(t(-15, 10, us), r -> r.set(Chargebacks.STATUS, Chargebacks.Status.OPEN.name()))
        .at(t(4, 10, us), r -> r.set(Chargebacks.STATUS, Chargebacks.Status.REVERSED.name()));

    SimulatedOrder o11 = order("O9000000011", us, -6);
    claim(CLAIM_AWAITING_RESPONSE, o11, Claims.Reason.MISSING_PARTS, true, t(-1, 12, us));

    SimulatedOrder o12 = order("O9000000012", de, -12);
    claim(CLAIM_OVERDUE, o12, Claims.Reason.WRONG_ITEM, true, t(-5, 9, de))
        .at(t(-3, 9, de), r -> status(r, Claims.Status.UNDER_REVIEW));

    SimulatedOrder o13 = order("O9000000013", jp, -10);
    claim(CLAIM_RESPONSE_AFTER_AS_OF, o13, Claims.Reason.NOT_AS_DESCRIBED, true, t(-1, 20, jp))
        .at(t(1, 10, jp), r -> r.set(Claims.SELLER_RESPONSE_TS, t(1, 10, jp)));

    SimulatedOrder o14 = order("O9000000014", us, -45);
    returned(RETURN_REFUNDED_LATE, o14, t(-30, 10, us))
        .at(t(-29, 10, us), r -> r.set(Returns.STATUS, Returns.Status.AUTHORIZED.name()))
        .at(
            t(-25, 10, us),
            r ->
                r.set(Returns.STATUS, Returns.Status.RECEIVED.name())
                    .set(Returns.RECEIVED_TS, t(-25, 10, us)))
        .at(
            t(-18, 10, us),
            r ->
                r.set(Returns.STATUS, Returns.Status.REFUNDED.name())
                    .set(Returns.REFUNDED_TS, t(-18, 10, us))
                    .set(Returns.REFUND_AMOUNT, o14.total));
    claim(CLAIM_REFUND_LATE, o14, Claims.Reason.REFUND_NOT_RECEIVED, false, t(-21, 10, us))
        .at(t(-20, 10, us), r -> r.set(Claims.SELLER_RESPONSE_TS, t(-20, 10, us)))
        .at(t(-19, 10, us), r -> status(r, Claims.Status.UNDER_REVIEW))
        .at(t(-14, 10, us), r -> granted(r));

    SimulatedOrder o15 = order("O9000000015", de, -40);
    returned(RETURN_REJECTED, o15, t(-28, 10, de))
        .at(t(-26, 10, de), r -> r.set(Returns.STATUS, Returns.Status.REJECTED.name()));
    claim(CLAIM_RETURN_REJECTED, o15, Claims.Reason.RETURN_REFUSED, false, t(-24, 10, de))
        .at(t(-23, 10, de), r -> r.set(Claims.SELLER_RESPONSE_TS, t(-23, 10, de)))
        .at(t(-22, 10, de), r -> status(r, Claims.Status.UNDER_REVIEW))
        .at(t(-15, 10, de), r -> granted(r));

    SimulatedOrder o16 = write(orders.signed("O9000000016", us, day(-20)));
    claim(CLAIM_SIGNED_DELIVERY, o16, Claims.Reason.ITEM_NOT_RECEIVED, false, t(-12, 10, us))
        .at(t(-11, 10, us), r -> r.set(Claims.SELLER_RESPONSE_TS, t(-11, 10, us)))
        .at(t(-10, 10, us), r -> status(r, Claims.Status.UNDER_REVIEW));

    SimulatedOrder o17 = write(orders.shippedLate("O9000000017", us, day(-20)));
    claim(CLAIM_LATE_SHIPMENT, o17, Claims.Reason.ITEM_NOT_RECEIVED, false, t(-16, 10, us))
        .at(t(-15, 10, us), r -> r.set(Claims.SELLER_RESPONSE_TS, t(-15, 10, us)))
        .at(t(-14, 10, us), r -> status(r, Claims.Status.UNDER_REVIEW))
        .at(t(-10, 10, us), r -> granted(r));

    // bought A-3, shipped A-2, delivered A+1: the claim on A comes before the promise of A+3
    SimulatedOrder o18 = order("O9000000018", de, -3);
    claim(CLAIM_PREMATURE, o18, Claims.Reason.ITEM_NOT_RECEIVED, false, t(0, 10, de))
        .at(t(0, 15, de), r -> r.set(Claims.SELLER_RESPONSE_TS, t(0, 15, de)))
        .at(t(2, 10, de), r -> status(r, Claims.Status.WITHDRAWN));

    SimulatedOrder o19 = order("O9000000019", jp, -30);
    returned(RETURN_NOT_RECEIVED, o19, t(-20, 10, jp))
        .at(t(-19, 10, jp), r -> r.set(Returns.STATUS, Returns.Status.AUTHORIZED.name()));
    claim(CLAIM_RETURN_NOT_RECEIVED, o19, Claims.Reason.REFUND_NOT_RECEIVED, false, t(-10, 10, jp))
        .at(t(-9, 10, jp), r -> r.set(Claims.SELLER_RESPONSE_TS, t(-9, 10, jp)))
        .at(t(-8, 10, jp), r -> status(r, Claims.Status.UNDER_REVIEW));

    SimulatedOrder o20 = order("O9000000020", us, -35);
    returned(RETURN_REFUNDED_IN_TIME, o20, t(-28, 10, us))
        .at(t(-27, 10, us), r -> r.set(Returns.STATUS, Returns.Status.AUTHORIZED.name()))
        .at(
            t(-22, 10, us),
            r ->
                r.set(Returns.STATUS, Returns.Status.RECEIVED.name())
                    .set(Returns.RECEIVED_TS, t(-22, 10, us)))
        .at(
            t(-21, 10, us),
            r ->
                r.set(Returns.STATUS, Returns.Status.REFUNDED.name())
                    .set(Returns.REFUNDED_TS, t(-21, 10, us))
                    .set(Returns.REFUND_AMOUNT, o20.total));
    claim(
            CLAIM_REFUND_ALREADY_ISSUED,
            o20,
            Claims.Reason.REFUND_NOT_RECEIVED,
            false,
            t(-19, 10, us))
        .at(t(-18, 10, us), r -> r.set(Claims.SELLER_RESPONSE_TS, t(-18, 10, us)))
        .at(t(-16, 10, us), r -> status(r, Claims.Status.DENIED));

    SimulatedOrder o21 = order("O9000000021", de, -25);
    claim(CLAIM_RETURN_REFUSED_UNVERIFIED, o21, Claims.Reason.RETURN_REFUSED, false, t(-14, 10, de))
        .at(t(-13, 10, de), r -> r.set(Claims.SELLER_RESPONSE_TS, t(-13, 10, de)))
        .at(t(-12, 10, de), r -> status(r, Claims.Status.UNDER_REVIEW))
        .at(t(-8, 10, de), r -> status(r, Claims.Status.DENIED));
  }

  private LocalDate day(int offset) {
    return asOf.plusDays(offset);
  }

  /** {@code hour}:00 local time in {@code mkt} on A + {@code offset} days. */
  private Instant t(int offset, int hour, Marketplace mkt) {
    return Timeline.at(day(offset), LocalTime.of(hour, 0), mkt.zone());
  }

  private SimulatedOrder order(String orderId, Marketplace mkt, int dayOffset) {
    return write(orders.delivered(orderId, mkt, day(dayOffset), LocalTime.of(14, 5)));
  }

  private SimulatedOrder write(SimulatedOrder o) {
    OrderRows.write(sink, o);
    return o;
  }

  private Snapshots snapshots(Row first, String updatedColumn) {
    return new Snapshots(sink, first, updatedColumn, exportedAt);
  }

  /** A claim's history, starting with its OPEN state at {@code filed}. */
  private Snapshots claim(
      String claimId, SimulatedOrder o, Claims.Reason reason, boolean withSku, Instant filed) {
    SimulatedOrder.Item item = o.items.get(0);
    Row first =
        sink.row(Claims.SCHEMA)
            .set(Claims.CLAIM_ID, claimId)
            .set(Orders.ORDER_ID, o.orderId)
            .set(Claims.SKU, withSku ? item.sku() : null)
            .set(Claims.FILED_TS, filed)
            .set(Claims.REASON, reason.name())
            .set(Claims.BUYER_COMMENT, "Planted case " + claimId + ".")
            .set(Claims.AMOUNT, item.price());
    return snapshots(first, Claims.UPDATED_TS).at(filed, r -> status(r, Claims.Status.OPEN));
  }

  private static Row status(Row r, Claims.Status status) {
    return r.set(Claims.STATUS, status.name());
  }

  private static Row granted(Row r) {
    return status(r, Claims.Status.GRANTED).set(Claims.FUNDED_BY, Claims.FundedBy.SELLER.name());
  }

  private Snapshots feedback(String feedbackId, SimulatedOrder o, int rating, Instant at) {
    Row first =
        sink.row(Feedback.SCHEMA)
            .set(Feedback.FEEDBACK_ID, feedbackId)
            .set(Orders.ORDER_ID, o.orderId)
            .set(Feedback.RATING, rating)
            .set(Feedback.COMMENT, "Planted case " + feedbackId + ".")
            .set(Feedback.FEEDBACK_TS, at);
    return snapshots(first, Feedback.UPDATED_TS).at(at, r -> r.set(Feedback.REMOVED, false));
  }

  private Snapshots returned(String returnId, SimulatedOrder o, Instant requested) {
    Row first =
        sink.row(Returns.SCHEMA)
            .set(Returns.RETURN_ID, returnId)
            .set(Orders.ORDER_ID, o.orderId)
            .set(Returns.SKU, o.items.get(0).sku())
            .set(Returns.REQUESTED_TS, requested);
    return snapshots(first, Returns.UPDATED_TS)
        .at(requested, r -> r.set(Returns.STATUS, Returns.Status.REQUESTED.name()));
  }
}
