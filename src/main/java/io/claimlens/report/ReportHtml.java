package io.claimlens.report;

import static io.claimlens.report.Html.attr;
import static io.claimlens.report.Html.escape;

import io.claimlens.schema.OutputTables;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Renders a {@link ReportData} as one self-contained HTML page: inline CSS and SVG, no script, no
 * font, image or link to fetch (a Content-Security-Policy of {@code default-src 'none'} makes the
 * browser refuse any that slipped in). Every data value is escaped; every number shown has its
 * exact value in a data- attribute beside it.
 */
public final class ReportHtml {
  /** What an empty section says. */
  public static final String NONE_TODAY = "None today.";

  /** KPIs whose value is shown in red when it is not zero. */
  private static final List<String> ALERTS = List.of("critical-high", "odr-breach", "due-claims");

  private ReportHtml() {}

  /** The page for {@code data}. */
  public static String render(ReportData data) {
    StringBuilder html = new StringBuilder(64 * 1024);
    html.append("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; ")
        .append("style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<title>")
        .append(escape("Seller risk report " + data.asOf() + " \u00b7 claimlens"))
        .append("</title>\n<style>")
        .append(CSS)
        .append("</style>\n</head>\n<body")
        .append(attr("data-as-of", data.asOf()))
        .append(">\n<main>\n");
    header(html, data);
    summary(html, data);
    rootCauses(html, data);
    topSellers(html, data);
    hotspots(html, data);
    dueClaims(html, data);
    footer(html, data);
    html.append("</main>\n</body>\n</html>\n");
    return html.toString();
  }

  private static void header(StringBuilder html, ReportData data) {
    html.append("<header>\n<div class=\"brand\">claimlens \u00b7 seller risk</div>\n")
        .append("<h1>Seller risk report <span class=\"date\">")
        .append(escape(data.asOf().toString()))
        .append("</span></h1>\n<div class=\"marketplaces\">");
    if (data.marketplaces().isEmpty()) {
      html.append("<span class=\"muted\">No marketplace in the tables of this date.</span>");
    }
    for (String id : data.marketplaces()) {
      html.append("<span class=\"chip\"").append(attr("data-marketplace-id", id)).append(">");
      String name = data.marketplaceNames().get(id);
      if (name != null) {
        html.append(escape(name)).append(" <span class=\"id\">").append(escape(id));
        html.append("</span>");
      } else {
        html.append("<span class=\"id\">").append(escape(id)).append("</span>");
      }
      html.append("</span>");
    }
    html.append("</div>\n</header>\n");
  }

