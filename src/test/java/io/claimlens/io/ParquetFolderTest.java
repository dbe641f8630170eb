package io.claimlens.io;

import static io.claimlens.testing.RowAssertions.assertSameRows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.claimlens.testing.SparkTestBase;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A folder's schema from its footers, read on the driver: the schema and rows Spark's own inference
 * gives, without the job Spark runs for it; Spark's inference whenever the footers cannot decide.
 */
class ParquetFolderTest extends SparkTestBase {
  @TempDir Path dir;

  /** Guarantee: the same schema and rows as Spark's read, and no Spark job to find the schema. */
  @Test
  void agreeingFootersGiveSparksSchemaWithoutAJob() throws Exception {
    org.apache.hadoop.fs.Path folder = partitioned("same", "cast(1 as int) n", "cast(2 as int) n");

    assertTrue(footers(folder).isPresent());
    inGroup("footers", () -> ParquetFolder.read(spark, folder, true));
    inGroup("inference", () -> spark.read().parquet(folder.toString()));
    awaitAJob("inference");
    assertEquals(0, jobs("footers"), "jobs while our read built its plan");

    Dataset<Row> read = ParquetFolder.read(spark, folder, true);
    Dataset<Row> inferred = spark.read().parquet(folder.toString());
    assertEquals(inferred.schema(), read.schema());
    assertSameRows(inferred, read);
  }

  /** Guarantee: files that differ are merged by Spark, as before (an optional column added). */
  @Test
  void differingFootersAreLeftToSparksMerge() {
    org.apache.hadoop.fs.Path folder =
        partitioned("differ", "cast(1 as int) n", "cast(2 as int) n, 'x' extra");

    assertTrue(footers(folder).isEmpty());
    Dataset<Row> read = ParquetFolder.read(spark, folder, true);
    assertEquals(
        spark.read().option("mergeSchema", "true").parquet(folder.toString()).schema(),
        read.schema());
    assertEquals(2, read.filter("extra is null").count() + read.filter("extra = 'x'").count());
  }

  /** Guarantee: past {@link ParquetFolder#DRIVER_FOOTERS} files the driver reads no footer. */
  @Test
  void manyFilesAreLeftToSparksJob() {
    String folder = dir.resolve("many").toString();
    spark
        .range(0, 100)
        .repartition(ParquetFolder.DRIVER_FOOTERS + 1)
        .selectExpr("cast(id as int) n")
        .write()
        .parquet(folder);

    assertTrue(footers(new org.apache.hadoop.fs.Path(folder)).isEmpty());
    assertEquals(
        100, ParquetFolder.read(spark, new org.apache.hadoop.fs.Path(folder), false).count());
  }

  private static java.util.Optional<org.apache.spark.sql.types.StructType> footers(
      org.apache.hadoop.fs.Path folder) {
    return ParquetFolder.footerSchema(
        spark, ParquetFolder.list(spark.sparkContext().hadoopConfiguration(), folder));
  }

  /** Two Hive partitions of {@code name}, one file each, from two select lists. */
  private org.apache.hadoop.fs.Path partitioned(String name, String first, String second) {
    String folder = dir.resolve(name).toString();
    spark.sql("select " + first).coalesce(1).write().parquet(folder + "/part=a");
    spark.sql("select " + second).coalesce(1).write().parquet(folder + "/part=b");
    return new org.apache.hadoop.fs.Path(folder);
  }

  private static void inGroup(String group, Runnable plan) {
    spark.sparkContext().setJobGroup(group, group, false);
    try {
      plan.run();
    } finally {
      spark.sparkContext().clearJobGroup();
    }
  }

  private static int jobs(String group) {
    return spark.sparkContext().statusTracker().getJobIdsForGroup(group).length;
  }

  /**
   * Waits until the listener has recorded a job of {@code group}: events arrive in order, so the
   * jobs of a group that ran before it are recorded by then.
   */
  private static void awaitAJob(String group) throws InterruptedException {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
    while (jobs(group) == 0) {
      assertTrue(Instant.now().isBefore(deadline), "Spark's own inference ran no job");
      Thread.sleep(20);
    }
  }
}
