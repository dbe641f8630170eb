package io.claimlens.report;

import static io.claimlens.report.ReportFixture.AS_OF;
import static io.claimlens.report.ReportFixture.JP;
import static io.claimlens.report.ReportFixture.UK;
import static io.claimlens.report.ReportFixture.US;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.claimlens.config.ClaimlensException;
import io.claimlens.config.ExitCode;
import io.claimlens.io.OutputCatalog;
import io.claimlens.io.PublishedTables;
import io.claimlens.io.SideBySide;
import io.claimlens.schema.OutputTables;
import io.claimlens.testing.SparkTestBase;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report's data step and publishing over a hand-made output root ({@link ReportFixture}); the
 * expected values are derived by hand from the fixture's rows.
 */
class RiskReportTest extends SparkTestBase {
  @TempDir static Path dir;
  static String root;
  static ReportData data;
  // two actions at once, as a night's report runs its queries
  static SideBySide side;

  @BeforeAll
  static void collect() {
    side = SideBySide.of(spark, 2);
    root = ReportFixture.write(spark, dir);
    data =
        ReportQueries.collect(
                ReportInputs.read(spark, root, List.of(AS_OF), ReportData.HISTORY_DAYS), side)
            .get(AS_OF);
  }

  @AfterAll
  static void closeSide() {
    side.close();
  }

  @Test
  void countsSellersPerMarketplaceAndTier() {
    // the 24 generated LOW sellers are spread over US, UK and JP, 8 each
    assertEquals(
        Map.of(
            US + " CRITICAL", 1L,
            US + " HIGH", 3L,
            US + " MEDIUM", 1L,
            US + " LOW", 8L,
            UK + " CRITICAL", 1L,
            UK + " MEDIUM", 1L,
            UK + " LOW", 9L,
            JP + " HIGH", 1L,
            JP + " MEDIUM", 1L,
            JP + " LOW", 8L),
        data.tiers().stream()
            .collect(Collectors.toMap(t -> t.marketplaceId() + " " + t.tier(), t -> t.sellers())));
    assertEquals(List.of(UK, JP, US), data.marketplaces(), "sorted by id");
    assertEquals(List.of(), data.missingTables());
  }

  @Test
  void binsOdrOfSellersWithOrdersAnOdrOfExactlyTheTargetOnTheBreachSide() {
    assertEquals(0.01, data.odrTarget());
    long[] sellers = data.odrHistogram().stream().mapToLong(ReportData.OdrBin::sellers).toArray();
    // bin 0: 12 without defects; 1: 12 at exactly 0.25% and S0170 (0.49%); 3: S0230 (0.75%),
    // S0333 (0.8%); 4: S0150 and S0155 at exactly 1%; 8: S0207 (2.14%), S0142 (2%);
    // 12 (3% and up): S0311 (3%), S0101 (4.4%). S0244 has no orders and is not counted.
    assertArrayEquals(new long[] {12, 13, 0, 2, 2, 0, 0, 0, 2, 0, 0, 0, 2}, sellers);
    assertEquals(0.01, data.odrHistogram().get(4).lower());
    assertEquals(null, data.odrHistogram().get(12).upper());
  }

  @Test
  void ordersTopSellersByScoreThenDefectsToBreachThenOrdersThenSellerId() {
    List<String> top = data.topSellers().stream().map(ReportData.TopSeller::sellerId).toList();
    assertEquals(ReportQueries.TOP_SELLERS, top.size());
    assertEquals(
        List.of(
            "S0101", "S0207", "S0142", "S0311", "S0150", "S0155", "S0230", "S0333", "S0170",
            "S0401", "S0402"),
        top.subList(0, 11));
    assertEquals("S0411", top.get(19));
    ReportData.TopSeller first = data.topSellers().get(0);
    assertEquals(4.0 / 90, first.odr());
    assertEquals(0L, first.defectsToBreach());
    assertEquals(List.of("LATE_SHIPMENT_RATE", "ODR"), first.breachedMetrics());
    assertEquals(2, first.actions().size());
    // SPEC §4.1 columns: the fixture's projection is 1.5 × the ODR; S0101's ODR breaches end on
    // D + 40, its late shipments not within their range; 90 orders: 90% of its peers do better
    assertEquals(4.0 / 90 * 1.5, first.odrProjected());
    assertEquals("BREACH", first.odrProjectedStatus());
    assertEquals(AS_OF.plusDays(40), first.recoversOn());
    assertEquals(true, first.breachOutlastsRange());
    assertEquals(90.0, first.odrPeerBetterPct());
    ReportData.TopSeller s0142 = data.topSellers().get(2);
    assertEquals(AS_OF.plusDays(20), s0142.recoversOn());
    assertEquals(false, s0142.breachOutlastsRange());
    assertEquals(0.0, s0142.odrPeerBetterPct());
  }