  private static void summary(StringBuilder html, ReportData data) {
    long sellers = data.tiers().stream().mapToLong(ReportData.TierCount::sellers).sum();
    long severe =
        data.tiers().stream()
            .filter(t -> t.tier().equals("CRITICAL") || t.tier().equals("HIGH"))
            .mapToLong(ReportData.TierCount::sellers)
            .sum();
    long withOrders = data.odrHistogram().stream().mapToLong(ReportData.OdrBin::sellers).sum();
    long atOrAbove =
        data.odrHistogram().stream()
            .filter(b -> b.lower() >= data.odrTarget())
            .mapToLong(ReportData.OdrBin::sellers)
            .sum();
    long counting = data.rootCauses().stream().mapToLong(ReportData.RootCauseCount::counting).sum();
    long claims = data.rootCauses().stream().mapToLong(ReportData.RootCauseCount::claims).sum();

    html.append("<section id=\"summary\">\n<h2>The day at a glance</h2>\n");
    html.append("<div class=\"kpis\">");
    // a KPI whose table has no partition for D shows a dash, not a zero
    boolean risk = !data.missing(OutputTables.SELLER_RISK);
    kpi(
        html,
        "sellers",
        risk ? sellers : null,
        "sellers scored",
        risk ? Html.count(withOrders) + " with orders" : "no seller_risk");
    kpi(html, "critical-high", risk ? severe : null, "critical or high risk", null);
    kpi(
        html,
        "odr-breach",
        risk ? atOrAbove : null,
        "ODR at or above " + Html.percent(data.odrTarget()),
        risk ? "of " + Html.count(withOrders) + " sellers with orders" : null);
    boolean attribution = !data.missing(OutputTables.CLAIM_ATTRIBUTION);
    kpi(
        html,
        "counting-claims",
        attribution ? counting : null,
        "counting claims",
        attribution ? "of " + Html.count(claims) + " in the attribution window" : null);
    boolean awaiting = !data.missing(OutputTables.CLAIMS_AWAITING_RESPONSE);
    kpi(
        html,
        "due-claims",
        awaiting ? data.dueClaimCount() : null,
        "claims due within 24 h",
        awaiting ? Html.count(data.overdueCount()) + " already overdue" : null);
    kpi(
        html,
        "hotspots",
        data.missing(OutputTables.SKU_METRICS) ? null : data.hotspotCount(),
        "SKU hotspots",
        null);
    html.append("</div>\n");

    html.append("<h3>Sellers per risk tier</h3>\n");
    if (data.missing(OutputTables.SELLER_RISK)) {
      missing(html, data, OutputTables.SELLER_RISK);
    } else if (data.tiers().isEmpty()) {
      none(html);
    } else {
      tierTable(html, data);
    }
    html.append("<div class=\"grid2\">\n<div>\n<h3>ODR distribution</h3>\n")
        .append("<p class=\"lede\">Sellers with orders in their ODR window, by Order Defect Rate. ")
        .append("Red bars are at or above the ")
        .append(escape(Html.percent(data.odrTarget())))
        .append(" target.</p>\n");
    if (data.missing(OutputTables.SELLER_RISK)) {
      missing(html, data, OutputTables.SELLER_RISK);
    } else if (withOrders == 0) {
      none(html);
    } else {
      html.append(ReportCharts.odrHistogram(data.odrHistogram(), data.odrTarget())).append('\n');
    }
    html.append("</div>\n<div>\n<h3>Policy metrics in breach or at risk</h3>\n")
        .append("<p class=\"lede\">Sellers with the metric in that status in any channel.</p>\n");
    if (data.missing(OutputTables.SELLER_METRICS)) {
      missing(html, data, OutputTables.SELLER_METRICS);
    } else if (data.metricStatus().isEmpty()) {
      none(html);
    } else {
      html.append("<table class=\"metrics\"><thead><tr><th>metric</th>")
          .append("<th class=\"num\">sellers in breach</th><th class=\"num\">at risk</th>")
          .append("</tr></thead><tbody>");
      for (ReportData.MetricStatusCount m : data.metricStatus()) {
        html.append("<tr")
            .append(attr("data-metric", m.metric()))
            .append(">")
            .append("<td class=\"id\">")
            .append(escape(m.metric()))
            .append("</td>")
            .append("<td class=\"num\"")
            .append(attr("data-breach", m.breach()))
            .append(">")
            .append(m.breach() > 0 ? "<strong class=\"bad\">" : "<span class=\"muted\">")
            .append(Html.count(m.breach()))
            .append(m.breach() > 0 ? "</strong>" : "</span>")
            .append("</td><td class=\"num\"")
            .append(attr("data-at-risk", m.atRisk()))
            .append(">")
            .append(Html.count(m.atRisk()))
            .append("</td></tr>");
      }
      html.append("</tbody></table>\n");
    }
    html.append("</div>\n</div>\n</section>\n");
  }

