package io.claimlens.metrics;

import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.sqrt;
import static org.apache.spark.sql.functions.when;

import io.claimlens.policy.ExactDecimals;
import org.apache.spark.sql.Column;

/**
 * Rates from (numerator, denominator) counts, taken last so that counts add up over any window: the
 * point estimate, the 95% Wilson score interval, and the status against a target.
 */
public final class Rates {
  /** z for a two-sided 95% interval. */
  static final double Z = 1.96;

  private Rates() {}

  /** numerator / denominator, or null when the denominator is 0. */
  public static Column rate(Column numerator, Column denominator) {
    return when(denominator.gt(0), numerator.cast("double").divide(denominator.cast("double")));
  }

  /** Lower bound of the Wilson score interval; null when the denominator is 0. */
  public static Column wilsonLow(Column numerator, Column denominator) {
    // at 0 the formula is 0 up to a rounding error, which would put the rate below its own bound
    return when(denominator.gt(0).and(numerator.equalTo(0)), lit(0.0))
        .otherwise(wilson(numerator, denominator, -1));
  }

  /** Upper bound of the Wilson score interval; null when the denominator is 0. */
  public static Column wilsonHigh(Column numerator, Column denominator) {
    return when(denominator.gt(0).and(numerator.equalTo(denominator)), lit(1.0))
        .otherwise(wilson(numerator, denominator, 1));
  }

  private static Column wilson(Column numerator, Column denominator, int sign) {
    Column n = denominator.cast("double");
    Column p = numerator.cast("double").divide(n);
    double z2 = Z * Z;
    Column scale = lit(1.0).plus(lit(z2).divide(n));
    Column center = p.plus(lit(z2).divide(n.multiply(2))).divide(scale);
    Column half =
        lit(Z)
            .divide(scale)
            .multiply(
                sqrt(
                    p.multiply(lit(1.0).minus(p))
                        .divide(n)
                        .plus(lit(z2).divide(n.multiply(n).multiply(4)))));
    return when(
        denominator.gt(0), least(lit(1.0), greatest(lit(0.0), center.plus(half.multiply(sign)))));
  }

  /**
   * The status of SPEC §2.2, judged exactly in decimals: a rate on the warning line is AT_RISK.
   *
   * @param condition the target's comparison symbol, null for a metric without a target
   * @param target the target value as {@link ExactDecimals#FRACTION}
   * @param lowerIsBetter whether the comparison is {@code <} or {@code <=}
   * @param atRiskUse the used allowance (as a rate) from which a passing rate is AT_RISK
   */
  public static Column status(
      Column numerator,
      Column denominator,
      Column condition,
      Column target,
      Column lowerIsBetter,
      Column atRiskUse) {
    Column num = numerator.cast(ExactDecimals.COUNT);
    Column den = denominator.cast(ExactDecimals.COUNT);
    Column used = when(lowerIsBetter, num).otherwise(den.minus(num));
    return when(denominator.isNull().or(denominator.equalTo(0)), lit(MetricStatus.NO_DATA.name()))
        .when(condition.isNull(), lit(MetricStatus.GOOD.name()))
        .when(passes(num, den, condition, target).unary_$bang(), lit(MetricStatus.BREACH.name()))
        .when(used.geq(den.multiply(atRiskUse)), lit(MetricStatus.AT_RISK.name()))
        .otherwise(lit(MetricStatus.GOOD.name()));
  }

  /**
   * Whether counts with a nonzero denominator are no longer BREACH by {@link #status}: the target
   * is met, or there is none. It needs neither the allowance nor the direction, which only tell
   * AT_RISK from GOOD, so a replay of a row's counts (the look-ahead) carries two columns fewer.
   */
  static Column noLongerBreaches(
      Column numerator, Column denominator, Column condition, Column target) {
    Column met =
        passes(
            numerator.cast(ExactDecimals.COUNT),
            denominator.cast(ExactDecimals.COUNT),
            condition,
            target);
    // a status past the BREACH branch is not BREACH, whatever met's null says
    return condition.isNull().or(not(met.eqNullSafe(lit(false))));
  }

  /** num against den × target by the condition's symbol; null for a symbol of none of the four. */
  private static Column passes(Column num, Column den, Column condition, Column target) {
    Column scaledTarget = den.multiply(target);
    return when(condition.equalTo("<"), num.lt(scaledTarget))
        .when(condition.equalTo("<="), num.leq(scaledTarget))
        .when(condition.equalTo(">"), num.gt(scaledTarget))
        .when(condition.equalTo(">="), num.geq(scaledTarget));
  }
}
