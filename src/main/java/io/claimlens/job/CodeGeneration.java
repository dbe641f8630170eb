package io.claimlens.job;

import org.apache.spark.network.util.JavaUtils;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compiles Spark's generated code only for inputs large enough to repay it, unless the user chose.
 *
 * <p>Spark turns each stage of a query into Java source (whole-stage code generation) and each
 * projection, predicate and ordering into a class, compiled with Janino and cached per JVM. That
 * pays on millions of rows. On the committed sample (0.45 MB of Parquet, 15,308 rows) a night
 * compiled 629 classes, 10.9 s of compiling summed over the threads, for rows that take
 * milliseconds to evaluate. Below {@link #MIN_INPUT_BYTES} the job has Spark evaluate interpreted
 * instead (no whole-stage code, interpreted projections); from there on it compiles, as Spark does
 * by default. Both are Spark's own evaluators of the same expressions and give the same rows
 * (SampleDataEndToEndTest compares every table of the sample both ways).
 *
 * <p>Spark marks {@link #FACTORY_MODE} internal; should a later Spark ignore it, a small night
 * compiles as before and nothing else changes.
 */
public final class CodeGeneration {
  public static final String WHOLE_STAGE = "spark.sql.codegen.wholeStage";
  public static final String FACTORY_MODE = "spark.sql.codegen.factoryMode";

  /**
   * Parquet bytes of input (times the dates of a backfill) from which the job compiles; "0"
   * compiles always.
   */
  static final String MIN_INPUT_BYTES = "spark.claimlens.codegen.minInputBytes";

  /**
   * About 150,000 generated orders. Measured on 2 cores (docs/benchmarks.md): interpreted took
   * 0.86x the time of compiled on the sample and 0.96x at 150,000 orders (14.9 MB); larger inputs
   * are not measured, so from here on the job compiles, as Spark does by default.
   */
  static final String MIN_INPUT_BYTES_DEFAULT = "16m";

  private static final Logger LOG = LoggerFactory.getLogger(CodeGeneration.class);

  private CodeGeneration() {}

  /**
   * Sets both settings in {@code run} for {@code inputBytes} of Parquet (times the dates of a
   * backfill); the session's own come back when the run's settings close (some of Spark's typed
   * readers, the catalog's listings, fail when interpreted). Leaves both alone when Spark's
   * configuration (spark-submit, spark-defaults) sets either.
   */
  static void chooseFor(SparkSession spark, RunSettings run, long inputBytes) {
    if (run.configured(WHOLE_STAGE, FACTORY_MODE)) {
      return;
    }
    long min =
        JavaUtils.byteStringAsBytes(spark.conf().get(MIN_INPUT_BYTES, MIN_INPUT_BYTES_DEFAULT));
    boolean compile = compiles(inputBytes, min);
    LOG.info(
        "{} for {} bytes of input ({} = {})",
        compile ? "compiled evaluation" : "interpreted evaluation",
        inputBytes,
        MIN_INPUT_BYTES,
        min);
    run.set(WHOLE_STAGE, String.valueOf(compile));
    run.set(FACTORY_MODE, compile ? "FALLBACK" : "NO_CODEGEN");
  }

  static boolean compiles(long inputBytes, long minInputBytes) {
    return inputBytes >= minInputBytes;
  }
}
