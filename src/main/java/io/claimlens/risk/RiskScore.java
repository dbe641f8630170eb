package io.claimlens.risk;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import io.claimlens.config.MetricPolicy;
import io.claimlens.config.Policy;
import io.claimlens.config.Target;
import io.claimlens.metrics.MetricStatus;
import io.claimlens.metrics.SellerMetrics;
import io.claimlens.policy.PolicyColumns;
import io.claimlens.schema.SellerMetricsTable;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

/**
 * The calibrated risk score of a seller_metrics row (SPEC §4.1, docs/risk.md): the row's status
 * decides the tier band its score falls in, the evidence where in the band, and the metric's weight
 * how much of it counts.
 *
 * <pre>
 *   BREACH with at least min_defects defects:  high_from + (100 − high_from) × min(1, u_sure)
 *   AT_RISK, or BREACH on fewer defects:       medium_from + (high_from − 1 − medium_from) × s
 *   GOOD:                                      (medium_from − 1) × min(1, u_point / warning)
 *   row score = weight × band score;  seller score = the highest row score, rounded
 * </pre>
 *
 * where u_point is the share of the target's allowance the rate uses, u_sure the same at the 95%
 * Wilson bound on the bad side (how sure the breach is), and s = (u_point − warning) / (1 −
 * warning) clamped to [0, 1]: how far a warning has gone towards the line. With weight 1 a counted
 * breach is HIGH at least, and CRITICAL once the Wilson bound itself is most of the way over the
 * line; a weight below 1 caps what a metric can reach, so a metric no platform acts on cannot make
 * a seller CRITICAL by itself.
 */
public final class RiskScore {
  /** The highest score. */
  public static final int MAX = 100;

  private static final String WEIGHT = "_weight";
  private static final String WARNING = "_warning";
  private static final String MIN_DEFECTS = "_min_defects";
  private static final String MEDIUM_FROM = "_medium_from";
  private static final String HIGH_FROM = "_high_from";

  private RiskScore() {}

  /**
   * {@code seller_metrics} rows with the settings {@link #ofMetricRow} and {@link #countedBreach}
   * read: the metric's weight, warning fraction and min_defects, the marketplace's tier thresholds.
   * Added once as columns, not inlined into every expression that reads them: each is a CASE over
   * the policy's marketplaces and metrics, and inlined it multiplied the plan's size.
   */
  public static Dataset<Row> withSettings(Dataset<Row> sellerMetrics, Policy policy) {
    Column marketplace = col(SellerMetricsTable.MARKETPLACE_ID);
    Column metric = col(SellerMetricsTable.METRIC);
    return sellerMetrics
        .withColumn(
            WEIGHT,
            metricSetting(policy, marketplace, metric, p -> p.weight().doubleValue())
                .cast(DataTypes.DoubleType))
        .withColumn(
            WARNING,
            metricSetting(policy, marketplace, metric, p -> p.warningFraction().doubleValue())
                .cast(DataTypes.DoubleType))
        .withColumn(
            MIN_DEFECTS,
            metricSetting(policy, marketplace, metric, p -> (long) p.minDefects())
                .cast(DataTypes.LongType))
        .withColumn(MEDIUM_FROM, marketplaceSetting(policy, marketplace, Tier.MEDIUM))
        .withColumn(HIGH_FROM, marketplaceSetting(policy, marketplace, Tier.HIGH));
  }

  /**
   * The score 0..100 of a {@code seller_metrics} row {@link #withSettings}; null for a row the
   * score ignores: no target, or no rate (NO_DATA).
   */
  public static Column ofMetricRow() {
    Column condition = col(SellerMetricsTable.TARGET_CONDITION);
    Column target = col(SellerMetricsTable.TARGET_VALUE);
    Column rate = col(SellerMetricsTable.RATE);
    Column status = col(SellerMetricsTable.STATUS);
    Column lowerIsBetter =
        condition.isin(Target.Comparison.LT.symbol(), Target.Comparison.LE.symbol());
    Column allowance = when(lowerIsBetter, target).otherwise(lit(1.0).minus(target));
    Column usedPoint = when(lowerIsBetter, rate).otherwise(lit(1.0).minus(rate));
    Column usedSure =
        when(lowerIsBetter, col(SellerMetricsTable.RATE_LOW))
            .otherwise(lit(1.0).minus(col(SellerMetricsTable.RATE_HIGH)));
    Column breach = status.equalTo(lit(MetricStatus.BREACH.name()));
    Column warning = col(WARNING);
    Column weight = col(WEIGHT);
    Column medium = col(MEDIUM_FROM);
    Column high = col(HIGH_FROM);

    Column sure = share(usedSure, allowance, breach);
    Column point = share(usedPoint, allowance, breach);
    Column warned =
        when(warning.geq(1.0), lit(1.0))
            .otherwise(
                least(
                    lit(1.0),
                    greatest(lit(0.0), point.minus(warning).divide(lit(1.0).minus(warning)))));
    Column band =
        when(countedBreach(), high.plus(lit((double) MAX).minus(high).multiply(sure)))
            .when(
                breach.or(status.equalTo(lit(MetricStatus.AT_RISK.name()))),
                medium.plus(high.minus(1).minus(medium).multiply(warned)))
            .otherwise(medium.minus(1).multiply(least(lit(1.0), point.divide(warning))));
    Column scored =
        condition
            .isNotNull()
            .and(target.isNotNull())
            .and(rate.isNotNull())
            .and(status.notEqual(lit(MetricStatus.NO_DATA.name())));
    return when(scored, weight.multiply(band));
  }

  /**
   * Whether a seller_metrics row ({@link #withSettings}) is a BREACH with at least its metric's
   * {@code min_defects} defects (bad units: the numerator under a lower-is-better target, the rest
   * of the denominator under a higher-is-better one).
   */
  public static Column countedBreach() {
    Column condition = col(SellerMetricsTable.TARGET_CONDITION);
    Column lowerIsBetter =
        condition.isin(Target.Comparison.LT.symbol(), Target.Comparison.LE.symbol());
    Column minDefects = col(MIN_DEFECTS);
    return col(SellerMetricsTable.STATUS)
        .equalTo(lit(MetricStatus.BREACH.name()))
        .and(badUnits(lowerIsBetter).geq(minDefects));
  }

  /** Whether a row is the ODR of channel ALL in a counted breach: the seller is HIGH at least. */
  public static Column countedOdrBreach() {
    return SellerMetrics.isOdrOfAll().and(countedBreach());
  }

  /** The lowest score of HIGH in the row's marketplace ({@link #withSettings}). */
  public static Column highFrom() {
    return col(HIGH_FROM);
  }

  /** A row's defects: numerator when lower is better, denominator − numerator otherwise. */
  static Column badUnits(Column lowerIsBetter) {
    Column numerator = col(SellerMetricsTable.NUMERATOR);
    return when(lowerIsBetter, numerator)
        .otherwise(col(SellerMetricsTable.DENOMINATOR).minus(numerator));
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

  private enum Tier {
    MEDIUM,
    HIGH
  }

  private static Column marketplaceSetting(Policy policy, Column marketplace, Tier tier) {
    return PolicyColumns.setting(
            policy,
            marketplace,
            m -> (double) (tier == Tier.MEDIUM ? m.risk().mediumFrom() : m.risk().highFrom()))
        .cast(DataTypes.DoubleType);
  }

  private static Column metricSetting(
      Policy policy,
      Column marketplace,
      Column metric,
      java.util.function.Function<MetricPolicy, Object> setting) {
    return PolicyColumns.metricSetting(policy, marketplace, metric, setting);
  }
}
