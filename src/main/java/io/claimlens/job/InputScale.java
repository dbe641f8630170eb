package io.claimlens.job;

import org.apache.spark.network.util.JavaUtils;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How Spark evaluates and plans a run, chosen by the size of its input unless the user chose: a
 * large input compiled and planned adaptively, as Spark does by default; a small one interpreted
 * and planned once. Both ways are Spark's own and give the same rows (SampleDataEndToEndTest
 * compares every table of the sample both ways).
 *
 * <p>Compiling: Spark turns each stage of a query into Java source (whole-stage code generation)
 * and each projection, predicate and ordering into a class, compiled with Janino and cached per
 * JVM. That pays on millions of rows. On the committed sample (0.45 MB of Parquet, 15,308 rows) a
 * night compiled 629 classes, 10.9 s of compiling summed over the threads, for rows that take
 * milliseconds to evaluate. Spark marks {@link #FACTORY_MODE} internal; should a later Spark ignore
 * it, a small night compiles as before and nothing else changes.
 *
 * <p>Adaptive planning: after each stage Spark optimises and plans the rest of the query again on
 * the driver, to act on the sizes the stage measured (coalescing small shuffle partitions, turning
 * joins into broadcasts, splitting skewed partitions). A small input has nothing for it to act on,
 * and the driver is the small run's bottleneck: off, the sample took 0.94× the wall time and a
 * clean build's tests 0.97× (docs/benchmarks-log.md, item 121).
 *
 * <p>A run decides once which it is, and {@link ShufflePartitions} sizes its partitions by the same
 * decision.
 *
 * @param inputBytes the Parquet bytes of the run's inputs, as Spark's statistics give them
 * @param dates the as-of dates the run judges
 * @param minLargeInputBytes {@link #MIN_LARGE_INPUT_BYTES}
 */
public record InputScale(long inputBytes, int dates, long minLargeInputBytes) {
  public static final String WHOLE_STAGE = "spark.sql.codegen.wholeStage";
  public static final String FACTORY_MODE = "spark.sql.codegen.factoryMode";
  public static final String ADAPTIVE = "spark.sql.adaptive.enabled";

  /**
   * Parquet bytes of input (times the dates of a backfill) from which the job compiles and plans
   * adaptively; "0" takes every input as large.
   */
  static final String MIN_LARGE_INPUT_BYTES = "spark.claimlens.largeInput.minBytes";

  /**
   * About 150,000 generated orders. Measured on 2 cores (docs/benchmarks.md): interpreted took
   * 0.86x the time of compiled on the sample and 0.96x at 150,000 orders (14.9 MB); planned once,
   * 0.94x and 0.93x the time of planned adaptively. Larger inputs are not measured, so from here on
   * the job runs as Spark does by default.
   */
  static final String MIN_LARGE_INPUT_BYTES_DEFAULT = "16m";

  private static final Logger LOG = LoggerFactory.getLogger(InputScale.class);

  /**
   * The scale of {@code inputBytes} of Parquet judged at {@code dates} as-of dates, by the
   * session's {@link #MIN_LARGE_INPUT_BYTES}.
   */
  static InputScale of(SparkSession spark, long inputBytes, int dates) {
    return new InputScale(
        inputBytes,
        dates,
        JavaUtils.byteStringAsBytes(
            spark.conf().get(MIN_LARGE_INPUT_BYTES, MIN_LARGE_INPUT_BYTES_DEFAULT)));
  }

  /**
   * The input's bytes times its dates, at most {@link Long#MAX_VALUE}: after the gate a backfill
   * carries each row once per date, so its row work grows with them.
   */
  long bytesTimesDates() {
    return inputBytes > Long.MAX_VALUE / dates ? Long.MAX_VALUE : inputBytes * dates;
  }

  /** Whether this is a large input: {@link #bytesTimesDates()} of at least the minimum. */
  boolean isLarge() {
    return bytesTimesDates() >= minLargeInputBytes;
  }

  /**
   * Sets the settings in {@code run} for this input; the session's own come back when the run's
   * settings close (some of Spark's typed readers, the catalog's listings, fail when interpreted).
   * Leaves evaluation alone when Spark's configuration (spark-submit, spark-defaults) sets either
   * of its two settings, and planning when it sets {@link #ADAPTIVE}.
   */
  void chooseFor(RunSettings run) {
    boolean large = isLarge();
    LOG.info(
        "{} input, {} bytes at {} dates ({} = {}): {} where Spark's configuration does not choose",
        large ? "a large" : "a small",
        inputBytes,
        dates,
        MIN_LARGE_INPUT_BYTES,
        minLargeInputBytes,
        large ? "compiled, planned adaptively" : "interpreted, planned once");
    if (!run.configured(WHOLE_STAGE, FACTORY_MODE)) {
      run.set(WHOLE_STAGE, String.valueOf(large));
      run.set(FACTORY_MODE, large ? "FALLBACK" : "NO_CODEGEN");
    }
    if (!run.configured(ADAPTIVE)) {
      run.set(ADAPTIVE, String.valueOf(large));
    }
  }
}