  private static void tierTable(StringBuilder html, ReportData data) {
    List<String> tiers = new ArrayList<>(ReportQueries.TIERS);
    new TreeSet<>(data.tiers().stream().map(ReportData.TierCount::tier).toList())
        .stream().filter(t -> !tiers.contains(t)).forEach(tiers::add);
    Map<String, Map<String, Long>> byMarketplace = new LinkedHashMap<>();
    Map<String, Long> overall = new LinkedHashMap<>();
    tiers.forEach(t -> overall.put(t, 0L));
    for (ReportData.TierCount t : data.tiers()) {
      byMarketplace
          .computeIfAbsent(
              t.marketplaceId(),
              k -> {
                Map<String, Long> m = new LinkedHashMap<>();
                tiers.forEach(x -> m.put(x, 0L));
                return m;
              })
          .merge(t.tier(), t.sellers(), Long::sum);
      overall.merge(t.tier(), t.sellers(), Long::sum);
    }
    html.append("<table class=\"tiers\"><thead><tr><th>marketplace</th>");
    for (String tier : tiers) {
      html.append("<th class=\"num\">").append(tierBadge(tier)).append("</th>");
    }
    html.append("<th class=\"num\">total</th><th>mix</th></tr></thead><tbody>");
    for (Map.Entry<String, Map<String, Long>> m : byMarketplace.entrySet()) {
      String label = data.marketplaceNames().getOrDefault(m.getKey(), m.getKey());
      html.append("<tr class=\"marketplace\"").append(attr("data-marketplace-id", m.getKey()));
      html.append("><td class=\"mp\">").append(escape(label));
      if (!label.equals(m.getKey())) {
        html.append(" <span class=\"id muted\">").append(escape(m.getKey())).append("</span>");
      }
      html.append("</td>");
      tierCells(html, m.getValue(), "marketplace");
      html.append("</tr>");
    }
    html.append(
        "<tr class=\"total\" data-marketplace-id=\"\"><td class=\"mp\">All marketplaces</td>");
    tierCells(html, overall, "all");
    html.append("</tr></tbody></table>\n");
  }

  private static void tierCells(StringBuilder html, Map<String, Long> counts, String scope) {
    long total = 0;
    for (Map.Entry<String, Long> e : counts.entrySet()) {
      total += e.getValue();
      html.append("<td class=\"num\"")
          .append(attr("data-scope", scope))
          .append(attr("data-tier", e.getKey()))
          .append(attr("data-sellers", e.getValue()))
          .append(">")
          .append(e.getValue() == 0 ? "<span class=\"muted\">0</span>" : Html.count(e.getValue()))
          .append("</td>");
    }
    html.append("<td class=\"num\"")
        .append(attr("data-scope", scope))
        .append(attr("data-total", total))
        .append("><strong>")
        .append(Html.count(total))
        .append("</strong></td><td>")
        .append(ReportCharts.tierMix(counts))
        .append("</td>");
  }

  private static void rootCauses(StringBuilder html, ReportData data) {
    html.append("<section id=\"root-causes\">\n<h2>Root-cause mix</h2>\n")
        .append("<p class=\"lede\">Claims of the attribution window by root cause, coloured by ")
        .append("the party who could have prevented them. Solid: counts as an ODR defect; pale: ")
        .append("denied, withdrawn or funded by the platform.</p>\n");
    if (data.missing(OutputTables.CLAIM_ATTRIBUTION)) {
      missing(html, data, OutputTables.CLAIM_ATTRIBUTION);
    } else if (data.rootCauses().isEmpty()) {
      none(html);
    } else {
      html.append("<div class=\"causes\"><div>")
          .append(ReportCharts.rootCauseBars(data.rootCauses()))
          .append("</div><div>");
      partyTable(html, data.rootCauses());
      html.append("</div></div>\n");
    }
    html.append("</section>\n");
  }

  /** Claims per responsible party: counting, all, and the share of the counting ones. */
  private static void partyTable(StringBuilder html, List<ReportData.RootCauseCount> causes) {
    Map<String, long[]> parties = new LinkedHashMap<>();
    for (ReportData.RootCauseCount c : causes) {
      long[] n = parties.computeIfAbsent(String.valueOf(c.responsibleParty()), k -> new long[2]);
      n[0] += c.counting();
      n[1] += c.claims();
    }
    long counting = causes.stream().mapToLong(ReportData.RootCauseCount::counting).sum();
    html.append("<table class=\"parties\"><thead><tr><th>responsible party</th>")
        .append("<th class=\"num\">counting</th><th class=\"num\">share</th>")
        .append("<th class=\"num\">all claims</th></tr></thead><tbody>");
    parties.entrySet().stream()
        .sorted((a, b) -> Long.compare(b.getValue()[0], a.getValue()[0]))
        .forEach(
            e ->
                html.append("<tr")
                    .append(attr("data-responsible-party", e.getKey()))
                    .append(attr("data-counting", e.getValue()[0]))
                    .append(attr("data-claims", e.getValue()[1]))
                    .append("><td><span class=\"swatch\" style=\"background:")
                    .append(ReportCharts.PARTY_FILL.getOrDefault(e.getKey(), "#98a2b3"))
                    .append("\"></span>")
                    .append(escape(Html.words(e.getKey())))
                    .append("</td><td class=\"num\"><strong>")
                    .append(Html.count(e.getValue()[0]))
                    .append("</strong></td><td class=\"num\">")
                    .append(
                        counting == 0
                            ? Html.NONE
                            : escape(Html.percent((double) e.getValue()[0] / counting)))
                    .append("</td><td class=\"num muted\">")
                    .append(Html.count(e.getValue()[1]))
                    .append("</td></tr>"));
    html.append("</tbody></table>\n");
  }

