package io.claimlens.io;

import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * The two session settings Delta Lake needs (its SQL extension and its catalog), which Spark reads
 * only when a session starts, and one it runs faster with. The entry points set them for a run that
 * writes or reads Delta tables, never for a Parquet one, and never over a value the user gave: a
 * user with extensions of their own adds Delta's to their list.
 */
public final class DeltaSession {
  /** Spark's list of session extensions. */
  public static final String EXTENSIONS = "spark.sql.extensions";

  /** Delta's SQL extension: its commands, and the checks its writes rely on. */
  public static final String EXTENSION = "io.delta.sql.DeltaSparkSessionExtension";

  /** Delta's session catalog; it wraps the session's own (in-memory or Hive). */
  public static final String CATALOG = "org.apache.spark.sql.delta.catalog.DeltaCatalog";

  /**
   * The partitions Delta rebuilds a table's state in when it loads a snapshot (its default is 50).
   */
  public static final String SNAPSHOT_PARTITIONS = "spark.databricks.delta.snapshotPartitions";

  private DeltaSession() {}

  /** Adds Delta's settings to {@code builder} where {@code given} (the user's) has none. */
  public static void configure(SparkConf given, SparkSession.Builder builder) {
    if (!given.contains(EXTENSIONS)) {
      builder.config(EXTENSIONS, EXTENSION);
    }
    if (!given.contains(CatalogTables.SESSION_CATALOG_PLUGIN)) {
      builder.config(CatalogTables.SESSION_CATALOG_PLUGIN, CATALOG);
    }
  }

  /**
   * Sizes the snapshot state of {@code spark}, once started, to its parallelism where {@code given}
   * has no value. A run loads each table's snapshot for its commit and again for the report, and
   * with Delta's 50 partitions each load was 50 tasks over a log of a few commits: on the sample
   * that made the report take 49.5 s against 19.0 s with 2 (docs/benchmarks.md). The state holds
   * one entry per data file, a few per table and night, so the session's cores are plenty for years
   * of nights.
   */
  public static void tune(SparkConf given, SparkSession spark) {
    if (!given.contains(SNAPSHOT_PARTITIONS)) {
      spark
          .conf()
          .set(SNAPSHOT_PARTITIONS, String.valueOf(spark.sparkContext().defaultParallelism()));
    }
  }
}
