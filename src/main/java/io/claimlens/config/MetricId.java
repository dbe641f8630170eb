package io.claimlens.config;

/** The metrics of the catalog (SPEC §2.2) that a policy can configure. */
public enum MetricId {
  /** Order Defect Rate: orders with a claim, negative feedback or chargeback. */
  ODR,
  CLAIM_RATE,
  NEGATIVE_FEEDBACK_RATE,
  CHARGEBACK_RATE
}
