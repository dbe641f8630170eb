package io.claimlens.io;

import static io.claimlens.testing.RowAssertions.assertRows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.claimlens.config.AsOfDates;
import io.claimlens.config.ClaimlensException;
import io.claimlens.config.ExitCode;
import io.claimlens.config.TableFormat;
import io.claimlens.schema.OutputTables;
import io.claimlens.testing.SparkTestBase;
import io.delta.tables.DeltaTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Publishing as Delta tables (--table-format delta), on tiny staged tables without a job run: what
 * each commit replaces, how many commits a run makes, their order, and what readers find.
 */
class DeltaTablesTest extends SparkTestBase {
  private static final LocalDate D = LocalDate.parse("2026-06-30");
  private static final LocalDate YESTERDAY = D.minusDays(1);
  private static final String T = "seller_metrics";
  private static final String MANIFEST = OutputTables.RUN_MANIFEST;

  @TempDir Path dir;

  /**
   * Guarantees: a run makes one commit per table, tagged with its run id, run_manifest's after the
   * others; a commit replaces exactly the run's dates (a backfill all of them at once) and leaves
   * other dates alone; the version before a run can still be read.
   */
  @Test
  void eachRunCommitsEachTableOnceManifestLastReplacingOnlyItsDates() {
    publish("run-1", AsOfDates.of(YESTERDAY), "(1, date'2026-06-29')");
    publish("run-2", new AsOfDates(YESTERDAY, D), "(2, date'2026-06-29'), (3, date'2026-06-30')");
    publish("run-3", AsOfDates.of(D), "(4, date'2026-06-30')");

    assertRows(
        table(T), List.of("v", "as_of_date"), new Object[] {2, YESTERDAY}, new Object[] {4, D});
    assertRows(
        spark.read().format("delta").option("versionAsOf", 1).load(dir + "/" + T),
        List.of("v", "as_of_date"),
        new Object[] {2, YESTERDAY},
        new Object[] {3, D});
    for (String table : List.of(T, MANIFEST)) {
      assertRows(
          history(table).select("version", "operation", "userMetadata"),
          List.of("version", "operation", "userMetadata"),
          new Object[] {0L, "WRITE", "claimlens run run-1"},
          new Object[] {1L, "WRITE", "claimlens run run-2"},
          new Object[] {2L, "WRITE", "claimlens run run-3"});
    }
    for (long version = 0; version < 3; version++) {
      assertTrue(
          !commitTime(T, version).after(commitTime(MANIFEST, version)),
          "run_manifest is committed after the data table, version " + version);
    }
    assertFalse(Files.exists(dir.resolve(T).resolve("_staging")), "staging removed");
    // the table's columns are in the order a Parquet reader sees them: the date last
    assertEquals(List.of("v", "as_of_date"), List.of(table(T).columns()));
  }

  /** Guarantee: a root of one format refuses a run of the other (exit 2), before any work. */
  @Test
  void aRootOfOneFormatRefusesARunOfTheOther() {
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    String delta = dir.resolve("delta").toString();
    String parquet = dir.resolve("parquet").toString();
    assertEquals(Optional.empty(), PublishedTables.detect(conf, delta));
    publishInto(delta, "run-1", TableFormat.DELTA);
    publishInto(parquet, "run-1", TableFormat.PARQUET);

    assertEquals(Optional.of(TableFormat.DELTA), PublishedTables.detect(conf, delta));
    assertEquals(Optional.of(TableFormat.PARQUET), PublishedTables.detect(conf, parquet));
    PublishedTables.requireFormat(conf, delta, TableFormat.DELTA);
    ClaimlensException e =
        assertThrows(
            ClaimlensException.class,
            () -> PublishedTables.requireFormat(conf, parquet, TableFormat.DELTA));
    assertEquals(ExitCode.BAD_ARGUMENTS_OR_POLICY, e.exitCode());
    assertEquals(
        "the tables under "
            + parquet
            + " are parquet, not delta: pass --table-format parquet, or write delta tables into a"
            + " new output root",
        e.getMessage());
  }

  /**
   * Guarantee: readers find Delta tables by their log, read a date only once run_manifest has it,
   * and see the date as a column.
   */
  @Test
  void readersFindDeltaTablesAndTheDatesTheManifestPublished() {
    publish("run-1", AsOfDates.of(D), "(1, date'2026-06-30')");
    String root = dir.toString();

    assertEquals(List.of(T, MANIFEST), OutputCatalog.tables(spark, root));
    assertEquals(
        Optional.of(D), OutputCatalog.latestAsOf(spark, OutputCatalog.registerViews(spark, root)));
    assertRows(
        PublishedTables.at(spark, root, List.of(D))
            .pieces(T)
            .get(0)
            .rows()
            .drop(OutputTables.AS_OF_DATE),
        List.of("v"),
        new Object[] {1});
    assertEquals(List.of(), PublishedTables.at(spark, root, List.of(YESTERDAY)).pieces(T));
  }

  private void publish(String runId, AsOfDates dates, String values) {
    OutputWriter writer = new OutputWriter(spark, dir.toString(), runId, dates, TableFormat.DELTA);
    writer.stage(T, spark.sql("select * from values " + values + " as t(v, as_of_date)"));
    writer.stage(MANIFEST, manifest(runId, dates));
    writer.publish();
  }

  private void publishInto(String root, String runId, TableFormat format) {
    OutputWriter writer = new OutputWriter(spark, root, runId, AsOfDates.of(D), format);
    writer.stage(T, spark.sql("select 1 as v, date'2026-06-30' as as_of_date"));
    writer.publish();
  }

  private static Dataset<Row> manifest(String runId, AsOfDates dates) {
    return spark.sql(
        "select '"
            + runId
            + "' as run_id, explode(sequence(date'"
            + dates.first()
            + "', date'"
            + dates.last()
            + "')) as as_of_date");
  }

  private Dataset<Row> table(String table) {
    return spark.read().format("delta").load(dir + "/" + table);
  }

  private Dataset<Row> history(String table) {
    return DeltaTable.forPath(spark, dir + "/" + table).history();
  }

  private Timestamp commitTime(String table, long version) {
    return history(table)
        .filter("version = " + version)
        .select("timestamp")
        .first()
        .getTimestamp(0);
  }
}
