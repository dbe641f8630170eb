package io.claimlens.facts;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.claimlens.asof.JudgedDates;
import io.claimlens.asof.KnownAt;
import io.claimlens.io.Distributed;
import io.claimlens.policy.ExactDecimals;
import io.claimlens.policy.PolicyAtDates;
import io.claimlens.schema.Claims;
import io.claimlens.schema.OrderItems;
import io.claimlens.schema.Orders;
import io.claimlens.schema.OutputTables;
import io.claimlens.schema.SkuMetricsTable;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * The counts of each seller's SKU in the SKU window and the SKU hotspot rule (SPEC §3): read by
 * attribution for its hotspot evidence and by the {@code sku_metrics} table.
 *
 * <p>A claim with a SKU is a defect of that SKU only (when the order holds it); a claim without
 * one, a negative feedback or a chargeback is a defect of every SKU of its order. The quality-claim
 * count follows the same rule, so hotspots and defect rates agree.
 */
public final class SkuFacts {
  private static final String CLAIMED = "_claimed";
  private static final String QUALITY = "_quality";
  private static final String SKU_CLAIM_QUALITY = "_sku_claim_quality";
  private static final String ORDER_CLAIM_QUALITY = "_order_claim_quality";
  // an order SKU standing for a range of dates, and the counts of it that its claims make
  private static final String SKU_ORDER = "_sku_order";
  private static final String SKU_FROM = "_sku_from";
  private static final String SKU_UNTIL = "_sku_until";
  private static final String CLAIM_SKU = "_claim_sku";
  private static final String FEEDBACK_OR_CHARGEBACK = "_feedback_or_chargeback";
  private static final String CLAIM_DEFECTS = "_claim_defects";

  private SkuFacts() {}

  /**
   * The SKUs of the orders of {@code rows} at their dates (order id, {@link
   * OutputTables#AS_OF_DATE}, SKU), a row per row of {@code rows} and item: a SKU held by two items
   * of an order comes twice, for a reader that takes the least and greatest or the distinct SKUs.
   * Claims concern few orders, so only theirs are joined, as they stand; the distinct SKUs of every
   * order, found first, were an aggregation of every item for each reader (half of the claims'
   * evidence step at 5,000,000 orders).
   *
   * @param rows rows with an order id and an as-of date, say claims
   * @param skusByOrder as for {@link #counts}
   */
  public static Dataset<Row> ofOrdersAt(Dataset<Row> rows, Dataset<Row> skusByOrder) {
    return JudgedDates.joinStanding(
        rows.select(col(Orders.ORDER_ID), KnownAt.asOf()), skusByOrder, Orders.ORDER_ID, "inner");
  }

