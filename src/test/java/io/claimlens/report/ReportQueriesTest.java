package io.claimlens.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.claimlens.schema.SellerMetricsTable;
import io.claimlens.testing.SparkTestBase;
import java.util.Arrays;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * The histogram's ODR target, from seller_metrics' ODR rows of channel ALL in one aggregate per
 * marketplace: the value they all agree on, else the SPEC default (1%).
 */
class ReportQueriesTest extends SparkTestBase {
  private static final StructType METRICS =
      new StructType(
          SellerMetricsTable.OUTPUT
              .fields(
                  SellerMetricsTable.MARKETPLACE_ID,
                  SellerMetricsTable.METRIC,
                  SellerMetricsTable.CHANNEL,
                  SellerMetricsTable.TARGET_VALUE)
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

  private static double target(Row... rows) {
    return ReportQueries.odrTarget(
        ReportQueries.odrTargets(spark.createDataFrame(Arrays.asList(rows), METRICS))
            .collectAsList());
  }

  private static Row row(String marketplace, String metric, String channel, Double target) {
    return RowFactory.create(marketplace, metric, channel, target);
  }
}
