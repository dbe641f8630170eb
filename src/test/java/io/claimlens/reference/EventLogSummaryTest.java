package io.claimlens.reference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.claimlens.reference.EventLogSummary.Step;
import io.claimlens.reference.EventLogSummary.Summary;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A hand-made event log of a 10-second run: the quality gate's three queries (one inside another's
 * span, two named after what they keep), seller_risk's write, and one job outside any query; every
 * figure below worked out by hand from the spans and metrics in it.
 */
class EventLogSummaryTest {
  private static final String SQL = "org.apache.spark.sql.execution.ui.SparkListenerSQLExecution";

  private static final List<String> LOG =
      List.of(
          "{\"Event\":\"SparkListenerApplicationStart\",\"Timestamp\":1000}",
          queryStart(0, "quality gate: orders", 2000),
          "{\"Event\":\"SparkListenerJobStart\",\"Stage IDs\":[0,1],"
              + "\"Properties\":{\"spark.sql.execution.id\":\"0\"}}",
          task(0, 2500, 4500, 1_500_000_000L, 2000),
          task(1, 3000, 4000, 800_000_000L, 1000),
          stageCompleted(0),
          stageCompleted(1),
          queryStart(3, "quality gate: order reference", 2500),
          queryEnd(3, 3000),
          queryStart(1, "quality gate", 5000),
          queryEnd(0, 6000),
          "{\"Event\":\"SparkListenerJobStart\",\"Stage IDs\":[2],"
              + "\"Properties\":{\"spark.sql.execution.id\":\"1\"}}",
          task(2, 5000, 6500, 1_000_000_000L, 1500),
          stageCompleted(2),
          queryEnd(1, 7000),
          queryStart(2, "write seller_risk", 7000),
          "{\"Event\":\"SparkListenerJobStart\",\"Stage IDs\":[3],"
              + "\"Properties\":{\"spark.sql.execution.id\":\"2\"}}",
          task(3, 7500, 8500, 500_000_000L, 1000),
          stageCompleted(3),
          queryEnd(2, 9000),
          "{\"Event\":\"SparkListenerJobStart\",\"Stage IDs\":[4],\"Properties\":{}}",
          task(4, 9500, 10_000, 200_000_000L, 500),
          stageCompleted(4),
          "{\"Event\":\"SparkListenerApplicationEnd\",\"Timestamp\":11000}");

  @Test
  void stepsHaveTheirQueriesStagesSpansAndTaskTimes() {
    Summary summary = EventLogSummary.summarize(LOG.stream());

    List<Step> steps = summary.steps();
    assertEquals(
        List.of("quality gate", "write seller_risk", EventLogSummary.NO_QUERY),
        steps.stream().map(step -> step.name).toList());
    Step gate = steps.get(0);
    assertEquals(3, gate.queries);
    assertEquals(3, gate.stages);
    // [2000, 6000) and [5000, 7000), the third query inside the first
    assertEquals(5000, gate.wallMillis());
    assertEquals(3_300_000_000L, gate.cpuNanos);
    assertEquals(4500, gate.runMillis);
    // query 0's two stages; query 3 ran no task, and query 1 has no name of its own
    assertEquals(Map.of("orders", 2_300_000_000L), gate.cpuNanosByQueryName);
    Step write = steps.get(1);
    assertEquals(1, write.queries);
    assertEquals(1, write.stages);
    assertEquals(2000, write.wallMillis());
    assertEquals(500_000_000L, write.cpuNanos);
    Step outside = steps.get(2);
    assertEquals(0, outside.queries);
    assertEquals(1, outside.stages);
    assertEquals(0, outside.wallMillis());
    assertEquals(200_000_000L, outside.cpuNanos);
  }

  @Test
  void theRunIsSplitByHowManyTasksRan() {
    Summary summary = EventLogSummary.summarize(LOG.stream());

    assertEquals(10_000, summary.runMillis());
    // none: [1000,2500) [4500,5000) [6500,7500) [8500,9500) [10000,11000); two: [3000,4000)
    assertArrayEquals(new long[] {5000, 4000, 1000}, summary.millisByTasksRunning());

    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    EventLogSummary.print(summary, new PrintStream(bytes, true, StandardCharsets.UTF_8));
    String printed = bytes.toString(StandardCharsets.UTF_8);
    assertTrue(
        printed.contains("tasks running over the run's 10.0 s: two or more 10%, one 40%, none 50%"),
        printed);
    assertTrue(printed.matches("(?s).*quality gate +3 +3 +5\\.0 +3\\.3 +4\\.5\\n.*"), printed);
    assertTrue(printed.matches("(?s).*\\n    orders +2\\.3\\n.*"), printed);
  }

  @Test
  void aQueryIsNamedAfterItsStepAndThenWhatItKeeps() {
    String named = "claimlens 2026-06-01..2026-06-30: quality gate: order reference";
    assertEquals("quality gate", EventLogSummary.stepName(named));
    assertEquals(Optional.of("order reference"), EventLogSummary.queryName(named));
    String step = "claimlens 2026-06-30: write seller_risk";
    assertEquals("write seller_risk", EventLogSummary.stepName(step));
    assertEquals(Optional.empty(), EventLogSummary.queryName(step));
  }

  private static String queryStart(int id, String step, long time) {
    return String.format(
        "{\"Event\":\"%sStart\",\"executionId\":%d,\"description\":\"claimlens 2026-06-30: %s\","
            + "\"time\":%d}",
        SQL, id, step, time);
  }

  private static String queryEnd(int id, long time) {
    return String.format("{\"Event\":\"%sEnd\",\"executionId\":%d,\"time\":%d}", SQL, id, time);
  }

  private static String stageCompleted(int stage) {
    return String.format(
        "{\"Event\":\"SparkListenerStageCompleted\",\"Stage Info\":{\"Stage ID\":%d}}", stage);
  }

  private static String task(int stage, long launch, long finish, long cpuNanos, long runMillis) {
    return String.format(
        "{\"Event\":\"SparkListenerTaskEnd\",\"Stage ID\":%d,"
            + "\"Task Info\":{\"Launch Time\":%d,\"Finish Time\":%d},"
            + "\"Task Metrics\":{\"Executor CPU Time\":%d,\"Executor Run Time\":%d}}",
        stage, launch, finish, cpuNanos, runMillis);
  }
}
