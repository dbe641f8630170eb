package io.claimlens.attribution;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.when;

import io.claimlens.asof.Durations;
import io.claimlens.asof.JudgedDates;
import io.claimlens.asof.KnownAt;
import io.claimlens.facts.Defects;
import io.claimlens.facts.OrderFacts;
import io.claimlens.facts.ReturnFacts;
import io.claimlens.facts.SkuFacts;
import io.claimlens.io.Distributed;
import io.claimlens.policy.PolicyAtDates;
import io.claimlens.schema.ClaimAttributionTable;
import io.claimlens.schema.Claims;
import io.claimlens.schema.OrderItems;
import io.claimlens.schema.Orders;
import io.claimlens.schema.OutputTables;
import io.claimlens.schema.SkuMetricsTable;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The facts each claim is judged on (SPEC §3): its order's shipping facts, the returns of its order
 * and SKU, whether its SKU is a hotspot, and its response deadline. Every fact is as known at D.
 */
public final class ClaimEvidence {
  /** The order's latest_delivery_ts is before the end of D. */
  public static final String DELIVERY_PROMISE_PASSED = "_delivery_promise_passed";

  private static final String ONLY_SKU = "_only_sku";
  private static final String LAST_SKU = "_last_sku";
  private static final String RETURN_ORDER_ID = "_return_order_id";
  private static final String RETURN_SKU = "_return_sku";
  private static final String RETURN_AS_OF = "_return_as_of";
  private static final String[] BY_CLAIM_AND_DATE = {Claims.CLAIM_ID, OutputTables.AS_OF_DATE};

  private ClaimEvidence() {}

  /**
   * Claim states at D with their order's marketplace, seller, purchase day and policy settings, the
   * response due time and whether the response is late. (The gate has left personal data behind.)
   *
   * @param claimStates claim states at D, with the gate's time zone column
   * @param keyedOrders {@link OrderFacts#keyed} orders, each judgement once with the dates it
   *     stands for ({@link JudgedDates#joinStanding})
   * @param policy the policy at the run's dates
   */
  public static Dataset<Row> claimsInContext(
      Dataset<Row> claimStates, Dataset<Row> keyedOrders, PolicyAtDates policy) {
    KnownAt known = policy.knownAt();
    Column due =
        Durations.plusSeconds(col(Claims.FILED_TS), col(PolicyAtDates.RESPONSE_WINDOW_SECONDS));
    Column response = col(Claims.SELLER_RESPONSE_TS);
    Column lateResponse =
        when(known.isKnown(response), response.gt(col(ClaimAttributionTable.RESPONSE_DUE_TS)))
            .otherwise(known.isKnown(col(ClaimAttributionTable.RESPONSE_DUE_TS)));
    // the claims hashed, every order streamed past them: a sort-merge join sorted the orders (4.7 M
    // rows, 0.94 GB of sort memory at 5,000,000 orders) to meet a few claims
    Dataset<Row> withOrders =
        JudgedDates.joinStanding(
            Distributed.hashedInJoins(claimStates),
            keyedOrders.select(
                KnownAt.asOf(),
                col(JudgedDates.UNTIL),
                col(Orders.ORDER_ID),
                col(Orders.MARKETPLACE_ID),
                col(Orders.SELLER_ID),
                col(Orders.LATEST_DELIVERY_TS),
                col(PolicyAtDates.POLICY_KEY),
                col(OrderFacts.PURCHASE_DAY)),
            Orders.ORDER_ID,
            "inner");
    return policy
        .withSettings(withOrders)
        .withColumn(ClaimAttributionTable.RESPONSE_DUE_TS, due)
        .withColumn(ClaimAttributionTable.LATE_RESPONSE, lateResponse);
  }

