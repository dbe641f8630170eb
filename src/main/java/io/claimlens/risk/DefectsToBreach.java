package io.claimlens.risk;

import static org.apache.spark.sql.functions.ceil;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import io.claimlens.config.MarketplacePolicy;
import io.claimlens.config.MetricId;
import io.claimlens.config.MetricPolicy;
import io.claimlens.config.Policy;
import io.claimlens.config.Target;
import io.claimlens.policy.ExactDecimals;
import io.claimlens.policy.PolicyColumns;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.types.DataTypes;

/**
 * The fewest further defective orders in today's ODR window that would make the ODR breach, the
 * denominator unchanged (SPEC §4 {@code defects_to_breach}): max(0, ceil(target × orders) −
 * defects) for a {@code <} target, max(0, floor(target × orders) + 1 − defects) for {@code <=}.
 *
 * <p>target × orders is taken in exact decimals, the target as the policy wrote it: in doubles 0.07
 * × 100 is 7.000000000000001, whose ceiling would say 8 defects where 7 make 7% and breach a {@code
 * < 0.07} target, and 0.29 × 100 is 28.999999999999996, one defect short for {@code <= 0.29}.
 */
public final class DefectsToBreach {
  private DefectsToBreach() {}

  /**
   * Defects to breach the ODR target of the row's marketplace. Null with no orders, when the
   * marketplace has no ODR target or a higher-is-better one (there is no "further defect" that
   * breaches it), and when even every order defective would not breach ({@code <= 1}).
   */
  public static Column ofOdr(
      Policy policy, Column marketplaceId, Column orders, Column defectiveOrders) {
    Column condition =
        PolicyColumns.setting(
                policy,
                marketplaceId,
                m -> odrTarget(m).map(t -> t.comparison().symbol()).orElse(null))
            .cast(DataTypes.StringType);
    Column target =
        PolicyColumns.setting(
                policy, marketplaceId, m -> odrTarget(m).map(DefectsToBreach::exact).orElse(null))
            .cast(ExactDecimals.FRACTION);
    return of(orders, defectiveOrders, condition, target);
  }

  /**
   * Defects to breach a lower-is-better target: {@code condition} {@code <} or {@code <=}, {@code
   * target} a {@link ExactDecimals#FRACTION}; null for any other condition.
   */
  static Column of(Column orders, Column defectiveOrders, Column condition, Column target) {
    Column scaled = orders.cast(ExactDecimals.COUNT).multiply(target);
    Column breachingDefects =
        when(condition.equalTo(lit(Target.Comparison.LT.symbol())), ceil(scaled))
            .when(condition.equalTo(lit(Target.Comparison.LE.symbol())), floor(scaled).plus(1))
            .cast(DataTypes.LongType);
    return when(
        orders.gt(0).and(breachingDefects.leq(orders)),
        greatest(lit(0L), breachingDefects.minus(defectiveOrders)));
  }

  /**
   * The target value at {@link ExactDecimals#FRACTION}'s scale; the parser allows 9 places at most.
   */
  private static BigDecimal exact(Target target) {
    return target.value().setScale(ExactDecimals.FRACTION.scale(), RoundingMode.UNNECESSARY);
  }

  private static Optional<Target> odrTarget(MarketplacePolicy m) {
    return m.metrics().stream()
        .filter(p -> p.metric() == MetricId.ODR)
        .findFirst()
        .flatMap(MetricPolicy::target);
  }
}
