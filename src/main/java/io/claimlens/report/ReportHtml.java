package io.claimlens.report;

import static io.claimlens.report.Markup.element;
import static io.claimlens.report.Markup.fragment;
import static io.claimlens.report.Markup.trusted;
import static io.claimlens.report.Markup.voidElement;

import io.claimlens.metrics.MetricStatus;
import io.claimlens.risk.RiskTier;
import io.claimlens.schema.OutputTables;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Renders a {@link ReportData} as one self-contained HTML page: inline CSS and SVG, no script, no
 * font, image or link to fetch (a Content-Security-Policy of {@code default-src 'none'} makes the
 * browser refuse any that slipped in). Every data value is escaped (the page is built with {@link
 * Markup}); every number shown has its exact value in a data- attribute beside it.
 */
public final class ReportHtml {
  /** What an empty section says. */
  public static final String NONE_TODAY = "None today.";

  /** KPIs whose value is shown in red when it is not zero. */
  /**
   * Next steps shown open in a top seller's row, most pressing first; the rest fold under a summary
   * line (no script: a details element), so a row stays a few lines tall.
   */
  private static final int SHOWN_ACTIONS = 2;

  private static final List<String> ALERTS = List.of("critical-high", "odr-breach", "due-claims");

  /** The tiers the "critical or high risk" KPI counts. */
  private static final Set<String> SEVERE_TIERS =
      Arrays.stream(RiskTier.values())
          .filter(t -> t.compareTo(RiskTier.HIGH) >= 0)
          .map(RiskTier::name)
          .collect(Collectors.toUnmodifiableSet());

  /** Nothing to fetch or run: the browser refuses whatever a bug might let into the page. */
  private static final String CONTENT_SECURITY_POLICY =
      "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'";

  /** The page's style sheet, a resource beside this class. */
  private static final String CSS = resource("report.css");

  private ReportHtml() {}

  /** The page for {@code data}. */
  public static String render(ReportData data) {
    Markup head =
        element("head")
            .newline()
            .line(voidElement("meta").attr("charset", "utf-8"))
            .line(
                voidElement("meta")
                    .attr("http-equiv", "Content-Security-Policy")
                    .attr("content", CONTENT_SECURITY_POLICY))
            .line(
                voidElement("meta")
                    .attr("name", "viewport")
                    .attr("content", "width=device-width, initial-scale=1"))
            .line(element("title").text("Seller risk report " + data.asOf() + " \u00b7 claimlens"))
            .line(element("style").add(trusted(CSS)));
    Markup main =
        element("main")
            .newline()
            .line(header(data))
            .line(summary(data))
            .line(rootCauses(data))
            .line(topSellers(data))
            .line(hotspots(data))
            .line(dueClaims(data))
            .line(footer(data));
    Markup body = element("body").attr("data-as-of", data.asOf()).newline().line(main);
    Markup html = element("html").attr("lang", "en").newline().line(head).line(body);
    return "<!doctype html>\n" + html + "\n";
  }

  private static Markup header(ReportData data) {
    Markup marketplaces = element("div").cls("marketplaces");
    if (data.marketplaces().isEmpty()) {
      marketplaces.add(
          element("span").cls("muted").text("No marketplace in the tables of this date."));
    }
    for (String id : data.marketplaces()) {
      Markup chip = element("span").cls("chip").attr("data-marketplace-id", id);
      String name = data.marketplaceNames().get(id);
      if (name != null) {
        chip.text(name + " ");
      }
      marketplaces.add(chip.add(element("span").cls("id").text(id)));
    }
    return element("header")
        .newline()
        .line(element("div").cls("brand").text("claimlens \u00b7 seller risk"))
        .line(
            element("h1")
                .text("Seller risk report ")
                .add(element("span").cls("date").text(data.asOf())))
        .line(marketplaces);
  }

