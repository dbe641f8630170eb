package io.claimlens.risk;

import static org.apache.spark.sql.functions.aggregate;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.date_sub;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.filter;
import static org.apache.spark.sql.functions.get;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sequence;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.transform;
import static org.apache.spark.sql.functions.when;

import io.claimlens.asof.KnownAt;
import io.claimlens.config.AsOfDates;
import io.claimlens.config.Channel;
import io.claimlens.config.MetricId;
import io.claimlens.config.MetricPolicy;
import io.claimlens.config.Policy;
import io.claimlens.config.RiskPolicy;
import io.claimlens.config.Target;
import io.claimlens.facts.Defects;
import io.claimlens.facts.OrderFacts;
import io.claimlens.metrics.DailyCounts;
import io.claimlens.metrics.MetricStatus;
import io.claimlens.policy.PolicyAtDates;
import io.claimlens.policy.PolicyColumns;
import io.claimlens.schema.Chargebacks;
import io.claimlens.schema.Claims;
import io.claimlens.schema.Feedback;
import io.claimlens.schema.Orders;
import io.claimlens.schema.OutputTables;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;

/**
 * {@code seller_risk.odr_projected} (SPEC §4.1): the ODR of channel ALL once the window's orders
 * have matured, by the chain-ladder method over the marketplace's own history.
 *
 * <p>Three small steps. {@link #referenceAges}: each defective reference order's age at its first
 * defect, counted per marketplace and age (one join of the defect states to the orders of the
 * reference days). {@link #projectedDefects}: the development curve F, one row per marketplace and
 * date (n_ref and the defects up to each age below H), broadcast to the seller's defective orders
 * per purchase day (the daily counts the metrics already add up), Σ k_p / F(D − p). The ratio is
 * taken last, over odr_orders, by {@link #projected}.
 */
public final class OdrProjection {
  /** The defect's age in days: its defect day minus its purchase day, floored at 0. */
  static final String AGE = "_age";

  /** Defective reference orders (of an age, or in all). */
  static final String REFERENCE_DEFECTS = "_reference_defects";

  /** n_ref: defective reference orders of the marketplace at D. */
  static final String N_REF = "_n_ref";

  /** Σ_p k_p / F(D − p) of a seller. */
  static final String PROJECTED_DEFECTS = "_projected_defects";

  /**
   * A share k_p / F(D − p), at least 1 when not 0, held to 18 decimal places: below the last bit of
   * its double, and its sum is exact. Doubles added in a hash aggregation's arrival order differed
   * in the last bit between Spark's compiled and interpreted evaluation (and could between
   * partitionings); the exact sum is the same however Spark orders the rows.
   */
  private static final DecimalType EXACT_SHARE = DataTypes.createDecimalType(38, 18);

  private static final String DEFECT_DAY = "_defect_day";
  private static final String CUMULATIVE = "_cumulative_defects";
  private static final String REFERENCE_AGES = "_reference_ages";
  private static final String DAILY_DEFECTS = "_daily_defects";

  private OdrProjection() {}

