package io.claimlens.job;

import static io.claimlens.schema.RunManifestTable.STATUS_SUCCEEDED;

import io.claimlens.attribution.AttributionRules;
import io.claimlens.config.MarketplacePolicy;
import io.claimlens.config.MetricPolicy;
import io.claimlens.config.Policy;
import io.claimlens.metrics.MetricCatalog;
import io.claimlens.metrics.SkuMetrics;
import io.claimlens.quality.Reconciliation;
import io.claimlens.schema.OutputTables;
import io.claimlens.schema.RunManifestTable;
import java.io.IOException;
import java.io.InputStream;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * The {@code run_manifest} rows of a run, one per as-of date (each in its date's partition): what
 * it read, judged, wrote, and with which policy.
 */
final class RunManifest {
  private RunManifest() {}

  /**
   * The run's manifest as {@code RunManifestTable.OUTPUT.staged()}, in one partition.
   *
   * @param datasetCounts the reconciliation of each input dataset, per as-of date
   * @param written rows written per table and as-of date, listed in the manifest in publish order
   * @param present the input datasets the run had
   */
  static Dataset<Row> of(
      RunContext run,
      String runId,
      Instant started,
      Instant finished,
      Map<LocalDate, List<Reconciliation>> datasetCounts,
      Map<String, Map<LocalDate, Long>> written,
      Set<String> present) {
    Policy policy = run.policy();
    List<String> notes = notes(policy, present);
    List<String> marketplaces = List.copyOf(new TreeSet<>(run.config().marketplaces()));
    List<Row> rows = new ArrayList<>();
    for (LocalDate d : run.dates().dates()) {
      List<Row> tables = new ArrayList<>();
      for (String table : OutputTables.ALL) {
        if (written.containsKey(table)) {
          tables.add(RowFactory.create(table, written.get(table).get(d)));
        }
      }
      rows.add(
          RowFactory.create(
              d,
              runId,
              Timestamp.from(started),
              Timestamp.from(finished),
              version(),
              policy.source(),
              policy.digest(),
              scala(marketplaces),
              scala(datasetCounts.get(d).stream().map(Reconciliation::toRow).toList()),
              scala(tables),
              scala(notes),
              STATUS_SUCCEEDED));
    }
    return run.spark().createDataFrame(rows, RunManifestTable.OUTPUT.staged()).coalesce(1);
  }

  /**
   * Why metrics are NO_DATA or partial, and claims unattributed, for the data engineer: the notes
   * of each metric the policy measures, of the attribution rules and of sku_metrics, sorted.
   */
  private static List<String> notes(Policy policy, Set<String> present) {
    TreeSet<String> notes = new TreeSet<>();
    for (MarketplacePolicy m : policy.allEntries()) {
      for (MetricPolicy metric : m.metrics()) {
        notes.addAll(MetricCatalog.notes(metric.metric(), present));
      }
    }
    notes.addAll(AttributionRules.notes(present));
    notes.addAll(SkuMetrics.notes(present));
    return List.copyOf(notes);
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