  private static void topSellers(StringBuilder html, ReportData data) {
    html.append("<section id=\"top-sellers\">\n<h2>Top-risk sellers</h2>\n")
        .append("<p class=\"lede\">The ")
        .append(ReportQueries.TOP_SELLERS)
        .append(" highest risk scores: the sellers to call first (ties: fewest defects to breach,")
        .append(" then most orders). Projected: the ODR once the window's claims have all arrived;")
        .append(" clear on: the day the seller's longest breach ends if nothing new goes wrong;")
        .append(
            " peers: the share of the marketplace's sellers with a better ODR. Trend: ODR over the last ")
        .append(RiskReport.HISTORY_DAYS)
        .append(" as-of dates the output holds; the dashed line is the target.</p>\n");
    if (data.missing(OutputTables.SELLER_RISK)) {
      missing(html, data, OutputTables.SELLER_RISK);
    } else if (data.topSellers().isEmpty()) {
      none(html);
    } else {
      html.append("<table class=\"sellers\"><thead><tr><th class=\"num\">#</th><th>seller</th>")
          .append("<th>tier</th><th class=\"num\">score</th><th class=\"num\">ODR</th>")
          .append("<th class=\"num\">defects / orders</th>")
          .append("<th class=\"num\" title=\"further defective orders that make the ODR breach\">")
          .append("to breach</th><th class=\"num\">7-day change</th>")
          .append("<th class=\"num\" title=\"the ODR once the window's claims have all arrived\">")
          .append("projected ODR</th>")
          .append("<th title=\"the day the longest breach ends if nothing new goes wrong\">")
          .append("clear on</th>")
          .append("<th class=\"num\" title=\"share of the marketplace's peers with a better ODR\">")
          .append("peers better</th><th>trend</th>")
          .append("<th>breached metrics and next steps</th></tr></thead><tbody>\n");
      int rank = 0;
      for (ReportData.TopSeller s : data.topSellers()) {
        rank++;
        html.append("<tr class=\"seller\"")
            .append(attr("data-rank", rank))
            .append(attr("data-marketplace-id", s.marketplaceId()))
            .append(attr("data-seller-id", s.sellerId()))
            .append(attr("data-risk-tier", s.tier()))
            .append(attr("data-risk-score", s.riskScore()))
            .append(attr("data-odr", s.odr()))
            .append(attr("data-odr-orders", s.odrOrders()))
            .append(attr("data-odr-defects", s.odrDefects()))
            .append(attr("data-defects-to-breach", s.defectsToBreach()))
            .append(attr("data-odr-change-7d", s.odrChange7d()))
            .append(attr("data-odr-projected", s.odrProjected()))
            .append(attr("data-odr-projected-status", s.odrProjectedStatus()))
            .append(attr("data-recovers-on", s.recoversOn()))
            .append(attr("data-breach-outlasts-range", s.breachOutlastsRange()))
            .append(attr("data-odr-peer-better-pct", s.odrPeerBetterPct()))
            .append(attr("data-claims-awaiting-response", s.claimsAwaitingResponse()))
            .append(">");
        html.append("<td class=\"num muted\">").append(rank).append("</td>");
        html.append("<td><div class=\"id seller-id\">")
            .append(escape(s.sellerId()))
            .append("</div><div class=\"muted small nowrap\">")
            .append(
                escape(data.marketplaceNames().getOrDefault(s.marketplaceId(), s.marketplaceId())))
            .append("</div></td>");
        html.append("<td>").append(tierBadge(s.tier())).append("</td>");
        html.append("<td class=\"num score\"><strong>")
            .append(s.riskScore())
            .append("</strong></td>");
        html.append("<td class=\"num odr\">")
            .append(
                s.odr() != null && s.odr() >= data.odrTarget() ? "<span class=\"bad\">" : "<span>")
            .append(escape(Html.percent(s.odr())))
            .append("</span></td>");
        html.append("<td class=\"num\">")
            .append(Html.count(s.odrDefects()))
            .append(" <span class=\"muted\">/ ")
            .append(Html.count(s.odrOrders()))
            .append("</span></td>");
        html.append("<td class=\"num to-breach\">").append(toBreach(s.defectsToBreach()));
        html.append("</td>");
        html.append("<td class=\"num\">").append(change(s.odrChange7d())).append("</td>");
        html.append("<td class=\"num projected\">")
            .append("BREACH".equals(s.odrProjectedStatus()) ? "<span class=\"bad\">" : "<span>")
            .append(escape(Html.percent(s.odrProjected())))
            .append("</span></td>");
        html.append("<td class=\"recovers nowrap\">").append(escape(recovery(s))).append("</td>");
        html.append("<td class=\"num peers\">")
            .append(escape(peers(s.odrPeerBetterPct())))
            .append("</td>");
        html.append("<td>")
            .append(
                ReportCharts.sparkline(
                    s.history(),
                    data.asOf(),
                    RiskReport.HISTORY_DAYS,
                    data.odrTarget(),
                    ReportCharts.TIER_FILL.getOrDefault(s.tier(), "#667085")))
            .append("</td>");
        html.append("<td class=\"next\">");
        for (String metric : s.breachedMetrics()) {
          html.append("<span class=\"metric breach\">").append(escape(metric)).append("</span>");
        }
        for (String metric : s.atRiskMetrics()) {
          html.append("<span class=\"metric at-risk\">").append(escape(metric)).append("</span>");
        }
        if (s.claimsAwaitingResponse() > 0) {
          html.append("<span class=\"metric awaiting\">")
              .append(Html.count(s.claimsAwaitingResponse()))
              .append(s.claimsAwaitingResponse() == 1 ? " claim" : " claims")
              .append(" awaiting response</span>");
        }
        if (!s.actions().isEmpty()) {
          html.append("<ul class=\"actions\">");
          for (String action : s.actions()) {
            html.append("<li>").append(escape(action)).append("</li>");
          }
          html.append("</ul>");
        }
        html.append("</td></tr>\n");
      }
      html.append("</tbody></table>\n");
    }
    html.append("</section>\n");
  }

