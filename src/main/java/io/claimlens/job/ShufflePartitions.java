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
 * cores as the floor; adaptive execution still coalesces partitions that turn out small.
 */
final class ShufflePartitions {
  static final String SETTING = SQLConf.SHUFFLE_PARTITIONS().key();

  /**
   * Parquet input per shuffle partition. Rows take several times their compressed size in memory,
   * so this keeps a task's share of a shuffle to a few hundred megabytes.
   */
  static final long INPUT_BYTES_PER_PARTITION = 64L << 20;

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

  /** Sets the partition count for {@code bytes} of input, unless Spark's configuration has one. */
  static void sizeFor(SparkSession spark, long bytes) {
    if (spark.sparkContext().getConf().contains(SETTING)) {
      return;
    }
    int partitions = count(bytes, spark.sparkContext().defaultParallelism());
    LOG.info("{} = {} for {} bytes of input", SETTING, partitions, bytes);
    spark.conf().set(SETTING, partitions);
  }

  /** One partition per {@link #INPUT_BYTES_PER_PARTITION}, at least {@code cores}. */
  static int count(long inputBytes, int cores) {
    long partitions = (inputBytes + INPUT_BYTES_PER_PARTITION - 1) / INPUT_BYTES_PER_PARTITION;
    return (int) Math.max(cores, Math.min(partitions, 100_000));
  }
}
