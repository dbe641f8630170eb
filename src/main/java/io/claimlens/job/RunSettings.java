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
   * before (docs/benchmarks-log.md, item 27).
   */
  static final String RUNTIME_BLOOM_FILTER = "spark.sql.optimizer.runtime.bloomFilter.enabled";

  /**
   * The first level of a hash aggregation's two-level map, off. That level holds 65,536 keys and
   * compares a probed key with every occupied slot it meets, column by column, without the stored
   * hash that the second level checks first; once full, every new key pays for a failed probe there
   * before its lookup in the second. The job's large aggregations (the SKU counts, the daily counts
   * and every metric's sums, a key per seller and day or per SKU) fill it within their first rows:
   * at 5,000,000 orders their three steps took 41.7 s of executor time without it against 55.0 s
   * with it (docs/benchmarks-log.md, item 71).
   */
  static final String TWO_LEVEL_AGGREGATE_MAP = "spark.sql.codegen.aggregate.map.twolevel.enabled";

  private final SparkSession spark;

  /** The session's values before the run, in the order first set; empty for an unset one. */
  private final Map<String, Optional<String>> before = new LinkedHashMap<>();

  private RunSettings(SparkSession spark) {
    this.spark = spark;
  }

  /**
   * The run's settings, starting with the job's own choices ({@link #RUNTIME_BLOOM_FILTER}, {@link
   * #TWO_LEVEL_AGGREGATE_MAP}).
   */
  static RunSettings open(SparkSession spark) {
    RunSettings settings = new RunSettings(spark);
    for (String off : new String[] {RUNTIME_BLOOM_FILTER, TWO_LEVEL_AGGREGATE_MAP}) {
      if (!settings.configured(off)) {
        settings.set(off, "false");
      }
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
