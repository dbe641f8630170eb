package io.claimlens.report;

import io.claimlens.schema.ClaimAttributionTable;
import io.claimlens.schema.ClaimsAwaitingResponseTable;
import io.claimlens.schema.OutputTables;
import io.claimlens.schema.SellerRiskTable;
import io.claimlens.schema.SkuMetricsTable;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * Everything the risk report shows for one as-of date, already aggregated: small, bounded lists
 * that the renderer turns into HTML without Spark.
 *
 * @param asOf the as-of date D
 * @param marketplaces the marketplace ids of D's tables, sorted
 * @param marketplaceNames display names of the marketplaces the shipped policy lists, by id
 * @param tiers sellers per marketplace and risk tier (seller_risk at D)
 * @param odrTarget the ODR target the histogram marks (seller_metrics' ODR target, or 1%)
 * @param odrHistogram sellers with ODR orders per ODR bin, every bin present, lowest first
 * @param metricStatus per metric, sellers with that metric in BREACH or AT_RISK in any channel
 * @param rootCauses claims per root cause and responsible party (claim_attribution at D)
 * @param topSellers the riskiest sellers, in report order, each with its ODR history
 * @param hotspots the SKU hotspots shown, in report order
 * @param hotspotCount all SKU hotspots at D
 * @param dueClaims claims awaiting response with under a day left, overdue first
 * @param dueClaimCount all claims awaiting response with under a day left
 * @param overdueCount all overdue claims awaiting response
 * @param missingTables tables with no partition for D under the output root
 */
public record ReportData(
    LocalDate asOf,
    List<String> marketplaces,
    Map<String, String> marketplaceNames,
    List<TierCount> tiers,
    double odrTarget,
    List<OdrBin> odrHistogram,
    List<MetricStatusCount> metricStatus,
    List<RootCauseCount> rootCauses,
    List<TopSeller> topSellers,
    List<SkuHotspot> hotspots,
    long hotspotCount,
    List<DueClaim> dueClaims,
    long dueClaimCount,
    long overdueCount,
    List<String> missingTables) {

  /** As-of dates of seller_risk in a top seller's ODR history (its sparkline), D included. */
  public static final int HISTORY_DAYS = 30;

  public ReportData {
    marketplaces = List.copyOf(marketplaces);
    marketplaceNames = Map.copyOf(marketplaceNames);
    tiers = List.copyOf(tiers);
    odrHistogram = List.copyOf(odrHistogram);
    metricStatus = List.copyOf(metricStatus);
    rootCauses = List.copyOf(rootCauses);
    topSellers = List.copyOf(topSellers);
    hotspots = List.copyOf(hotspots);
    dueClaims = List.copyOf(dueClaims);
    missingTables = List.copyOf(missingTables);
  }

  /** A copy with display names for the marketplaces. */
  public ReportData withMarketplaceNames(Map<String, String> names) {
    return new ReportData(
        asOf,
        marketplaces,
        names,
        tiers,
        odrTarget,
        odrHistogram,
        metricStatus,
        rootCauses,
        topSellers,
        hotspots,
        hotspotCount,
        dueClaims,
        dueClaimCount,
        overdueCount,
        missingTables);
  }

  /** Whether {@code table} had no partition for D. */
  public boolean missing(String table) {
    return missingTables.contains(table);
  }

  /** Sellers of one marketplace in one risk tier. */
  public record TierCount(String marketplaceId, String tier, long sellers) {}

  /**
   * Sellers whose ODR is in {@code [lower, upper)}; {@code upper} is null for the open last bin.
   */
  public record OdrBin(double lower, Double upper, long sellers) {}

  /** Sellers (marketplace and seller id) with {@code metric} in BREACH, and AT_RISK, at D. */
  public record MetricStatusCount(String metric, long breach, long atRisk) {}

  /** Claims of one root cause and responsible party; {@code counting} count as ODR defects. */
  public record RootCauseCount(
      @From(ClaimAttributionTable.ROOT_CAUSE) String rootCause,
      @From(ClaimAttributionTable.RESPONSIBLE_PARTY) String responsibleParty,
      @From(ReportQueries.CLAIMS) long claims,
      @From(ReportQueries.COUNTING) long counting) {}

  /** One day of a seller's ODR, from seller_risk of that as-of date. */
  public record OdrPoint(
      @From(OutputTables.AS_OF_DATE) LocalDate asOf, @From(SellerRiskTable.ODR) double odr) {}

  /**
   * A seller_risk row of D with, from seller_metrics, its worst breach's recovery and its ODR peer
   * rank, and the seller's ODR over the as-of dates before it.
   */
  public record TopSeller(
      @From(SellerRiskTable.MARKETPLACE_ID) String marketplaceId,
      @From(SellerRiskTable.SELLER_ID) String sellerId,
      @From(SellerRiskTable.RISK_TIER) String tier,
      @From(SellerRiskTable.RISK_SCORE) int riskScore,
      @From(SellerRiskTable.ODR) Double odr,
      @From(SellerRiskTable.ODR_ORDERS) long odrOrders,
      @From(SellerRiskTable.ODR_DEFECTS) long odrDefects,
      @From(SellerRiskTable.DEFECTS_TO_BREACH) Long defectsToBreach,
      @From(SellerRiskTable.ODR_CHANGE_7D) Double odrChange7d,
      @From(SellerRiskTable.ODR_PROJECTED) Double odrProjected,
      @From(SellerRiskTable.ODR_PROJECTED_STATUS) String odrProjectedStatus,
      @From(SellerRiskTable.BREACHED_METRICS) List<String> breachedMetrics,
      @From(SellerRiskTable.AT_RISK_METRICS) List<String> atRiskMetrics,
      @From(SellerRiskTable.CLAIMS_AWAITING_RESPONSE) long claimsAwaitingResponse,
      @From(SellerRiskTable.ACTIONS) List<String> actions,
      LocalDate recoversOn,
      boolean breachOutlastsRange,
      Double odrPeerBetterPct,
      List<OdrPoint> history) {

    public TopSeller {
      breachedMetrics = List.copyOf(breachedMetrics);
      atRiskMetrics = List.copyOf(atRiskMetrics);
      actions = List.copyOf(actions);
      history = List.copyOf(history);
    }
  }

  /** A hotspot row of sku_metrics at D. */
  public record SkuHotspot(
      @From(SkuMetricsTable.MARKETPLACE_ID) String marketplaceId,
      @From(SkuMetricsTable.SELLER_ID) String sellerId,
      @From(SkuMetricsTable.SKU) String sku,
      @From(SkuMetricsTable.ORDERS) long orders,
      @From(SkuMetricsTable.DEFECTIVE_ORDERS) long defectiveOrders,
      @From(SkuMetricsTable.QUALITY_CLAIM_ORDERS) long qualityClaimOrders,
      @From(SkuMetricsTable.DEFECT_RATE) Double defectRate,
      @From(SkuMetricsTable.TOP_ROOT_CAUSE) String topRootCause) {}

  /** A claims_awaiting_response row of D. */
  public record DueClaim(
      @From(ClaimsAwaitingResponseTable.MARKETPLACE_ID) String marketplaceId,
      @From(ClaimsAwaitingResponseTable.SELLER_ID) String sellerId,
      @From(ClaimsAwaitingResponseTable.CLAIM_ID) String claimId,
      @From(ClaimsAwaitingResponseTable.ORDER_ID) String orderId,
      @From(ClaimsAwaitingResponseTable.FILED_TS) Instant filedTs,
      @From(ClaimsAwaitingResponseTable.RESPONSE_DUE_TS) Instant responseDueTs,
      @From(ClaimsAwaitingResponseTable.HOURS_LEFT) double hoursLeft,
      @From(ClaimsAwaitingResponseTable.OVERDUE) boolean overdue) {}
}
