package io.claimlens.report;

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
      String rootCause, String responsibleParty, long claims, long counting) {}

  /** One day of a seller's ODR, from seller_risk of that as-of date. */
  public record OdrPoint(LocalDate asOf, double odr) {}

  /** A seller_risk row of D with the seller's ODR over the as-of dates before it. */
  public record TopSeller(
      String marketplaceId,
      String sellerId,
      String tier,
      int riskScore,
      Double odr,
      long odrOrders,
      long odrDefects,
      Long defectsToBreach,
      Double odrChange7d,
      Double odrProjected,
      String odrProjectedStatus,
      LocalDate recoversOn,
      boolean breachOutlastsRange,
      Double odrPeerBetterPct,
      List<String> breachedMetrics,
      List<String> atRiskMetrics,
      long claimsAwaitingResponse,
      List<String> actions,
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
      String marketplaceId,
      String sellerId,
      String sku,
      long orders,
      long defectiveOrders,
      long qualityClaimOrders,
      Double defectRate,
      String topRootCause) {}

  /** A claims_awaiting_response row of D. */
  public record DueClaim(
      String marketplaceId,
      String sellerId,
      String claimId,
      String orderId,
      Instant filedTs,
      Instant responseDueTs,
      double hoursLeft,
      boolean overdue) {}
}
