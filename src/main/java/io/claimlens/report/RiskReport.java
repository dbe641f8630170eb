package io.claimlens.report;

import io.claimlens.config.AsOfDates;
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
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
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
   * The most dates one pass of {@link #write} reads: a month's, so that what a pass collects (each
   * date's top lists and the literals that look their sellers up) stays small whatever the
   * backfill.
   */
  static final int DATES_PER_PASS = 31;

  /**
   * Builds the report for each of {@code dates} from the PUBLISHED tables under outputRoot and
   * writes it; returns their paths (string URIs) in date order. The reports of up to {@link
   * #DATES_PER_PASS} dates come from one pass of queries over all of them, whose queries run in two
   * halves side by side ({@code side}). Fails (exit 2) for a date without any table the report
   * reads, before writing any report of its pass.
   */
  public static List<String> write(
      SparkSession spark, String outputRoot, Collection<LocalDate> dates, SideBySide side) {
    List<LocalDate> sorted = new TreeSet<>(dates).stream().toList();
    List<String> written = new ArrayList<>();
    for (int from = 0; from < sorted.size(); from += DATES_PER_PASS) {
      List<LocalDate> pass = sorted.subList(from, Math.min(from + DATES_PER_PASS, sorted.size()));
      written.addAll(writePass(spark, outputRoot, pass, side));
    }
    return written;
  }

  private static List<String> writePass(
      SparkSession spark, String outputRoot, List<LocalDate> dates, SideBySide side) {
    String what = new AsOfDates(dates.get(0), dates.get(dates.size() - 1)).toString();
    return SideBySide.described(
        spark.sparkContext(),
        "claimlens " + what + ": build the HTML report",
        () -> {
          ReportInputs inputs =
              ReportInputs.read(spark, outputRoot, dates, ReportData.HISTORY_DAYS);
          for (LocalDate d : dates) {
            if (!inputs.anyPresent(d)) {
              throw ClaimlensException.badArguments(
                  "no output table under " + outputRoot + " has a partition for " + d);
            }
          }
          Map<String, String> names = marketplaceNames(spark);
          List<String> written = new ArrayList<>();
          for (ReportData data : ReportQueries.collect(inputs, side).values()) {
            Map<String, String> shown = new HashMap<>(names);
            shown.keySet().retainAll(data.marketplaces());
            written.add(
                publish(
                    spark,
                    path(outputRoot, data.asOf()),
                    ReportHtml.render(data.withMarketplaceNames(shown))));
          }
          return written;
        });
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

  /** Display names of the marketplaces the shipped policy lists, by id. */
  private static Map<String, String> marketplaceNames(SparkSession spark) {
    Policy shipped =
        PolicySource.load(Optional.empty(), spark.sparkContext().hadoopConfiguration());
    Map<String, String> names = new HashMap<>();
    for (MarketplacePolicy m : shipped.marketplaces()) {
      if (m.name() != null) {
        names.put(m.id(), m.name());
      }
    }
    return names;
  }
}
