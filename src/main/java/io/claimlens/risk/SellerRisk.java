package io.claimlens.risk;

import static java.util.Map.entry;
import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_distinct;
import static org.apache.spark.sql.functions.bit_or;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.filter;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.negate;
import static org.apache.spark.sql.functions.round;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.slice;
import static org.apache.spark.sql.functions.sort_array;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.transform;
import static org.apache.spark.sql.functions.when;

import io.claimlens.config.Policy;
import io.claimlens.config.Target;
import io.claimlens.metrics.MetricStatus;
import io.claimlens.metrics.SellerMetrics;
import io.claimlens.schema.ClaimAttributionTable;
import io.claimlens.schema.ClaimsAwaitingResponseTable;
import io.claimlens.schema.OutputTables;
import io.claimlens.schema.SellerMetricsTable;
import io.claimlens.schema.SellerRiskTable;
import io.claimlens.schema.SkuMetricsTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

/**
 * The {@code seller_risk} table (SPEC §4): per seller and as-of date, the risk score and tier, the
 * metrics in breach or at risk, the ODR with its headroom and weekly change, what drives the
 * claims, and what to do next. A pure transform of the other tables' rows; every step is keyed by
 * as-of date, so a backfill scores many dates in one call. docs/risk.md explains the numbers.
 */
public final class SellerRisk {
  /** Root causes listed in {@code top_root_causes}. */
  static final int TOP_ROOT_CAUSES = 3;

  /** SKUs listed in {@code top_skus}. */
  static final int TOP_SKUS = 3;

  /**
   * Actions listed in {@code actions}, more only where a metric in BREACH or AT_RISK would
   * otherwise have none: its most pressing action is added after them.
   */
  static final int MAX_ACTIONS = 5;

  /** Days between an as-of date and the one {@code odr_change_7d} compares it with. */
  public static final int ODR_CHANGE_DAYS = 7;

  /**
   * A seller row's key, the seller first: the fold of every fact is an object aggregation, which
   * sorts its groups' keys once its map is full (at a backfill's sizes in every task), and a sort
   * compares keys by a prefix of the first column. The date first (a few values) left nearly every
   * pair to a comparison of the whole key, strings and all.
   */
  private static final String[] KEY = {
    SellerRiskTable.SELLER_ID, OutputTables.AS_OF_DATE, SellerRiskTable.MARKETPLACE_ID
  };

  private static final String SCORED = "_scored";
  private static final String SCORE = "_score";
  private static final String SCORE_FLOOR = "_score_floor";
  private static final String CANDIDATES = "_candidates";
  private static final String REQUIRED_FOR = "required_for";
  private static final String BREACHED = "_breached";
  private static final String AT_RISK = "_at_risk";
  private static final String ODR_BEFORE = "_odr_before";
  private static final String CAUSE = "_cause";
  private static final String LATE_RESPONSES = "_late_responses";
  private static final String SKU_ROW = "_sku_row";
  private static final String HOTSPOT_ROW = "_hotspot_row";
  private static final String AWAITING = "_awaiting";
  private static final String RANK = "_rank";
  private static final String VALUE = "_value";
  private static final String ROOT_CAUSE = SellerRiskTable.ROOT_CAUSE;
  private static final String CLAIMS = SellerRiskTable.CLAIMS;
  private static final String ACTION = "action";
  private static final String WEIGHT = "weight";

  private SellerRisk() {}

  /**
   * Inputs: every frame carries {@link OutputTables#AS_OF_DATE} (DateType) plus the named table's
   * columns.
   *
   * @param sellerMetrics seller_metrics rows (all metrics, channels) for the as-of dates to score
   * @param odrWeekBefore seller_metrics rows for as-of dates D-7 (at least metric ODR channel ALL);
   *     a row at D-7 pairs with D
   * @param claims claim_attribution rows whose order's purchase day is in the ODR window of their
   *     as-of date (the caller filters)
   * @param skuMetrics sku_metrics rows
   * @param awaiting claims_awaiting_response rows
   * @param odrProjection {@link OdrProjection#projectedDefects}; absent, odr_projected is null
   */
  public record Inputs(
      Dataset<Row> sellerMetrics,
      Dataset<Row> odrWeekBefore,
      Dataset<Row> claims,
      Dataset<Row> skuMetrics,
      Dataset<Row> awaiting,
      Optional<Dataset<Row>> odrProjection) {

    /** Inputs without an ODR projection. */
    public Inputs(
        Dataset<Row> sellerMetrics,
        Dataset<Row> odrWeekBefore,
        Dataset<Row> claims,
        Dataset<Row> skuMetrics,
        Dataset<Row> awaiting) {
      this(sellerMetrics, odrWeekBefore, claims, skuMetrics, awaiting, Optional.empty());
    }
  }