  /**
   * The counts of each SKU in the SKU window and whether it is a hotspot: everything of the {@code
   * sku_metrics} table but the rates and the top root cause, which needs the hotspots first.
   *
   * @param orderFacts {@link OrderFacts}
   * @param skusByOrder the SKU of each judgement of an order's valid {@code order_items}, with the
   *     dates it stands for (order id, {@link OutputTables#AS_OF_DATE}, {@link JudgedDates#UNTIL},
   *     SKU), best distributed by order id: the join to the order facts then shuffles neither side.
   *     A SKU held by two items of an order is counted once ({@code ValidatedDataset.validStanding}
   *     says when the distinct rows are exact)
   * @param claims claim states at D
   * @param policy the policy at the run's dates
   */
  public static Dataset<Row> counts(
      Dataset<Row> orderFacts,
      Dataset<Row> skusByOrder,
      Dataset<Row> claims,
      PolicyAtDates policy) {
    Dataset<Row> orderSkus =
        JudgedDates.joinStanding(
            policy
                .withSettings(orderFacts)
                .filter(
                    col(OrderFacts.PURCHASE_DAY)
                        .between(
                            col(PolicyAtDates.SKU_WINDOW_START),
                            col(PolicyAtDates.SKU_WINDOW_END))),
            skusByOrder
                .select(
                    col(Orders.ORDER_ID),
                    KnownAt.asOf(),
                    col(JudgedDates.UNTIL),
                    col(OrderItems.SKU))
                .distinct(),
            Orders.ORDER_ID,
            "inner");

    // claims per order and SKU, and per order for those naming none: at most one row of each per
    // order SKU, so the order SKUs need no grouping after the joins
    Dataset<Row> countingClaims = countingClaims(claims);
    Dataset<Row> claimedSkus =
        countingClaims
            .filter(col(Claims.SKU).isNotNull())
            .groupBy(col(Orders.ORDER_ID), KnownAt.asOf(), col(Claims.SKU).as(OrderItems.SKU))
            .agg(max(col(QUALITY)).as(SKU_CLAIM_QUALITY));
    Dataset<Row> claimedOrders =
        countingClaims
            .filter(col(Claims.SKU).isNull())
            .groupBy(col(Orders.ORDER_ID), KnownAt.asOf())
            .agg(max(col(QUALITY)).as(ORDER_CLAIM_QUALITY));
    Column skuClaim = col(SKU_CLAIM_QUALITY);
    Column orderClaim = col(ORDER_CLAIM_QUALITY);
    Dataset<Row> perOrderSku =
        orderSkus
            .join(
                claimedSkus,
                new String[] {Orders.ORDER_ID, OutputTables.AS_OF_DATE, OrderItems.SKU},
                "left")
            .join(claimedOrders, OrderFacts.BY_ORDER_AND_DATE, "left")
            .withColumn(
                CLAIMED, when(skuClaim.isNotNull().or(orderClaim.isNotNull()), 1).otherwise(0))
            .withColumn(
                QUALITY, greatest(coalesce(skuClaim, lit(0)), coalesce(orderClaim, lit(0))));

    Column defective =
        greatest(
            col(CLAIMED),
            col(OrderFacts.HAS_NEGATIVE_FEEDBACK),
            col(OrderFacts.HAS_COUNTING_CHARGEBACK));
    // grouped by the key alone, the marketplace's settings added after: grouped by them too, the
    // aggregation hashed and shuffled four more fields per key (literals at a night, which Spark
    // does not drop from the keys once they are collapsed into the aggregation)
    Dataset<Row> perSku =
        perSku(
            perOrderSku,
            count(lit(1)),
            defective,
            col(CLAIMED),
            col(OrderFacts.HAS_NEGATIVE_FEEDBACK),
            col(OrderFacts.HAS_COUNTING_CHARGEBACK));
    return withHotspots(perSku, policy);
  }