  /**
   * The recovery date of a seller's worst breach: the latest recovers_on of its BREACH rows, "not
   * in range" when one of them does not end within its window and lag, a dash without breaches.
   */
  static String recovery(ReportData.TopSeller s) {
    if (s.breachOutlastsRange()) {
      return "not in range";
    }
    return s.recoversOn() == null ? Html.NONE : s.recoversOn().toString();
  }

  /** The ODR peer rank as "N% better", a dash when there is none (too few peers). */
  static String peers(Double betterPct) {
    return betterPct == null
        ? Html.NONE
        : String.format(java.util.Locale.ROOT, "%.0f%% better", betterPct);
  }

  private static void hotspots(StringBuilder html, ReportData data) {
    html.append("<section id=\"sku-hotspots\">\n<h2>SKU hotspots</h2>\n")
        .append("<p class=\"lede\">SKUs whose quality-claim rate is far above their ")
        .append("marketplace's, most quality-claim orders first");
    if (data.hotspotCount() > data.hotspots().size()) {
      html.append(" (")
          .append(data.hotspots().size())
          .append(" of ")
          .append(Html.count(data.hotspotCount()))
          .append(" shown)");
    }
    html.append(".</p>\n");
    if (data.missing(OutputTables.SKU_METRICS)) {
      missing(html, data, OutputTables.SKU_METRICS);
    } else if (data.hotspots().isEmpty()) {
      none(html);
    } else {
      html.append("<table class=\"hotspots\"><thead><tr><th>SKU</th><th>seller</th>")
          .append("<th class=\"num\">quality-claim orders</th>")
          .append("<th class=\"num\">defective / orders</th><th class=\"num\">defect rate</th>")
          .append("<th>top root cause</th></tr></thead><tbody>\n");
      for (ReportData.SkuHotspot h : data.hotspots()) {
        html.append("<tr class=\"hotspot\"")
            .append(attr("data-marketplace-id", h.marketplaceId()))
            .append(attr("data-seller-id", h.sellerId()))
            .append(attr("data-sku", h.sku()))
            .append(attr("data-quality-claim-orders", h.qualityClaimOrders()))
            .append(attr("data-defect-rate", h.defectRate()))
            .append(">")
            .append("<td class=\"id\">")
            .append(escape(h.sku()))
            .append("</td>")
            .append("<td><span class=\"id\">")
            .append(escape(h.sellerId()))
            .append("</span> <span class=\"muted small\">")
            .append(
                escape(data.marketplaceNames().getOrDefault(h.marketplaceId(), h.marketplaceId())))
            .append("</span></td>")
            .append("<td class=\"num\"><strong>")
            .append(Html.count(h.qualityClaimOrders()))
            .append("</strong></td>")
            .append("<td class=\"num\">")
            .append(Html.count(h.defectiveOrders()))
            .append(" <span class=\"muted\">/ ")
            .append(Html.count(h.orders()))
            .append("</span></td>")
            .append("<td class=\"num\">")
            .append(escape(Html.percent(h.defectRate())))
            .append("</td><td>")
            .append(escape(Html.words(h.topRootCause())))
            .append("</td></tr>\n");
      }
      html.append("</tbody></table>\n");
    }
    html.append("</section>\n");
  }