  /**
   * {@link OutputTables#AS_OF_DATE} and the {@link SellerRiskTable#SCHEMA} columns: one row per
   * (as_of_date, marketplace_id, seller_id) of {@code in.sellerMetrics()}.
   *
   * <p>Every input contributes rows of one long frame keyed by seller and date, which one
   * aggregation folds into a row per seller; the lists are then ranked within the row with array
   * functions. One shuffle instead of a join and an aggregation per input: on a night's few
   * thousand sellers the job's cost is its stages, not its rows.
   */
  public static Dataset<Row> table(Inputs in, Policy policy) {
    Dataset<Row> facts =
        metricFacts(in.sellerMetrics(), policy)
            .unionByName(odrWeekBefore(in.odrWeekBefore()), true)
            .unionByName(claimFacts(in.claims()), true)
            .unionByName(skuFacts(in.skuMetrics()), true)
            .unionByName(awaitingFacts(in.awaiting()), true);
    if (in.odrProjection().isPresent()) {
      facts = facts.unionByName(in.odrProjection().get(), true);
    } else {
      facts =
          facts
              .withColumn(OdrProjection.PROJECTED_DEFECTS, lit(null).cast(DataTypes.DoubleType))
              .withColumn(OdrProjection.N_REF, lit(null).cast(DataTypes.LongType));
    }
    Dataset<Row> perSeller =
        foldedPerSeller(facts, aggregates())
            // a seller is scored on a date it has seller_metrics rows, and only then
            .filter(col(SCORED))
            .withColumn(SellerRiskTable.BREACHED_METRICS, MetricMask.names(col(BREACHED)))
            .withColumn(SellerRiskTable.AT_RISK_METRICS, MetricMask.names(col(AT_RISK)))
            .withColumns(MetricActions.weights(policy));

    Column marketplace = col(SellerRiskTable.MARKETPLACE_ID);
    // an ODR breach on enough defects is HIGH at least (SPEC §4.1), whatever the ODR's weight
    Column score =
        coalesce(round(greatest(col(SCORE), col(SCORE_FLOOR))), lit(0.0))
            .cast(DataTypes.IntegerType);
    Column projected =
        OdrProjection.projected(
            col(OdrProjection.PROJECTED_DEFECTS),
            col(OdrProjection.N_REF),
            coalesce(orders(), lit(0L)),
            policy,
            marketplace);
    Column odr = col(SellerRiskTable.ODR);
    Column orders = orders();
    Column defects = col(SellerRiskTable.ODR_DEFECTS);
    Column causes = col(CAUSE);
    // each step a column of its own: the arrays are read several times by the next step, and
    // inlined they multiplied the plan (the optimizer keeps such projections apart)
    Dataset<Row> staged =
        perSeller
            .withColumn(CAUSE, causeCounts(col(CAUSE)))
            .withColumn(CANDIDATES, candidates(causes))
            .withColumn(CANDIDATES, MetricActions.merged(col(CANDIDATES)))
            .withColumn(
                CANDIDATES,
                firstRanked(
                    col(CANDIDATES),
                    a ->
                        List.of(
                            negate(a.getField(WEIGHT)),
                            a.getField(ACTION),
                            coalesce(a.getField(SellerRiskTable.SKU), lit(""))),
                    Integer.MAX_VALUE))
            .withColumn(CANDIDATES, MetricActions.capped(col(CANDIDATES), MAX_ACTIONS));
    return SellerRiskTable.OUTPUT.project(
        staged,
        Map.ofEntries(
            entry(SellerRiskTable.RISK_SCORE, score),
            entry(SellerRiskTable.RISK_TIER, RiskTier.of(score, policy, marketplace)),
            entry(SellerRiskTable.ODR_ORDERS, coalesce(orders, lit(0L))),
            entry(SellerRiskTable.ODR_DEFECTS, coalesce(defects, lit(0L))),
            entry(
                SellerRiskTable.DEFECTS_TO_BREACH,
                DefectsToBreach.ofOdr(policy, marketplace, orders, defects)),
            entry(SellerRiskTable.ODR_CHANGE_7D, odr.minus(col(ODR_BEFORE))),
            entry(
                SellerRiskTable.TOP_ROOT_CAUSES,
                firstRanked(
                    causes,
                    c ->
                        List.of(negate(c.getField(SellerRiskTable.CLAIMS)), c.getField(ROOT_CAUSE)),
                    TOP_ROOT_CAUSES)),
            entry(
                SellerRiskTable.TOP_SKUS,
                firstRanked(
                    col(SKU_ROW),
                    s ->
                        List.of(
                            negate(s.getField(SkuMetricsTable.DEFECTIVE_ORDERS)),
                            negate(s.getField(SkuMetricsTable.DEFECT_RATE)),
                            s.getField(SkuMetricsTable.SKU)),
                    TOP_SKUS)),
            entry(SellerRiskTable.ACTIONS, actions(col(CANDIDATES), policy, marketplace)),
            entry(SellerRiskTable.ODR_PROJECTED, projected),
            entry(
                SellerRiskTable.ODR_PROJECTED_STATUS,
                OdrProjection.status(projected, policy, marketplace))));
  }

