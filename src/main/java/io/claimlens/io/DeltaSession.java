package io.claimlens.io;

import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * The two session settings Delta Lake needs (its SQL extension and its catalog), which Spark reads
 * only when a session starts. The entry points set them for a run that writes or reads Delta
 * tables, never for a Parquet one, and never over a value the user gave: a user with extensions of
 * their own adds Delta's to their list.
 */
public final class DeltaSession {
  /** Spark's list of session extensions. */
  public static final String EXTENSIONS = "spark.sql.extensions";

  /** Delta's SQL extension: its commands, and the checks its writes rely on. */
  public static final String EXTENSION = "io.delta.sql.DeltaSparkSessionExtension";

  /** Delta's session catalog; it wraps the session's own (in-memory or Hive). */
  public static final String CATALOG = "org.apache.spark.sql.delta.catalog.DeltaCatalog";

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
}
