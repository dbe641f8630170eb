package io.claimlens.samples;

import io.claimlens.schema.Chargebacks;
import io.claimlens.schema.Claims;
import io.claimlens.schema.Feedback;
import io.claimlens.schema.Orders;
import io.claimlens.schema.Returns;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;

/**
 * Simulates what happens after an order ships: returns, claims, feedback and chargebacks, each as a
 * history of state snapshots. Their likelihood follows the order's facts (lost, late, untracked,
 * hotspot SKU, refund late), so the job's root-cause rules find real causes in the data.
 */
final class AfterSalesSimulator {
  /** Return rate of received orders, before the seller's quality factor. */
  private static final double RETURN_RATE = 0.035;

  /** Quality-claim rate of received orders, before the seller's quality factor. */
  private static final double QUALITY_CLAIM_RATE = 0.011;

  /** Extra quality-claim (and return) likelihood of an order containing a hotspot SKU. */
  private static final double HOTSPOT_CLAIM_RATE = 0.25;

  /** Seller response window of the default policy; a response after it is late. */
  private static final Duration RESPONSE_WINDOW = Duration.ofHours(48);

  /** Quality reasons, with {@link #QUALITY_CLAIM_WEIGHTS} their relative frequency. */
  private static final Claims.Reason[] QUALITY_CLAIM_REASONS = {
    Claims.Reason.NOT_AS_DESCRIBED,
    Claims.Reason.DAMAGED,
    Claims.Reason.DEFECTIVE,
    Claims.Reason.MISSING_PARTS,
    Claims.Reason.WRONG_ITEM
  };

  private static final double[] QUALITY_CLAIM_WEIGHTS = {30, 25, 25, 8, 12};

  /** Final claim states, indexed by the outcome weights in {@code writeClaim}. */
  private static final Claims.Status[] CLAIM_OUTCOMES = {
    Claims.Status.GRANTED,
    Claims.Status.DENIED,
    Claims.Status.WITHDRAWN,
    Claims.Status.CLOSED_REFUNDED
  };

  /** What happened to a return, null where it did not (or not before the export). */
  record ReturnCase(
      SimulatedOrder.Item item,
      Instant requestedAt,
      Instant rejectedAt,
      Instant receivedAt,
      Instant refundedAt,
      boolean refundedLate) {}

  private final ParquetSink sink;
  private final Instant exportedAt;
  private long nextClaim = 1;
  private long nextFeedback = 1;
  private long nextChargeback = 1;
  private long nextReturn = 1;

  AfterSalesSimulator(ParquetSink sink, Timeline timeline) {
    this.sink = sink;
    this.exportedAt = timeline.exportedAt();
  }

  /** Simulates and writes the after-sales history of {@code o}. */
  void simulate(SimulatedOrder o, Dice dice) {
    if (o.cancelled()) {
      return;
    }
    ReturnCase ret = simulateReturn(o, dice);
    boolean claimed = simulateClaim(o, ret, dice);
    simulateFeedback(o, claimed, dice);
    simulateChargeback(o, dice);
  }

