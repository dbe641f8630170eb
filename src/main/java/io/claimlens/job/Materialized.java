package io.claimlens.job;

import io.claimlens.io.SideBySide;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.apache.spark.SparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.Ascending$;
import org.apache.spark.sql.catalyst.expressions.Attribute;
import org.apache.spark.sql.catalyst.expressions.AttributeMap$;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.SortOrder;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.catalyst.plans.logical.Statistics;
import org.apache.spark.sql.catalyst.plans.physical.HashPartitioning;
import org.apache.spark.sql.catalyst.plans.physical.Partitioning;
import org.apache.spark.sql.classic.SparkSession;
import org.apache.spark.sql.execution.LogicalRDD;
import org.apache.spark.sql.execution.SparkPlan;
import org.apache.spark.sql.execution.adaptive.AdaptiveSparkPlanExec;
import org.apache.spark.storage.RDDInfo;
import org.apache.spark.storage.StorageLevel;
import scala.Option;
import scala.collection.immutable.Seq;
import scala.jdk.javaapi.CollectionConverters;
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
   * the size stored. {@code what} names the query that computes them, after the step's name, in
   * Spark's UI and event log ("claimlens 2026-06-30: quality gate: orders"): a night's time per
   * kept result can be read there (docs/benchmarks.md, "Where the time goes now").
   */
  Dataset<Row> keep(String what, Dataset<Row> rows) {
    return keep(what, rows, Optional.empty());
  }

  /**
   * {@link #keep}, with a leaf that names the layout by {@code column} that the plan computing
   * {@code rows} ended with, if it ended with one: hash-partitioned by that column alone (into a
   * count adaptive execution did not change, an explicit {@code repartition(n, column)}), and
   * sorted by it within each partition when it was. Spark names no partitioning for a checkpoint of
   * an adaptive plan, so every join or grouping that read a kept result by its key shuffled it
   * again, and a sort-merge join sorted it again: the order reference, once for each of the six
   * child datasets. Joined by this column to a side shuffled by the same key into as many
   * partitions, it is read where it lies.
   */
  Dataset<Row> keepDistributedBy(String what, Dataset<Row> rows, String column) {
    return keep(what, rows, Optional.of(column));
  }

  private Dataset<Row> keep(String what, Dataset<Row> rows, Optional<String> distributedBy) {
    SparkContext context = rows.sparkSession().sparkContext();
    String step = context.getLocalProperty(SideBySide.JOB_DESCRIPTION);
    Dataset<Row> stored =
        SideBySide.described(
            context,
            step == null ? what : step + ": " + what,
            () -> rows.localCheckpoint(true, StorageLevel.DISK_ONLY()));
    LogicalPlan leaf = stored.queryExecution().analyzed();
    if (!(leaf instanceof LogicalRDD rdd)) {
      return stored;
    }
    kept.add(rdd);
    Optional<Long> bytes = storedSize(rdd);
    Optional<SparkPlan> executed = distributedBy.flatMap(c -> executed(rows));
    boolean distributed =
        executed.isPresent()
            && endsHashPartitionedBy(
                executed.get(), distributedBy.get(), rdd.rdd().getNumPartitions());
    if (bytes.isEmpty() && !distributed) {
      return stored;
    }
    Partitioning partitioning = rdd.outputPartitioning();
    Seq<SortOrder> ordering = rdd.outputOrdering();
    if (distributed) {
      String column = distributedBy.get();
      Expression key = attribute(rdd, column);
      partitioning =
          new HashPartitioning(
              CollectionConverters.asScala(List.of(key)).toSeq(), rdd.rdd().getNumPartitions());
      if (endsSortedBy(executed.get(), column)) {
        ordering = CollectionConverters.asScala(List.of(ascending(key))).toSeq();
      }
    }
    return rebuilt(stored, rdd, bytes, partitioning, ordering);
  }

  /**
   * {@code stored}'s leaf with {@code bytes} as its size estimate and the given layout. Spark
   * estimates a checkpoint from the plan that computed it, and a join's estimate is the product of
   * its sides', so every kept result looked too large to broadcast: a join with one was planned as
   * a sort-merge join that shuffled both sides, and only adaptive execution, once both shuffles had
   * run, turned it into a broadcast. With the size stored, the planner broadcasts a small kept
   * result from the start and the other side is not shuffled at all.
   */
  private static Dataset<Row> rebuilt(
      Dataset<Row> stored,
      LogicalRDD rdd,
      Optional<Long> bytes,
      Partitioning partitioning,
      Seq<SortOrder> ordering) {
    SparkSession session = (SparkSession) stored.sparkSession();
    Option<Statistics> stats =
        bytes
            .map(
                b ->
                    Option.apply(
                        new Statistics(
                            BigInt.apply(b), Option.empty(), AttributeMap$.MODULE$.empty(), false)))
            .orElse(Option.empty());
    LogicalRDD leaf =
        rdd.copy(
            rdd.output(),
            rdd.rdd(),
            partitioning,
            ordering,
            rdd.isStreaming(),
            rdd.stream(),
            session,
            stats,
            Option.apply(rdd.constraints()));
    return org.apache.spark.sql.classic.Dataset.ofRows(session, leaf);
  }

  /** The final plan that computed {@code rows}, once it has run. */
  private static Optional<SparkPlan> executed(Dataset<Row> rows) {
    SparkPlan plan = rows.queryExecution().executedPlan();
    if (plan instanceof AdaptiveSparkPlanExec adaptive) {
      return adaptive.isFinalPlan() ? Optional.of(adaptive.executedPlan()) : Optional.empty();
    }
    return Optional.of(plan);
  }

  /** Whether {@code plan} ends hash-partitioned by {@code column} alone into {@code partitions}. */
  private static boolean endsHashPartitionedBy(SparkPlan plan, String column, int partitions) {
    return plan.outputPartitioning() instanceof HashPartitioning hash
        && hash.numPartitions() == partitions
        && hash.expressions().size() == 1
        && named(hash.expressions().head(), column);
  }

  /** Ascending, nulls first: as {@code sortWithinPartitions} and a sort-merge join sort. */
  private static SortOrder ascending(Expression key) {
    return new SortOrder(
        key,
        Ascending$.MODULE$,
        Ascending$.MODULE$.defaultNullOrdering(),
        CollectionConverters.asScala(List.<Expression>of()).toSeq());
  }

  /** Whether {@code plan}'s rows end sorted by {@code column} first, ascending, nulls first. */
  private static boolean endsSortedBy(SparkPlan plan, String column) {
    Seq<SortOrder> ordering = plan.outputOrdering();
    if (ordering.isEmpty()) {
      return false;
    }
    SortOrder first = ordering.head();
    return first.direction() == Ascending$.MODULE$
        && first.nullOrdering() == Ascending$.MODULE$.defaultNullOrdering()
        && named(first.child(), column);
  }

  private static boolean named(Expression e, String column) {
    return e instanceof Attribute a && a.name().equals(column);
  }

  private static Attribute attribute(LogicalRDD rdd, String column) {
    return CollectionConverters.asJava(rdd.output()).stream()
        .filter(a -> a.name().equals(column))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no column " + column));
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