  private static void dueClaims(StringBuilder html, ReportData data) {
    html.append(
            "<section id=\"claims-due\">\n<h2>Claims about to miss their response window</h2>\n")
        .append("<p class=\"lede\">Claims awaiting the seller's answer with under 24 hours left ")
        .append("at the end of the as-of date, overdue first. An unanswered claim is lost by ")
        .append("default");
    if (data.dueClaimCount() > data.dueClaims().size()) {
      html.append(" (")
          .append(data.dueClaims().size())
          .append(" of ")
          .append(Html.count(data.dueClaimCount()))
          .append(" shown)");
    }
    html.append(".</p>\n");
    if (data.missing(OutputTables.CLAIMS_AWAITING_RESPONSE)) {
      missing(html, data, OutputTables.CLAIMS_AWAITING_RESPONSE);
    } else if (data.dueClaims().isEmpty()) {
      none(html);
    } else {
      html.append("<table class=\"due\"><thead><tr><th>response due</th>")
          .append("<th class=\"num\">hours left</th><th>claim</th><th>order</th>")
          .append("<th>seller</th><th>filed</th></tr></thead><tbody>\n");
      for (ReportData.DueClaim c : data.dueClaims()) {
        html.append("<tr class=\"due-claim")
            .append(c.overdue() ? " overdue" : "")
            .append("\"")
            .append(attr("data-claim-id", c.claimId()))
            .append(attr("data-hours-left", c.hoursLeft()))
            .append(attr("data-overdue", c.overdue()))
            .append(">")
            .append("<td>")
            .append(escape(Html.utc(c.responseDueTs())))
            .append("</td>")
            .append("<td class=\"num\">")
            .append(
                c.overdue()
                    ? "<span class=\"bad\">overdue "
                        + escape(Html.hours(-c.hoursLeft()))
                        + "</span>"
                    : escape(Html.hours(c.hoursLeft())))
            .append("</td>")
            .append("<td class=\"id\">")
            .append(escape(c.claimId()))
            .append("</td>")
            .append("<td class=\"id\">")
            .append(escape(c.orderId()))
            .append("</td>")
            .append("<td><span class=\"id\">")
            .append(escape(c.sellerId()))
            .append("</span> <span class=\"muted small\">")
            .append(
                escape(data.marketplaceNames().getOrDefault(c.marketplaceId(), c.marketplaceId())))
            .append("</span></td>")
            .append("<td class=\"muted\">")
            .append(escape(Html.utc(c.filedTs())))
            .append("</td></tr>\n");
      }
      html.append("</tbody></table>\n");
    }
    html.append("</section>\n");
  }

