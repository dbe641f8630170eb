package io.claimlens.job;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.claimlens.io.SideBySide;
import io.claimlens.testing.RowAssertions;
import io.claimlens.testing.SparkTestBase;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.execution.SparkPlan;
import org.apache.spark.sql.execution.adaptive.AdaptiveSparkPlanExec;
import org.apache.spark.sql.execution.adaptive.QueryStageExec;
import org.apache.spark.sql.execution.adaptive.ShuffleQueryStageExec;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A kept result named as distributed by its key is joined by that key without another shuffle, and
 * gives the rows the same join gives without it; one that is not so distributed names nothing. Its
 * query is named after the step that keeps it.
 */
class MaterializedTest extends SparkTestBase {
  private static final int PARTITIONS = 3;

  @BeforeEach
  void sortMergeJoinsOnly() {
    // tiny sides would be broadcast, and a broadcast join shuffles neither side
    spark.conf().set("spark.sql.autoBroadcastJoinThreshold", "-1");
    spark.conf().set(ShufflePartitions.SETTING, PARTITIONS);
  }

  @Test
  void aResultDistributedByItsKeyIsJoinedWhereItLies() {
    Dataset<Row> reference = reference().repartition(PARTITIONS, col("ref_key"));
    assertEquals(1, shufflesJoiningKept(reference), "only the other side is shuffled");
  }

  @Test
  void aResultDistributedOtherwiseNamesNoPartitioning() {
    // distributed by another column: nothing a join by the key can reuse
    Dataset<Row> reference = reference().repartition(PARTITIONS, col("value"));
    assertEquals(2, shufflesJoiningKept(reference), "both sides are shuffled");
  }

  @Test
  void aKeptResultsQueryIsNamedAfterItsStepAndTheStepsNameComesBack() throws InterruptedException {
    String step = "claimlens 2026-06-30: a step";
    String named = step + ": the reference";
    List<String> described = new CopyOnWriteArrayList<>();
    CountDownLatch seen = new CountDownLatch(1);
    SparkListener listener =
        new SparkListener() {
          @Override
          public void onJobStart(SparkListenerJobStart start) {
            String description = start.properties().getProperty(SideBySide.JOB_DESCRIPTION);
            described.add(String.valueOf(description));
            if (named.equals(description)) {
              seen.countDown();
            }
          }
        };
    spark.sparkContext().addSparkListener(listener);
    spark.sparkContext().setJobDescription(step);
    try (Materialized kept = new Materialized()) {
      kept.keep("the reference", reference());
      assertEquals(step, spark.sparkContext().getLocalProperty(SideBySide.JOB_DESCRIPTION));
      // the listener bus delivers the job's start on its own thread
      assertTrue(seen.await(30, TimeUnit.SECONDS), "the jobs' descriptions: " + described);
    } finally {
      spark.sparkContext().setJobDescription(null);
      spark.sparkContext().removeSparkListener(listener);
    }
  }

  /**
   * Keeps {@code reference} as distributed by its key, joins it, checks the rows against the same
   * join of the reference never kept, and returns the shuffles the join ran.
   */
  private static long shufflesJoiningKept(Dataset<Row> reference) {
    try (Materialized kept = new Materialized()) {
      Dataset<Row> joined = join(kept.keepDistributedBy("the reference", reference, "ref_key"));
      RowAssertions.assertSameRows(join(reference()), joined);
      return shufflesRun(joined);
    }
  }

  /** 200 keys, one row each. */
  private static Dataset<Row> reference() {
    return spark
        .range(200)
        .select(
            concat(lit("k"), col("id").cast("string")).as("ref_key"),
            col("id").multiply(10).as("value"));
  }

  /** 500 rows on 250 keys (50 of them absent from the reference), distributed by key. */
  private static Dataset<Row> join(Dataset<Row> reference) {
    Dataset<Row> rows =
        spark
            .range(500)
            .select(concat(lit("k"), col("id").mod(250).cast("string")).as("key"), col("id"))
            .repartition(col("key"));
    return rows.join(reference, col("key").equalTo(col("ref_key")), "left")
        .select(col("id"), col("key"), col("value"));
  }

  /** The shuffles the final adaptive plan of {@code rows} ran, after collecting them. */
  private static long shufflesRun(Dataset<Row> rows) {
    rows.collectAsList();
    SparkPlan plan = rows.queryExecution().executedPlan();
    return shuffles(plan instanceof AdaptiveSparkPlanExec a ? a.executedPlan() : plan);
  }

  /** Shuffle stages in {@code plan}, inside query stages too (a stage is a leaf of its plan). */
  private static long shuffles(SparkPlan plan) {
    long own = plan instanceof ShuffleQueryStageExec ? 1 : 0;
    long inside = plan instanceof QueryStageExec stage ? shuffles(stage.plan()) : 0;
    long below = 0;
    for (SparkPlan child : scala.jdk.javaapi.CollectionConverters.asJava(plan.children())) {
      below += shuffles(child);
    }
    return own + inside + below;
  }
}
