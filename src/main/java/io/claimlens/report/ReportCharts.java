package io.claimlens.report;

import static io.claimlens.report.Html.attr;
import static io.claimlens.report.Html.escape;

import io.claimlens.risk.RiskTier;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The report's charts as inline SVG: the ODR histogram with its target line, the tier mix of a
 * marketplace, the root-cause bars and the per-seller ODR sparkline. No script, no external
 * resource: each chart is a string of SVG markup with its numbers in data- attributes and titles.
 */
final class ReportCharts {
  /** Fill of each risk tier in charts. */
  static final Map<String, String> TIER_FILL =
      Map.of(
          RiskTier.CRITICAL.name(), "#d92d20",
          RiskTier.HIGH.name(), "#f38744",
          RiskTier.MEDIUM.name(), "#fdb022",
          RiskTier.LOW.name(), "#47cd89");

  /** Fill of each responsible party in the root-cause bars. */
  static final Map<String, String> PARTY_FILL =
      Map.of("SELLER", "#e04f16", "CARRIER", "#2e90fa", "BUYER", "#7a5af8", "UNKNOWN", "#98a2b3");

  private static final String OTHER_FILL = "#98a2b3";
  private static final String BELOW_TARGET_FILL = "#6172f3";
  private static final String ABOVE_TARGET_FILL = "#f04438";
  private static final String TARGET_STROKE = "#b42318";
  private static final String GRID = "#eaecf0";
  private static final String AXIS_TEXT = "#667085";

  private ReportCharts() {}

  /**
   * Sellers per ODR bin as vertical bars, bins at or above the target in red, a dashed line at the
   * target. Bin edges are labelled under the axis.
   */
  static String odrHistogram(List<ReportData.OdrBin> bins, double target) {
    int width = 600;
    int height = 236;
    int left = 44;
    int right = 12;
    int top = 24;
    int bottom = 44;
    double plotW = width - left - right;
    double plotH = height - top - bottom;
    double slot = plotW / bins.size();
    long max = bins.stream().mapToLong(ReportData.OdrBin::sellers).max().orElse(0);
    long yMax = niceMax(max);

    StringBuilder svg =
        svgStart("chart histogram", width, height, "ODR distribution of sellers with orders")
            .append(attr("data-odr-target", target))
            .append(">");
    for (long tick : ticks(yMax)) {
      double y = top + plotH - plotH * tick / yMax;
      svg.append(line(left, y, width - right, y, GRID, false));
      svg.append(text(left - 6, y + 4, "end", 11, AXIS_TEXT, Html.count(tick)));
    }
    for (int i = 0; i < bins.size(); i++) {
      ReportData.OdrBin bin = bins.get(i);
      double x = left + i * slot;
      double h = plotH * bin.sellers() / yMax;
      double y = top + plotH - h;
      boolean breach = bin.lower() >= target;
      String range =
          bin.upper() == null
              ? Html.percent(bin.lower()) + " or more"
              : Html.percent(bin.lower()) + " to under " + Html.percent(bin.upper());
      svg.append("<rect class=\"bin\"")
          .append(attr("x", fmt(x + 3)))
          .append(attr("y", fmt(y)))
          .append(attr("width", fmt(slot - 6)))
          .append(attr("height", fmt(h)))
          .append(attr("rx", 2))
          .append(attr("fill", breach ? ABOVE_TARGET_FILL : BELOW_TARGET_FILL))
          .append(attr("data-lower", bin.lower()))
          .append(attr("data-upper", bin.upper()))
          .append(attr("data-sellers", bin.sellers()))
          .append("><title>")
          .append(escape(range + ": " + sellers(bin.sellers())))
          .append("</title></rect>");
      if (bin.sellers() > 0) {
        svg.append(text(x + slot / 2, y - 4, "middle", 11, "#344054", Html.count(bin.sellers())));
      }
      String label = bin.upper() == null ? "\u2265" + edge(bin.lower()) : edge(bin.lower());
      svg.append(
          text(
              x + (bin.upper() == null ? slot / 2 : 0),
              top + plotH + 15,
              "middle",
              10,
              AXIS_TEXT,
              label));
    }
    svg.append(line(left, top + plotH, width - right, top + plotH, "#98a2b3", false));
    double tx = left + slot * ReportQueries.BINS_PER_TARGET;
    svg.append(line(tx, top - 8, tx, top + plotH, TARGET_STROKE, true));
    svg.append(
        text(tx + 4, top - 10, "start", 11, TARGET_STROKE, "target " + Html.percent(target)));
    svg.append(
        text(
            left + plotW / 2,
            height - 6,
            "middle",
            11,
            AXIS_TEXT,
            "ODR of channel ALL (each bar: sellers in a "
                + edge(target / ReportQueries.BINS_PER_TARGET)
                + " band)"));
    svg.append("</svg>");
    return svg.toString();
  }

