package io.claimlens.job;

import io.claimlens.attribution.ClaimAttribution;
import io.claimlens.attribution.ClaimEvidence;
import io.claimlens.attribution.ClaimsAwaitingResponse;
import io.claimlens.io.SideBySide;
import io.claimlens.metrics.SkuMetrics;
import io.claimlens.policy.PolicyAtDates;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The attribution stage: every claim in its context, its evidence and its root cause (SPEC §3), and
 * the SKU metrics, which rank each SKU's root causes. It needs nothing of the sellers' metrics
 * ({@link Measured}), and the job keeps both side by side.
 *
 * @param skuCounts per SKU and date, the orders and defects the hotspot flag and sku_metrics read
 *     (kept)
 * @param claimsInContext the claims with their order and response deadline (kept: the attribution
 *     and the awaiting claims read them)
 * @param attributed every claim with its evidence, root cause and responsible party (kept)
 * @param awaiting the claims_awaiting_response table
 * @param skuMetrics the sku_metrics table (kept: it is written, and seller_risk reads it)
 */
record Attributed(
    Dataset<Row> skuCounts,
    Dataset<Row> claimsInContext,
    Dataset<Row> attributed,
    Dataset<Row> awaiting,
    Dataset<Row> skuMetrics) {

  static Attributed of(RunContext run, Facts facts, Materialized kept, SideBySide side) {
    PolicyAtDates policy = run.atDates();
    SideBySide.Both<Dataset<Row>, Dataset<Row>> counted =
        side.both(
            () -> kept.keep("SKU counts", facts.skuCounts(policy)),
            () ->
                kept.keep(
                    "claims in context",
                    ClaimEvidence.claimsInContext(facts.claims(), facts.ordersAtDates(), policy)));
    Dataset<Row> skuCounts = counted.first();
    Dataset<Row> claimsInContext = counted.second();
    Dataset<Row> evidence =
        kept.keep(
            "claim evidence",
            ClaimEvidence.fromOrders(
                claimsInContext,
                facts.orderFactsStanding(),
                facts.skusByOrder(),
                skuCounts,
                policy.knownAt()));
    Dataset<Row> attributed =
        kept.keep(
            "claim attribution",
            ClaimAttribution.attribute(ClaimEvidence.withReturns(evidence, facts.returns())));
    Dataset<Row> skuMetrics =
        kept.keep(
            "SKU metrics",
            SkuMetrics.table(
                skuCounts, ClaimAttribution.topRootCauses(attributed, facts.skusByOrder())));
    return new Attributed(
        skuCounts,
        claimsInContext,
        attributed,
        ClaimsAwaitingResponse.table(claimsInContext, policy.knownAt()),
        skuMetrics);
  }
}
