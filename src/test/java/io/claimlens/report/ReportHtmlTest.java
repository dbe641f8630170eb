package io.claimlens.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.claimlens.schema.OutputTables;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The renderer alone, no Spark: escaping, empty sections, number formats, sparklines. */
class ReportHtmlTest {
  private static final LocalDate D = LocalDate.parse("2026-06-30");
  private static final String HOSTILE = "S<script>alert(1)</script>\"'&<img src=x onerror=f()>";

  @Test
  void escapesEveryDataValue() {
    ReportData data =
        data(
            List.of(new ReportData.TierCount(HOSTILE, "LOW", 1)),
            List.of(seller(HOSTILE, 0.02, List.of(new ReportData.OdrPoint(D, 0.02)))),
            List.of(new ReportData.RootCauseCount(HOSTILE, HOSTILE, 2, 1)),
            List.of(new ReportData.SkuHotspot(HOSTILE, HOSTILE, HOSTILE, 10, 3, 3, 0.3, HOSTILE)),
            List.of(
                new ReportData.DueClaim(
                    HOSTILE, HOSTILE, HOSTILE, HOSTILE, Instant.EPOCH, Instant.EPOCH, -1, true)),
            List.of());
    String html = ReportHtml.render(data);
    assertFalse(html.contains("<script"), "no script element, escaped or not");
    assertFalse(html.contains("<img"), "no image element");
    assertFalse(html.contains("\"'&<"), "raw quote, apostrophe, ampersand, angle bracket");
    assertTrue(html.contains("S&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&amp;&lt;img"));
    // the only elements are the renderer's own
    Matcher tags = Pattern.compile("<([a-zA-Z][a-zA-Z0-9]*)").matcher(html);
    List<String> allowed =
        List.of(
            "html",
            "head",
            "meta",
            "title",
            "style",
            "body",
            "main",
            "header",
            "div",
            "span",
            "h1",
            "h2",
            "h3",
            "section",
            "p",
            "table",
            "thead",
            "tbody",
            "tr",
            "th",
            "td",
            "strong",
            "ul",
            "li",
            "details",
            "summary",
            "svg",
            "rect",
            "line",
            "text",
            "g",
            "polyline",
            "circle",
            "footer");
    while (tags.find()) {
      assertTrue(allowed.contains(tags.group(1)), "unexpected element " + tags.group(1));
    }
  }

  @Test
  void emptySectionsSayNoneTodayAndMissingTablesSaySo() {
    String empty =
        ReportHtml.render(data(List.of(), List.of(), List.of(), List.of(), List.of(), List.of()));
    // tiers, metric status, histogram, root causes, top sellers, hotspots, due claims
    assertEquals(7, occurrences(empty, ReportHtml.NONE_TODAY));

    String missing =
        ReportHtml.render(
            data(
                List.of(),
                List.of(),
                List.of(),
                List.of(),
                List.of(),
                List.of(OutputTables.SELLER_RISK)));
    assertTrue(
        missing.contains("Not available: the output has no seller_risk partition for 2026-06-30."));
    // tiers, histogram and top sellers come from seller_risk
    assertEquals(3, occurrences(missing, "data-missing-table=\"seller_risk\""));
    assertEquals(4, occurrences(missing, ReportHtml.NONE_TODAY));
    // a missing table's KPIs show a dash, not a zero; those of the tables present show zero
    assertTrue(
        missing.contains("data-kpi=\"sellers\" data-value=\"\"><div class=\"value\">\u2014"));
    assertTrue(missing.contains("data-kpi=\"hotspots\" data-value=\"0\""));
  }

  @Test
  void printsOdrAsAPercentWithTwoDecimalsAndKeepsTheExactValue() {
    double odr = 1.0 / 30;
    String html =
        ReportHtml.render(
            data(
                List.of(),
                List.of(seller("S1", odr, List.of())),
                List.of(),
                List.of(),
                List.of(),
                List.of()));
    assertTrue(html.contains(">3.33%<"), "shown rounded");
    assertTrue(html.contains("data-odr=\"" + odr + "\""), "kept exact");
    assertEquals(odr, Double.parseDouble(String.valueOf(odr)));
    assertEquals("+0.35 pp", Html.points(0.0035));
    assertEquals("\u22120.10 pp", Html.points(-0.001));
    assertEquals("0.00 pp", Html.points(0.00001));
    assertEquals("12,345", Html.count(12345));
    assertEquals("Delivery unconfirmed", Html.words("DELIVERY_UNCONFIRMED"));
  }

