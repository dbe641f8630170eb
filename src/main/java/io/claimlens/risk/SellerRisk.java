package io.claimlens.risk;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_sort;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min_by;
import static org.apache.spark.sql.functions.negate;
import static org.apache.spark.sql.functions.round;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;

import io.claimlens.config.Channel;
import io.claimlens.config.MetricId;
import io.claimlens.config.Policy;
import io.claimlens.metrics.MetricStatus;
import io.claimlens.schema.ClaimAttributionTable;
import io.claimlens.schema.OutputTables;
import io.claimlens.schema.SellerMetricsTable;
import io.claimlens.schema.SellerRiskTable;
import io.claimlens.schema.SkuMetricsTable;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
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

  /** Actions listed in {@code actions}. */
  static final int MAX_ACTIONS = 5;

  /** Days between an as-of date and the one {@code odr_change_7d} compares it with. */
  static final int ODR_CHANGE_DAYS = 7;

  private static final String[] KEY = {
    OutputTables.AS_OF_DATE, SellerRiskTable.MARKETPLACE_ID, SellerRiskTable.SELLER_ID
  };

  private static final String SCORE = "_score";
  private static final String ODR_BEFORE = "_odr_before";
  private static final String LATE_RESPONSES = "_late_responses";
  private static final String ACTION = "_action";
  private static final String WEIGHT = "_weight";

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
   */
  public static Dataset<Row> table(Inputs in, Policy policy) {
    Dataset<Row> causes = rootCauseCounts(in.claims());
    Dataset<Row> awaiting = awaitingCounts(in.awaiting());
    Dataset<Row> actions =
        actions(causes, lateResponses(in.claims()), in.skuMetrics(), awaiting, policy);
    Dataset<Row> joined =
        metricsSummary(in.sellerMetrics())
            .join(odrWeekBefore(in.odrWeekBefore()), KEY, "left")
            .join(topRootCauses(causes), KEY, "left")
            .join(topSkus(in.skuMetrics()), KEY, "left")
            .join(awaiting, KEY, "left")
            .join(actions, KEY, "left");

    Column marketplace = col(SellerRiskTable.MARKETPLACE_ID);
    Column score = coalesce(round(col(SCORE)), lit(0.0)).cast(DataTypes.IntegerType);
    Column odr = col(SellerRiskTable.ODR);
    Column orders = col(SellerRiskTable.ODR_ORDERS);
    Column defects = col(SellerRiskTable.ODR_DEFECTS);
    return joined.select(
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
        orEmpty(SellerRiskTable.TOP_ROOT_CAUSES, SellerRiskTable.ROOT_CAUSE_COUNT),
        orEmpty(SellerRiskTable.TOP_SKUS, SellerRiskTable.SKU_SUMMARY),
        coalesce(col(SellerRiskTable.CLAIMS_AWAITING_RESPONSE), lit(0L))
            .as(SellerRiskTable.CLAIMS_AWAITING_RESPONSE),
        orEmpty(SellerRiskTable.ACTIONS, DataTypes.StringType));
  }

  /**
   * Per seller and date, in one pass over seller_metrics: the highest row score, the metrics in
   * breach and at risk, and the ODR row of channel ALL.
   */
  private static Dataset<Row> metricsSummary(Dataset<Row> sellerMetrics) {
    Column metric = col(SellerMetricsTable.METRIC);
    Column status = col(SellerMetricsTable.STATUS);
    Column odrAll = odrAll();
    return sellerMetrics
        .groupBy(keyColumns())
        .agg(
            max(RiskScore.ofMetricRow()).as(SCORE),
            array_sort(collect_set(when(status.equalTo(MetricStatus.BREACH.name()), metric)))
                .as(SellerRiskTable.BREACHED_METRICS),
            array_sort(collect_set(when(status.equalTo(MetricStatus.AT_RISK.name()), metric)))
                .as(SellerRiskTable.AT_RISK_METRICS),
            max(when(odrAll, col(SellerMetricsTable.RATE))).as(SellerRiskTable.ODR),
            max(when(odrAll, col(SellerMetricsTable.DENOMINATOR))).as(SellerRiskTable.ODR_ORDERS),
            max(when(odrAll, col(SellerMetricsTable.NUMERATOR))).as(SellerRiskTable.ODR_DEFECTS));
  }

  /** The ODR of channel ALL at D-7, keyed by D. */
  private static Dataset<Row> odrWeekBefore(Dataset<Row> sellerMetrics) {
    return sellerMetrics
        .filter(odrAll())
        .select(
            date_add(col(OutputTables.AS_OF_DATE), ODR_CHANGE_DAYS).as(OutputTables.AS_OF_DATE),
            col(SellerMetricsTable.MARKETPLACE_ID),
            col(SellerMetricsTable.SELLER_ID),
            col(SellerMetricsTable.RATE).as(ODR_BEFORE));
  }

  /** Counting claims per seller, date and root cause. */
  private static Dataset<Row> rootCauseCounts(Dataset<Row> claims) {
    return claims
        .filter(col(ClaimAttributionTable.COUNTS_AS_DEFECT))
        .groupBy(keyColumns(col(ClaimAttributionTable.ROOT_CAUSE)))
        .agg(count(lit(1)).as(SellerRiskTable.CLAIMS));
  }

  /** The most frequent root causes first, ties alphabetical. */
  private static Dataset<Row> topRootCauses(Dataset<Row> causes) {
    Column cause = col(SellerRiskTable.ROOT_CAUSE);
    Column claims = col(SellerRiskTable.CLAIMS);
    return causes
        .groupBy(keyColumns())
        .agg(
            min_by(struct(cause, claims), struct(negate(claims), cause), TOP_ROOT_CAUSES)
                .as(SellerRiskTable.TOP_ROOT_CAUSES));
  }

  /** SKUs with defective orders: the most first, then the highest rate, then by SKU. */
  private static Dataset<Row> topSkus(Dataset<Row> skuMetrics) {
    Column sku = col(SkuMetricsTable.SKU);
    Column defective = col(SkuMetricsTable.DEFECTIVE_ORDERS);
    Column rate = col(SkuMetricsTable.DEFECT_RATE);
    Column summary =
        struct(
            sku,
            col(SkuMetricsTable.ORDERS),
            defective,
            rate,
            col(SkuMetricsTable.HOTSPOT),
            col(SkuMetricsTable.TOP_ROOT_CAUSE));
    return skuMetrics
        .filter(defective.gt(0))
        .groupBy(keyColumns())
        .agg(
            min_by(summary, struct(negate(defective), negate(rate), sku), TOP_SKUS)
                .as(SellerRiskTable.TOP_SKUS));
  }

  private static Dataset<Row> awaitingCounts(Dataset<Row> awaiting) {
    return awaiting
        .groupBy(keyColumns())
        .agg(count(lit(1)).as(SellerRiskTable.CLAIMS_AWAITING_RESPONSE));
  }

  /** Claims answered late or not at all, whatever their status. */
  private static Dataset<Row> lateResponses(Dataset<Row> claims) {
    return claims
        .filter(col(ClaimAttributionTable.LATE_RESPONSE))
        .groupBy(keyColumns())
        .agg(count(lit(1)).as(LATE_RESPONSES));
  }

  /**
   * Every action each seller's data calls for, with the claims it concerns (orders with quality
   * claims for a SKU), most first; ties in {@link RiskAction} order, then by SKU.
   */
  private static Dataset<Row> actions(
      Dataset<Row> causes,
      Dataset<Row> lateResponses,
      Dataset<Row> skuMetrics,
      Dataset<Row> awaiting,
      Policy policy) {
    Column noSku = lit(null).cast(DataTypes.StringType);
    Dataset<Row> candidates =
        candidates(
                causes,
                RiskAction.ofRootCause(col(SellerRiskTable.ROOT_CAUSE)),
                col(SellerRiskTable.CLAIMS),
                noSku)
            .filter(col(ACTION).isNotNull())
            .unionByName(
                candidates(
                    awaiting,
                    lit(RiskAction.ANSWER_OPEN_CLAIMS.ordinal()),
                    col(SellerRiskTable.CLAIMS_AWAITING_RESPONSE),
                    noSku))
            .unionByName(
                candidates(
                    lateResponses,
                    lit(RiskAction.ANSWER_ON_TIME.ordinal()),
                    col(LATE_RESPONSES),
                    noSku))
            .unionByName(
                candidates(
                    skuMetrics.filter(col(SkuMetricsTable.HOTSPOT)),
                    lit(RiskAction.FIX_SKU.ordinal()),
                    col(SkuMetricsTable.QUALITY_CLAIM_ORDERS),
                    col(SkuMetricsTable.SKU)));
    Column text =
        RiskAction.text(
            col(ACTION),
            col(WEIGHT),
            col(SellerRiskTable.SKU),
            policy,
            col(SellerRiskTable.MARKETPLACE_ID));
    Column pressing =
        struct(negate(col(WEIGHT)), col(ACTION), coalesce(col(SellerRiskTable.SKU), lit("")));
    return candidates
        .groupBy(keyColumns())
        .agg(min_by(text, pressing, MAX_ACTIONS).as(SellerRiskTable.ACTIONS));
  }

  private static Dataset<Row> candidates(
      Dataset<Row> rows, Column action, Column weight, Column sku) {
    return rows.select(
        col(OutputTables.AS_OF_DATE),
        col(SellerRiskTable.MARKETPLACE_ID),
        col(SellerRiskTable.SELLER_ID),
        action.cast(DataTypes.IntegerType).as(ACTION),
        weight.cast(DataTypes.LongType).as(WEIGHT),
        sku.as(SellerRiskTable.SKU));
  }

  private static Column odrAll() {
    return col(SellerMetricsTable.METRIC)
        .equalTo(MetricId.ODR.name())
        .and(col(SellerMetricsTable.CHANNEL).equalTo(Channel.ALL.name()));
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

  /** The array column {@code name}, or an empty array of {@code elementType} for a null. */
  private static Column orEmpty(String name, DataType elementType) {
    return coalesce(col(name), array().cast(DataTypes.createArrayType(elementType, false)))
        .as(name);
  }
}
