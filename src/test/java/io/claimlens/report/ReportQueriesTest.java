package io.claimlens.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.claimlens.schema.ClaimsAwaitingResponseTable;
import io.claimlens.schema.SellerMetricsTable;
import io.claimlens.testing.SparkTestBase;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Observation;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * What the report's queries compute beyond their SQL: the histogram's ODR target, from
 * seller_metrics' ODR rows of channel ALL in one aggregate per marketplace (the value they all
 * agree on, else the SPEC default, 1%), the sellers per metric status from the same aggregate, and
 * the counts observed beside a top-N list.
 */
class ReportQueriesTest extends SparkTestBase {
  private static final StructType METRICS =
      new StructType(
          SellerMetricsTable.OUTPUT
              .fields(
                  SellerMetricsTable.MARKETPLACE_ID,
                  SellerMetricsTable.SELLER_ID,
                  SellerMetricsTable.METRIC,
                  SellerMetricsTable.CHANNEL,
                  SellerMetricsTable.TARGET_VALUE,
                  SellerMetricsTable.STATUS)
              .toArray(StructField[]::new));

  private static final StructType AWAITING =
      new StructType(
          ClaimsAwaitingResponseTable.OUTPUT
              .fields(
                  ClaimsAwaitingResponseTable.MARKETPLACE_ID,
                  ClaimsAwaitingResponseTable.SELLER_ID,
                  ClaimsAwaitingResponseTable.CLAIM_ID,
                  ClaimsAwaitingResponseTable.HOURS_LEFT,
                  ClaimsAwaitingResponseTable.OVERDUE)
              .toArray(StructField[]::new));

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
   * The due and overdue counts are observed under the top-N list's filter, in its one scan: they
   * count every claim, not the N listed.
   */
  @Test
  void dueCountsCoverEveryClaimNotOnlyTheListed() throws InterruptedException {
    List<Row> claims =
        List.of(
            claim("c1", -5.0, true),
            claim("c2", -1.0, true),
            claim("c3", 2.0, false),
            claim("c4", 20.0, false),
            claim("c5", 30.0, false));
    Observation counts = new Observation("due");
    List<Row> listed =
        ReportQueries.dueClaims(
                ReportQueries.observeDueCounts(spark.createDataFrame(claims, AWAITING), counts), 2)
            .collectAsList();

    assertEquals(
        List.of("c1", "c2"), listed.stream().map(r -> r.<String>getAs("claim_id")).toList());
    Map<String, Object> observed = counts.getAsJava();
    assertEquals(4L, observed.get(ReportQueries.DUE), "under 24 hours left, overdue included");
    assertEquals(2L, observed.get(ReportQueries.OVERDUE));
  }

  private static Row claim(String id, double hoursLeft, boolean overdue) {
    return RowFactory.create("US", "S1", id, hoursLeft, overdue);
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
    return RowFactory.create(marketplace, seller, metric, channel, target, status);
  }
}