  private ReturnCase simulateReturn(SimulatedOrder o, Dice dice) {
    if (o.receivedAt == null) {
      return null;
    }
    SimulatedOrder.Item hotspot = o.hotspotItem();
    double p = RETURN_RATE * o.seller.qualityFactor() + (hotspot != null ? 0.15 : 0);
    if (!dice.chance(p)) {
      return null;
    }
    SimulatedOrder.Item item =
        hotspot != null && dice.chance(0.7) ? hotspot : o.items.get(dice.nextInt(o.items.size()));
    double u = dice.unit();
    Instant requested = o.receivedAt.plus(dice.days(0.3, 1 + 24 * u * u));
    if (requested.isAfter(exportedAt)) {
      return null;
    }
    Row first =
        sink.row(Returns.SCHEMA)
            .set(Returns.RETURN_ID, Ids.of("R", nextReturn++))
            .set(Orders.ORDER_ID, o.orderId)
            .set(Returns.SKU, dice.chance(0.95) ? item.sku() : null)
            .set(Returns.REQUESTED_TS, requested);
    Snapshots s = new Snapshots(sink, first, Returns.UPDATED_TS, exportedAt);
    s.at(requested, r -> r.set(Returns.STATUS, Returns.Status.REQUESTED.name()));
    int path = dice.weighted(7, 8, 85);
    if (path == 0) {
      Instant rejected = requested.plus(dice.days(0.5, 3));
      s.at(rejected, r -> r.set(Returns.STATUS, Returns.Status.REJECTED.name()));
      return new ReturnCase(item, requested, known(rejected), null, null, false);
    }
    Instant authorized = requested.plus(dice.hours(1, 48));
    s.at(authorized, r -> r.set(Returns.STATUS, Returns.Status.AUTHORIZED.name()));
    if (path == 1) {
      // the buyer never sends it back: closed after the return window
      s.at(
          authorized.plus(dice.days(30, 31)),
          r -> r.set(Returns.STATUS, Returns.Status.CLOSED.name()));
      return new ReturnCase(item, requested, null, null, null, false);
    }
    Instant received = authorized.plus(dice.days(2, 10));
    s.at(
        received,
        r ->
            r.set(Returns.STATUS, Returns.Status.RECEIVED.name())
                .set(Returns.RECEIVED_TS, received));
    int refund = dice.weighted(80, 12, 8);
    if (refund == 2) {
      // received and never refunded
      return new ReturnCase(item, requested, null, known(received), null, known(received) != null);
    }
    Instant refunded =
        refund == 0 ? received.plus(dice.hours(1, 40)) : received.plus(dice.days(2.5, 10));
    BigDecimal amount =
        dice.chance(0.1) ? item.price().multiply(BigDecimal.valueOf(0.8)) : item.price();
    s.at(
        refunded,
        r ->
            r.set(Returns.STATUS, Returns.Status.REFUNDED.name())
                .set(Returns.REFUNDED_TS, refunded)
                .set(Returns.REFUND_AMOUNT, amount));
    if (dice.chance(0.5)) {
      s.at(
          refunded.plus(dice.days(1, 5)), r -> r.set(Returns.STATUS, Returns.Status.CLOSED.name()));
    }
    return new ReturnCase(
        item,
        requested,
        null,
        known(received),
        known(refunded),
        refund == 1 && known(received) != null);
  }

  /** {@code t} if it happened before the export, else null. */
  private Instant known(Instant t) {
    return t == null || t.isAfter(exportedAt) ? null : t;
  }

  private boolean simulateClaim(SimulatedOrder o, ReturnCase ret, Dice dice) {
    Claims.Reason reason = null;
    Instant filed = null;
    SimulatedOrder.Item item = null;
    Instant delivered = o.deliveredAt();
    // item not received: the more the facts point to a real non-receipt, the likelier
    if (!o.shipped()) {
      if (dice.chance(0.4)) {
        reason = Claims.Reason.ITEM_NOT_RECEIVED;
        filed = o.latestShipAt.plus(dice.days(2, 12));
      }
    } else if (o.receivedAt == null) {
      if (dice.chance(0.45)) {
        reason = Claims.Reason.ITEM_NOT_RECEIVED;
        filed = o.latestDeliveryAt.plus(dice.days(0.5, 10));
      } else if (dice.chance(0.01)) {
        // impatient buyer, before the promised delivery date
        reason = Claims.Reason.ITEM_NOT_RECEIVED;
        filed = o.shipTime().plus(dice.days(0.5, 2));
      }
    } else if (delivered == null) {
      if (dice.chance(0.03)) {
        reason = Claims.Reason.ITEM_NOT_RECEIVED;
        filed = o.latestDeliveryAt.plus(dice.days(1, 10));
      }
    } else if (delivered.isAfter(o.latestDeliveryAt)) {
      if (dice.chance(0.03)) {
        reason = Claims.Reason.ITEM_NOT_RECEIVED;
        filed = o.latestDeliveryAt.plus(dice.days(0.2, 3));
      }
    } else if (dice.chance(0.004)) {
      reason = Claims.Reason.ITEM_NOT_RECEIVED;
      filed = delivered.plus(dice.days(1, 10));
    }
    // refund and return disputes
    if (reason == null && ret != null) {
      if (ret.rejectedAt() != null && dice.chance(0.35)) {
        reason = Claims.Reason.RETURN_REFUSED;
        filed = ret.rejectedAt().plus(dice.days(1, 7));
      } else if (ret.refundedLate() || (ret.receivedAt() != null && ret.refundedAt() == null)) {
        if (dice.chance(0.35)) {
          reason = Claims.Reason.REFUND_NOT_RECEIVED;
          filed = ret.receivedAt().plus(dice.days(3, 15));
        }
      } else if (ret.receivedAt() == null && ret.rejectedAt() == null) {
        if (dice.chance(0.06)) {
          reason = Claims.Reason.REFUND_NOT_RECEIVED;
          filed = ret.requestedAt().plus(dice.days(7, 20));
        }
      } else if (ret.refundedAt() != null && dice.chance(0.01)) {
        reason = Claims.Reason.REFUND_NOT_RECEIVED;
        filed = ret.refundedAt().plus(dice.days(2, 10));
      }
      if (reason != null) {
        item = ret.item();
      }
    }
    // the product itself
    if (reason == null && o.receivedAt != null) {
      SimulatedOrder.Item hotspot = o.hotspotItem();
      if (hotspot != null && dice.chance(HOTSPOT_CLAIM_RATE)) {
        item = hotspot;
      } else if (dice.chance(QUALITY_CLAIM_RATE * o.seller.qualityFactor())) {
        item = o.items.get(dice.nextInt(o.items.size()));
      }
      if (item != null) {
        reason = QUALITY_CLAIM_REASONS[dice.weighted(QUALITY_CLAIM_WEIGHTS)];
        double u = dice.unit();
        filed = o.receivedAt.plus(dice.days(0.3, 1 + 20 * u * u));
      }
    }
    if (reason == null && o.shipped() && dice.chance(0.0015)) {
      reason = Claims.Reason.OTHER;
      filed = o.purchasedAt.plus(dice.days(3, 30));
    }
    if (reason == null || filed.isAfter(exportedAt)) {
      return false;
    }
    writeClaim(o, reason, filed, item, dice);
    return true;
  }

