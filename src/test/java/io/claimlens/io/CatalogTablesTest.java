package io.claimlens.io;

import static io.claimlens.testing.Fixtures.US;
import static io.claimlens.testing.Fixtures.claim;
import static io.claimlens.testing.Fixtures.item;
import static io.claimlens.testing.Fixtures.order;
import static io.claimlens.testing.RowAssertions.assertSameRows;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.claimlens.config.AsOfDates;
import io.claimlens.config.TableFormat;
import io.claimlens.job.ClaimlensMain;
import io.claimlens.schema.Claims;
import io.claimlens.schema.Claims.Reason;
import io.claimlens.schema.Claims.Status;
import io.claimlens.schema.OrderItems;
import io.claimlens.schema.Orders;
import io.claimlens.schema.OutputTables;
import io.claimlens.testing.Scenario;
import io.claimlens.testing.SharedSpark;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --register-tables}: the published tables and their new partitions in a Hive metastore
 * (embedded Derby under a temp folder, its own session; the other classes share one without Hive
 * that starts again after this class), queryable by name after the job's session is gone.
 */
class CatalogTablesTest {
  private static final String DATABASE = "analytics";

  @TempDir static Path dir;
  private static SparkSession spark;
  private static Scenario scenario;

  @BeforeAll
  static void startHiveSession() {
    // the catalog is fixed when a JVM's SparkContext starts: the shared in-memory one must go first
    SharedSpark.stop();
    System.setProperty("derby.system.home", dir.resolve("derby").toString());
    spark = hiveSession();
    scenario =
        new Scenario(spark, dir)
            .add(
                Orders.SCHEMA,
                order("o1", US, "S1", "2026-06-01T18:00:00Z"),
                order("o2", US, "S2", "2026-06-02T18:00:00Z"))
            .add(OrderItems.SCHEMA, item("o1", "i1", "SKU-1"), item("o2", "i2", "SKU-2"))
            .add(
                Claims.SCHEMA,
                claim("c1", "o1", Reason.DAMAGED, Status.OPEN, "2026-06-05T10:00:00Z"));
    scenario.writeInputs();
  }

  @AfterAll
  static void stopSession() {
    if (spark != null) {
      spark.stop();
    }
  }

  @Test
  void tablesAndEachRunsPartitionsAreRegisteredAndSurviveTheSession() {
    assertEquals(0, run("--from", "2026-06-29", "--to", "2026-06-30"), "a backfill of two dates");
    assertEquals(0, run("--as-of", "2026-06-30"), "a night's rerun refreshes the table");

    assertEquals(
        Set.copyOf(OutputTables.ALL),
        Set.copyOf(
            spark
                .sql("show tables in " + DATABASE)
                .select("tableName")
                .as(Encoders.STRING())
                .collectAsList()));
    for (String table : OutputTables.ALL) {
      assertEquals(
          List.of("as_of_date=2026-06-29", "as_of_date=2026-06-30"),
          spark
              .sql("show partitions " + DATABASE + "." + table)
              .as(Encoders.STRING())
              .collectAsList(),
          table);
      assertSameRows(
          spark.read().parquet(scenario.outputRoot() + "/" + table).drop("run_id"),
          spark.table(DATABASE + "." + table).drop("run_id"));
    }
    String location =
        spark
            .sql("describe table extended " + DATABASE + ".seller_metrics")
            .filter("col_name = 'Location'")
            .select("data_type")
            .as(Encoders.STRING())
            .first();
    assertEquals("file:" + scenario.outputRoot() + "/seller_metrics", location);
    // stored the way Hive itself stores Parquet tables, so Hive and Trino read them too
    assertEquals(
        "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe",
        spark
            .sql("describe table extended " + DATABASE + ".seller_metrics")
            .filter("col_name = 'Serde Library'")
            .select("data_type")
            .as(Encoders.STRING())
            .first());

    // a new session on the same metastore, as an analyst's would be
    spark.stop();
    spark = hiveSession();
    assertEquals(
        6,
        spark
            .sql(
                "select * from "
                    + DATABASE
                    + ".seller_metrics where as_of_date = date'2026-06-30' and metric = 'ODR'")
            .count(),
        "ODR in 3 channels for 2 sellers");
  }

  /**
   * Guarantee: Delta tables are registered as Delta tables over their folders, and read by name at
   * their latest version, a later commit included without a refresh. Tiny tables written by the
   * publisher: the job's wiring of the option is the same call.
   */
  @Test
  void deltaTablesAreRegisteredAsDeltaAndFollowNewCommits() {
    String root = dir.resolve("delta-output").toString();
    AsOfDates night = AsOfDates.of(LocalDate.parse("2026-06-30"));
    OutputWriter first = new OutputWriter(spark, root, "run-1", night, TableFormat.DELTA);
    first.stage("t", spark.sql("select 1 as v, date'2026-06-30' as as_of_date"));
    first.publish();
    CatalogTables.register(spark, "lake", root, night, List.of("t"));

    assertEquals(
        "delta",
        spark
            .sql("describe table extended lake.t")
            .filter("col_name = 'Provider'")
            .select("data_type")
            .as(Encoders.STRING())
            .first());
    OutputWriter rerun = new OutputWriter(spark, root, "run-2", night, TableFormat.DELTA);
    rerun.stage("t", spark.sql("select 2 as v, date'2026-06-30' as as_of_date"));
    rerun.publish();
    assertEquals(List.of(2), spark.table("lake.t").select("v").as(Encoders.INT()).collectAsList());
  }

  private static int run(String... dates) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--input",
                scenario.inputRoot(),
                "--output",
                scenario.outputRoot(),
                "--register-tables",
                DATABASE));
    args.addAll(List.of(dates));
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        ClaimlensMain.run(
            args.toArray(String[]::new),
            () -> spark,
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    if (code != 0) {
      System.err.println(err.toString(StandardCharsets.UTF_8));
    }
    return code;
  }

  private static SparkSession hiveSession() {
    return SparkSession.builder()
        .master("local[2]")
        .appName("claimlens-catalog-test")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.sql.warehouse.dir", dir.resolve("warehouse").toString())
        .config(
            "spark.hadoop.javax.jdo.option.ConnectionURL",
            "jdbc:derby:;databaseName=" + dir.resolve("metastore_db") + ";create=true")
        // Delta's, as a Delta run sets them (DeltaSession); Parquet tables pass through its catalog
        .config(DeltaSession.EXTENSIONS, DeltaSession.EXTENSION)
        .config(CatalogTables.SESSION_CATALOG_PLUGIN, DeltaSession.CATALOG)
        .enableHiveSupport()
        .getOrCreate();
  }
}