  private static Markup summary(ReportData data) {
    long sellers = data.tiers().stream().mapToLong(ReportData.TierCount::sellers).sum();
    long severe =
        data.tiers().stream()
            .filter(t -> SEVERE_TIERS.contains(t.tier()))
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

    // a KPI whose table has no partition for D shows a dash, not a zero
    boolean risk = !data.missing(OutputTables.SELLER_RISK);
    boolean attribution = !data.missing(OutputTables.CLAIM_ATTRIBUTION);
    boolean awaiting = !data.missing(OutputTables.CLAIMS_AWAITING_RESPONSE);
    Markup kpis =
        element("div")
            .cls("kpis")
            .add(
                kpi(
                    "sellers",
                    risk ? sellers : null,
                    "sellers scored",
                    risk ? Html.count(withOrders) + " with orders" : "no seller_risk"),
                kpi("critical-high", risk ? severe : null, "critical or high risk", null),
                kpi(
                    "odr-breach",
                    risk ? atOrAbove : null,
                    "ODR at or above " + Html.percent(data.odrTarget()),
                    risk ? "of " + Html.count(withOrders) + " sellers with orders" : null),
                kpi(
                    "counting-claims",
                    attribution ? counting : null,
                    "counting claims",
                    attribution ? "of " + Html.count(claims) + " in the attribution window" : null),
                kpi(
                    "due-claims",
                    awaiting ? data.dueClaimCount() : null,
                    "claims due within 24 h",
                    awaiting ? Html.count(data.overdueCount()) + " already overdue" : null),
                kpi(
                    "hotspots",
                    data.missing(OutputTables.SKU_METRICS) ? null : data.hotspotCount(),
                    "SKU hotspots",
                    null));

    Markup odr =
        element("div")
            .newline()
            .line(element("h3").text("ODR distribution"))
            .line(
                lede(
                    "Sellers with orders in their ODR window, by Order Defect Rate. Red bars are at or"
                        + " above the "
                        + Html.percent(data.odrTarget())
                        + " target."))
            .add(
                tableOrNote(
                    data,
                    OutputTables.SELLER_RISK,
                    withOrders == 0,
                    () ->
                        fragment()
                            .line(
                                trusted(
                                    ReportCharts.odrHistogram(
                                        data.odrHistogram(), data.odrTarget())))));
    Markup metrics =
        element("div")
            .newline()
            .line(element("h3").text("Policy metrics in breach or at risk"))
            .line(lede("Sellers with the metric in that status in any channel."))
            .add(
                tableOrNote(
                    data,
                    OutputTables.SELLER_METRICS,
                    data.metricStatus().isEmpty(),
                    () -> metricTable(data.metricStatus())));
    return section("summary", "The day at a glance")
        .line(kpis)
        .line(element("h3").text("Sellers per risk tier"))
        .add(
            tableOrNote(
                data, OutputTables.SELLER_RISK, data.tiers().isEmpty(), () -> tierTable(data)))
        .line(element("div").cls("grid2").newline().line(odr).line(metrics));
  }

  private static Markup metricTable(List<ReportData.MetricStatusCount> statuses) {
    Markup rows = element("tbody");
    for (ReportData.MetricStatusCount m : statuses) {
      Markup breach = m.breach() > 0 ? element("strong").cls("bad") : element("span").cls("muted");
      rows.add(
          element("tr")
              .attr("data-metric", m.metric())
              .add(
                  element("td").cls("id").text(m.metric()),
                  num().attr("data-breach", m.breach()).add(breach.text(Html.count(m.breach()))),
                  num().attr("data-at-risk", m.atRisk()).text(Html.count(m.atRisk()))));
    }
    return table(
        "metrics",
        rows,
        element("th").text("metric"),
        numHeading("sellers in breach"),
        numHeading("at risk"));
  }

  private static Markup tierTable(ReportData data) {
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
    Markup headings = fragment().add(element("th").text("marketplace"));
    for (String tier : tiers) {
      headings.add(element("th").cls("num").add(tierBadge(tier)));
    }
    headings.add(numHeading("total"), element("th").text("mix"));

    Markup rows = element("tbody");
    for (Map.Entry<String, Map<String, Long>> m : byMarketplace.entrySet()) {
      String label = data.marketplaceNames().getOrDefault(m.getKey(), m.getKey());
      Markup name = element("td").cls("mp").text(label);
      if (!label.equals(m.getKey())) {
        name.text(" ").add(element("span").cls("id muted").text(m.getKey()));
      }
      rows.add(
          element("tr")
              .cls("marketplace")
              .attr("data-marketplace-id", m.getKey())
              .add(name, tierCells(m.getValue(), "marketplace")));
    }
    rows.add(
        element("tr")
            .cls("total")
            .attr("data-marketplace-id", "")
            .add(element("td").cls("mp").text("All marketplaces"), tierCells(overall, "all")));
    return table("tiers", rows, headings);
  }