  private void writeClaim(
      SimulatedOrder o, Claims.Reason reason, Instant filed, SimulatedOrder.Item item, Dice dice) {
    boolean quality = Claims.QUALITY_REASONS.contains(reason);
    String sku = null;
    if (item != null && (quality ? dice.chance(0.85) : dice.chance(0.3))) {
      sku = item.sku();
    }
    BigDecimal amount = sku != null ? item.price() : o.total;
    Row first =
        sink.row(Claims.SCHEMA)
            .set(Claims.CLAIM_ID, Ids.of("C", nextClaim++))
            .set(Orders.ORDER_ID, o.orderId)
            .set(Claims.SKU, sku)
            .set(Claims.FILED_TS, filed)
            .set(Claims.REASON, reason.name())
            .set(Claims.BUYER_COMMENT, Texts.claimComment(reason, dice))
            .set(Claims.AMOUNT, amount);
    Snapshots s = new Snapshots(sink, first, Claims.UPDATED_TS, exportedAt);
    s.at(filed, r -> r.set(Claims.STATUS, Claims.Status.OPEN.name()));
    Instant response = null;
    if (dice.chance(o.seller.responseRate())) {
      Duration delay =
          dice.chance(o.seller.lateResponseShare()) ? dice.hours(49, 150) : dice.hours(1, 40);
      response = filed.plus(delay);
    }
    boolean lateResponse = response == null || response.isAfter(filed.plus(RESPONSE_WINDOW));
    // an item-not-received claim the buyer files before the parcel turns up is often withdrawn
    if (reason == Claims.Reason.ITEM_NOT_RECEIVED
        && o.receivedAt != null
        && o.receivedAt.isAfter(filed)
        && dice.chance(0.5)) {
      Instant withdrawn = o.receivedAt.plus(dice.hours(2, 72));
      if (response != null && response.isBefore(withdrawn)) {
        Instant answered = response;
        s.at(answered, r -> r.set(Claims.SELLER_RESPONSE_TS, answered));
      }
      s.at(withdrawn, r -> r.set(Claims.STATUS, Claims.Status.WITHDRAWN.name()));
      return;
    }
    if (response != null) {
      Instant answered = response;
      s.at(answered, r -> r.set(Claims.SELLER_RESPONSE_TS, answered));
    }
    Instant review =
        (response != null ? response : filed.plus(RESPONSE_WINDOW)).plus(dice.hours(1, 24));
    s.at(review, r -> r.set(Claims.STATUS, Claims.Status.UNDER_REVIEW.name()));
    boolean buyerSide =
        reason == Claims.Reason.ITEM_NOT_RECEIVED
            && (o.signed() || (o.shipped() && filed.isBefore(o.latestDeliveryAt)));
    int outcome;
    if (buyerSide) {
      outcome = dice.weighted(15, 70, 10, 5);
    } else if (lateResponse) {
      outcome = dice.weighted(70, 10, 8, 12);
    } else {
      outcome = dice.weighted(45, 22, 10, 23);
    }
    Claims.Status status = CLAIM_OUTCOMES[outcome];
    String fundedBy = null;
    if (status == Claims.Status.GRANTED) {
      // the platform pays when the carrier lost a tracked parcel bought through its own shipping
      boolean carrierFault =
          o.receivedAt == null && o.validTracking() && !Boolean.FALSE.equals(buyShipping(o));
      fundedBy =
          dice.chance(carrierFault ? 0.6 : 0.08)
              ? Claims.FundedBy.PLATFORM.name()
              : Claims.FundedBy.SELLER.name();
    } else if (status == Claims.Status.CLOSED_REFUNDED) {
      fundedBy = Claims.FundedBy.SELLER.name();
    }
    String funder = fundedBy;
    s.at(
        review.plus(dice.days(1, 10)),
        r -> r.set(Claims.STATUS, status.name()).set(Claims.FUNDED_BY, funder));
  }

