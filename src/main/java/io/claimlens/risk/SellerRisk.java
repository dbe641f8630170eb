package io.claimlens.risk;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_distinct;
import static org.apache.spark.sql.functions.array_sort;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.filter;
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
import io.claimlens.metrics.MetricStatus;
import io.claimlens.metrics.SellerMetrics;
import io.claimlens.schema.ClaimAttributionTable;
import io.claimlens.schema.ClaimsAwaitingResponseTable;
import io.claimlens.schema.OutputTables;
import io.claimlens.schema.SellerMetricsTable;
import io.claimlens.schema.SellerRiskTable;
import io.claimlens.schema.SkuMetricsTable;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import scala.Function1;

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

  /** Actions listed in {@code actions}. */
  static final int MAX_ACTIONS = 5;

  /** Days between an as-of date and the one {@code odr_change_7d} compares it with. */
  public static final int ODR_CHANGE_DAYS = 7;

  private static final String[] KEY = {
    OutputTables.AS_OF_DATE, SellerRiskTable.MARKETPLACE_ID, SellerRiskTable.SELLER_ID
  };

  private static final String SCORED = "_scored";
  private static final String SCORE = "_score";
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
   */
  public record Inputs(
      Dataset<Row> sellerMetrics,
      Dataset<Row> odrWeekBefore,
      Dataset<Row> claims,
      Dataset<Row> skuMetrics,
      Dataset<Row> awaiting) {}

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
    Dataset<Row> perSeller =
        metricFacts(in.sellerMetrics())
            .unionByName(odrWeekBefore(in.odrWeekBefore()), true)
            .unionByName(claimFacts(in.claims()), true)
            .unionByName(skuFacts(in.skuMetrics()), true)
            .unionByName(awaitingFacts(in.awaiting()), true)
            .groupBy(keyColumns())
            .agg(
                max(col(SCORED)).as(SCORED),
                max(col(SCORE)).as(SCORE),
                array_sort(collect_set(col(BREACHED))).as(SellerRiskTable.BREACHED_METRICS),
                array_sort(collect_set(col(AT_RISK))).as(SellerRiskTable.AT_RISK_METRICS),
                max(col(SellerRiskTable.ODR)).as(SellerRiskTable.ODR),
                max(col(SellerRiskTable.ODR_ORDERS)).as(SellerRiskTable.ODR_ORDERS),
                max(col(SellerRiskTable.ODR_DEFECTS)).as(SellerRiskTable.ODR_DEFECTS),
                max(col(ODR_BEFORE)).as(ODR_BEFORE),
                collect_list(col(CAUSE)).as(CAUSE),
                coalesce(sum(col(LATE_RESPONSES)), lit(0L)).as(LATE_RESPONSES),
                collect_list(col(SKU_ROW)).as(SKU_ROW),
                collect_list(col(HOTSPOT_ROW)).as(HOTSPOT_ROW),
                coalesce(sum(col(AWAITING)), lit(0L)).as(SellerRiskTable.CLAIMS_AWAITING_RESPONSE))
            // a seller is scored on a date it has seller_metrics rows, and only then
            .filter(col(SCORED));

    Column marketplace = col(SellerRiskTable.MARKETPLACE_ID);
    Column score = coalesce(round(col(SCORE)), lit(0.0)).cast(DataTypes.IntegerType);
    Column odr = col(SellerRiskTable.ODR);
    Column orders = col(SellerRiskTable.ODR_ORDERS);
    Column defects = col(SellerRiskTable.ODR_DEFECTS);
    Column causes = causeCounts(col(CAUSE));
    return perSeller.select(
        col(OutputTables.AS_OF_DATE),
        marketplace,
        col(SellerRiskTable.SELLER_ID),
        score.as(SellerRiskTable.RISK_SCORE),
        RiskTier.of(score, policy, marketplace).as(SellerRiskTable.RISK_TIER),
        col(SellerRiskTable.BREACHED_METRICS),
        col(SellerRiskTable.AT_RISK_METRICS),
        odr,
        coalesce(orders, lit(0L)).as(SellerRiskTable.ODR_ORDERS),
        coalesce(defects, lit(0L)).as(SellerRiskTable.ODR_DEFECTS),
        DefectsToBreach.ofOdr(policy, marketplace, orders, defects)
            .as(SellerRiskTable.DEFECTS_TO_BREACH),
        odr.minus(col(ODR_BEFORE)).as(SellerRiskTable.ODR_CHANGE_7D),
        firstRanked(
                causes,
                c -> struct(negate(c.getField(SellerRiskTable.CLAIMS)), c.getField(ROOT_CAUSE)),
                TOP_ROOT_CAUSES)
            .as(SellerRiskTable.TOP_ROOT_CAUSES),
        firstRanked(
                col(SKU_ROW),
                s ->
                    struct(
                        negate(s.getField(SkuMetricsTable.DEFECTIVE_ORDERS)),
                        negate(s.getField(SkuMetricsTable.DEFECT_RATE)),
                        s.getField(SkuMetricsTable.SKU)),
                TOP_SKUS)
            .as(SellerRiskTable.TOP_SKUS),
        col(SellerRiskTable.CLAIMS_AWAITING_RESPONSE),
        actions(causes, policy, marketplace).as(SellerRiskTable.ACTIONS));
  }

  /** Per seller_metrics row: its score, its metric when in breach or at risk, the ODR of ALL. */
  private static Dataset<Row> metricFacts(Dataset<Row> sellerMetrics) {
    Column metric = col(SellerMetricsTable.METRIC);
    Column status = col(SellerMetricsTable.STATUS);
    Column odrAll = SellerMetrics.isOdrOfAll();
    return sellerMetrics.select(
        col(OutputTables.AS_OF_DATE),
        col(SellerMetricsTable.MARKETPLACE_ID),
        col(SellerMetricsTable.SELLER_ID),
        lit(true).as(SCORED),
        RiskScore.ofMetricRow().as(SCORE),
        when(status.equalTo(MetricStatus.BREACH.name()), metric).as(BREACHED),
        when(status.equalTo(MetricStatus.AT_RISK.name()), metric).as(AT_RISK),
        when(odrAll, col(SellerMetricsTable.RATE)).as(SellerRiskTable.ODR),
        when(odrAll, col(SellerMetricsTable.DENOMINATOR)).as(SellerRiskTable.ODR_ORDERS),
        when(odrAll, col(SellerMetricsTable.NUMERATOR)).as(SellerRiskTable.ODR_DEFECTS));
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

  /** Per claim: its root cause when it counts as a defect, and whether it was answered late. */
  private static Dataset<Row> claimFacts(Dataset<Row> claims) {
    return claims.select(
        col(OutputTables.AS_OF_DATE),
        col(ClaimAttributionTable.MARKETPLACE_ID),
        col(ClaimAttributionTable.SELLER_ID),
        when(col(ClaimAttributionTable.COUNTS_AS_DEFECT), col(ClaimAttributionTable.ROOT_CAUSE))
            .as(CAUSE),
        when(col(ClaimAttributionTable.LATE_RESPONSE), lit(1L)).as(LATE_RESPONSES));
  }

  /** Per SKU row: its summary when it has defective orders, and its weight when a hotspot. */
  private static Dataset<Row> skuFacts(Dataset<Row> skuMetrics) {
    Column defective = col(SkuMetricsTable.DEFECTIVE_ORDERS);
    Column summary =
        struct(
            col(SkuMetricsTable.SKU),
            col(SkuMetricsTable.ORDERS),
            defective,
            col(SkuMetricsTable.DEFECT_RATE),
            col(SkuMetricsTable.HOTSPOT),
            col(SkuMetricsTable.TOP_ROOT_CAUSE));
    return skuMetrics.select(
        col(OutputTables.AS_OF_DATE),
        col(SkuMetricsTable.MARKETPLACE_ID),
        col(SkuMetricsTable.SELLER_ID),
        when(defective.gt(0), summary).as(SKU_ROW),
        when(
                col(SkuMetricsTable.HOTSPOT),
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

  /**
   * Every action the seller's data calls for, with the claims it concerns (orders with quality
   * claims, for a SKU): the most first, ties in {@link RiskAction} order, then by SKU.
   */
  private static Column actions(Column causes, Policy policy, Column marketplace) {
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
    Column all =
        filter(concat(fromCauses, counts, col(HOTSPOT_ROW)), a -> a.getField(ACTION).isNotNull());
    Column ranked =
        firstRanked(
            all,
            a ->
                struct(
                    negate(a.getField(WEIGHT)),
                    a.getField(ACTION),
                    coalesce(a.getField(SellerRiskTable.SKU), lit(""))),
            MAX_ACTIONS);
    return transform(
        ranked,
        a ->
            RiskAction.text(
                a.getField(ACTION),
                a.getField(WEIGHT),
                a.getField(SellerRiskTable.SKU),
                policy,
                marketplace));
  }

  /** An action candidate: the action's ordinal, the claims it concerns, the SKU it names. */
  private static Column candidate(Column action, Column weight, Column sku) {
    return struct(
        action.cast(DataTypes.IntegerType).as(ACTION),
        weight.cast(DataTypes.LongType).as(WEIGHT),
        sku.cast(DataTypes.StringType).as(SellerRiskTable.SKU));
  }

  /** The first {@code n} elements of {@code values} in ascending order of {@code rank}. */
  private static Column firstRanked(Column values, Function1<Column, Column> rank, int n) {
    Column ranked = sort_array(transform(values, v -> struct(rank.apply(v).as(RANK), v.as(VALUE))));
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