  private static Column orders() {
    return col(SellerRiskTable.ODR_ORDERS);
  }

  /**
   * Per seller and date, its seller_metrics rows folded ({@link #metricAggregates}): the highest
   * score, the metrics in breach or at risk, the ODR of ALL, what the metric actions weigh.
   */
  private static Dataset<Row> metricFacts(Dataset<Row> sellerMetrics, Policy policy) {
    Column metric = col(SellerMetricsTable.METRIC);
    Column status = col(SellerMetricsTable.STATUS);
    Column odrAll = SellerMetrics.isOdrOfAll();
    Column lowerIsBetter =
        coalesce(
            col(SellerMetricsTable.TARGET_CONDITION)
                .isin(Target.Comparison.LT.symbol(), Target.Comparison.LE.symbol()),
            lit(true));
    List<Column> columns = new ArrayList<>();
    columns.addAll(
        List.of(
            col(OutputTables.AS_OF_DATE),
            col(SellerMetricsTable.MARKETPLACE_ID),
            col(SellerMetricsTable.SELLER_ID),
            lit(true).as(SCORED),
            RiskScore.ofMetricRow().as(SCORE),
            when(RiskScore.countedOdrBreach(), RiskScore.highFrom()).as(SCORE_FLOOR)));
    columns.addAll(MetricActions.perRow(RiskScore.badUnits(lowerIsBetter)));
    columns.addAll(
        List.of(
            when(status.equalTo(MetricStatus.BREACH.name()), MetricMask.bit(metric)).as(BREACHED),
            when(status.equalTo(MetricStatus.AT_RISK.name()), MetricMask.bit(metric)).as(AT_RISK),
            when(odrAll, col(SellerMetricsTable.RATE)).as(SellerRiskTable.ODR),
            when(odrAll, col(SellerMetricsTable.DENOMINATOR)).as(SellerRiskTable.ODR_ORDERS),
            when(odrAll, col(SellerMetricsTable.NUMERATOR)).as(SellerRiskTable.ODR_DEFECTS)));
    return foldedPerSeller(
        RiskScore.withSettings(sellerMetrics, policy).select(columns.toArray(new Column[0])),
        metricAggregates());
  }

  /** {@code rows} folded into a row per seller and date by {@code folds}. */
  private static Dataset<Row> foldedPerSeller(Dataset<Row> rows, List<Column> folds) {
    return rows.groupBy(keyColumns())
        .agg(folds.get(0), folds.subList(1, folds.size()).toArray(new Column[0]));
  }

  /**
   * The per-seller aggregates of the facts: {@link #metricAggregates} (again, over the metric rows
   * they folded and the other facts' nulls), then those of the other facts.
   */
  private static List<Column> aggregates() {
    List<Column> all = new ArrayList<>(metricAggregates());
    all.addAll(
        List.of(
            max(col(OdrProjection.PROJECTED_DEFECTS)).as(OdrProjection.PROJECTED_DEFECTS),
            max(col(OdrProjection.N_REF)).as(OdrProjection.N_REF),
            max(col(ODR_BEFORE)).as(ODR_BEFORE),
            collect_list(col(CAUSE)).as(CAUSE),
            coalesce(sum(col(LATE_RESPONSES)), lit(0L)).as(LATE_RESPONSES),
            collect_list(col(SKU_ROW)).as(SKU_ROW),
            collect_list(col(HOTSPOT_ROW)).as(HOTSPOT_ROW),
            coalesce(sum(col(AWAITING)), lit(0L)).as(SellerRiskTable.CLAIMS_AWAITING_RESPONSE)));
    return all;
  }

