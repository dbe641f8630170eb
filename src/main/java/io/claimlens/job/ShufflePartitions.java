package io.claimlens.job;

import java.util.Collection;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.internal.SQLConf;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sizes {@code spark.sql.shuffle.partitions} by the input when the user has not set it.
 *
 * <p>A fixed count fails one way or the other: the core count put half of 20,000,000 orders in each
 * partition of a 2-core run, which died of heap exhaustion, while Spark's default of 200 makes a
 * small night pay for hundreds of tiny tasks. So the count follows the Parquet bytes read, with the
 * cores as the floor; adaptive execution still coalesces partitions that turn out small. A small
 * input ({@link InputScale}) gets one partition: its tasks are a few milliseconds of rows each, the
 * driver sets the run's pace, and one partition halves the tasks of every stage (the sample 0.88x
 * the wall time, 150,000 orders 1.00x; docs/benchmarks-log.md, item 122).
 *
 * <p>A backfill's steps after the quality gate carry each row once per date, so its count grows
 * with the dates too, at a quarter of a night's count per date. At 30 dates and 1,000,000 orders, 2
 * partitions made the heaviest sorts and aggregations spill 17 GB; 12 spilled nothing and took
 * 0.94x the time; 48, a night's count for every date, was slower than 2 in many small tasks
 * (docs/benchmarks.md).
 */
final class ShufflePartitions {
  static final String SETTING = SQLConf.SHUFFLE_PARTITIONS().key();

  /**
   * Parquet input per shuffle partition. Rows take several times their compressed size in memory,
   * so this keeps a task's share of a shuffle to a few hundred megabytes.
   */
  static final long INPUT_BYTES_PER_PARTITION = 64L << 20;

  /**
   * How many of a backfill's dates a partition takes for each {@link #INPUT_BYTES_PER_PARTITION} of
   * input, the steps after the gate carrying each row once per date. So a backfill of up to four
   * dates keeps a night's count.
   */
  static final int DATES_PER_PARTITION = 4;

  private static final Logger LOG = LoggerFactory.getLogger(ShufflePartitions.class);

  private ShufflePartitions() {}

  /** The Parquet bytes of {@code inputs}, as Spark's statistics give them (no job runs). */
  static long inputBytes(Collection<Dataset<Row>> inputs) {
    long bytes = 0;
    for (Dataset<Row> input : inputs) {
      bytes += input.queryExecution().optimizedPlan().stats().sizeInBytes().longValue();
    }
    return bytes;
  }

  /**
   * Sets the partition count for {@code input} in {@code run}, unless Spark's configuration has
   * one; the session's own comes back when the run's settings close.
   */
  static void chooseFor(SparkSession spark, RunSettings run, InputScale input) {
    if (run.configured(SETTING)) {
      return;
    }
    int atLeast = input.isLarge() ? spark.sparkContext().defaultParallelism() : 1;
    int partitions = count(input, atLeast);
    LOG.info(
        "{} = {} for {} bytes of input at {} dates",
        SETTING,
        partitions,
        input.inputBytes(),
        input.dates());
    run.set(SETTING, String.valueOf(partitions));
  }

  /**
   * One partition per {@link #INPUT_BYTES_PER_PARTITION} of input, or per that much input for
   * {@link #DATES_PER_PARTITION} dates where that is more; at least {@code atLeast}.
   */
  static int count(InputScale input, int atLeast) {
    long partitions =
        Math.max(
            ceilDiv(input.inputBytes(), INPUT_BYTES_PER_PARTITION),
            ceilDiv(input.bytesTimesDates(), INPUT_BYTES_PER_PARTITION * DATES_PER_PARTITION));
    return (int) Math.max(atLeast, Math.min(partitions, 100_000));
  }

  private static long ceilDiv(long dividend, long divisor) {
    return dividend / divisor + (dividend % divisor == 0 ? 0 : 1);
  }
}