  private static Markup tierCells(Map<String, Long> counts, String scope) {
    Markup cells = fragment();
    long total = 0;
    for (Map.Entry<String, Long> e : counts.entrySet()) {
      total += e.getValue();
      Markup cell =
          num()
              .attr("data-scope", scope)
              .attr("data-tier", e.getKey())
              .attr("data-sellers", e.getValue());
      cells.add(
          e.getValue() == 0
              ? cell.add(element("span").cls("muted").text(0))
              : cell.text(Html.count(e.getValue())));
    }
    return cells.add(
        num()
            .attr("data-scope", scope)
            .attr("data-total", total)
            .add(element("strong").text(Html.count(total))),
        element("td").add(trusted(ReportCharts.tierMix(counts))));
  }

  private static Markup rootCauses(ReportData data) {
    return section("root-causes", "Root-cause mix")
        .line(
            lede(
                "Claims of the attribution window by root cause, coloured by the party who could"
                    + " have prevented them. Solid: counts as an ODR defect; pale: denied,"
                    + " withdrawn or funded by the platform."))
        .add(
            tableOrNote(
                data,
                OutputTables.CLAIM_ATTRIBUTION,
                data.rootCauses().isEmpty(),
                () ->
                    fragment()
                        .line(
                            element("div")
                                .cls("causes")
                                .add(
                                    element("div")
                                        .add(
                                            trusted(ReportCharts.rootCauseBars(data.rootCauses()))),
                                    element("div").add(partyTable(data.rootCauses()))))));
  }

  /** Claims per responsible party: counting, all, and the share of the counting ones. */
  private static Markup partyTable(List<ReportData.RootCauseCount> causes) {
    Map<String, long[]> parties = new LinkedHashMap<>();
    for (ReportData.RootCauseCount c : causes) {
      long[] n = parties.computeIfAbsent(String.valueOf(c.responsibleParty()), k -> new long[2]);
      n[0] += c.counting();
      n[1] += c.claims();
    }
    long counting = causes.stream().mapToLong(ReportData.RootCauseCount::counting).sum();
    Markup rows = element("tbody");
    parties.entrySet().stream()
        .sorted((a, b) -> Long.compare(b.getValue()[0], a.getValue()[0]))
        .forEach(
            e ->
                rows.add(
                    element("tr")
                        .attr("data-responsible-party", e.getKey())
                        .attr("data-counting", e.getValue()[0])
                        .attr("data-claims", e.getValue()[1])
                        .add(
                            element("td")
                                .add(
                                    element("span")
                                        .cls("swatch")
                                        .attr(
                                            "style",
                                            "background:"
                                                + ReportCharts.PARTY_FILL.getOrDefault(
                                                    e.getKey(), "#98a2b3")))
                                .text(Html.words(e.getKey())),
                            num().add(element("strong").text(Html.count(e.getValue()[0]))),
                            num()
                                .text(
                                    counting == 0
                                        ? Html.NONE
                                        : Html.percent((double) e.getValue()[0] / counting)),
                            element("td").cls("num muted").text(Html.count(e.getValue()[1])))));
    return table(
        "parties",
        rows,
        element("th").text("responsible party"),
        numHeading("counting"),
        numHeading("share"),
        numHeading("all claims"));
  }

  private static Markup topSellers(ReportData data) {
    return section("top-sellers", "Top-risk sellers")
        .line(
            lede(
                "The "
                    + ReportQueries.TOP_SELLERS
                    + " highest risk scores: the sellers to call first (ties: fewest defects to"
                    + " breach, then most orders). Projected: the ODR once the window's claims"
                    + " have all arrived; clear on: the day the seller's longest breach ends if"
                    + " nothing new goes wrong; peers: the share of the marketplace's sellers with"
                    + " a better ODR. Trend: ODR over the last "
                    + ReportData.HISTORY_DAYS
                    + " as-of dates the output holds; the dashed line is the target."))
        .add(
            tableOrNote(
                data,
                OutputTables.SELLER_RISK,
                data.topSellers().isEmpty(),
                () -> sellerTable(data)));
  }

