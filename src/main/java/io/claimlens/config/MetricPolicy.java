package io.claimlens.config;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

/**
 * How one marketplace measures one metric: its window, its target (none for informational metrics),
 * the warning fraction of the allowance that makes a passing rate AT_RISK, and the channels it is
 * reported for.
 */
public record MetricPolicy(
    MetricId metric,
    WindowSpec window,
    Optional<Target> target,
    BigDecimal warningFraction,
    List<Channel> channels) {

  public MetricPolicy {
    channels = List.copyOf(channels);
  }
}