  private static void footer(StringBuilder html, ReportData data) {
    html.append("<footer>Built by claimlens from the published tables of ")
        .append(escape(data.asOf().toString()))
        .append(": seller_risk, seller_metrics, claim_attribution, sku_metrics, ")
        .append("claims_awaiting_response. ODR is printed as a percent with two decimals; ")
        .append("the exact values are in the page's data- attributes.");
    if (!data.missingTables().isEmpty()) {
      html.append(" Not in the output for this date: ")
          .append(escape(String.join(", ", data.missingTables())))
          .append(".");
    }
    html.append("</footer>\n");
  }

  private static void kpi(
      StringBuilder html, String name, Long value, String label, String detail) {
    boolean alert = ALERTS.contains(name) && value != null && value > 0;
    html.append(alert ? "<div class=\"kpi alert\"" : "<div class=\"kpi\"")
        .append(attr("data-kpi", name))
        .append(attr("data-value", value))
        .append("><div class=\"value\">")
        .append(Html.count(value))
        .append("</div><div class=\"label\">")
        .append(escape(label))
        .append("</div>");
    if (detail != null) {
      html.append("<div class=\"detail\">").append(escape(detail)).append("</div>");
    }
    html.append("</div>");
  }

  private static String tierBadge(String tier) {
    return "<span class=\"tier tier-" + Html.cssToken(tier) + "\">" + escape(tier) + "</span>";
  }

  private static String toBreach(Long defects) {
    if (defects == null) {
      return Html.NONE;
    }
    if (defects == 0) {
      return "<span class=\"bad\">in breach</span>";
    }
    return (defects == 1 ? "<strong class=\"bad\">" : "<strong>")
        + Html.count(defects)
        + "</strong>";
  }

  private static String change(Double change) {
    String text = escape(Html.points(change));
    if (change == null || text.startsWith("0.00")) {
      return "<span class=\"muted\">" + text + "</span>";
    }
    return "<span class=\"" + (change > 0 ? "up" : "down") + "\">" + text + "</span>";
  }

  private static void none(StringBuilder html) {
    html.append("<p class=\"none\">").append(NONE_TODAY).append("</p>\n");
  }

  private static void missing(StringBuilder html, ReportData data, String table) {
    html.append("<p class=\"none missing\"")
        .append(attr("data-missing-table", table))
        .append(">Not available: the output has no ")
        .append(escape(table))
        .append(" partition for ")
        .append(escape(data.asOf().toString()))
        .append(".</p>\n");
  }

