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
import java.util.Objects;
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
    return byValue(
        policy,
        marketplaceId,
        m -> {
          Map<String, Object> byMetric = new LinkedHashMap<>();
          m.metrics().forEach(p -> byMetric.put(p.metric().name(), setting.apply(p)));
          return byMetric;
        },
        byMetric -> byMetric(byMetric, metric));
  }

  private static Column byMetric(Map<String, Object> settings, Column metric) {
    Column value = null;
    for (Map.Entry<String, Object> e : settings.entrySet()) {
      Column branch = metric.equalTo(lit(e.getKey()));
      Column v = lit(e.getValue());
      value = value == null ? when(branch, v) : value.when(branch, v);
    }
    return value == null ? lit(null) : value;
  }

  /**
   * An expression per policy entry, chosen by the marketplace (or policy key) in {@code
   * marketplaceId}: {@code perEntry(policy, col(POLICY_KEY), m -> date_sub(asOf, m.span()))}. The
   * default entry's expression is the fallback, so a row always gets one.
   */
  public static Column perEntry(
      Policy policy, Column marketplaceId, Function<MarketplacePolicy, Column> expression) {
    return byValue(policy, marketplaceId, expression, Function.identity());
  }

  private static Column lookup(
      Policy policy, Column marketplaceId, Function<MarketplacePolicy, Object> setting) {
    return byValue(policy, marketplaceId, setting, v -> lit(v));
  }

  /**
   * A setting by the marketplace in {@code marketplaceId}: one branch per distinct value (or
   * expression: columns compare by their expression trees) of the listed entries that is not the
   * default entry's, which is the fallback. Most settings are the same in every marketplace, and
   * are then one value, not a CASE that compares each row's marketplace with every listed id
   * (seller_risk read eight such settings for each of its rows, each comparing up to ten ids, then
   * up to ten metric names).
   */
  private static <V> Column byValue(
      Policy policy,
      Column marketplaceId,
      Function<MarketplacePolicy, V> setting,
      Function<V, Column> column) {
    V fallback = setting.apply(policy.defaults());
    Map<V, List<String>> idsByValue = new LinkedHashMap<>();
    for (MarketplacePolicy m : policy.marketplaces()) {
      V value = setting.apply(m);
      if (!Objects.equals(value, fallback)) {
        idsByValue.computeIfAbsent(value, v -> new ArrayList<>()).add(m.id());
      }
    }
    Column lookup = null;
    for (Map.Entry<V, List<String>> e : idsByValue.entrySet()) {
      Column branch = marketplaceId.isin(e.getValue().toArray());
      Column value = column.apply(e.getKey());
      lookup = lookup == null ? when(branch, value) : lookup.when(branch, value);
    }
    Column otherwise = column.apply(fallback);
    return lookup == null ? otherwise : lookup.otherwise(otherwise);
  }
}