  private static Markup sellerTable(ReportData data) {
    Markup rows = element("tbody").newline();
    int rank = 0;
    for (ReportData.TopSeller s : data.topSellers()) {
      rank++;
      rows.line(
          element("tr")
              .cls("seller")
              .attr("data-rank", rank)
              .attr("data-marketplace-id", s.marketplaceId())
              .attr("data-seller-id", s.sellerId())
              .attr("data-risk-tier", s.tier())
              .attr("data-risk-score", s.riskScore())
              .attr("data-odr", s.odr())
              .attr("data-odr-orders", s.odrOrders())
              .attr("data-odr-defects", s.odrDefects())
              .attr("data-defects-to-breach", s.defectsToBreach())
              .attr("data-odr-change-7d", s.odrChange7d())
              .attr("data-odr-projected", s.odrProjected())
              .attr("data-odr-projected-status", s.odrProjectedStatus())
              .attr("data-recovers-on", s.recoversOn())
              .attr("data-breach-outlasts-range", s.breachOutlastsRange())
              .attr("data-odr-peer-better-pct", s.odrPeerBetterPct())
              .attr("data-claims-awaiting-response", s.claimsAwaitingResponse())
              .add(
                  element("td").cls("num muted").text(rank),
                  element("td")
                      .add(
                          element("div").cls("id seller-id").text(s.sellerId()),
                          element("div")
                              .cls("muted small nowrap")
                              .text(marketplaceName(data, s.marketplaceId()))),
                  element("td").add(tierBadge(s.tier())),
                  num("score").add(element("strong").text(s.riskScore())),
                  num("odr")
                      .add(
                          flagged(s.odr() != null && s.odr() >= data.odrTarget())
                              .text(Html.percent(s.odr()))),
                  num().add(ofTotal(s.odrDefects(), s.odrOrders())),
                  num("to-breach").add(toBreach(s.defectsToBreach())),
                  num().add(change(s.odrChange7d())),
                  num("projected")
                      .add(
                          flagged(MetricStatus.BREACH.name().equals(s.odrProjectedStatus()))
                              .text(Html.percent(s.odrProjected()))),
                  element("td").cls("recovers nowrap").text(recovery(s)),
                  num("peers").text(peers(s.odrPeerBetterPct())),
                  element("td")
                      .add(
                          trusted(
                              ReportCharts.sparkline(
                                  s.history(),
                                  data.asOf(),
                                  ReportData.HISTORY_DAYS,
                                  data.odrTarget(),
                                  ReportCharts.TIER_FILL.getOrDefault(s.tier(), "#667085")))),
                  nextSteps(s)));
    }
    return table(
        "sellers",
        rows,
        numHeading("#"),
        element("th").text("seller"),
        element("th").text("tier"),
        numHeading("score"),
        numHeading("ODR"),
        numHeading("defects / orders"),
        numHeading("to breach").attr("title", "further defective orders that make the ODR breach"),
        numHeading("7-day change"),
        numHeading("projected ODR")
            .attr("title", "the ODR once the window's claims have all arrived"),
        element("th")
            .attr("title", "the day the longest breach ends if nothing new goes wrong")
            .text("clear on"),
        numHeading("peers better")
            .attr("title", "share of the marketplace's peers with a better ODR"),
        element("th").text("trend"),
        element("th").text("breached metrics and next steps"));
  }

  /** The metrics a seller breaches or risks, its claims awaiting an answer, and its next steps. */
  private static Markup nextSteps(ReportData.TopSeller s) {
    Markup cell = element("td").cls("next");
    for (String metric : s.breachedMetrics()) {
      cell.add(element("span").cls("metric breach").text(metric));
    }
    for (String metric : s.atRiskMetrics()) {
      cell.add(element("span").cls("metric at-risk").text(metric));
    }
    if (s.claimsAwaitingResponse() > 0) {
      cell.add(
          element("span")
              .cls("metric awaiting")
              .text(
                  Html.count(s.claimsAwaitingResponse())
                      + (s.claimsAwaitingResponse() == 1 ? " claim" : " claims")
                      + " awaiting response"));
    }
    List<String> actions = s.actions();
    int shown = Math.min(actions.size(), SHOWN_ACTIONS);
    if (shown > 0) {
      cell.add(actionList(actions.subList(0, shown)));
    }
    if (actions.size() > shown) {
      int more = actions.size() - shown;
      cell.add(
          element("details")
              .cls("more")
              .add(element("summary").text(more + (more == 1 ? " more step" : " more steps")))
              .add(actionList(actions.subList(shown, actions.size()))));
    }
    return cell;
  }