  /** One marketplace's sellers per tier as a stacked bar, most severe tier first. */
  static String tierMix(Map<String, Long> sellersByTier) {
    int width = 240;
    int height = 14;
    long total = sellersByTier.values().stream().mapToLong(Long::longValue).sum();
    StringBuilder svg = svgStart("tier-mix", width, height, "tier mix").append(">");
    svg.append("<rect")
        .append(attr("width", width))
        .append(attr("height", height))
        .append(" rx=\"3\" fill=\"#f2f4f7\"></rect>");
    double x = 0;
    for (Map.Entry<String, Long> e : sellersByTier.entrySet()) {
      if (total == 0 || e.getValue() == 0) {
        continue;
      }
      double w = width * (double) e.getValue() / total;
      svg.append("<rect")
          .append(attr("x", fmt(x)))
          .append(attr("width", fmt(w)))
          .append(attr("height", height))
          .append(attr("fill", TIER_FILL.getOrDefault(e.getKey(), OTHER_FILL)))
          .append("><title>")
          .append(escape(e.getKey() + ": " + sellers(e.getValue())))
          .append("</title></rect>");
      x += w;
    }
    svg.append("</svg>");
    return svg.toString();
  }

  /**
   * Horizontal bars of claims per root cause, coloured by responsible party: the solid part counts
   * as ODR defects, the pale part does not (denied, withdrawn, platform-funded).
   */
  static String rootCauseBars(List<ReportData.RootCauseCount> causes) {
    int width = 640;
    int rowH = 26;
    int legendH = 30;
    int labelW = 206;
    int countW = 120;
    int height = legendH + rowH * causes.size() + 4;
    double barMax = width - labelW - countW;
    long max = causes.stream().mapToLong(ReportData.RootCauseCount::claims).max().orElse(1);

    StringBuilder svg =
        svgStart("chart root-causes", width, height, "claims by root cause").append(">");
    Map<String, Long> byParty = new LinkedHashMap<>();
    for (String party : List.of("SELLER", "CARRIER", "BUYER", "UNKNOWN")) {
      byParty.put(party, 0L);
    }
    causes.forEach(
        c -> byParty.merge(String.valueOf(c.responsibleParty()), c.counting(), Long::sum));
    double lx = labelW;
    for (Map.Entry<String, Long> p : byParty.entrySet()) {
      svg.append("<rect")
          .append(attr("x", fmt(lx)))
          .append(attr("y", 6))
          .append(" width=\"10\" height=\"10\" rx=\"2\"")
          .append(attr("fill", PARTY_FILL.getOrDefault(p.getKey(), OTHER_FILL)))
          .append("></rect>");
      String label = Html.words(p.getKey()) + " " + Html.count(p.getValue());
      svg.append(text(lx + 14, 15, "start", 11.5, "#344054", label));
      lx += 24 + label.length() * 7;
    }
    for (int i = 0; i < causes.size(); i++) {
      ReportData.RootCauseCount c = causes.get(i);
      double y = legendH + i * rowH;
      String fill = PARTY_FILL.getOrDefault(String.valueOf(c.responsibleParty()), OTHER_FILL);
      double counting = barMax * c.counting() / max;
      double all = barMax * c.claims() / max;
      svg.append("<g class=\"cause\"")
          .append(attr("data-root-cause", c.rootCause()))
          .append(attr("data-responsible-party", c.responsibleParty()))
          .append(attr("data-claims", c.claims()))
          .append(attr("data-counting", c.counting()))
          .append("><title>")
          .append(
              escape(
                  c.rootCause()
                      + " ("
                      + c.responsibleParty()
                      + "): "
                      + c.counting()
                      + " counting of "
                      + c.claims()
                      + " claims"))
          .append("</title>");
      svg.append(text(labelW - 10, y + 16, "end", 12.5, "#101828", Html.words(c.rootCause())));
      svg.append("<rect")
          .append(attr("x", labelW))
          .append(attr("y", fmt(y + 5)))
          .append(attr("width", fmt(Math.max(all, 1))))
          .append(" height=\"15\" rx=\"2\" fill-opacity=\"0.28\"")
          .append(attr("fill", fill))
          .append("></rect>");
      if (counting > 0) {
        svg.append("<rect")
            .append(attr("x", labelW))
            .append(attr("y", fmt(y + 5)))
            .append(attr("width", fmt(counting)))
            .append(" height=\"15\" rx=\"2\"")
            .append(attr("fill", fill))
            .append("></rect>");
      }
      String figures =
          Html.count(c.counting())
              + (c.claims() == c.counting() ? "" : " of " + Html.count(c.claims()));
      svg.append(text(labelW + all + 8, y + 16, "start", 12, "#344054", figures));
      svg.append("</g>");
    }
    svg.append("</svg>");
    return svg.toString();
  }

