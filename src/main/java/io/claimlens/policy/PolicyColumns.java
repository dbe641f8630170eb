package io.claimlens.policy;

import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import io.claimlens.config.MarketplacePolicy;
import io.claimlens.config.MetricPolicy;
import io.claimlens.config.Policy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.spark.sql.Column;

/**
 * Column expressions that look a row's marketplace up in the policy. A policy has a handful of
 * entries, so a CASE expression beats a join: no shuffle, and the optimizer sees through it.
 */
public final class PolicyColumns {

  private PolicyColumns() {}

  /** The policy entry key of {@code marketplaceId}: the id when listed, else the default key. */
  public static Column policyKey(Policy policy, Column marketplaceId) {
    return lookup(policy, marketplaceId, MarketplacePolicy::id);
  }

  /** The IANA time zone id of the marketplace in {@code marketplaceId} (default for unknown). */
  public static Column timeZone(Policy policy, Column marketplaceId) {
    return lookup(policy, marketplaceId, m -> m.timeZone().getId());
  }

  /**
   * Any setting of the marketplace in {@code marketplaceId} (default for unknown), as a literal per
   * policy entry: {@code setting(policy, col(MARKETPLACE_ID), m -> m.risk().highFrom())}. A null
   * setting is a null literal.
   */
  public static Column setting(
      Policy policy, Column marketplaceId, Function<MarketplacePolicy, Object> setting) {
    return lookup(policy, marketplaceId, setting);
  }

  /**
   * A setting of the metric named in {@code metric} in the marketplace in {@code marketplaceId}
   * (default entry for unknown ids); null for a metric the marketplace's catalog does not hold.
   */
  public static Column metricSetting(
      Policy policy, Column marketplaceId, Column metric, Function<MetricPolicy, Object> setting) {
    return perEntry(policy, marketplaceId, m -> byMetric(m, metric, setting));
  }

  private static Column byMetric(
      MarketplacePolicy m, Column metric, Function<MetricPolicy, Object> setting) {
    Column value = null;
    for (MetricPolicy p : m.metrics()) {
      Column branch = metric.equalTo(lit(p.metric().name()));
      Column v = lit(setting.apply(p));
      value = value == null ? when(branch, v) : value.when(branch, v);
    }
    return value == null ? lit(null) : value;
  }

  /**
   * An expression per policy entry, chosen by the marketplace (or policy key) in {@code
   * marketplaceId}: {@code perEntry(policy, col(POLICY_KEY), m -> date_sub(asOf, m.span()))}. The
   * default entry's expression is the fallback, so a row always gets one; each other expression is
   * one branch listing the marketplaces that have it (columns compare by their expression trees).
   * Most settings are the same in every marketplace, and are then one expression, not a CASE that
   * compares each row's marketplace with every listed id (seller_risk read eight such settings for
   * each of its rows, each comparing up to ten ids, then up to ten metric names).
   */
  public static Column perEntry(
      Policy policy, Column marketplaceId, Function<MarketplacePolicy, Column> expression) {
    Column fallback = expression.apply(policy.defaults());
    Map<Column, List<String>> idsByExpression = new LinkedHashMap<>();
    for (MarketplacePolicy m : policy.marketplaces()) {
      Column value = expression.apply(m);
      if (!value.equals(fallback)) {
        idsByExpression.computeIfAbsent(value, v -> new ArrayList<>()).add(m.id());
      }
    }
    Column lookup = null;
    for (Map.Entry<Column, List<String>> e : idsByExpression.entrySet()) {
      Column branch = marketplaceId.isin(e.getValue().toArray());
      lookup = lookup == null ? when(branch, e.getKey()) : lookup.when(branch, e.getKey());
    }
    return lookup == null ? fallback : lookup.otherwise(fallback);
  }

  private static Column lookup(
      Policy policy, Column marketplaceId, Function<MarketplacePolicy, Object> setting) {
    return perEntry(policy, marketplaceId, m -> lit(setting.apply(m)));
  }
}
