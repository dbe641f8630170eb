package io.claimlens.risk;

import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import io.claimlens.config.Policy;
import io.claimlens.config.RiskPolicy;
import io.claimlens.policy.PolicyColumns;
import org.apache.spark.sql.Column;

/** The tier of a risk score (SPEC §4 {@code risk_tier}), by the marketplace's risk settings. */
public enum RiskTier {
  LOW,
  MEDIUM,
  HIGH,
  CRITICAL;

  /**
   * The tier of {@code score} under {@code risk}: the highest tier whose lowest score it reaches.
   */
  public static RiskTier of(int score, RiskPolicy risk) {
    if (score >= risk.criticalFrom()) {
      return CRITICAL;
    }
    if (score >= risk.highFrom()) {
      return HIGH;
    }
    return score >= risk.mediumFrom() ? MEDIUM : LOW;
  }

  /**
   * {@link #of(int, RiskPolicy)} as a column: the tier name of {@code score} in its marketplace.
   */
  public static Column of(Column score, Policy policy, Column marketplaceId) {
    return when(score.geq(from(policy, marketplaceId, CRITICAL)), lit(CRITICAL.name()))
        .when(score.geq(from(policy, marketplaceId, HIGH)), lit(HIGH.name()))
        .when(score.geq(from(policy, marketplaceId, MEDIUM)), lit(MEDIUM.name()))
        .otherwise(lit(LOW.name()));
  }

  private static Column from(Policy policy, Column marketplaceId, RiskTier tier) {
    return PolicyColumns.setting(
        policy,
        marketplaceId,
        m ->
            switch (tier) {
              case CRITICAL -> m.risk().criticalFrom();
              case HIGH -> m.risk().highFrom();
              case MEDIUM -> m.risk().mediumFrom();
              case LOW -> 0;
            });
  }
}