  /**
   * Per as-of date, marketplace and age, the defective reference orders (purchase day in [D−H−R+1,
   * D−H]) whose first defect came at that age.
   *
   * @param keyedOrders {@link OrderFacts#keyed} orders at {@code dates}
   * @param claims claim states at D; feedback and chargebacks likewise, when present
   * @param dates the as-of dates of the rows
   */
  public static Dataset<Row> referenceAges(
      Dataset<Row> keyedOrders,
      Dataset<Row> claims,
      Optional<Dataset<Row>> feedback,
      Optional<Dataset<Row>> chargebacks,
      Policy policy,
      AsOfDates dates) {
    Column marketplace = col(Orders.MARKETPLACE_ID);
    Column day = col(OrderFacts.PURCHASE_DAY);
    Column horizon = lookahead(policy, marketplace, m -> m.horizonDays());
    Column firstDay =
        date_sub(KnownAt.asOf(), lookahead(policy, marketplace, m -> m.referenceSpan()));
    // the reference days of every date and marketplace as bounds on the purchase day alone, which
    // Spark applies to the orders before it spreads them over their dates (the bounds by date
    // cannot go there): at 5,000,000 orders 3.3 M spread rows instead of 9.1 M
    List<RiskPolicy.Lookahead> lookaheads =
        policy.allEntries().stream().map(m -> m.risk().lookahead()).toList();
    LocalDate earliest =
        dates
            .first()
            .minusDays(lookaheads.stream().mapToInt(l -> l.referenceSpan()).max().orElse(0));
    LocalDate latest =
        dates.last().minusDays(lookaheads.stream().mapToInt(l -> l.horizonDays()).min().orElse(0));
    Dataset<Row> reference =
        keyedOrders
            .filter(day.between(lit(earliest), lit(latest)))
            .filter(day.between(firstDay, date_sub(KnownAt.asOf(), horizon)))
            .select(KnownAt.asOf(), col(Orders.ORDER_ID), marketplace, day);

    KnownAt known = KnownAt.of(policy);
    Dataset<Row> events =
        defectDays(claims.filter(Defects.countingClaim()), Claims.FILED_TS, known);
    if (feedback.isPresent()) {
      events =
          events.union(
              defectDays(
                  feedback.get().filter(Defects.negativeFeedback()), Feedback.FEEDBACK_TS, known));
    }
    if (chargebacks.isPresent()) {
      events =
          events.union(
              defectDays(
                  chargebacks.get().filter(Defects.countingChargeback()),
                  Chargebacks.FILED_TS,
                  known));
    }
    return reference
        .join(events, OrderFacts.BY_ORDER_AND_DATE, "inner")
        .groupBy(KnownAt.asOf(), col(Orders.ORDER_ID), marketplace, day)
        .agg(min(col(DEFECT_DAY)).as(DEFECT_DAY))
        .groupBy(
            KnownAt.asOf(), marketplace, greatest(lit(0), datediff(col(DEFECT_DAY), day)).as(AGE))
        .agg(count(lit(1)).as(REFERENCE_DEFECTS));
  }

  /** Per defect state row: its order, date, and the marketplace day of its event time. */
  private static Dataset<Row> defectDays(Dataset<Row> states, String eventTs, KnownAt known) {
    return states.select(
        col(Orders.ORDER_ID), KnownAt.asOf(), known.localDay(col(eventTs)).as(DEFECT_DAY));
  }

  /**
   * Per as-of date, marketplace and seller with orders in its ODR window (channel ALL): {@link
   * #PROJECTED_DEFECTS} and the marketplace's {@link #N_REF} (null when it has none).
   *
   * @param daily {@link DailyCounts}
   * @param runPolicy the policy at the run's dates
   * @param referenceAges {@link #referenceAges}
   */
  public static Dataset<Row> projectedDefects(
      Dataset<Row> daily, PolicyAtDates runPolicy, Dataset<Row> referenceAges, Policy policy) {
    Column marketplace = col(Orders.MARKETPLACE_ID);
    Dataset<Row> perDay =
        runPolicy
            .inWindow(daily, MetricId.ODR, Channel.ALL, col(DailyCounts.DAY))
            .groupBy(
                KnownAt.asOf(),
                marketplace,
                col(Orders.SELLER_ID),
                datediff(KnownAt.asOf(), col(DailyCounts.DAY)).as(AGE))
            .agg(sum(col(DailyCounts.DEFECTIVE_ORDERS)).as(DAILY_DEFECTS));

    Column horizon = lookahead(policy, marketplace, m -> m.horizonDays());
    // n_ref and the defective reference orders up to each age a < H (so that an age without
    // reference defects still has its F), one row per marketplace and date: the reference ages
    // are read once, where a curve of rows joined with their totals planned them twice, each the
    // whole order history's spread and join (a few rows here, so the lambdas cost nothing)
    Column ages = col(REFERENCE_AGES);
    Dataset<Row> curve =
        referenceAges
            .groupBy(KnownAt.asOf(), marketplace)
            .agg(
                sum(col(REFERENCE_DEFECTS)).as(N_REF),
                collect_list(struct(col(AGE), col(REFERENCE_DEFECTS))).as(REFERENCE_AGES))
            .select(
                KnownAt.asOf(),
                marketplace,
                col(N_REF),
                transform(
                        sequence(lit(0), horizon.minus(1)),
                        a ->
                            aggregate(
                                filter(ages, r -> r.getField(AGE).leq(a)),
                                lit(0L),
                                (total, r) -> total.plus(r.getField(REFERENCE_DEFECTS))))
                    .as(CUMULATIVE));

    Column k = col(DAILY_DEFECTS).cast(DataTypes.DoubleType);
    // F(D − p), null for an age past the curve (F = 1 there) or a marketplace without one
    Column developed = get(col(CUMULATIVE), col(AGE)).divide(col(N_REF).cast(DataTypes.DoubleType));
    // a ≥ H has F = 1 (no curve row); F = 0 on a day with defects counts as 1 / n_ref
    Column share =
        when(k.equalTo(0), lit(0.0))
            .when(col(AGE).geq(horizon), k)
            .when(developed.equalTo(0), k.multiply(col(N_REF)))
            .otherwise(k.divide(developed));
    return perDay
        .join(
            broadcast(curve), new String[] {OutputTables.AS_OF_DATE, Orders.MARKETPLACE_ID}, "left")
        .groupBy(KnownAt.asOf(), marketplace, col(Orders.SELLER_ID))
        .agg(
            sum(share.cast(EXACT_SHARE)).cast(DataTypes.DoubleType).as(PROJECTED_DEFECTS),
            max(col(N_REF)).as(N_REF));
  }

