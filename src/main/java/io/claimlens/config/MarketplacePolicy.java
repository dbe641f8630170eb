package io.claimlens.config;

import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

/**
 * The settings of one marketplace (SPEC §2): its time zone, metric catalog, claim response window,
 * refund deadline, SKU window, hotspot thresholds and risk settings.
 *
 * @param id the marketplace id, or {@link Policy#DEFAULT_ID} for the default entry
 */
public record MarketplacePolicy(
    String id,
    String name,
    ZoneId timeZone,
    List<MetricPolicy> metrics,
    Duration claimResponseWindow,
    int refundDeadlineDays,
    WindowSpec skuWindow,
    HotspotPolicy hotspot,
    RiskPolicy risk) {

  public MarketplacePolicy {
    metrics = List.copyOf(metrics);
  }

  /** W + L of the longest metric window: sellers with an order in it get seller_metrics rows. */
  public int longestMetricSpan() {
    return metrics.stream().mapToInt(m -> m.window().spanWithLag()).max().orElse(0);
  }

  /** The catalog's settings of {@code id}, when the catalog holds it. */
  public Optional<MetricPolicy> metric(MetricId id) {
    return metrics.stream().filter(m -> m.metric() == id).findFirst();
  }
}
