package io.claimlens.it;

import static io.claimlens.testing.RowAssertions.assertSameRows;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_sub;
import static org.apache.spark.sql.functions.lit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.claimlens.io.OutputWriter;
import io.claimlens.io.PublishedTables;
import io.claimlens.job.QueryMain;
import io.claimlens.schema.OutputTables;
import io.claimlens.testing.Published;
import io.claimlens.testing.SparkTestBase;
import io.delta.tables.DeltaTable;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.io.FileUtils;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code --table-format delta} end to end, in one job run: the packaged jar submitted to the
 * standalone cluster (whose classpath has no Delta: it comes from the jar), reading the sample from
 * S3 and committing Delta tables to S3 (s3proxy) over "last night's" versions, which the test
 * writes first. Each test states the guarantee it checks on that one run.
 */
@ExtendWith(SharedServers.class)
class DeltaLakeIT extends SparkTestBase {
  private static final Pattern RUN_ID = Pattern.compile("claimlens: as_of=\\S+ run_id=(\\S+) ");
  private static final String SEED = "last night";

  private static S3Proxy s3;
  private static StandaloneCluster cluster;
  private static String output;
  private static String reference;
  private static Submit.Result result;
  private static Map<String, String> replaced;

  @BeforeAll
  static void runOnTheClusterIntoDeltaTablesOnS3(S3Proxy server, StandaloneCluster started)
      throws IOException {
    s3 = server;
    cluster = started;
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    replaced = s3.configure(hadoop);
    String input = s3.uri("delta-raw");
    output = s3.uri("delta-lake");
    FileSystem bucket = FileSystem.get(URI.create(s3.uri("")), hadoop);
    bucket.copyFromLocalFile(false, true, new Path(SampleRuns.sample().toUri()), new Path(input));
    reference = SampleRuns.localReference(spark);
    seedLastNight(bucket);

    Submit submit =
        cluster
            .submit()
            .hadoop(s3.s3aSettings())
            // the executors read and write S3 too: they get the settings with the job's
            .conf("spark.hadoop.fs.s3a.access.key", s3.accessKey())
            .conf("spark.hadoop.fs.s3a.secret.key", s3.secretKey());
    List<String> args = new java.util.ArrayList<>(List.of(SampleRuns.arguments(input, output)));
    args.addAll(List.of("--table-format", "delta"));
    result =
        submit
            .job(args.toArray(String[]::new))
            .run(ItEnvironment.dir().resolve("delta-logs").resolve("submit.log"));
  }

  /**
   * Version 0 of every table, as a nightly run the day before would have left it: the day before's
   * rows, and a stale partial partition of the run's date (so that replacing it shows). Written on
   * local disk and copied into the bucket as files (a Delta log names its data files relative to
   * the table): the seven first commits took 20.5 s straight to s3proxy, 16.5 s so in CI.
   */
  private static void seedLastNight(FileSystem bucket) throws IOException {
    java.nio.file.Path seed = ItEnvironment.dir().resolve("delta-seed");
    FileUtils.deleteDirectory(seed.toFile());
    for (String table : OutputTables.ALL) {
      Dataset<Row> rows = PublishedTables.read(spark, new Path(reference, table));
      Dataset<Row> dayBefore =
          rows.withColumn(OutputTables.AS_OF_DATE, date_sub(col(OutputTables.AS_OF_DATE), 1));
      dayBefore
          .union(rows.limit(1))
          .write()
          .format("delta")
          .option("userMetadata", SEED)
          .partitionBy(OutputTables.AS_OF_DATE)
          .mode(SaveMode.ErrorIfExists)
          .save(seed.resolve(table).toString());
    }
    bucket.copyFromLocalFile(false, true, new Path(seed.toUri()), new Path(output));
  }

  @AfterAll
  static void restoreTheSessionsS3Settings() {
    S3Proxy.restore(spark.sparkContext().hadoopConfiguration(), replaced);
  }

  @Test
  void theRunSucceedsOnTheClusterWithTheSummaryLine() {
    assertEquals(0, result.exitCode(), result.log());
    assertTrue(RUN_ID.matcher(result.log()).find(), result.log());
    assertTrue(result.log().contains("Registered executor"), "the driver registered an executor");
  }

