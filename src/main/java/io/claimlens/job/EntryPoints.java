package io.claimlens.job;

import io.claimlens.config.ExitCode;
import io.claimlens.config.TableFormat;
import io.claimlens.io.DeltaSession;
import io.claimlens.io.PublishedTables;
import java.io.PrintStream;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkConf;
import org.apache.spark.serializer.KryoSerializer;
import org.apache.spark.sql.SparkSession;

/**
 * What the command-line entry points share: the session comes from spark-submit (master and
 * resources are never set in code), and the run's exit code becomes the process's.
 */
final class EntryPoints {
  private static final String SERIALIZER = "spark.serializer";
  private static final String CO_PARTITION_BY_ALL_KEYS =
      "spark.sql.requireAllClusterKeysForCoPartition";

  /** Compiled generated classes Spark keeps, by their source code (its default is 100). */
  private static final String CODEGEN_CACHE = "spark.sql.codegen.cache.maxEntries";

  /** More than a night's distinct generated classes: 630 on the sample. */
  private static final int CODEGEN_CACHE_ENTRIES = 1_000;

  /** Spark 4.2's types framework, which only the TIME type uses (no input or output has one). */
  private static final String TYPES_FRAMEWORK = "spark.sql.types.framework.enabled";

  /** A testable entry point: runs with a session supplier and streams, returns the exit code. */
  @FunctionalInterface
  interface Command {
    int run(String[] args, Supplier<SparkSession> session, PrintStream out, PrintStream err);
  }

  private EntryPoints() {}

  /**
   * Runs {@code command} as the process and exits with its code when it is not success. {@code
   * format} tells from the arguments which table format the run touches, before its session starts.
   */
  static void main(
      String appName, String[] args, Command command, Function<String[], TableFormat> format) {
    int code =
        command.run(args, () -> session(appName, format.apply(args)), System.out, System.err);
    if (code != ExitCode.SUCCESS.code()) {
      System.exit(code);
    }
  }

  /**
   * The session spark-submit configured, with Delta's settings when {@code format} is Delta ({@link
   * DeltaSession}), and five settings of the job's own unless the user chose otherwise:
   *
   * <ul>
   *   <li>Kryo as the serializer. The job keeps intermediate results as local checkpoints, which
   *       Spark stores with this serializer: with Java's, reading and writing them was 11% of the
   *       executors' CPU at 1,000,000 orders. Shuffles serialize rows in Spark SQL's own format
   *       either way.
   *   <li>A join may reuse a side's partitioning by some of its keys. The quality gate distributes
   *       each input by order id once and joins it to its orders on (order id, as-of date); by
   *       default Spark shuffled the whole input again by both keys, where now only the order side
   *       is shuffled. An order has one or two as-of dates, so no partition grows by it.
   *   <li>Room for every class the night generates in Spark's code cache. A night compiles 702
   *       generated classes, of which 72 are the same source again in a later query; with Spark's
   *       100 entries those had been evicted and were compiled again (3.7 s of compiling on the
   *       sample).
   *   <li>Spark's types framework off, as it is by default outside Spark's own tests. Spark reads
   *       the flag before each value it reads by type outside generated code, and with no value set
   *       its default asks the process environment whether Spark is under test, every time: 2.5% of
   *       the executors' time in the orders' quality gate at 1,000,000 orders.
   *   <li>In local mode, one SQL configuration per task rather than one per value that Spark's
   *       interpreted evaluation reads ({@link SqlConfPerTask}), added to the user's plugins.
   * </ul>
   */
  private static SparkSession session(String appName, TableFormat format) {
    SparkConf given = new SparkConf();
    SparkSession.Builder builder = SparkSession.builder().appName(appName);
    if (format == TableFormat.DELTA) {
      DeltaSession.configure(given, builder);
    }
    if (!given.contains(SERIALIZER)) {
      builder.config(SERIALIZER, KryoSerializer.class.getName());
    }
    if (!given.contains(CO_PARTITION_BY_ALL_KEYS)) {
      builder.config(CO_PARTITION_BY_ALL_KEYS, false);
    }
    if (!given.contains(CODEGEN_CACHE)) {
      builder.config(CODEGEN_CACHE, CODEGEN_CACHE_ENTRIES);
    }
    if (!given.contains(TYPES_FRAMEWORK)) {
      builder.config(TYPES_FRAMEWORK, false);
    }
    SqlConfPerTask.register(given, builder);
    SparkSession spark = builder.getOrCreate();
    if (format == TableFormat.DELTA) {
      DeltaSession.tune(given, spark);
    }
    return spark;
  }

  /**
   * The format of the tables under the output root that {@code root} names, for the tools that read
   * them (query.sh, report.sh), found before their session starts: through the Hadoop settings
   * spark-submit was given ({@code spark.hadoop.*}, the S3 endpoint). Parquet when the root holds
   * no table or cannot be named or read: the tool then reports that itself.
   */
  static TableFormat formatAt(Supplier<String> root) {
    Configuration hadoop = new Configuration();
    for (scala.Tuple2<String, String> setting : new SparkConf().getAllWithPrefix("spark.hadoop.")) {
      hadoop.set(setting._1(), setting._2());
    }
    try {
      return PublishedTables.detect(hadoop, root.get()).orElse(TableFormat.PARQUET);
    } catch (RuntimeException e) {
      // bad arguments (ClaimlensException), an unreadable root (UncheckedIOException)
      return TableFormat.PARQUET;
    }
  }
}
