package io.claimlens.testing;

import io.claimlens.io.CatalogTables;
import io.claimlens.io.DeltaSession;
import io.claimlens.job.InputScale;
import java.util.Map;
import java.util.Objects;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalog.Table;
import org.apache.spark.sql.internal.SQLConf;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The one local SparkSession of a test JVM, sized for a 2-core machine: local[2], two shuffle
 * partitions, no UI, loopback only, Delta Lake's extension and catalog. The session time zone is
 * deliberately not UTC, so that a result that leaked the session zone into a day boundary would
 * show.
 *
 * <p>Shared by every test class of a fork because starting and stopping a session per class cost
 * more than the tests of most classes. It is started on first use and stopped by Spark's own
 * shutdown hook when the fork exits. Between classes {@link #reset()} puts back what a class may
 * have changed, so that no class sees another's views, caches or settings.
 */
public final class SharedSpark {
  static final String CATALOG = "spark_catalog";
  static final String DATABASE = "default";

  private static SparkSession session;

  /** The SQL settings as started; a class that changes one gets it put back. */
  private static Map<String, String> started;

  private SharedSpark() {}

  /** The shared session, started now if there is none (or it was stopped). */
  public static synchronized SparkSession session() {
    if (session == null || session.sparkContext().isStopped()) {
      session =
          SparkSession.builder()
              .master("local[2]")
              .appName("claimlens-test")
              .config("spark.ui.enabled", "false")
              .config("spark.default.parallelism", "2")
              .config("spark.driver.host", "127.0.0.1")
              .config("spark.driver.bindAddress", "127.0.0.1")
              .config("spark.sql.session.timeZone", "Pacific/Auckland")
              // as the entry points set them (EntryPoints)
              .config("spark.serializer", "org.apache.spark.serializer.KryoSerializer")
              .config("spark.sql.requireAllClusterKeysForCoPartition", "false")
              .config("spark.plugins", "io.claimlens.job.SqlConfPerTask")
              .config("spark.sql.types.framework.enabled", "false")
              // more than the entry points' 1,000: this JVM runs the job dozens of times, and with
              // every class of a night still cached the runs after the first compile little. Four
              // metric test classes took 0.74x the wall time of Spark's 100 (docs/benchmarks.md)
              .config("spark.sql.codegen.cache.maxEntries", "4000")
              // as the entry points set them for Delta tables (DeltaSession): Delta's extension and
              // catalog can only be chosen when a session starts, and the Delta tests share this
              // one; Parquet runs do not touch them
              .config(DeltaSession.EXTENSIONS, DeltaSession.EXTENSION)
              .config(CatalogTables.SESSION_CATALOG_PLUGIN, DeltaSession.CATALOG)
              // Delta rebuilds a table's state from its log in 50 tasks by default: seconds per
              // commit of a tiny table on two cores
              .config(DeltaSession.SNAPSHOT_PARTITIONS, "2")
              .getOrCreate();
      // the session's, not Spark's configuration: a whole-job run sizes its partitions by its
      // input as a user's run does (ShufflePartitions), and puts these 2 back when it ends
      session.conf().set(SQLConf.SHUFFLE_PARTITIONS().key(), "2");
      started = settings(session);
    }
    return session;
  }

  /**
   * Has the session evaluate interpreted and plan each query once, as the job does for a small
   * input ({@link InputScale}), until {@link #reset()}: for a class of hand-made fixtures, whose
   * queries of a few rows each would otherwise compile classes that run once and re-plan after
   * every stage. A whole-job run still chooses for itself.
   */
  public static synchronized void runAsSmallInput() {
    session().conf().set(InputScale.WHOLE_STAGE, "false");
    session().conf().set(InputScale.FACTORY_MODE, "NO_CODEGEN");
    session().conf().set(InputScale.ADAPTIVE, "false");
  }

  /**
   * Stops the shared session, for a test class that needs a session of another kind (a Hive catalog
   * is fixed when a JVM's SparkContext starts); the next class starts a new one.
   */
  public static synchronized void stop() {
    if (session != null) {
      session.stop();
      session = null;
    }
  }

  /**
   * Puts the session back as it started: no cached or persisted data, no temporary views, the SQL
   * settings as started, the default catalog and database, no job description on this thread.
   */
  public static synchronized void reset() {
    if (session == null || session.sparkContext().isStopped()) {
      return;
    }
    session.catalog().clearCache();
    CollectionConverters.asJava(session.sparkContext().getPersistentRDDs())
        .values()
        .forEach(rdd -> rdd.unpersist(false));
    session.catalog().setCurrentCatalog(CATALOG);
    session.catalog().setCurrentDatabase(DATABASE);
    for (Table table : session.catalog().listTables().collectAsList()) {
      if (table.isTemporary()) {
        session.catalog().dropTempView(table.name());
      }
    }
    Map<String, String> now = settings(session);
    for (String key : now.keySet()) {
      if (!started.containsKey(key)) {
        session.conf().unset(key);
      } else if (!Objects.equals(started.get(key), now.get(key))) {
        session.conf().set(key, started.get(key));
      }
    }
    for (String key : started.keySet()) {
      if (!now.containsKey(key)) {
        session.conf().set(key, started.get(key));
      }
    }
    session.sparkContext().clearJobGroup();
  }

  private static Map<String, String> settings(SparkSession spark) {
    return Map.copyOf(CollectionConverters.asJava(spark.conf().getAll()));
  }
}