  private static Markup actionList(List<String> actions) {
    Markup list = element("ul").cls("actions");
    actions.forEach(action -> list.add(element("li").text(action)));
    return list;
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

  private static Markup hotspots(ReportData data) {
    return section("sku-hotspots", "SKU hotspots")
        .line(
            lede(
                "SKUs whose quality-claim rate is far above their marketplace's, most"
                    + " quality-claim orders first"
                    + shown(data.hotspots().size(), data.hotspotCount())
                    + "."))
        .add(
            tableOrNote(
                data,
                OutputTables.SKU_METRICS,
                data.hotspots().isEmpty(),
                () -> hotspotTable(data)));
  }

  private static Markup hotspotTable(ReportData data) {
    Markup rows = element("tbody").newline();
    for (ReportData.SkuHotspot h : data.hotspots()) {
      rows.line(
          element("tr")
              .cls("hotspot")
              .attr("data-marketplace-id", h.marketplaceId())
              .attr("data-seller-id", h.sellerId())
              .attr("data-sku", h.sku())
              .attr("data-quality-claim-orders", h.qualityClaimOrders())
              .attr("data-defect-rate", h.defectRate())
              .add(
                  element("td").cls("id").text(h.sku()),
                  element("td").add(sellerIn(data, h.sellerId(), h.marketplaceId())),
                  num().add(element("strong").text(Html.count(h.qualityClaimOrders()))),
                  num().add(ofTotal(h.defectiveOrders(), h.orders())),
                  num().text(Html.percent(h.defectRate())),
                  element("td").text(Html.words(h.topRootCause()))));
    }
    return table(
        "hotspots",
        rows,
        element("th").text("SKU"),
        element("th").text("seller"),
        numHeading("quality-claim orders"),
        numHeading("defective / orders"),
        numHeading("defect rate"),
        element("th").text("top root cause"));
  }

  private static Markup dueClaims(ReportData data) {
    return section("claims-due", "Claims about to miss their response window")
        .line(
            lede(
                "Claims awaiting the seller's answer with under 24 hours left at the end of the"
                    + " as-of date, overdue first. An unanswered claim is lost by default"
                    + shown(data.dueClaims().size(), data.dueClaimCount())
                    + "."))
        .add(
            tableOrNote(
                data,
                OutputTables.CLAIMS_AWAITING_RESPONSE,
                data.dueClaims().isEmpty(),
                () -> dueClaimTable(data)));
  }

  private static Markup dueClaimTable(ReportData data) {
    Markup rows = element("tbody").newline();
    for (ReportData.DueClaim c : data.dueClaims()) {
      rows.line(
          element("tr")
              .cls(c.overdue() ? "due-claim overdue" : "due-claim")
              .attr("data-claim-id", c.claimId())
              .attr("data-hours-left", c.hoursLeft())
              .attr("data-overdue", c.overdue())
              .add(
                  element("td").text(Html.utc(c.responseDueTs())),
                  c.overdue()
                      ? num()
                          .add(
                              element("span")
                                  .cls("bad")
                                  .text("overdue " + Html.hours(-c.hoursLeft())))
                      : num().text(Html.hours(c.hoursLeft())),
                  element("td").cls("id").text(c.claimId()),
                  element("td").cls("id").text(c.orderId()),
                  element("td").add(sellerIn(data, c.sellerId(), c.marketplaceId())),
                  element("td").cls("muted").text(Html.utc(c.filedTs()))));
    }
    return table(
        "due",
        rows,
        element("th").text("response due"),
        numHeading("hours left"),
        element("th").text("claim"),
        element("th").text("order"),
        element("th").text("seller"),
        element("th").text("filed"));
  }

  private static Markup footer(ReportData data) {
    Markup footer =
        element("footer")
            .text(
                "Built by claimlens from the published tables of "
                    + data.asOf()
                    + ": seller_risk, seller_metrics, claim_attribution, sku_metrics,"
                    + " claims_awaiting_response. ODR is printed as a percent with two decimals;"
                    + " the exact values are in the page's data- attributes.");
    if (!data.missingTables().isEmpty()) {
      footer.text(
          " Not in the output for this date: " + String.join(", ", data.missingTables()) + ".");
    }
    return footer;
  }

  private static Markup kpi(String name, Long value, String label, String detail) {
    boolean alert = ALERTS.contains(name) && value != null && value > 0;
    Markup kpi =
        element("div")
            .cls(alert ? "kpi alert" : "kpi")
            .attr("data-kpi", name)
            .attr("data-value", value)
            .add(
                element("div").cls("value").text(Html.count(value)),
                element("div").cls("label").text(label));
    return detail == null ? kpi : kpi.add(element("div").cls("detail").text(detail));
  }

  /** A section with its id and heading; its content follows on the next lines. */
  private static Markup section(String id, String title) {
    return element("section").attr("id", id).newline().line(element("h2").text(title));
  }

  private static Markup lede(String text) {
    return element("p").cls("lede").text(text);
  }

  /**
   * What a section shows of {@code table}: a note when the output has no partition of it for the
   * date, "None today." when it has no rows for the section, else {@code content}.
   */
  private static Markup tableOrNote(
      ReportData data, String table, boolean empty, Supplier<Markup> content) {
    if (data.missing(table)) {
      return fragment()
          .line(
              element("p")
                  .cls("none missing")
                  .attr("data-missing-table", table)
                  .text(
                      "Not available: the output has no "
                          + table
                          + " partition for "
                          + data.asOf()
                          + "."));
    }
    return empty ? fragment().line(element("p").cls("none").text(NONE_TODAY)) : content.get();
  }

  /** A table with one row of headings, on a line of its own. */
  private static Markup table(String cls, Markup rows, Markup... headings) {
    return fragment()
        .line(
            element("table").cls(cls).add(element("thead").add(element("tr").add(headings)), rows));
  }

  private static Markup numHeading(String text) {
    return element("th").cls("num").text(text);
  }

  /** A cell of a number, right-aligned, with {@code more} CSS classes. */
  private static Markup num(String more) {
    return element("td").cls("num " + more);
  }

  private static Markup num() {
    return element("td").cls("num");
  }

  /** A span, red when {@code bad}. */
  private static Markup flagged(boolean bad) {
    return bad ? element("span").cls("bad") : element("span");
  }

  /** "3 / 120", the total muted. */
  private static Markup ofTotal(long part, long total) {
    return fragment()
        .text(Html.count(part) + " ")
        .add(element("span").cls("muted").text("/ " + Html.count(total)));
  }

  /** A seller id and, muted, the name of its marketplace. */
  private static Markup sellerIn(ReportData data, String sellerId, String marketplaceId) {
    return fragment()
        .add(element("span").cls("id").text(sellerId))
        .text(" ")
        .add(element("span").cls("muted small").text(marketplaceName(data, marketplaceId)));
  }

  private static String marketplaceName(ReportData data, String marketplaceId) {
    return data.marketplaceNames().getOrDefault(marketplaceId, marketplaceId);
  }

  /** " (10 of 1,234 shown)" when a section lists fewer rows than there are, else "". */
  private static String shown(int listed, long total) {
    return total > listed ? " (" + listed + " of " + Html.count(total) + " shown)" : "";
  }

  private static Markup tierBadge(String tier) {
    return element("span").cls("tier tier-" + Html.cssToken(tier)).text(tier);
  }

  private static Markup toBreach(Long defects) {
    if (defects == null) {
      return fragment().text(Html.NONE);
    }
    if (defects == 0) {
      return element("span").cls("bad").text("in breach");
    }
    return (defects == 1 ? element("strong").cls("bad") : element("strong"))
        .text(Html.count(defects));
  }

  private static Markup change(Double change) {
    String text = Html.points(change);
    if (change == null || text.startsWith("0.00")) {
      return element("span").cls("muted").text(text);
    }
    return element("span").cls(change > 0 ? "up" : "down").text(text);
  }

  private static String resource(String name) {
    try (InputStream in = ReportHtml.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("no resource " + name + " beside " + ReportHtml.class);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
