package io.claimlens.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.claimlens.schema.ClaimsAwaitingResponseTable;
import io.claimlens.schema.OutputTables;
import io.claimlens.testing.SparkTestBase;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * What the report's queries compute beyond their SQL: the histogram's ODR target, from
 * seller_metrics' ODR rows of channel ALL in one aggregate per marketplace (the value they all
 * agree on, else the SPEC default, 1%), the sellers per metric status from the same aggregate, and
 * the counts that come with each date's top-N list.
 */
class ReportQueriesTest extends SparkTestBase {
  private static final LocalDate D = LocalDate.parse("2026-06-30");

  /** seller_metrics as the report reads it. */
  private static final StructType METRICS = withDate(ReportInputs.SELLER_METRICS_COLUMNS);

  private static final StructType AWAITING =
      withDate(
          ClaimsAwaitingResponseTable.OUTPUT.fields(
              ClaimsAwaitingResponseTable.MARKETPLACE_ID,
              ClaimsAwaitingResponseTable.SELLER_ID,
              ClaimsAwaitingResponseTable.CLAIM_ID,
              ClaimsAwaitingResponseTable.HOURS_LEFT,
              ClaimsAwaitingResponseTable.OVERDUE));

  /** The table's columns after the date, as the report's inputs give them. */
  private static StructType withDate(List<StructField> fields) {
    List<StructField> all = new ArrayList<>();
    all.add(DataTypes.createStructField(OutputTables.AS_OF_DATE, DataTypes.DateType, false));
    all.addAll(fields);
    return new StructType(all.toArray(StructField[]::new));
  }

  @Test
  void theTargetEveryMarketplaceAgreesOnIsTaken() {
    assertEquals(
        0.02,
        target(
            row("US", "ODR", "ALL", 0.02),
            row("UK", "ODR", "ALL", 0.02),
            // other metrics and channels have targets of their own, never the ODR's
            row("US", "LSR", "ALL", 0.04),
            row("US", "ODR", "MFN", 0.03),
            row("UK", "ODR", "ALL", null)));
  }

  @Test
  void marketplacesThatDisagreeGiveTheDefault() {
    assertEquals(
        ReportQueries.ODR_TARGET_DEFAULT,
        target(row("US", "ODR", "ALL", 0.02), row("UK", "ODR", "ALL", 0.005)));
    // within one marketplace too
    assertEquals(
        ReportQueries.ODR_TARGET_DEFAULT,
        target(row("US", "ODR", "ALL", 0.02), row("US", "ODR", "ALL", 0.005)));
  }

  @Test
  void noOdrTargetGivesTheDefault() {
    assertEquals(
        ReportQueries.ODR_TARGET_DEFAULT,
        target(row("US", "ODR", "ALL", null), row("US", "LSR", "ALL", 0.04)));
    assertEquals(ReportQueries.ODR_TARGET_DEFAULT, target());
  }

  /**
   * The due and overdue counts come with each date's top-N list, from the same scan: they count
   * every claim of their date, not the N listed, and not another date's.
   */
  @Test
  void dueCountsCoverEveryClaimOfTheDateNotOnlyTheListed() {
    List<Row> claims =
        List.of(
            claim(D, "c1", -5.0, true),
            claim(D, "c2", -1.0, true),
            claim(D, "c3", 2.0, false),
            claim(D, "c4", 20.0, false),
            claim(D, "c5", 30.0, false),
            claim(D.minusDays(1), "c6", -3.0, true),
            claim(D.minusDays(1), "c7", 25.0, false));
    Map<LocalDate, List<Row>> listed =
        ReportQueries.dueClaims(spark.createDataFrame(claims, AWAITING), 2).collectAsList().stream()
            .collect(
                Collectors.groupingBy(r -> r.<java.sql.Date>getAs("as_of_date").toLocalDate()));

    List<Row> atD =
        listed.get(D).stream()
            .sorted(Comparator.comparingInt(r -> r.<Integer>getAs(ReportQueries.RANK)))
            .toList();
    assertEquals(List.of("c1", "c2"), atD.stream().map(r -> r.<String>getAs("claim_id")).toList());
    for (Row r : atD) {
      assertEquals(4L, r.<Long>getAs(ReportQueries.DUE), "under 24 hours left, overdue included");
      assertEquals(2L, r.<Long>getAs(ReportQueries.OVERDUE));
    }
    Row dayBefore = listed.get(D.minusDays(1)).get(0);
    assertEquals(1, listed.get(D.minusDays(1)).size());
    assertEquals("c6", dayBefore.getAs("claim_id"));
    assertEquals(1L, dayBefore.<Long>getAs(ReportQueries.DUE));
    assertEquals(1L, dayBefore.<Long>getAs(ReportQueries.OVERDUE));
  }

  private static Row claim(LocalDate asOf, String id, double hoursLeft, boolean overdue) {
    return RowFactory.create(java.sql.Date.valueOf(asOf), "US", "S1", id, hoursLeft, overdue);
  }

  /**
   * Sellers per metric in BREACH and AT_RISK, each seller once however many channels: US S1 ODR in
   * BREACH on ALL and MFN (1), US S2 ODR AT_RISK on AFN and BREACH on ALL (in both), UK S1 (another
   * seller than US S1) ODR in BREACH (1 more); LSR: one AT_RISK; CLAIM_RATE has no seller in either
   * status and is not listed.
   */
  @Test
  void metricStatusesCountEachSellerOncePerMetricAcrossChannelsAndMarketplaces() {
    List<ReportData.MetricStatusCount> statuses =
        ReportQueries.metricStatusOf(
            summary(
                row("US", "S1", "ODR", "ALL", 0.01, "BREACH"),
                row("US", "S1", "ODR", "MFN", 0.01, "BREACH"),
                row("US", "S2", "ODR", "ALL", 0.01, "BREACH"),
                row("US", "S2", "ODR", "AFN", 0.01, "AT_RISK"),
                row("UK", "S1", "ODR", "ALL", 0.01, "BREACH"),
                row("US", "S3", "LSR", "MFN", 0.04, "AT_RISK"),
                row("US", "S3", "ODR", "ALL", 0.01, "GOOD"),
                row("US", "S3", "CLAIM_RATE", "ALL", null, "GOOD")));
    assertEquals(
        List.of(
            new ReportData.MetricStatusCount("ODR", 3, 1),
            new ReportData.MetricStatusCount("LSR", 0, 1)),
        statuses);
  }

  private static double target(Row... rows) {
    return ReportQueries.odrTarget(summary(rows));
  }

  private static List<Row> summary(Row... rows) {
    return ReportQueries.metricSummary(spark.createDataFrame(Arrays.asList(rows), METRICS))
        .collectAsList();
  }

  private static Row row(String marketplace, String metric, String channel, Double target) {
    return row(marketplace, "S1", metric, channel, target, "GOOD");
  }

  private static Row row(
      String marketplace,
      String seller,
      String metric,
      String channel,
      Double target,
      String status) {
    return RowFactory.create(
        java.sql.Date.valueOf(D), marketplace, seller, metric, channel, target, status);
  }
}
