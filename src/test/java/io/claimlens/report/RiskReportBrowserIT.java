package io.claimlens.report;

import static io.claimlens.report.ReportFixture.AS_OF;
import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.claimlens.io.SideBySide;
import io.claimlens.schema.OutputTables;
import io.claimlens.schema.SellerRiskTable;
import io.claimlens.testing.HeadlessChromium;
import io.claimlens.testing.SampleRun;
import io.claimlens.testing.SparkTestBase;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report in a real browser: headless Chromium opens the file written by {@link RiskReport} over
 * a hand-made output root, with nothing but the file to load. The page must raise no error, request
 * nothing else, and show the numbers of seller_risk as Spark reads them back. A full-page
 * screenshot lands in {@code target/it/report/} (docs/report.md shows it).
 *
 * <p>Needs Chromium: without one the test fails with what to install (.ci/run installs it).
 */
class RiskReportBrowserIT extends SparkTestBase {
  /** A laptop's browser window, and the report's own widest layout (report.css, main). */
  private static final int WINDOW_WIDTH = 1280;

  @TempDir static Path dir;

  @Test
  void opensOfflineWithoutErrorsAndShowsTheSellerRiskNumbers() throws Exception {
    String root = ReportFixture.write(spark, dir);
    Path file;
    try (SideBySide side = SideBySide.of(spark)) {
      file = Path.of(URI.create(RiskReport.write(spark, root, List.of(AS_OF), side).get(0)));
    }
    Path out = reportDir();

    try (HeadlessChromium browser = HeadlessChromium.start(out.resolve("chromium.log"))) {
      HeadlessChromium.Page page = openOffline(browser, file);
      assertEquals(
          0,
          page.evaluate(
                  "document.querySelectorAll('script, link, img, iframe, object, embed')"
                      + ".length")
              .asInt(),
          "nothing that could fetch");
      assertEquals(
          "Seller risk report 2026-06-30 \u00b7 claimlens",
          page.evaluate("document.title").asText());

      assertTierCounts(page, sellerRisk(root, AS_OF));
      assertTopSellers(page, sellerRisk(root, AS_OF), sellerMetrics(root, AS_OF));
      List<String> shownIds = new ArrayList<>();
      page.evaluate("[...document.querySelectorAll('tr.seller')].map(tr => tr.dataset.sellerId)")
          .forEach(id -> shownIds.add(id.asText()));
      assertEquals(
          List.of("S0101", "S0207", "S0142", "S0311", "S0150", "S0155"),
          shownIds.subList(0, 6),
          "score, then defects to breach, then orders, then seller id");
      assertSparklines(page, root);
      assertFitsTheWindow(page);
      assertTrue(
          page.evaluate("[...document.querySelectorAll('ul.actions li')].map(li => li.textContent)")
              .toString()
              .contains(
                  new com.fasterxml.jackson.databind.ObjectMapper()
                      .writeValueAsString(ReportFixture.ESCAPED_ACTION)),
          "a next step with <, >, & and quotes shows as written");

      byte[] png = page.screenshotFullPage();
      Path screenshot = out.resolve("claimlens-report-" + AS_OF + ".png");
      Files.write(screenshot, png);
      assertTrue(png.length > 20_000, "a screenshot with something in it: " + png.length);
      assertEquals(List.of(), page.problems(), "errors while taking the screenshot");
    }
  }

  /**
   * The report the job itself writes for the committed sample, after the build's shared backfill of
   * {@value SampleRun#BACKFILL_DATES} dates so the trends have points: no error, nothing fetched,
   * and the page's tiers and top sellers equal the job's seller_risk. Its screenshot is the one in
   * docs/report.md.
   */
  @Test
  void theSampleRunsReportShowsTheJobsSellerRisk() throws Exception {
    LocalDate last = LocalDate.parse(SampleRun.AS_OF);
    String root = SampleRun.backfill(spark);
    Path file = Path.of(RiskReport.path(root, last).toUri().getPath());
    assertTrue(Files.isRegularFile(file), "the job wrote " + file);
    Path out = reportDir();

    try (HeadlessChromium browser = HeadlessChromium.start(out.resolve("chromium-sample.log"))) {
      HeadlessChromium.Page page = openOffline(browser, file);
      Dataset<Row> sellerRisk = sellerRisk(root, last);
      assertTrue(sellerRisk.count() > 10, "the sample scores its sellers");
      assertTierCounts(page, sellerRisk);
      assertTopSellers(page, sellerRisk, sellerMetrics(root, last));
      assertFitsTheWindow(page);
      assertEquals(
          SampleRun.BACKFILL_DATES,
          page.evaluate("Number(document.querySelector('svg.sparkline').dataset.points)").asInt(),
          "the top seller's trend has a point per date of the backfill");
      Files.write(out.resolve("sample-report-" + last + ".png"), page.screenshotFullPage());
      assertEquals(List.of(), page.problems(), "errors while taking the screenshot");
    }
  }

