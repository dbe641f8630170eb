package io.claimlens.job;

import io.claimlens.attribution.ClaimAttribution;
import io.claimlens.attribution.ClaimEvidence;
import io.claimlens.attribution.ClaimsAwaitingResponse;
import io.claimlens.facts.SkuFacts;
import io.claimlens.policy.PolicyAtDates;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The attribution stage: every claim in its context, its evidence and its root cause (SPEC §3).
 *
 * @param skuCounts per SKU and date, the orders and defects the hotspot flag and sku_metrics read
 *     (kept)
 * @param claimsInContext the claims with their order and response deadline (kept: the attribution
 *     and the awaiting claims read them)
 * @param attributed every claim with its evidence, root cause and responsible party (kept)
 * @param awaiting the claims_awaiting_response table
 */
record Attributed(
    Dataset<Row> skuCounts,
    Dataset<Row> claimsInContext,
    Dataset<Row> attributed,
    Dataset<Row> awaiting) {

  static Attributed of(RunContext run, Facts facts, Materialized kept) {
    PolicyAtDates policy = run.atDates();
    Dataset<Row> skuCounts =
        kept.keep(SkuFacts.counts(facts.orderFacts(), facts.validItems(), facts.claims(), policy));
    Dataset<Row> claimsInContext =
        kept.keep(ClaimEvidence.claimsInContext(facts.claims(), facts.ordersAtDates(), policy));
    Dataset<Row> evidence =
        kept.keep(
            ClaimEvidence.fromOrders(
                claimsInContext, facts.orderFacts(), facts.items(), skuCounts, policy.knownAt()));
    Dataset<Row> attributed =
        kept.keep(ClaimAttribution.attribute(ClaimEvidence.withReturns(evidence, facts.returns())));
    return new Attributed(
        skuCounts,
        claimsInContext,
        attributed,
        ClaimsAwaitingResponse.table(claimsInContext, policy.knownAt()));
  }
}