  /**
   * The claims whose order was bought within the longest window of D (lag included), with the
   * evidence columns of {@code claim_attribution} and the internal ones the rules read, all but the
   * returns' ({@link #withReturns} adds those).
   *
   * <p>Two steps because the returns' step reads its input twice (per claim, then joined back): the
   * caller keeps this step's result rather than computing it, and the order facts under it, twice.
   *
   * @param claimsInContext {@link #claimsInContext}
   * @param orderFacts {@link OrderFacts#of}, each row with the dates it stands for ({@link
   *     JudgedDates#joinStanding}) and kept at least for the orders bought in the claims' span of
   *     the dates it stands for
   * @param skusByOrder the SKU of each judgement of an order's valid items, with the dates it
   *     stands for ({@link JudgedDates#joinStanding}); empty without {@code order_items}: a claim
   *     without a SKU takes its order's only SKU (a SKU held by two items is one SKU)
   * @param skuCounts {@link SkuFacts#counts}, for the hotspots
   * @param known what is known at the claims' dates, by their time zones
   */
  public static Dataset<Row> fromOrders(
      Dataset<Row> claimsInContext,
      Dataset<Row> orderFacts,
      Dataset<Row> skusByOrder,
      Dataset<Row> skuCounts,
      KnownAt known) {
    // the claims hashed, the order facts streamed past them as they stand: a sort-merge join
    // sorted a backfill's facts at every date (20.8 M rows, spilling 2.7 GB, for 0.54 M claims in
    // a 30-date backfill at 1,000,000 orders), and a hash join still streamed them all past
    Dataset<Row> claims =
        JudgedDates.joinStanding(
                Distributed.hashedInJoins(
                    claimsInContext.filter(
                        col(OrderFacts.PURCHASE_DAY).geq(col(PolicyAtDates.CLAIMS_SPAN_START)))),
                orderFacts.select(
                    col(Orders.ORDER_ID),
                    KnownAt.asOf(),
                    col(JudgedDates.UNTIL),
                    col(ClaimAttributionTable.SHIPPED),
                    col(ClaimAttributionTable.LATE_SHIPMENT),
                    col(ClaimAttributionTable.VALID_TRACKING),
                    col(ClaimAttributionTable.DELIVERED),
                    col(ClaimAttributionTable.SIGNED)),
                Orders.ORDER_ID,
                "inner")
            .withColumn(DELIVERY_PROMISE_PASSED, known.isKnown(col(Orders.LATEST_DELIVERY_TS)))
            .withColumn(ClaimAttributionTable.COUNTS_AS_DEFECT, Defects.countingClaim());
    claims = withResolvedSku(claims, claimsInContext, skusByOrder);
    return withHotspot(claims, skuCounts);
  }

  /**
   * A claim's SKU: its own, or its order's only SKU when it names none (SPEC §3).
   *
   * <p>The SKUs are joined as they stand, to the claims' orders and dates: spreading every item
   * over the run's dates first sorted 34.6 M copies of 1.3 M items to join 0.66 M claims (a 30-date
   * backfill at 1,000,000 orders).
   */
  private static Dataset<Row> withResolvedSku(
      Dataset<Row> claims, Dataset<Row> claimsInContext, Dataset<Row> skusByOrder) {
    // one distinct SKU: the least is the greatest (a distinct count is two aggregations)
    Dataset<Row> onlySkus =
        SkuFacts.ofOrdersAt(claimsInContext, skusByOrder)
            .groupBy(col(Orders.ORDER_ID), KnownAt.asOf())
            .agg(min(col(OrderItems.SKU)).as(ONLY_SKU), max(col(OrderItems.SKU)).as(LAST_SKU))
            .filter(col(ONLY_SKU).equalTo(col(LAST_SKU)))
            .select(col(Orders.ORDER_ID), KnownAt.asOf(), col(ONLY_SKU));
    return claims
        .join(onlySkus, OrderFacts.BY_ORDER_AND_DATE, "left")
        .withColumn(Claims.SKU, coalesce(col(Claims.SKU), col(ONLY_SKU)))
        .drop(ONLY_SKU);
  }

