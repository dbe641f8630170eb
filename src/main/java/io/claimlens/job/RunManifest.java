package io.claimlens.job;

import static io.claimlens.schema.RunManifestTable.STATUS_SUCCEEDED;

import io.claimlens.schema.RunManifestTable;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Properties;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * The {@code run_manifest} row of a run for one as-of date: what it read, judged, wrote, and with
 * which policy. A backfill writes one row per date, each in its date's partition.
 */
final class RunManifest {
  private RunManifest() {}

  /**
   * One manifest row, as {@code RunManifestTable.OUTPUT.staged()}; {@code datasets} are {@link
   * RunManifestTable#DATASET_COUNTS} rows.
   */
  static Row row(
      LocalDate asOf,
      String runId,
      Instant startedAt,
      Instant finishedAt,
      String policySource,
      String policyDigest,
      List<String> marketplaces,
      List<Row> datasets,
      List<Row> tables,
      List<String> notes) {
    return RowFactory.create(
        asOf,
        runId,
        java.sql.Timestamp.from(startedAt),
        java.sql.Timestamp.from(finishedAt),
        version(),
        policySource,
        policyDigest,
        scala(marketplaces),
        scala(datasets),
        scala(tables),
        scala(notes),
        STATUS_SUCCEEDED);
  }

  /** The version Maven stamped into the jar's resources. */
  static String version() {
    Properties p = new Properties();
    try (InputStream in =
        RunManifest.class.getClassLoader().getResourceAsStream("claimlens.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      // fall through to "unknown": the version is informative, not worth failing a run for
    }
    return p.getProperty("version", "unknown");
  }

  private static <T> scala.collection.immutable.Seq<T> scala(List<T> values) {
    return scala.jdk.javaapi.CollectionConverters.asScala(values).toList();
  }
}
