package io.claimlens.risk;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import io.claimlens.config.Target;
import io.claimlens.metrics.MetricStatus;
import io.claimlens.schema.SellerMetricsTable;
import org.apache.spark.sql.Column;

/**
 * How close a seller_metrics row is to breaching its target, weighed by how sure the evidence is
 * (docs/risk.md). A row scores 100 × (0.5 × min(1, u_point) + 0.5 × min(1, u_sure)), where u is the
 * share of the target's allowance the rate uses: u_point from the rate itself (what the platform
 * acts on), u_sure from the 95% Wilson bound on the bad side (what the evidence makes
 * near-certain). A seller's score is the rounded highest score of its rows.
 *
 * <p>The Wilson bound is already on every row, needs no prior, and depends on the seller's own
 * counts only: one claim in 40 orders (2.5%, lower bound 0.44%) scores 72, a hundred in 4,000
 * (2.5%, lower bound 2.06%) scores 100.
 */
public final class RiskScore {
  /** The highest score: every row's allowance used, for sure. */
  public static final int MAX = 100;

  /** Weight of the share the rate itself uses: a breach alone is worth half the score. */
  static final double POINT_WEIGHT = 0.5;

  /** Weight of the share the Wilson bound on the bad side uses: how sure the breach is. */
  static final double SURE_WEIGHT = 0.5;

  private RiskScore() {}

  /**
   * The score 0..100 of a {@code seller_metrics} row, from its columns; null for a row the score
   * ignores: no target, or no rate (NO_DATA).
   */
  public static Column ofMetricRow() {
    Column condition = col(SellerMetricsTable.TARGET_CONDITION);
    Column target = col(SellerMetricsTable.TARGET_VALUE);
    Column rate = col(SellerMetricsTable.RATE);
    Column breach = col(SellerMetricsTable.STATUS).equalTo(lit(MetricStatus.BREACH.name()));
    Column lowerIsBetter =
        condition.isin(Target.Comparison.LT.symbol(), Target.Comparison.LE.symbol());
    Column allowance = when(lowerIsBetter, target).otherwise(lit(1.0).minus(target));
    Column usedPoint = when(lowerIsBetter, rate).otherwise(lit(1.0).minus(rate));
    Column usedSure =
        when(lowerIsBetter, col(SellerMetricsTable.RATE_LOW))
            .otherwise(lit(1.0).minus(col(SellerMetricsTable.RATE_HIGH)));
    Column score =
        lit((double) MAX)
            .multiply(
                lit(POINT_WEIGHT)
                    .multiply(share(usedPoint, allowance, breach))
                    .plus(lit(SURE_WEIGHT).multiply(share(usedSure, allowance, breach))));
    Column scored =
        condition
            .isNotNull()
            .and(target.isNotNull())
            .and(rate.isNotNull())
            .and(col(SellerMetricsTable.STATUS).notEqual(lit(MetricStatus.NO_DATA.name())));
    return when(scored, score);
  }

  /**
   * min(1, used / allowance). A target with no allowance at all ({@code < 0}, {@code >= 1}) is
   * fully used by a breach and not at all by a pass.
   */
  private static Column share(Column used, Column allowance, Column breach) {
    return when(allowance.gt(0), least(lit(1.0), used.divide(allowance)))
        .when(breach, lit(1.0))
        .otherwise(lit(0.0));
  }
}