  /**
   * A seller's ODR over the {@code days} as-of dates ending at {@code asOf}: x is the date (a
   * missing date leaves a gap in spacing, not a fake point), y runs from 0 to at least 1.5 × the
   * target, whose level is a dashed line. One point draws a dot; the last point is always a dot.
   */
  static String sparkline(
      List<ReportData.OdrPoint> points, LocalDate asOf, int days, double target, String fill) {
    int width = 124;
    int height = 34;
    double pad = 4;
    LocalDate first = asOf.minusDays(days - 1L);
    double yMax =
        Math.max(
            target * 1.5,
            points.stream().mapToDouble(ReportData.OdrPoint::odr).max().orElse(0) * 1.08);
    StringBuilder svg =
        svgStart("sparkline", width, height, "ODR trend")
            .append(attr("data-points", points.size()))
            .append(
                attr(
                    "data-series",
                    points.stream()
                        .map(p -> p.asOf() + "=" + p.odr())
                        .collect(Collectors.joining(" "))))
            .append(">");
    svg.append("<title>")
        .append(
            escape(
                points.isEmpty()
                    ? "no ODR in the last " + days + " as-of dates"
                    : points.stream()
                        .map(p -> p.asOf() + "  " + Html.percent(p.odr()))
                        .collect(Collectors.joining("\n"))))
        .append("</title>");
    double ty = y(target, yMax, height, pad);
    svg.append(line(pad, ty, width - pad, ty, "#fda29b", true));
    StringBuilder polyline = new StringBuilder();
    double lastX = 0;
    double lastY = 0;
    for (ReportData.OdrPoint p : points) {
      double day = ChronoUnit.DAYS.between(first, p.asOf());
      lastX = pad + (width - 2 * pad) * (days == 1 ? 1 : day / (days - 1));
      lastY = y(p.odr(), yMax, height, pad);
      polyline.append(fmt(lastX)).append(',').append(fmt(lastY)).append(' ');
    }
    if (points.size() > 1) {
      svg.append("<polyline fill=\"none\" stroke=\"#475467\" stroke-width=\"1.5\"")
          .append(" stroke-linejoin=\"round\" stroke-linecap=\"round\"")
          .append(attr("points", polyline.toString().strip()))
          .append("></polyline>");
    }
    if (!points.isEmpty()) {
      svg.append("<circle r=\"3\"")
          .append(attr("cx", fmt(lastX)))
          .append(attr("cy", fmt(lastY)))
          .append(attr("fill", fill))
          .append(" stroke=\"#fff\" stroke-width=\"1\"></circle>");
    }
    svg.append("</svg>");
    return svg.toString();
  }

  private static double y(double odr, double yMax, int height, double pad) {
    return height - pad - (height - 2 * pad) * Math.min(odr, yMax) / yMax;
  }

  /** A round upper bound for an axis: 1, 2, 5, 10, 20, 50, ... at least {@code max}. */
  static long niceMax(long max) {
    long step = 1;
    while (true) {
      for (long m : new long[] {1, 2, 5}) {
        if (m * step >= max) {
          return Math.max(1, m * step);
        }
      }
      step *= 10;
    }
  }

  private static List<Long> ticks(long yMax) {
    return yMax <= 5
        ? java.util.stream.LongStream.rangeClosed(0, yMax).boxed().toList()
        : List.of(0L, yMax / 2, yMax);
  }

  private static String line(
      double x1, double y1, double x2, double y2, String stroke, boolean dashed) {
    return "<line"
        + attr("x1", fmt(x1))
        + attr("y1", fmt(y1))
        + attr("x2", fmt(x2))
        + attr("y2", fmt(y2))
        + attr("stroke", stroke)
        + (dashed ? " stroke-dasharray=\"4 3\" stroke-width=\"1.5\"" : " stroke-width=\"1\"")
        + "></line>";
  }

  private static String text(
      double x, double y, String anchor, double size, String fill, String content) {
    return "<text"
        + attr("x", fmt(x))
        + attr("y", fmt(y))
        + attr("text-anchor", anchor)
        + attr("font-size", fmt(size))
        + attr("fill", fill)
        + ">"
        + escape(content)
        + "</text>";
  }

  /** A bin edge as a short percent: 0%, 0.25%, 1%. */
  private static String edge(double rate) {
    String s = String.format(Locale.ROOT, "%.2f", rate * 100);
    s = s.replaceAll("0+$", "").replaceAll("\\.$", "");
    return s + "%";
  }

  private static String sellers(long n) {
    return Html.count(n) + (n == 1 ? " seller" : " sellers");
  }

  /** SVG coordinates to two decimals. */
  private static String fmt(double v) {
    String s = String.format(Locale.ROOT, "%.2f", v);
    return s.replaceAll("0+$", "").replaceAll("\\.$", "");
  }

  /**
   * An svg element's opening tag up to its own attributes: class, viewBox, width and role. Charts
   * that scale with the page set no height; the small inline ones (tier mix, sparkline) are fixed.
   */
  private static StringBuilder svgStart(String cssClass, int width, int height, String label) {
    StringBuilder svg =
        new StringBuilder("<svg")
            .append(attr("class", cssClass))
            .append(attr("viewBox", "0 0 " + width + " " + height))
            .append(attr("width", width));
    if (!cssClass.startsWith("chart")) {
      svg.append(attr("height", height));
    }
    return svg.append(" role=\"img\"").append(attr("aria-label", label));
  }
}
