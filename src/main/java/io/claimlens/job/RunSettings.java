package io.claimlens.job;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;
import scala.jdk.javaapi.OptionConverters;

/**
 * Spark SQL settings a run chooses for itself, for the length of the run: {@link #close()} puts
 * back the session's own, so a session that embeds the job (a notebook, the tests) keeps its
 * settings. A setting that Spark's configuration holds (spark-submit's {@code --conf},
 * spark-defaults.conf) is the user's choice and is never overridden.
 */
final class RunSettings implements AutoCloseable {
  /**
   * Runtime bloom filters, off. Spark injects one where a join's small side could filter a large
   * scan; every kept result (a local checkpoint) has no size estimate, so to Spark it looks large
   * and small runs got filters on as_of_date and order_id whose bit arrays travel inside each task:
   * 16 stages of the sample shipped task binaries of 4 to 20 MB. At 1,000,000 orders Spark injects
   * none anyway (the small sides are over its 10 MB creation threshold), so that size runs as
   * before (docs/benchmarks.md, item 27).
   */
  static final String RUNTIME_BLOOM_FILTER = "spark.sql.optimizer.runtime.bloomFilter.enabled";

  private final SparkSession spark;

  /** The session's values before the run, in the order first set; empty for an unset one. */
  private final Map<String, Optional<String>> before = new LinkedHashMap<>();

  private RunSettings(SparkSession spark) {
    this.spark = spark;
  }

  /** The run's settings, starting with the job's own choices ({@link #RUNTIME_BLOOM_FILTER}). */
  static RunSettings open(SparkSession spark) {
    RunSettings settings = new RunSettings(spark);
    if (!settings.configured(RUNTIME_BLOOM_FILTER)) {
      settings.set(RUNTIME_BLOOM_FILTER, "false");
    }
    return settings;
  }

  /** Whether Spark's configuration sets any of {@code keys}: then the run leaves them alone. */
  boolean configured(String... keys) {
    return Arrays.stream(keys).anyMatch(spark.sparkContext().getConf()::contains);
  }

  /** Sets {@code key} in the session until {@link #close()}. */
  void set(String key, String value) {
    // set ones only: getOption would give Spark's default as if it were the session's own
    before.computeIfAbsent(key, k -> OptionConverters.toJava(spark.conf().getAll().get(k)));
    spark.conf().set(key, value);
  }

  @Override
  public void close() {
    before.forEach(
        (key, value) -> {
          if (value.isPresent()) {
            spark.conf().set(key, value.get());
          } else {
            spark.conf().unset(key);
          }
        });
  }
}