  /**
   * The per-seller aggregates of the metric rows' facts, all of fixed width (the metric lists as
   * {@link MetricMask}s): the metric rows, most of the facts, are folded per seller in a hash
   * aggregation before the fold of every fact, whose lists need an object aggregation that fell
   * back to sorting every row.
   */
  private static List<Column> metricAggregates() {
    List<Column> all = new ArrayList<>();
    all.addAll(
        List.of(
            max(col(SCORED)).as(SCORED),
            max(col(SCORE)).as(SCORE),
            max(col(SCORE_FLOOR)).as(SCORE_FLOOR),
            bit_or(col(BREACHED)).as(BREACHED),
            bit_or(col(AT_RISK)).as(AT_RISK),
            max(col(SellerRiskTable.ODR)).as(SellerRiskTable.ODR),
            max(col(SellerRiskTable.ODR_ORDERS)).as(SellerRiskTable.ODR_ORDERS),
            max(col(SellerRiskTable.ODR_DEFECTS)).as(SellerRiskTable.ODR_DEFECTS)));
    all.addAll(MetricActions.aggregates());
    return all;
  }

  /** The ODR of channel ALL at D-7, keyed by D. */
  private static Dataset<Row> odrWeekBefore(Dataset<Row> sellerMetrics) {
    return sellerMetrics
        .filter(SellerMetrics.isOdrOfAll())
        .select(
            date_add(col(OutputTables.AS_OF_DATE), ODR_CHANGE_DAYS).as(OutputTables.AS_OF_DATE),
            col(SellerMetricsTable.MARKETPLACE_ID),
            col(SellerMetricsTable.SELLER_ID),
            col(SellerMetricsTable.RATE).as(ODR_BEFORE));
  }

  /**
   * Per claim that counts as a defect or was answered late: its root cause when it counts, and
   * whether it was late (the other claims would fold into nothing, like {@link #skuFacts}' rows).
   */
  private static Dataset<Row> claimFacts(Dataset<Row> claims) {
    Column counts = col(ClaimAttributionTable.COUNTS_AS_DEFECT);
    Column late = col(ClaimAttributionTable.LATE_RESPONSE);
    return claims
        .filter(counts.or(late))
        .select(
            col(OutputTables.AS_OF_DATE),
            col(ClaimAttributionTable.MARKETPLACE_ID),
            col(ClaimAttributionTable.SELLER_ID),
            when(counts, col(ClaimAttributionTable.ROOT_CAUSE)).as(CAUSE),
            when(late, lit(1L)).as(LATE_RESPONSES));
  }

  /**
   * Per SKU row with defective orders or a hotspot: its summary when it has defective orders, and
   * its weight when a hotspot. The other rows would fold into nothing, and most SKUs have neither
   * (at 5,000,000 orders 65,573 of 389,838 rows have one): left out, they no longer fill the fold
   * of every fact, whose lists sort its rows.
   */
  private static Dataset<Row> skuFacts(Dataset<Row> skuMetrics) {
    Column defective = col(SkuMetricsTable.DEFECTIVE_ORDERS);
    Column hotspot = col(SkuMetricsTable.HOTSPOT);
    Column summary =
        struct(
            col(SkuMetricsTable.SKU),
            col(SkuMetricsTable.ORDERS),
            defective,
            col(SkuMetricsTable.DEFECT_RATE),
            col(SkuMetricsTable.HOTSPOT),
            col(SkuMetricsTable.TOP_ROOT_CAUSE));
    return skuMetrics
        .filter(defective.gt(0).or(hotspot))
        .select(
            col(OutputTables.AS_OF_DATE),
            col(SkuMetricsTable.MARKETPLACE_ID),
            col(SkuMetricsTable.SELLER_ID),
            when(defective.gt(0), summary).as(SKU_ROW),
            when(
                    hotspot,
                    candidate(
                        lit(RiskAction.FIX_SKU.ordinal()),
                        col(SkuMetricsTable.QUALITY_CLAIM_ORDERS),
                        col(SkuMetricsTable.SKU)))
                .as(HOTSPOT_ROW));
  }

  private static Dataset<Row> awaitingFacts(Dataset<Row> awaiting) {
    return awaiting.select(
        col(OutputTables.AS_OF_DATE),
        col(ClaimsAwaitingResponseTable.MARKETPLACE_ID),
        col(ClaimsAwaitingResponseTable.SELLER_ID),
        lit(1L).as(AWAITING));
  }

  /** The distinct causes of {@code causes} with how many times each occurs. */
  private static Column causeCounts(Column causes) {
    return transform(
        array_distinct(causes),
        c ->
            struct(
                c.as(ROOT_CAUSE),
                size(filter(causes, x -> x.equalTo(c))).cast(DataTypes.LongType).as(CLAIMS)));
  }

