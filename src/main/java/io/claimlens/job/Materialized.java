package io.claimlens.job;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.AttributeMap$;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.catalyst.plans.logical.Statistics;
import org.apache.spark.sql.classic.SparkSession;
import org.apache.spark.sql.execution.LogicalRDD;
import org.apache.spark.storage.RDDInfo;
import org.apache.spark.storage.StorageLevel;
import scala.Option;
import scala.math.BigInt;

/**
 * Intermediate results the job computes once and reads several times, kept as local checkpoints.
 *
 * <p>A checkpoint, unlike {@code persist}, also cuts the plan: every later query starts from the
 * stored rows instead of carrying the whole plan from the raw inputs. Spark re-analyses and
 * re-optimises a query's full plan at each step, and with AQE again after each stage, so on small
 * inputs the driver spent as long planning as the executors computing (docs/benchmarks.md).
 *
 * <p>The rows go to the executors' local disk (the page cache serves the reads), for the length of
 * the run only. Kept in memory as row objects they filled the heap at 1,000,000 orders and were
 * evicted to disk anyway, one Java-serialized row at a time; on disk the memory a run needs does
 * not grow with its input.
 */
final class Materialized implements AutoCloseable {
  // steps keep results side by side (SideBySide)
  private final List<LogicalRDD> kept = Collections.synchronizedList(new ArrayList<>());

  /**
   * Computes {@code rows} now and returns them as a plan of one stored leaf, whose size estimate is
   * the size stored.
   */
  Dataset<Row> keep(Dataset<Row> rows) {
    Dataset<Row> stored = rows.localCheckpoint(true, StorageLevel.DISK_ONLY());
    LogicalPlan leaf = stored.queryExecution().analyzed();
    if (!(leaf instanceof LogicalRDD rdd)) {
      return stored;
    }
    kept.add(rdd);
    return storedSize(rdd).<Dataset<Row>>map(bytes -> sized(stored, rdd, bytes)).orElse(stored);
  }

  /**
   * {@code stored} with {@code bytes} as its size estimate. Spark estimates a checkpoint from the
   * plan that computed it, and a join's estimate is the product of its sides', so every kept result
   * looked too large to broadcast: a join with one was planned as a sort-merge join that shuffled
   * both sides, and only adaptive execution, once both shuffles had run, turned it into a
   * broadcast. With the size stored, the planner broadcasts a small kept result from the start and
   * the other side is not shuffled at all.
   */
  private static Dataset<Row> sized(Dataset<Row> stored, LogicalRDD rdd, long bytes) {
    SparkSession session = (SparkSession) stored.sparkSession();
    Statistics stats =
        new Statistics(BigInt.apply(bytes), Option.empty(), AttributeMap$.MODULE$.empty(), false);
    LogicalRDD leaf =
        rdd.copy(
            rdd.output(),
            rdd.rdd(),
            rdd.outputPartitioning(),
            rdd.outputOrdering(),
            rdd.isStreaming(),
            rdd.stream(),
            session,
            Option.apply(stats),
            Option.apply(rdd.constraints()));
    return org.apache.spark.sql.classic.Dataset.ofRows(session, leaf);
  }

  /**
   * The bytes the block manager holds of a kept RDD, once it holds every partition; empty while a
   * partition's report is still on its way (the estimate then stays Spark's).
   */
  private static Optional<Long> storedSize(LogicalRDD rdd) {
    int id = rdd.rdd().id();
    for (RDDInfo info : rdd.rdd().sparkContext().getRDDStorageInfo()) {
      if (info.id() == id && info.numCachedPartitions() == info.numPartitions()) {
        return Optional.of(info.diskSize() + info.memSize());
      }
    }
    return Optional.empty();
  }

  /** Frees the stored rows; the datasets returned by {@link #keep} must not be read after. */
  @Override
  public void close() {
    // blocking: removals still in flight when the session stops fail loudly at shutdown
    kept.forEach(rdd -> rdd.rdd().unpersist(true));
    kept.clear();
  }
}