  /**
   * {@link #counts}, from order facts that each stand for a range of dates: from {@link
   * OutputTables#AS_OF_DATE} {@link JudgedDates#UNTIL} (exclusive; null: every later date), as a
   * backfill keeps them. Counted at each date, a backfill's facts were spread over every date and
   * joined to their items' SKUs there (24.8 M order SKUs at 1,000,000 orders and 30 dates, for 2.9
   * M counts).
   *
   * <p>An order's SKU counts as its facts stand, its negative feedback and chargebacks with them,
   * except for its claims, which are states at each date: so the counts are summed in two parts.
   * Each order SKU stands for the dates where its order's facts, its item's judgement and the SKU
   * window of its purchase day meet, and those ranges are summed at each date from their changes
   * ({@link JudgedDates#sumsAtEachDate}): its orders, feedback, chargebacks and defects but those
   * its claims alone make. The claims that count at a date are joined to the order SKUs that stand
   * for it, and add the claim orders, the quality claims and the defects of orders with no feedback
   * or chargeback. Both parts then add up per SKU and date.
   *
   * @param orderFacts {@link OrderFacts} rows with the dates they stand for
   * @param skusByOrder as for {@link #counts}
   * @param claims claim states at D
   * @param policy the policy at the run's dates
   */
  public static Dataset<Row> countsOfRanges(
      Dataset<Row> orderFacts,
      Dataset<Row> skusByOrder,
      Dataset<Row> claims,
      PolicyAtDates policy) {
    JudgedDates dates = policy.judgedDates();
    Column from = KnownAt.asOf();
    Column until = col(JudgedDates.UNTIL);
    Dataset<Row> skus =
        skusByOrder
            .select(
                col(Orders.ORDER_ID).as(SKU_ORDER),
                KnownAt.asOf().as(SKU_FROM),
                col(JudgedDates.UNTIL).as(SKU_UNTIL),
                col(OrderItems.SKU))
            .distinct();
    PolicyAtDates.DateRange window = policy.datesInSkuWindow(col(OrderFacts.PURCHASE_DAY));
    // greatest and least skip nulls: an until of null is no end
    Column rangeFrom = greatest(from, col(SKU_FROM), window.from(), lit(dates.dates().get(0)));
    Column rangeUntil = least(until, col(SKU_UNTIL), window.until());
    Column feedbackOrChargeback =
        greatest(col(OrderFacts.HAS_NEGATIVE_FEEDBACK), col(OrderFacts.HAS_COUNTING_CHARGEBACK));
    Dataset<Row> orderSkus =
        orderFacts
            .join(
                skus,
                col(Orders.ORDER_ID)
                    .equalTo(col(SKU_ORDER))
                    .and(coalesce(from.lt(col(SKU_UNTIL)), lit(true)))
                    .and(coalesce(col(SKU_FROM).lt(until), lit(true))))
            .select(
                rangeFrom.as(OutputTables.AS_OF_DATE),
                rangeUntil.as(JudgedDates.UNTIL),
                col(Orders.ORDER_ID),
                col(Orders.MARKETPLACE_ID),
                col(Orders.SELLER_ID),
                col(OrderItems.SKU),
                lit(1).as(SkuMetricsTable.ORDERS),
                col(OrderFacts.HAS_NEGATIVE_FEEDBACK).as(SkuMetricsTable.NEGATIVE_FEEDBACK_ORDERS),
                col(OrderFacts.HAS_COUNTING_CHARGEBACK).as(SkuMetricsTable.CHARGEBACK_ORDERS),
                feedbackOrChargeback.as(FEEDBACK_OR_CHARGEBACK))
            .filter(from.lt(until));
    List<String> key = List.of(Orders.MARKETPLACE_ID, Orders.SELLER_ID, OrderItems.SKU);
    List<String> standing =
        List.of(
            SkuMetricsTable.ORDERS,
            SkuMetricsTable.NEGATIVE_FEEDBACK_ORDERS,
            SkuMetricsTable.CHARGEBACK_ORDERS,
            FEEDBACK_OR_CHARGEBACK);
    Dataset<Row> standingCounts =
        dates
            .sumsAtEachDate(Distributed.by(orderSkus, Orders.SELLER_ID), key, standing)
            .withColumn(CLAIMED, lit(0L))
            .withColumn(QUALITY, lit(0L))
            .withColumn(CLAIM_DEFECTS, lit(0L));

    // a claim naming a SKU claims it, one naming none every SKU of its order
    Dataset<Row> countingClaims = policy.atDates(countingClaims(claims));
    Dataset<Row> claimedSkus =
        JudgedDates.joinStanding(
                countingClaims.withColumnRenamed(Claims.SKU, CLAIM_SKU),
                orderSkus,
                Orders.ORDER_ID,
                "inner")
            .filter(col(CLAIM_SKU).isNull().or(col(CLAIM_SKU).equalTo(col(OrderItems.SKU))))
            .groupBy(
                KnownAt.asOf(),
                col(Orders.ORDER_ID),
                col(Orders.MARKETPLACE_ID),
                col(Orders.SELLER_ID),
                col(OrderItems.SKU),
                col(FEEDBACK_OR_CHARGEBACK))
            .agg(max(col(QUALITY)).cast("long").as(QUALITY));
    List<Column> claimCounts = new ArrayList<>();
    claimCounts.add(KnownAt.asOf());
    key.forEach(c -> claimCounts.add(col(c)));
    standing.forEach(c -> claimCounts.add(lit(0L).as(c)));
    claimCounts.add(lit(1L).as(CLAIMED));
    claimCounts.add(col(QUALITY));
    claimCounts.add(lit(1L).minus(col(FEEDBACK_OR_CHARGEBACK)).as(CLAIM_DEFECTS));

    Dataset<Row> perSku =
        perSku(
            standingCounts.unionByName(claimedSkus.select(claimCounts.toArray(Column[]::new))),
            // not null, as a count of rows: every SKU with a count has an order
            coalesce(sum(col(SkuMetricsTable.ORDERS)), lit(0L)),
            col(FEEDBACK_OR_CHARGEBACK).plus(col(CLAIM_DEFECTS)),
            col(CLAIMED),
            col(SkuMetricsTable.NEGATIVE_FEEDBACK_ORDERS),
            col(SkuMetricsTable.CHARGEBACK_ORDERS));
    return withHotspots(perSku, policy);
  }

