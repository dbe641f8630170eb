package io.claimlens.config;

/** The metrics of the catalog (SPEC §2.2) that a policy can configure. */
public enum MetricId {
  /** Order Defect Rate: orders with a counting claim, negative feedback or chargeback. */
  ODR,
  /** Orders with a counting claim. */
  CLAIM_RATE,
  /** Orders with a negative feedback that was not removed. */
  NEGATIVE_FEEDBACK_RATE,
  /** Orders with a chargeback that was not reversed. */
  CHARGEBACK_RATE,
  /** Shipped orders confirmed after their promised ship-by time. */
  LATE_SHIPMENT_RATE,
  /** Orders the seller cancelled before any package shipped. */
  PRE_FULFILLMENT_CANCEL_RATE,
  /** Shipped orders whose every package has a tracking id and a carrier scan. */
  VALID_TRACKING_RATE,
  /** Orders with valid tracking delivered by their promised delivery time. */
  ON_TIME_DELIVERY_RATE,
  /** Returns rejected, or refunded late or not at all once the refund deadline passed. */
  RETURN_DISSATISFACTION_RATE,
  /** Orders with no defect, seller cancellation, late shipment or return. */
  PERFECT_ORDER_PERCENTAGE
}