  /**
   * Reports of several dates from one pass of queries are each date's report alone: the day before
   * D has only seller_risk (a history partition), so its other tables are missing, its ODR target
   * is the default, and its sparklines end at its own date, not at D's.
   */
  @Test
  void severalDatesInOnePassGiveEachDatesReportAlone() {
    LocalDate before = AS_OF.minusDays(1);
    SortedMap<LocalDate, ReportData> both =
        ReportQueries.collect(
            ReportInputs.read(spark, root, List.of(AS_OF, before), ReportData.HISTORY_DAYS), side);
    assertEquals(List.of(before, AS_OF), List.copyOf(both.keySet()));
    assertEquals(data, both.get(AS_OF));
    ReportData alone =
        ReportQueries.collect(
                ReportInputs.read(spark, root, List.of(before), ReportData.HISTORY_DAYS), side)
            .get(before);
    assertEquals(alone, both.get(before));
    assertEquals(
        List.of(
            OutputTables.SELLER_METRICS,
            OutputTables.CLAIM_ATTRIBUTION,
            OutputTables.SKU_METRICS,
            OutputTables.CLAIMS_AWAITING_RESPONSE),
        alone.missingTables());
    assertEquals(ReportQueries.ODR_TARGET_DEFAULT, alone.odrTarget());
    assertEquals(ReportQueries.TOP_SELLERS, alone.topSellers().size());
    for (ReportData.TopSeller s : alone.topSellers()) {
      for (ReportData.OdrPoint p : s.history()) {
        assertTrue(!p.asOf().isAfter(before), s.sellerId() + " " + p.asOf());
      }
    }
  }

  @Test
  void sparklinesHoldTheThirtyAsOfDatesEndingAtTheDateThatExist() {
    Map<String, ReportData.TopSeller> bySeller =
        data.topSellers().stream()
            .collect(Collectors.toMap(ReportData.TopSeller::sellerId, s -> s));
    ReportData.TopSeller s0101 = bySeller.get("S0101");
    assertEquals(
        ReportFixture.OFFSETS_IN_WINDOW.stream().map(d -> AS_OF.plusDays(d)).toList(),
        s0101.history().stream().map(ReportData.OdrPoint::asOf).toList());
    assertEquals(4.0 / 90 - 21 * 0.0005, s0101.history().get(0).odr(), 1e-15);
    assertEquals(4.0 / 90, s0101.history().get(4).odr());
    // new today: one point
    assertEquals(
        List.of(new ReportData.OdrPoint(AS_OF, 3.0 / 140)), bySeller.get("S0207").history());
  }

  @Test
  void countsSellersPerMetricStatusOncePerSeller() {
    assertEquals(
        List.of(
            new ReportData.MetricStatusCount("ODR", 6, 2),
            new ReportData.MetricStatusCount("LATE_SHIPMENT_RATE", 1, 1)),
        data.metricStatus());
  }

  @Test
  void mixesRootCausesByCountingClaimsThenAllClaims() {
    assertEquals(
        List.of(
            new ReportData.RootCauseCount("DELIVERY_UNCONFIRMED", "SELLER", 5, 4),
            new ReportData.RootCauseCount("NOT_SHIPPED", "SELLER", 3, 3),
            new ReportData.RootCauseCount("PRODUCT_QUALITY", "SELLER", 3, 3),
            new ReportData.RootCauseCount("CARRIER_DELAY_OR_LOSS", "CARRIER", 2, 2),
            new ReportData.RootCauseCount("RETURN_DISPUTE_UNVERIFIED", "UNKNOWN", 1, 1),
            new ReportData.RootCauseCount("PREMATURE_CLAIM", "BUYER", 2, 0)),
        data.rootCauses());
  }