  /**
   * {@code rows} summed per SKU and date into the counts of {@code sku_metrics}: {@code orders} an
   * aggregate of its own, each other count (and the quality claims' column) what a row adds.
   */
  private static Dataset<Row> perSku(
      Dataset<Row> rows,
      Column orders,
      Column defective,
      Column claimed,
      Column negativeFeedback,
      Column chargebacks) {
    return rows.groupBy(
            KnownAt.asOf(), col(Orders.MARKETPLACE_ID), col(Orders.SELLER_ID), col(OrderItems.SKU))
        .agg(
            orders.as(SkuMetricsTable.ORDERS),
            sum(defective).cast("long").as(SkuMetricsTable.DEFECTIVE_ORDERS),
            sum(claimed).cast("long").as(SkuMetricsTable.CLAIM_ORDERS),
            sum(negativeFeedback).cast("long").as(SkuMetricsTable.NEGATIVE_FEEDBACK_ORDERS),
            sum(chargebacks).cast("long").as(SkuMetricsTable.CHARGEBACK_ORDERS),
            sum(QUALITY).cast("long").as(SkuMetricsTable.QUALITY_CLAIM_ORDERS));
  }

  /** The counting claims, each with whether it is a quality claim (1) or not (0). */
  private static Dataset<Row> countingClaims(Dataset<Row> claims) {
    return claims
        .filter(Defects.countingClaim())
        .select(
            col(Orders.ORDER_ID),
            KnownAt.asOf(),
            col(Claims.SKU),
            when(Defects.countingQualityClaim(), lit(1)).otherwise(lit(0)).as(QUALITY));
  }

  /** The counts per SKU with their settings and whether the SKU is a hotspot. */
  private static Dataset<Row> withHotspots(Dataset<Row> perSku, PolicyAtDates policy) {
    return policy
        .withSkuSettings(perSku)
        .withColumn(SkuMetricsTable.HOTSPOT, hotspot())
        .withColumnRenamed(PolicyAtDates.SKU_WINDOW_START, SkuMetricsTable.WINDOW_START)
        .withColumnRenamed(PolicyAtDates.SKU_WINDOW_END, SkuMetricsTable.WINDOW_END);
  }

  /**
   * Whether a claim on order {@code claimOrder} naming {@code claimSku} belongs to SKU {@code sku}
   * of order {@code order} (SPEC §4): its own SKU, or every SKU of its order when it names none.
   */
  public static Column claimOfSku(Column claimOrder, Column claimSku, Column order, Column sku) {
    return claimOrder.equalTo(order).and(claimSku.isNull().or(claimSku.equalTo(sku)));
  }

  /**
   * At least the minimum quality-claim orders, at a rate at least the multiple of the pooled
   * marketplace rate: qco / orders >= m × Σqco / Σorders, cross-multiplied to stay exact.
   */
  private static Column hotspot() {
    WindowSpec marketplace = Window.partitionBy(col(Orders.MARKETPLACE_ID), KnownAt.asOf());
    Column qco = col(SkuMetricsTable.QUALITY_CLAIM_ORDERS);
    Column orders = col(SkuMetricsTable.ORDERS);
    Column pooledQco = sum(qco).over(marketplace);
    Column pooledOrders = sum(orders).over(marketplace);
    Column skuSide = exact(qco).multiply(exact(pooledOrders));
    Column pooledSide =
        col(PolicyAtDates.HOTSPOT_RATE_MULTIPLE).multiply(exact(pooledQco).multiply(exact(orders)));
    return qco.geq(col(PolicyAtDates.HOTSPOT_MIN_ORDERS)).and(skuSide.geq(pooledSide));
  }

  private static Column exact(Column count) {
    return count.cast(ExactDecimals.COUNT);
  }
}