  /** Opens {@code file}: the page must raise no error and load nothing but itself. */
  private static HeadlessChromium.Page openOffline(HeadlessChromium browser, Path file) {
    String url = file.toUri().toString();
    HeadlessChromium.Page page = browser.newPage(WINDOW_WIDTH, 900);
    page.navigate(url);
    assertEquals(List.of(), page.problems(), "errors in the page\n" + browser.logTail());
    assertEquals(
        List.of(url), page.requestedUrls().stream().distinct().toList(), "only the file loads");
    return page;
  }

  /**
   * Nothing scrolls sideways in a {@value #WINDOW_WIDTH}-pixel window: a seller-health team reads
   * the top-risk table's columns side by side, next steps included.
   */
  private static void assertFitsTheWindow(HeadlessChromium.Page page) {
    int width = page.evaluate("document.documentElement.scrollWidth").asInt();
    assertTrue(width <= WINDOW_WIDTH, "the page is " + width + " pixels wide");
  }

  /** target/it/report, where the screenshots and the browser's logs go. */
  private static Path reportDir() throws java.io.IOException {
    return Files.createDirectories(itDir().resolve("report"));
  }

  /** Sellers per tier, overall and per marketplace, as the page's cells hold them. */
  private static void assertTierCounts(HeadlessChromium.Page page, Dataset<Row> sellerRisk) {
    Map<String, Long> expected = new TreeMap<>();
    for (Row r :
        sellerRisk
            .groupBy(SellerRiskTable.MARKETPLACE_ID, SellerRiskTable.RISK_TIER)
            .count()
            .collectAsList()) {
      expected.merge(r.getString(0) + " " + r.getString(1), r.getLong(2), Long::sum);
      expected.merge("all " + r.getString(1), r.getLong(2), Long::sum);
    }
    JsonNode cells =
        page.evaluate(
            "[...document.querySelectorAll('td[data-tier]')].map(td => [td.dataset.scope === 'all'"
                + " ? 'all' : td.closest('tr').dataset.marketplaceId, td.dataset.tier,"
                + " Number(td.dataset.sellers), td.textContent])");
    Map<String, Long> shown = new TreeMap<>();
    for (JsonNode cell : cells) {
      long sellers = cell.get(2).asLong();
      assertEquals(String.format(Locale.ROOT, "%,d", sellers), cell.get(3).asText());
      if (sellers > 0) {
        shown.put(cell.get(0).asText() + " " + cell.get(1).asText(), sellers);
      }
    }
    assertEquals(expected, shown);
  }