  /** Guarantee: the Delta tables hold the same rows as the Parquet tables of the same input. */
  @Test
  void everyTableAtTheDateEqualsTheParquetRun() {
    for (String table : OutputTables.ALL) {
      assertSameRows(at(reference, table, 0), at(output, table, 0));
    }
  }

  /**
   * Guarantee: a run replaces its date and nothing else, in one commit per table tagged with its
   * run id, run_manifest committed after every data table.
   */
  @Test
  void oneCommitPerTableReplacesTheDateAndTheManifestIsCommittedLast() {
    Matcher m = RUN_ID.matcher(result.log());
    assertTrue(m.find(), result.log());
    String tag = OutputWriter.commitTag(m.group(1));
    Timestamp lastData = new Timestamp(0);
    for (String table : OutputTables.ALL) {
      List<Row> history =
          DeltaTable.forPath(spark, output + "/" + table)
              .history()
              .orderBy("version")
              .select("version", "userMetadata", "timestamp")
              .collectAsList();
      assertEquals(2, history.size(), table + ": the seed and one commit of the run: " + history);
      assertEquals(SEED, history.get(0).getString(1), table);
      assertEquals(tag, history.get(1).getString(1), table);
      Timestamp committed = history.get(1).getTimestamp(2);
      if (table.equals(OutputTables.RUN_MANIFEST)) {
        assertFalse(committed.before(lastData), "run_manifest committed before a data table");
      } else if (committed.after(lastData)) {
        lastData = committed;
      }
      // the day before is as the seed left it
      assertSameRows(at(reference, table, 1), at(output, table, 1));
    }
  }

  /** Guarantee: readers can travel back to last night's version of the date. */
  @Test
  void theVersionBeforeTheRunIsStillReadable() {
    for (String table : OutputTables.ALL) {
      Dataset<Row> lastNight =
          spark
              .read()
              .format("delta")
              .option("versionAsOf", 0)
              .load(output + "/" + table)
              .filter(col(OutputTables.AS_OF_DATE).equalTo(lit(SampleRuns.AS_OF)));
      assertEquals(1, lastNight.count(), table + ": the seed's stale row of the date");
    }
  }

  @Test
  void noStagedObjectIsLeftOnS3() throws IOException {
    FileSystem bucket =
        FileSystem.get(URI.create(s3.uri("")), spark.sparkContext().hadoopConfiguration());
    for (String table : OutputTables.ALL) {
      Path staging = new Path(output + "/" + table + "/_staging");
      assertFalse(
          bucket.exists(staging) && bucket.listFiles(staging, true).hasNext(),
          table + ": staging left");
    }
  }

  /** query.sh finds the Delta tables under the root by itself (no format option). */
  @Test
  void queryShRunsAReadyQueryOverTheDeltaTables() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        QueryMain.run(
            new String[] {"--output", output, "-f", "jobs/queries/run_reconciliation.sql"},
            () -> spark,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));

    assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
    String printed = out.toString(StandardCharsets.UTF_8);
    assertTrue(printed.endsWith("7 rows\n"), "one row per input dataset:\n" + printed);
  }

  /**
   * A table's rows at the sample's date, {@code daysBefore} days earlier, with the date dropped;
   * the manifest without its per-run columns. The reference is the Parquet run's, moved back by the
   * seed where {@code daysBefore} is 1.
   */
  private static Dataset<Row> at(String root, String table, int daysBefore) {
    Dataset<Row> rows = PublishedTables.read(spark, new Path(root, table));
    if (root.equals(reference)) {
      rows =
          rows.withColumn(
              OutputTables.AS_OF_DATE, date_sub(col(OutputTables.AS_OF_DATE), daysBefore));
    }
    Dataset<Row> day =
        rows.filter(
                col(OutputTables.AS_OF_DATE)
                    .equalTo(date_sub(lit(SampleRuns.AS_OF).cast("date"), daysBefore)))
            .drop(OutputTables.AS_OF_DATE);
    return daysBefore == 0 ? Published.withoutRunIdentity(table, day) : day;
  }
}