  /**
   * odr_projected: projected defects / orders; null with no orders, or when the marketplace has
   * fewer than M defective reference orders.
   */
  static Column projected(
      Column projectedDefects, Column nRef, Column orders, Policy policy, Column marketplace) {
    Column minimum = lookahead(policy, marketplace, m -> m.minReferenceDefects());
    return when(
        orders.gt(0).and(coalesce(nRef, lit(0L)).geq(minimum)),
        coalesce(projectedDefects, lit(0.0)).divide(orders.cast(DataTypes.DoubleType)));
  }

  /**
   * odr_projected_status: the marketplace's ODR target and warning fraction applied to {@code
   * projected} (SPEC §2.2): BREACH, AT_RISK or GOOD; null when it is null or there is no target.
   */
  static Column status(Column projected, Policy policy, Column marketplace) {
    Column condition =
        odrTargetSetting(policy, marketplace, (p, t) -> t.comparison().symbol())
            .cast(DataTypes.StringType);
    Column target =
        odrTargetSetting(policy, marketplace, (p, t) -> t.value().doubleValue())
            .cast(DataTypes.DoubleType);
    // the warning line as the decimal product, then a double: 0.75 × 0.2 is 0.15, not
    // 0.15000000000000002
    Column atRiskUse =
        odrTargetSetting(
                policy,
                marketplace,
                (p, t) -> p.warningFraction().multiply(t.allowance()).doubleValue())
            .cast(DataTypes.DoubleType);
    Column passes =
        when(condition.equalTo(lit(Target.Comparison.LT.symbol())), projected.lt(target))
            .when(condition.equalTo(lit(Target.Comparison.LE.symbol())), projected.leq(target))
            .when(condition.equalTo(lit(Target.Comparison.GT.symbol())), projected.gt(target))
            .when(condition.equalTo(lit(Target.Comparison.GE.symbol())), projected.geq(target));
    Column lowerIsBetter =
        condition.isin(Target.Comparison.LT.symbol(), Target.Comparison.LE.symbol());
    Column used = when(lowerIsBetter, projected).otherwise(lit(1.0).minus(projected));
    return when(projected.isNull().or(condition.isNull()), lit(null).cast(DataTypes.StringType))
        .when(passes.unary_$bang(), lit(MetricStatus.BREACH.name()))
        .when(used.geq(atRiskUse), lit(MetricStatus.AT_RISK.name()))
        .otherwise(lit(MetricStatus.GOOD.name()));
  }

  /** A setting of the marketplace's ODR and its target; null without either. */
  private static Column odrTargetSetting(
      Policy policy, Column marketplace, BiFunction<MetricPolicy, Target, Object> setting) {
    return PolicyColumns.setting(
        policy,
        marketplace,
        m ->
            m.metrics().stream()
                .filter(p -> p.metric() == MetricId.ODR)
                .findFirst()
                .flatMap(p -> p.target().map(t -> setting.apply(p, t)))
                .orElse(null));
  }

  private static Column lookahead(
      Policy policy, Column marketplace, Function<RiskPolicy.Lookahead, Integer> setting) {
    return PolicyColumns.setting(policy, marketplace, m -> setting.apply(m.risk().lookahead()))
        .cast(DataTypes.IntegerType);
  }
}
