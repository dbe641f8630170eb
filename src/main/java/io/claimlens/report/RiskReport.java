package io.claimlens.report;

import io.claimlens.config.ClaimlensException;
import io.claimlens.config.ExitCode;
import io.claimlens.config.MarketplacePolicy;
import io.claimlens.config.Policy;
import io.claimlens.io.PolicySource;
import io.claimlens.io.SideBySide;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/**
 * The HTML risk report of one as-of date (SPEC §4): built from the published tables under an output
 * root and written next to them as {@code <root>/reports/claimlens-report-<D>.html}, one
 * self-contained file a person opens in a browser.
 */
public final class RiskReport {
  /** Folder under the output root that holds the reports (not a table: no partitions). */
  public static final String REPORTS_FOLDER = "reports";

  private RiskReport() {}

  /**
   * Builds the report for asOf from the PUBLISHED tables under outputRoot and writes it; returns
   * its path (string URI). Its queries run in two halves side by side ({@code side}).
   */
  public static String write(
      SparkSession spark, String outputRoot, LocalDate asOf, SideBySide side) {
    String previous = spark.sparkContext().getLocalProperty("spark.job.description");
    spark.sparkContext().setJobDescription("claimlens " + asOf + ": build the HTML report");
    try {
      ReportInputs inputs = ReportInputs.read(spark, outputRoot, asOf, ReportData.HISTORY_DAYS);
      if (!inputs.anyPresent()) {
        throw ClaimlensException.badArguments(
            "no output table under " + outputRoot + " has a partition for " + asOf);
      }
      ReportData data = ReportQueries.collect(inputs, asOf, side);
      data = data.withMarketplaceNames(marketplaceNames(spark, data.marketplaces()));
      return publish(spark, path(outputRoot, asOf), ReportHtml.render(data));
    } finally {
      spark.sparkContext().setJobDescription(previous);
    }
  }

  /** Where the report of {@code asOf} lands under {@code outputRoot}. */
  public static Path path(String outputRoot, LocalDate asOf) {
    return new Path(new Path(outputRoot, REPORTS_FOLDER), "claimlens-report-" + asOf + ".html");
  }

  /**
   * Writes {@code html} to a hidden temporary file beside {@code target}, then renames it into
   * place, so a reader sees the previous report, none, or the new one, never half of one.
   * FileSystem.rename does not replace an existing file (local disk returns false, S3A throws
   * "destination file exists": the S3 integration test's rerun found it), so a rerun deletes the
   * old report just before the rename.
   */
  static String publish(SparkSession spark, Path target, String html) {
    Path temp = new Path(target.getParent(), "_" + target.getName() + "." + UUID.randomUUID());
    try {
      FileSystem fs = target.getFileSystem(spark.sparkContext().hadoopConfiguration());
      fs.mkdirs(target.getParent());
      try {
        try (OutputStream out = fs.create(temp, false)) {
          out.write(html.getBytes(StandardCharsets.UTF_8));
        }
        if (fs.exists(target)) {
          fs.delete(target, false);
        }
        if (!fs.rename(temp, target)) {
          throw new IOException("rename " + temp + " -> " + target + " failed");
        }
      } finally {
        if (fs.exists(temp)) {
          fs.delete(temp, false);
        }
      }
      return fs.makeQualified(target).toString();
    } catch (IOException e) {
      throw new ClaimlensException(
          ExitCode.FAILURE, "cannot write the report " + target + ": " + e.getMessage(), e);
    }
  }

  /** Display names of the marketplaces the shipped policy lists; others show their id only. */
  private static Map<String, String> marketplaceNames(SparkSession spark, List<String> ids) {
    Policy shipped =
        PolicySource.load(Optional.empty(), spark.sparkContext().hadoopConfiguration());
    Map<String, String> names = new HashMap<>();
    for (MarketplacePolicy m : shipped.marketplaces()) {
      if (ids.contains(m.id()) && m.name() != null) {
        names.put(m.id(), m.name());
      }
    }
    return names;
  }
}
