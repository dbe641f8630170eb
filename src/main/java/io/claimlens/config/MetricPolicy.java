package io.claimlens.config;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

/**
 * How one marketplace measures one metric: its window, its target (none for informational metrics),
 * the warning fraction of the allowance that makes a passing rate AT_RISK, the channels it is
 * reported for, and how much the risk score weighs it (SPEC §4.1 "Risk score calibration").
 *
 * @param weight 0..1: how much the platforms act on the metric; a row's risk score is scaled by it
 * @param minDefects the fewest defects (bad units: numerator for lower-is-better targets,
 *     denominator − numerator for higher-is-better ones) for a BREACH to score as one; a breach on
 *     fewer scores as AT_RISK at most
 */
public record MetricPolicy(
    MetricId metric,
    WindowSpec window,
    Optional<Target> target,
    BigDecimal warningFraction,
    List<Channel> channels,
    BigDecimal weight,
    int minDefects) {

  public MetricPolicy {
    channels = List.copyOf(channels);
  }

  /** A metric with the {@link #defaultWeight} and {@link #defaultMinDefects} of its id. */
  public MetricPolicy(
      MetricId metric,
      WindowSpec window,
      Optional<Target> target,
      BigDecimal warningFraction,
      List<Channel> channels) {
    this(
        metric,
        window,
        target,
        warningFraction,
        channels,
        defaultWeight(metric),
        defaultMinDefects(metric));
  }

  /**
   * The weight of a metric when the policy does not say: how the platforms enforce it today
   * (docs/policy.md gives the sources). 1 where a breach can cost the account, less where it
   * restricts a category or feature, least where it is a performance target nobody enforces.
   */
  public static BigDecimal defaultWeight(MetricId metric) {
    return new BigDecimal(
        switch (metric) {
          // Amazon: ODR above 1% can get the account deactivated; eBay's defect rate and cases
          // closed without seller resolution decide "below standard" the same way
          case ODR -> "1";
          // Amazon: above 2.5% "may result in deactivation"; Walmart suspends above its 2%
          case PRE_FULFILLMENT_CANCEL_RATE -> "0.8";
          // Amazon: above 4% "may result in deactivation"; eBay counts late shipments in its
          // seller level
          case LATE_SHIPMENT_RATE -> "0.8";
          // Amazon: below 95% loses the right to sell in some categories, not the account
          case VALID_TRACKING_RATE -> "0.6";
          // Amazon: a target, not a policy; Walmart enforces 90% with performance reviews
          case ON_TIME_DELIVERY_RATE -> "0.5";
          // Amazon: a target with no sanction of its own
          case RETURN_DISSATISFACTION_RATE -> "0.5";
          // Amazon: informational, it feeds Featured Offer eligibility, never an account action
          case PERFECT_ORDER_PERCENTAGE -> "0.3";
          // parts of the ODR without a target of their own: never scored
          case CLAIM_RATE, NEGATIVE_FEEDBACK_RATE, CHARGEBACK_RATE -> "0";
        });
  }

  /**
   * The fewest defects for a breach to score as one when the policy does not say, after eBay's rule
   * that a rate over the line on very few defects is not yet a failure (docs/policy.md).
   */
  public static int defaultMinDefects(MetricId metric) {
    return switch (metric) {
      // eBay tolerates 2 cases closed without seller resolution whatever the rate: the 3rd counts
      case ODR, CLAIM_RATE, NEGATIVE_FEEDBACK_RATE, CHARGEBACK_RATE -> 3;
      // eBay: below standard takes 5 or more defects (seller cancellations) from unique buyers
      case PRE_FULFILLMENT_CANCEL_RATE -> 5;
      // eBay Top Rated: at most 5 late shipments whatever the rate; the same count for the other
      // fulfilment rates, for which no platform publishes one
      case LATE_SHIPMENT_RATE,
          VALID_TRACKING_RATE,
          ON_TIME_DELIVERY_RATE,
          PERFECT_ORDER_PERCENTAGE ->
          5;
      // eBay: returns closed without seller resolution count like its cases: the 3rd counts
      case RETURN_DISSATISFACTION_RATE -> 3;
    };
  }
}
