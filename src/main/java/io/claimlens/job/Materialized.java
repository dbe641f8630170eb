package io.claimlens.job;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.execution.LogicalRDD;
import org.apache.spark.storage.StorageLevel;

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
  private final List<LogicalRDD> kept = new ArrayList<>();

  /** Computes {@code rows} now and returns them as a plan of one stored leaf. */
  Dataset<Row> keep(Dataset<Row> rows) {
    Dataset<Row> stored = rows.localCheckpoint(true, StorageLevel.DISK_ONLY());
    LogicalPlan leaf = stored.queryExecution().analyzed();
    if (leaf instanceof LogicalRDD rdd) {
      kept.add(rdd);
    }
    return stored;
  }

  /** Frees the stored rows; the datasets returned by {@link #keep} must not be read after. */
  @Override
  public void close() {
    // blocking: removals still in flight when the session stops fail loudly at shutdown
    kept.forEach(rdd -> rdd.rdd().unpersist(true));
    kept.clear();
  }
}