  @Test
  void listsHotspotsByQualityClaimOrdersThenDefectRate() {
    assertEquals(
        List.of("US-KETTLE-2L", "MUG-12OZ", "US-LAMP-01", "JP-CABLE-USB"),
        data.hotspots().stream().map(ReportData.SkuHotspot::sku).toList());
    assertEquals(4, data.hotspotCount());
  }

  @Test
  void listsClaimsWithUnderADayLeftOverdueFirst() {
    assertEquals(
        List.of("C2001", "C2002", "C2003", "C2004"),
        data.dueClaims().stream().map(ReportData.DueClaim::claimId).toList());
    assertEquals(4, data.dueClaimCount());
    assertEquals(2, data.overdueCount());
    assertTrue(data.dueClaims().get(0).overdue());
  }

  @Test
  void writesTheReportUnderReportsThroughATempFileAndARerunGivesTheSameBytes() throws IOException {
    String uri = RiskReport.write(spark, root, List.of(AS_OF), side).get(0);
    Path file = Path.of(URI.create(uri));
    assertEquals(
        Path.of(root, "reports", "claimlens-report-2026-06-30.html").toAbsolutePath(), file);
    String first = Files.readString(file);
    assertTrue(first.startsWith("<!doctype html>"), first.substring(0, 40));
    assertTrue(first.contains("Amazon US"), "marketplace names from the shipped policy");

    assertEquals(uri, RiskReport.write(spark, root, List.of(AS_OF), side).get(0));
    assertEquals(first, Files.readString(file), "a rerun replaces the report with the same one");
    try (Stream<Path> left = Files.list(file.getParent())) {
      assertEquals(
          List.of("claimlens-report-2026-06-30.html"),
          left.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).toList(),
          "no temporary file is left behind");
    }
  }

  /**
   * report.sh over Delta tables (--table-format delta): the same report data as over the same
   * tables in Parquet, the sparklines' earlier dates included.
   */
  @Test
  void deltaTablesGiveTheSameReportAsParquet() {
    String delta = dir.resolve("delta-output").toString();
    for (String table : OutputCatalog.tables(spark, root)) {
      PublishedTables.read(spark, new org.apache.hadoop.fs.Path(root, table))
          .write()
          .format("delta")
          .partitionBy(OutputTables.AS_OF_DATE)
          .save(delta + "/" + table);
    }
    assertEquals(
        data,
        ReportQueries.collect(
                ReportInputs.read(spark, delta, List.of(AS_OF), ReportData.HISTORY_DAYS), side)
            .get(AS_OF));
  }

  @Test
  void aTableWithoutTheDateIsReportedMissingAndNoTableAtAllIsAnError() throws IOException {
    Path other = dir.resolve("only-claims");
    String otherRoot = other.toString();
    ReportFixture.partition(
        spark,
        otherRoot,
        OutputTables.CLAIMS_AWAITING_RESPONSE,
        AS_OF,
        ReportFixture.CLAIMS_AWAITING_RESPONSE,
        List.of());
    String html =
        Files.readString(
            Path.of(URI.create(RiskReport.write(spark, otherRoot, List.of(AS_OF), side).get(0))));
    assertTrue(
        html.contains("Not available: the output has no seller_risk partition for 2026-06-30"));
    assertTrue(html.contains(ReportHtml.NONE_TODAY), "claims_awaiting_response is there, empty");

    ClaimlensException e =
        assertThrows(
            ClaimlensException.class,
            () -> RiskReport.write(spark, otherRoot, List.of(AS_OF.minusDays(1)), side));
    assertEquals(ExitCode.BAD_ARGUMENTS_OR_POLICY, e.exitCode());
    assertTrue(e.getMessage().contains("2026-06-29"), e.getMessage());
  }
}