  @Test
  void aSparklineWithOnePointIsADotAndWithNoneIsEmpty() {
    String one =
        ReportCharts.sparkline(
            List.of(new ReportData.OdrPoint(D, 0.012)), D, ReportData.HISTORY_DAYS, 0.01, "#000");
    assertTrue(one.contains("data-points=\"1\""));
    assertTrue(one.contains("<circle"), "a dot");
    assertFalse(one.contains("<polyline"), "no line through one point");
    assertTrue(one.contains("data-series=\"2026-06-30=0.012\""));

    String none = ReportCharts.sparkline(List.of(), D, ReportData.HISTORY_DAYS, 0.01, "#000");
    assertTrue(none.contains("data-points=\"0\""));
    assertFalse(none.contains("<circle"));

    String three =
        ReportCharts.sparkline(
            List.of(
                new ReportData.OdrPoint(D.minusDays(29), 0.0),
                new ReportData.OdrPoint(D.minusDays(7), 0.004),
                new ReportData.OdrPoint(D, 0.012)),
            D,
            ReportData.HISTORY_DAYS,
            0.01,
            "#000");
    // x by date: the first of the 30 days at the left edge, D at the right edge
    assertTrue(three.contains("points=\"4,30 "), three);
    assertTrue(three.contains(" 120,"), three);
  }

  @Test
  void histogramMarksTheTargetAndColoursBinsAtOrAboveIt() {
    List<ReportData.OdrBin> bins = new ArrayList<>();
    for (int i = 0; i < ReportQueries.ODR_BINS; i++) {
      bins.add(
          new ReportData.OdrBin(
              0.01 * i / 4, i == ReportQueries.ODR_BINS - 1 ? null : 0.01 * (i + 1) / 4, i));
    }
    String svg = ReportCharts.odrHistogram(bins, 0.01);
    assertTrue(svg.contains(">target 1.00%<"));
    assertEquals(4, occurrences(svg, "fill=\"#6172f3\""), "bins below the target");
    assertEquals(9, occurrences(svg, "fill=\"#f04438\""), "bins at or above it");
    assertTrue(svg.contains("\u22653%"), "the open last bin");
  }

  private static ReportData data(
      List<ReportData.TierCount> tiers,
      List<ReportData.TopSeller> top,
      List<ReportData.RootCauseCount> causes,
      List<ReportData.SkuHotspot> hotspots,
      List<ReportData.DueClaim> due,
      List<String> missing) {
    List<ReportData.OdrBin> bins = new ArrayList<>();
    for (int i = 0; i < ReportQueries.ODR_BINS; i++) {
      bins.add(new ReportData.OdrBin(0.0025 * i, i == 12 ? null : 0.0025 * (i + 1), 0));
    }
    if (!top.isEmpty()) {
      bins.set(8, new ReportData.OdrBin(0.02, 0.0225, top.size()));
    }
    return new ReportData(
        D,
        tiers.stream().map(ReportData.TierCount::marketplaceId).distinct().toList(),
        Map.of(),
        tiers,
        0.01,
        bins,
        List.of(),
        causes,
        top,
        hotspots,
        hotspots.size(),
        due,
        due.size(),
        due.stream().filter(ReportData.DueClaim::overdue).count(),
        missing);
  }

  /**
   * A top seller's two most pressing next steps show in its row; the rest fold, in their order,
   * under a summary that counts them; one or two steps need no fold.
   */
  @Test
  void nextStepsBeyondTheFirstTwoFoldUnderASummary() {
    String html = render(seller("S1", 0.02, List.of(), List.of("a1", "a2", "a3", "a4")));
    assertTrue(
        html.contains(
            "<ul class=\"actions\"><li>a1</li><li>a2</li></ul><details class=\"more\">"
                + "<summary>2 more steps</summary><ul class=\"actions\"><li>a3</li><li>a4</li>"
                + "</ul></details>"),
        html);
    assertTrue(
        render(seller("S1", 0.02, List.of(), List.of("a1", "a2", "a3")))
            .contains("<summary>1 more step</summary>"));
    assertEquals(
        0, occurrences(render(seller("S1", 0.02, List.of(), List.of("a1", "a2"))), "<details"));
  }

  private static String render(ReportData.TopSeller seller) {
    return ReportHtml.render(
        data(List.of(), List.of(seller), List.of(), List.of(), List.of(), List.of()));
  }

  private static ReportData.TopSeller seller(
      String id, double odr, List<ReportData.OdrPoint> history) {
    return seller(id, odr, history, List.of(id));
  }

  private static ReportData.TopSeller seller(
      String id, double odr, List<ReportData.OdrPoint> history, List<String> actions) {
    return new ReportData.TopSeller(
        id,
        id,
        "CRITICAL",
        90,
        odr,
        100,
        2,
        0L,
        0.01,
        odr * 1.5,
        "BREACH",
        List.of(id),
        List.of(),
        1,
        actions,
        null,
        false,
        null,
        history);
  }

  private static int occurrences(String text, String part) {
    int n = 0;
    for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + part.length())) {
      n++;
    }
    return n;
  }
}