  /**
   * The top 20 rows, in order (calibrated score, then fewest defects to breach, then most orders):
   * ids, tier, score, ODR (exact and as printed), defects to breach, and the SPEC §4.1 columns:
   * projected ODR and its status from seller_risk; from seller_metrics, the recovery date of the
   * seller's worst breach (the latest recovers_on of its BREACH rows, "not in range" when one has
   * none) and the ODR (ALL) row's peer_better_pct.
   */
  private static void assertTopSellers(
      HeadlessChromium.Page page, Dataset<Row> sellerRisk, Dataset<Row> sellerMetrics) {
    Map<String, String> recovery = new HashMap<>();
    Map<String, String> peers = new HashMap<>();
    Map<String, Boolean> outlasts = new HashMap<>();
    for (Row m : sellerMetrics.collectAsList()) {
      String key = m.<String>getAs("marketplace_id") + "/" + m.<String>getAs("seller_id");
      if ("BREACH".equals(m.getAs("status"))) {
        Object on = m.getAs("recovers_on");
        if (on == null) {
          outlasts.put(key, true);
        } else if (recovery.getOrDefault(key, "").compareTo(on.toString()) < 0) {
          recovery.put(key, on.toString());
        }
      }
      if ("ODR".equals(m.getAs("metric")) && "ALL".equals(m.getAs("channel"))) {
        Object pct = m.getAs("peer_better_pct");
        peers.put(key, pct == null ? "null" : String.valueOf(pct));
      }
    }
    List<String> expected = new ArrayList<>();
    for (Row r :
        sellerRisk
            .orderBy(
                col(SellerRiskTable.RISK_SCORE).desc(),
                col(SellerRiskTable.DEFECTS_TO_BREACH).asc_nulls_last(),
                col(SellerRiskTable.ODR_ORDERS).desc(),
                col(SellerRiskTable.SELLER_ID),
                col(SellerRiskTable.MARKETPLACE_ID))
            .limit(ReportQueries.TOP_SELLERS)
            .collectAsList()) {
      Object odr = r.getAs(SellerRiskTable.ODR);
      Object toBreach = r.getAs(SellerRiskTable.DEFECTS_TO_BREACH);
      Object projected = r.getAs(SellerRiskTable.ODR_PROJECTED);
      String key =
          r.<String>getAs(SellerRiskTable.MARKETPLACE_ID)
              + "/"
              + r.<String>getAs(SellerRiskTable.SELLER_ID);
      expected.add(
          String.join(
              " | ",
              r.<String>getAs(SellerRiskTable.MARKETPLACE_ID),
              r.<String>getAs(SellerRiskTable.SELLER_ID),
              r.<String>getAs(SellerRiskTable.RISK_TIER),
              String.valueOf(r.<Integer>getAs(SellerRiskTable.RISK_SCORE)),
              odr == null ? "null" : String.valueOf(odr),
              odr == null ? "\u2014" : String.format(Locale.ROOT, "%.2f%%", (Double) odr * 100),
              String.valueOf(toBreach),
              String.valueOf(projected),
              String.valueOf(r.<String>getAs(SellerRiskTable.ODR_PROJECTED_STATUS)),
              outlasts.getOrDefault(key, false)
                  ? "not in range"
                  : recovery.getOrDefault(key, "\u2014"),
              peers.getOrDefault(key, "null")));
    }
    JsonNode rows =
        page.evaluate(
            "[...document.querySelectorAll('tr.seller')].map(tr => [tr.dataset.marketplaceId,"
                + " tr.dataset.sellerId, tr.dataset.riskTier, tr.dataset.riskScore,"
                + " tr.dataset.odr, tr.querySelector('td.odr').textContent,"
                + " tr.dataset.defectsToBreach, tr.dataset.odrProjected,"
                + " tr.dataset.odrProjectedStatus, tr.querySelector('td.recovers').textContent,"
                + " tr.dataset.odrPeerBetterPct])");
    List<String> shown = new ArrayList<>();
    for (JsonNode row : rows) {
      List<String> cells = new ArrayList<>();
      for (int i = 0; i < row.size(); i++) {
        String value = row.get(i).asText();
        // the page keeps a null as an empty attribute
        cells.add(value.isEmpty() && i != 5 && i != 9 ? "null" : value);
      }
      // data- numbers parse back to the exact doubles Spark read
      for (int i : new int[] {4, 7, 10}) {
        if (!cells.get(i).equals("null")) {
          cells.set(i, String.valueOf(Double.parseDouble(cells.get(i))));
        }
      }
      shown.add(String.join(" | ", cells));
    }
    assertEquals(expected, shown);
  }

  /** S0101's sparkline holds seller_risk's ODR of the dates in [D-29, D]; S0207's one point. */
  private static void assertSparklines(HeadlessChromium.Page page, String root) {
    StringBuilder expected = new StringBuilder();
    for (Row r :
        spark
            .read()
            .parquet(root + "/" + OutputTables.SELLER_RISK)
            .where(
                col(SellerRiskTable.SELLER_ID)
                    .equalTo("S0101")
                    .and(
                        col(OutputTables.AS_OF_DATE)
                            .between(
                                java.sql.Date.valueOf(AS_OF.minusDays(29)),
                                java.sql.Date.valueOf(AS_OF))))
            .orderBy(OutputTables.AS_OF_DATE)
            .collectAsList()) {
      expected
          .append(expected.length() == 0 ? "" : " ")
          .append(r.getAs(OutputTables.AS_OF_DATE).toString())
          .append('=')
          .append(r.<Double>getAs(SellerRiskTable.ODR));
    }
    String series = "document.querySelector('tr[data-seller-id=\"%s\"] svg.sparkline').dataset.%s";
    assertEquals(
        expected.toString(), page.evaluate(String.format(series, "S0101", "series")).asText());
    assertEquals(5, page.evaluate(String.format(series, "S0101", "points")).asInt());
    assertEquals(1, page.evaluate(String.format(series, "S0207", "points")).asInt());
  }

  private static Dataset<Row> sellerMetrics(String root, LocalDate asOf) {
    return spark
        .read()
        .parquet(
            root + "/" + OutputTables.SELLER_METRICS + "/" + OutputTables.AS_OF_DATE + "=" + asOf);
  }

  private static Dataset<Row> sellerRisk(String root, LocalDate asOf) {
    return spark
        .read()
        .parquet(
            root + "/" + OutputTables.SELLER_RISK + "/" + OutputTables.AS_OF_DATE + "=" + asOf);
  }

  /** target/it under failsafe (its system property), the same folder when run by surefire. */
  private static Path itDir() {
    return Path.of(System.getProperty("claimlens.it.dir", "target/it"));
  }
}
