package io.claimlens.metrics;

/** How a metric row stands against its target (SPEC §2.2). */
public enum MetricStatus {
  GOOD,
  /** Passing, but with at least the warning fraction of the allowance used. */
  AT_RISK,
  BREACH,
  /** The denominator is 0. */
  NO_DATA
}
