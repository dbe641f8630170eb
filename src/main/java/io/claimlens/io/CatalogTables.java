package io.claimlens.io;

import io.claimlens.config.AsOfDates;
import io.claimlens.config.ClaimlensException;
import io.claimlens.schema.OutputTables;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.List;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers published output tables in the session's catalog, so analysts query {@code
 * claimlens.seller_metrics} by name: the Hive metastore when the cluster has one, an embedded Derby
 * metastore locally. The tables are external: the catalog holds their location, the files stay
 * where the job publishes them, and dropping a table deletes nothing.
 */
public final class CatalogTables {
  private static final Logger LOG = LoggerFactory.getLogger(CatalogTables.class);

  /** Spark's setting that picks the catalog: {@code hive} or {@code in-memory}. */
  public static final String CATALOG_IMPLEMENTATION = "spark.sql.catalogImplementation";

  /** A replacement for the session catalog (Glue, Unity, a table format's catalog, ...). */
  public static final String SESSION_CATALOG_PLUGIN = "spark.sql.catalog.spark_catalog";

  private CatalogTables() {}

  /**
   * Fails (exit 2) unless the session's catalog outlives it: an in-memory catalog would forget the
   * tables when the job ends. Hive comes from {@code --conf spark.sql.catalogImplementation=hive}
   * (or the cluster's spark-defaults), never from this code.
   */
  public static void requirePersistentCatalog(SparkSession spark) {
    String implementation = spark.conf().get(CATALOG_IMPLEMENTATION, "in-memory");
    // Delta's catalog only wraps the session catalog: it keeps nothing of its own
    boolean ownCatalog =
        !spark
            .conf()
            .get(SESSION_CATALOG_PLUGIN, DeltaSession.CATALOG)
            .equals(DeltaSession.CATALOG);
    if (implementation.equals("in-memory") && !ownCatalog) {
      throw ClaimlensException.badArguments(
          "--register-tables needs a persistent catalog, but this session's is in-memory:"
              + " run with --conf "
              + CATALOG_IMPLEMENTATION
              + "=hive (spark-hive on the classpath; a cluster's metastore, or embedded Derby)");
    }
  }

  /**
   * Creates {@code database} and each table over {@code <outputRoot>/<table>} if missing, adds the
   * partitions of {@code asOf} and refreshes the table, so its new files are seen at once. A Delta
   * table is registered as one: its partitions and versions are in its own log.
   */
  public static void register(
      SparkSession spark, String database, String outputRoot, AsOfDates asOf, List<String> tables) {
    String root = qualified(spark, outputRoot);
    if (!spark.catalog().databaseExists(database)) {
      // checked first: the metastore logs an error for CREATE DATABASE IF NOT EXISTS on an existing
      // one
      spark.sql("CREATE DATABASE IF NOT EXISTS " + quote(database));
    }
    for (String table : tables) {
      String name = quote(database) + "." + quote(table);
      // columns and the as_of_date partitioning are read from the published files; creating the
      // table over existing folders also registers the partitions found there
      String location = root + "/" + table;
      boolean delta = PublishedTables.isDelta(spark, new Path(location));
      spark.sql(
          "CREATE TABLE IF NOT EXISTS "
              + name
              + " USING "
              + (delta ? "delta" : "parquet")
              + " LOCATION "
              + literal(location));
      for (LocalDate d : delta ? List.<LocalDate>of() : asOf.dates()) {
        spark.sql(
            "ALTER TABLE "
                + name
                + " ADD IF NOT EXISTS PARTITION ("
                + OutputTables.AS_OF_DATE
                + " = DATE "
                + literal(d.toString())
                + ")");
      }
      spark.sql("REFRESH TABLE " + name);
      LOG.info("registered {} at {}/{} with partition {}", name, root, table, asOf);
    }
  }

  /** The root as a full URI: a relative path would otherwise resolve against the warehouse. */
  private static String qualified(SparkSession spark, String outputRoot) {
    Path path = new Path(outputRoot);
    try {
      return path.getFileSystem(spark.sparkContext().hadoopConfiguration())
          .makeQualified(path)
          .toString();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot resolve " + outputRoot + ": " + e.getMessage(), e);
    }
  }

  private static String quote(String identifier) {
    return "`" + identifier.replace("`", "``") + "`";
  }

  private static String literal(String value) {
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }
}