  private static Boolean buyShipping(SimulatedOrder o) {
    return o.parcels.isEmpty() ? null : o.parcels.get(0).buyShipping();
  }

  private void simulateFeedback(SimulatedOrder o, boolean claimed, Dice dice) {
    if (!o.shipped()) {
      return;
    }
    Instant delivered = o.deliveredAt();
    boolean trouble =
        claimed
            || o.shippedLate()
            || o.receivedAt == null
            || (delivered != null && delivered.isAfter(o.latestDeliveryAt));
    if (!dice.chance(trouble ? 0.12 : 0.045)) {
      return;
    }
    int rating = 1 + (trouble ? dice.weighted(45, 25, 15, 8, 7) : dice.weighted(2, 2, 6, 20, 70));
    double u = dice.unit();
    Instant base = o.receivedAt != null ? o.receivedAt : o.latestDeliveryAt;
    Instant at = base.plus(dice.days(0.2, 1 + 29 * u * u));
    Row first =
        sink.row(Feedback.SCHEMA)
            .set(Feedback.FEEDBACK_ID, Ids.of("F", nextFeedback++))
            .set(Orders.ORDER_ID, o.orderId)
            .set(Feedback.RATING, rating)
            .set(Feedback.COMMENT, Texts.feedbackComment(rating, dice))
            .set(Feedback.FEEDBACK_TS, at);
    Snapshots s = new Snapshots(sink, first, Feedback.UPDATED_TS, exportedAt);
    s.at(at, r -> r.set(Feedback.REMOVED, false));
    // negative feedback on platform-fulfilled orders is struck through when it is about delivery
    boolean afn = Orders.Channel.AFN.name().equals(o.channel);
    if (rating <= Feedback.NEGATIVE_RATING_MAX && dice.chance(afn ? 0.5 : 0.15)) {
      s.at(at.plus(dice.days(1, 20)), r -> r.set(Feedback.REMOVED, true));
    }
  }

  private void simulateChargeback(SimulatedOrder o, Dice dice) {
    boolean notReceived = o.shipped() && o.receivedAt == null;
    if (!dice.chance(notReceived ? 0.04 : 0.006)) {
      return;
    }
    Instant filed = o.purchasedAt.plus(dice.days(7, 60));
    if (filed.isAfter(exportedAt)) {
      return;
    }
    // FRAUD, SERVICE, OTHER: a parcel that never came is disputed as a service failure
    double[] weights = notReceived ? new double[] {10, 80, 10} : new double[] {45, 40, 15};
    Chargebacks.Reason reason = Chargebacks.Reason.values()[dice.weighted(weights)];
    Row first =
        sink.row(Chargebacks.SCHEMA)
            .set(Chargebacks.CHARGEBACK_ID, Ids.of("K", nextChargeback++))
            .set(Orders.ORDER_ID, o.orderId)
            .set(Chargebacks.FILED_TS, filed)
            .set(Chargebacks.REASON, reason.name());
    Snapshots s = new Snapshots(sink, first, Chargebacks.UPDATED_TS, exportedAt);
    s.at(filed, r -> r.set(Chargebacks.STATUS, Chargebacks.Status.OPEN.name()));
    int outcome = dice.weighted(55, 35, 10);
    if (outcome == 0) {
      s.at(
          filed.plus(dice.days(5, 20)),
          r -> r.set(Chargebacks.STATUS, Chargebacks.Status.ACCEPTED.name()));
    } else if (outcome == 1) {
      s.at(
          filed.plus(dice.days(10, 45)),
          r -> r.set(Chargebacks.STATUS, Chargebacks.Status.REVERSED.name()));
    }
  }
}