  /** Whether the claim's SKU is a hotspot of its seller at D; a claim without a SKU is not. */
  private static Dataset<Row> withHotspot(Dataset<Row> claims, Dataset<Row> skuCounts) {
    Dataset<Row> hotspots =
        skuCounts
            .filter(col(SkuMetricsTable.HOTSPOT))
            .select(
                KnownAt.asOf(),
                col(SkuMetricsTable.MARKETPLACE_ID),
                col(SkuMetricsTable.SELLER_ID),
                col(SkuMetricsTable.SKU),
                lit(true).as(ClaimAttributionTable.HOTSPOT_SKU));
    return claims
        .join(
            hotspots,
            new String[] {
              OutputTables.AS_OF_DATE, Orders.MARKETPLACE_ID, Orders.SELLER_ID, Claims.SKU
            },
            "left")
        .withColumn(
            ClaimAttributionTable.HOTSPOT_SKU,
            coalesce(col(ClaimAttributionTable.HOTSPOT_SKU), lit(false)));
  }

  /**
   * The claims of {@link #fromOrders} with what the returns of the claim's order say: one linked by
   * order_id, and by SKU where both the return and the claim carry one (SPEC §3). Null throughout
   * when returns are absent.
   *
   * @param returnFacts {@link ReturnFacts#of}, if returns are present
   */
  public static Dataset<Row> withReturns(Dataset<Row> claims, Optional<Dataset<Row>> returnFacts) {
    if (returnFacts.isEmpty()) {
      return claims
          .withColumn(ClaimAttributionTable.RETURN_RECEIVED, lit(null).cast("boolean"))
          .withColumn(ClaimAttributionTable.REFUND_LATE, lit(null).cast("boolean"))
          .withColumn(ReturnFacts.RETURN_REJECTED, lit(null).cast("boolean"));
    }
    Dataset<Row> returns =
        returnFacts
            .get()
            .select(
                KnownAt.asOf().as(RETURN_AS_OF),
                col(Orders.ORDER_ID).as(RETURN_ORDER_ID),
                col(OrderItems.SKU).as(RETURN_SKU),
                col(ClaimAttributionTable.RETURN_RECEIVED),
                col(ClaimAttributionTable.REFUND_LATE),
                col(ReturnFacts.RETURN_REJECTED));
    Column linked =
        col(Orders.ORDER_ID)
            .equalTo(col(RETURN_ORDER_ID))
            .and(KnownAt.asOf().equalTo(col(RETURN_AS_OF)))
            .and(
                col(RETURN_SKU)
                    .isNull()
                    .or(col(Claims.SKU).isNull())
                    .or(col(RETURN_SKU).equalTo(col(Claims.SKU))));
    Dataset<Row> perClaim =
        claims
            .select(col(Claims.CLAIM_ID), KnownAt.asOf(), col(Orders.ORDER_ID), col(Claims.SKU))
            .join(returns, linked)
            .groupBy(col(Claims.CLAIM_ID), KnownAt.asOf())
            .agg(
                max(col(ClaimAttributionTable.RETURN_RECEIVED))
                    .as(ClaimAttributionTable.RETURN_RECEIVED),
                max(col(ClaimAttributionTable.REFUND_LATE)).as(ClaimAttributionTable.REFUND_LATE),
                max(col(ReturnFacts.RETURN_REJECTED)).as(ReturnFacts.RETURN_REJECTED));
    return claims
        .join(perClaim, BY_CLAIM_AND_DATE, "left")
        .withColumn(
            ClaimAttributionTable.RETURN_RECEIVED,
            coalesce(col(ClaimAttributionTable.RETURN_RECEIVED), lit(false)))
        .withColumn(
            ClaimAttributionTable.REFUND_LATE,
            coalesce(col(ClaimAttributionTable.REFUND_LATE), lit(false)))
        .withColumn(
            ReturnFacts.RETURN_REJECTED, coalesce(col(ReturnFacts.RETURN_REJECTED), lit(false)));
  }
}