  /** The {@link MetricMask} of a folded seller's metrics in BREACH or AT_RISK (any channel). */
  private static Column flaggedMetrics() {
    return coalesce(col(BREACHED), lit(0L)).bitwiseOR(coalesce(col(AT_RISK), lit(0L)));
  }

  /**
   * Every action the seller's data calls for, with the claims or orders it concerns (orders with
   * quality claims, for a SKU): from root causes, unanswered claims, hotspot SKUs and the metrics
   * in BREACH or AT_RISK ({@link MetricActions}).
   */
  private static Column candidates(Column causes) {
    Column noSku = lit(null).cast(DataTypes.StringType);
    Column fromCauses =
        transform(
            causes,
            c ->
                candidate(
                    RiskAction.ofRootCause(c.getField(ROOT_CAUSE)), c.getField(CLAIMS), noSku));
    Column awaiting = col(SellerRiskTable.CLAIMS_AWAITING_RESPONSE);
    Column late = col(LATE_RESPONSES);
    Column counts =
        filter(
            array(
                candidate(lit(RiskAction.ANSWER_OPEN_CLAIMS.ordinal()), awaiting, noSku),
                candidate(lit(RiskAction.ANSWER_ON_TIME.ordinal()), late, noSku)),
            a -> a.getField(WEIGHT).gt(0));
    return filter(
        concat(fromCauses, counts, col(HOTSPOT_ROW), MetricActions.candidates(flaggedMetrics())),
        a -> a.getField(ACTION).isNotNull());
  }

  /**
   * The wording of the ranked, merged and capped candidates: the most first, ties in {@link
   * RiskAction} order, then by SKU; the first {@link #MAX_ACTIONS}, then, for each metric in BREACH
   * or AT_RISK that none of those addresses, its most pressing action. An action from several
   * sources counts once, with its largest weight.
   */
  private static Column actions(Column kept, Policy policy, Column marketplace) {
    return transform(
        kept,
        a ->
            RiskAction.text(
                a.getField(ACTION),
                a.getField(WEIGHT),
                a.getField(SellerRiskTable.SKU),
                policy,
                marketplace));
  }

  /** An action candidate: the action's ordinal, the claims it concerns, the SKU it names. */
  static Column candidate(Column action, Column weight, Column sku) {
    return candidate(
        action, weight, sku, array().cast(DataTypes.createArrayType(DataTypes.StringType)));
  }

  /**
   * An action candidate that also names the flagged metrics it addresses ({@code requiredFor}): the
   * list keeps the most pressing action of each such metric even past its cap.
   */
  static Column candidate(Column action, Column weight, Column sku, Column requiredFor) {
    return struct(
        action.cast(DataTypes.IntegerType).as(ACTION),
        weight.cast(DataTypes.LongType).as(WEIGHT),
        sku.cast(DataTypes.StringType).as(SellerRiskTable.SKU),
        requiredFor.as(REQUIRED_FOR));
  }

  /** Field names of an action candidate. */
  static final String CANDIDATE_ACTION = ACTION;

  static final String CANDIDATE_WEIGHT = WEIGHT;
  static final String CANDIDATE_REQUIRED_FOR = REQUIRED_FOR;

  /**
   * The first {@code n} elements of {@code values} in ascending order of the {@code rank} fields,
   * compared in turn. The fields sit beside the value in the sorted struct, not in a struct of
   * their own: Spark's interpreted ordering builds a new ordering for every comparison of a nested
   * struct, and this sort runs per seller.
   */
  static Column firstRanked(Column values, Function<Column, List<Column>> rank, int n) {
    Column ranked =
        sort_array(
            transform(
                values,
                v -> {
                  List<Column> fields = new ArrayList<>();
                  List<Column> keys = rank.apply(v);
                  for (int i = 0; i < keys.size(); i++) {
                    fields.add(keys.get(i).as(RANK + i));
                  }
                  fields.add(v.as(VALUE));
                  return struct(fields.toArray(new Column[0]));
                }));
    return slice(transform(ranked, r -> r.getField(VALUE)), 1, n);
  }

  /** The key columns, then {@code more}. */
  private static Column[] keyColumns(Column... more) {
    Column[] columns = new Column[KEY.length + more.length];
    for (int i = 0; i < KEY.length; i++) {
      columns[i] = col(KEY[i]);
    }
    System.arraycopy(more, 0, columns, KEY.length, more.length);
    return columns;
  }
}