  private static final String CSS =
      """
      :root{--ink:#101828;--text:#344054;--muted:#667085;--line:#eaecf0;--bg:#f5f6f8;\
      --bad:#b42318;--good:#067647}
      *{box-sizing:border-box}
      html{-webkit-text-size-adjust:100%}
      body{margin:0;background:var(--bg);color:var(--text);\
      font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue","DejaVu Sans",\
      Arial,sans-serif}
      main{max-width:1280px;margin:0 auto;padding:28px 28px 40px}
      header{margin-bottom:6px}
      .brand{font-size:12px;font-weight:600;letter-spacing:.08em;text-transform:uppercase;\
      color:#6172f3}
      h1{font-size:28px;line-height:1.2;margin:4px 0 10px;color:var(--ink);letter-spacing:-.01em}
      h1 .date{color:var(--muted);font-weight:500}
      h2{font-size:18px;margin:0 0 4px;color:var(--ink)}
      h3{font-size:14px;margin:18px 0 8px;color:var(--ink)}
      .grid2 h3:first-child{margin-top:4px}
      section{background:#fff;border:1px solid var(--line);border-radius:12px;\
      padding:20px 22px;margin-top:18px;box-shadow:0 1px 2px rgba(16,24,40,.05)}
      .lede{color:var(--muted);margin:0 0 14px;font-size:13px;max-width:860px}
      .chip{display:inline-block;margin:0 6px 6px 0;padding:3px 10px;border-radius:999px;\
      background:#fff;border:1px solid var(--line);font-size:12.5px;color:var(--ink)}
      .chip .id{color:var(--muted);margin-left:4px}
      .id{font-family:ui-monospace,SFMono-Regular,Menlo,"DejaVu Sans Mono",monospace;\
      font-size:12.5px;overflow-wrap:anywhere}
      .muted{color:var(--muted)} .small{font-size:12px}
      .bad{color:var(--bad)} .up{color:var(--bad)} .down{color:var(--good)}
      .none{color:var(--muted);font-style:italic;margin:6px 0 4px}
      .kpis{display:grid;grid-template-columns:repeat(6,minmax(0,1fr));gap:12px;margin:14px 0 8px}
      .kpi{border:1px solid var(--line);border-radius:10px;padding:12px 14px;background:#fcfcfd}
      .kpi .value{font-size:26px;font-weight:650;color:var(--ink);\
      font-variant-numeric:tabular-nums;line-height:1.1}
      .kpi .label{font-size:12.5px;color:var(--text);margin-top:4px}
      .kpi .detail{font-size:11.5px;color:var(--muted)}
      .kpi.alert .value{color:var(--bad)}
      .grid2{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1fr);gap:28px;\
      margin-top:10px}
      table{border-collapse:collapse;width:100%}
      th{text-align:left;font-size:11px;font-weight:600;text-transform:uppercase;\
      letter-spacing:.04em;color:var(--muted);padding:6px 8px;border-bottom:1px solid var(--line);\
      white-space:nowrap}
      td{padding:8px;border-bottom:1px solid #f2f4f7;vertical-align:top}
      tbody tr:hover{background:#f9fafb}
      .num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
      tr.total td{border-top:1px solid var(--line);font-weight:600;background:#fcfcfd}
      .tier{display:inline-block;padding:1px 8px;border-radius:999px;font-size:11px;\
      font-weight:650;letter-spacing:.04em}
      .tier-CRITICAL{color:#b42318;background:#fee4e2}
      .tier-HIGH{color:#c4320a;background:#ffe6d5}
      .tier-MEDIUM{color:#b54708;background:#fef0c7}
      .tier-LOW{color:#067647;background:#dcfae6}
      svg.chart{max-width:100%;height:auto;display:block}
      .causes{display:grid;grid-template-columns:minmax(0,3fr) minmax(0,2fr);gap:28px;\
      align-items:start}
      .swatch{display:inline-block;width:10px;height:10px;border-radius:2px;margin-right:8px}
      td.mp{white-space:nowrap}
      .nowrap{white-space:nowrap}
      svg text{font-family:inherit}
      svg.tier-mix{display:block;margin-top:3px}
      table.sellers td{padding:9px 8px}
      .score{font-size:15px;color:var(--ink)}
      .metric{display:inline-block;font-size:11px;padding:1px 6px;border-radius:4px;\
      margin:0 4px 4px 0;font-family:ui-monospace,Menlo,"DejaVu Sans Mono",monospace}
      .metric.breach{background:#fee4e2;color:#b42318}
      .metric.at-risk{background:#fef0c7;color:#b54708}
      .metric.awaiting{background:#eff4ff;color:#3538cd;font-family:inherit}
      ul.actions{margin:2px 0 0;padding-left:16px;font-size:12.5px;color:var(--text)}
      ul.actions li{margin:1px 0}
      td.next{min-width:260px}
      tr.overdue td{background:#fffbfa}
      footer{color:var(--muted);font-size:12px;margin:18px 2px 0}
      @media (max-width:900px){.kpis{grid-template-columns:repeat(2,1fr)}\
      .grid2{grid-template-columns:1fr}}
      @media print{body{background:#fff}section{box-shadow:none;break-inside:avoid}}
      """;
}
