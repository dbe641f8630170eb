package io.claimlens.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.claimlens.testing.SparkTestBase;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.io.FileUtils;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The packaged jar submitted to a real Spark standalone cluster (a master and a worker on
 * 127.0.0.1, executors in their own JVMs): the executors ran the job's tasks, and every table
 * equals the local-mode run's.
 */
@ExtendWith(SharedServers.class)
class StandaloneClusterIT extends SparkTestBase {
  private static final Pattern APP_ID =
      Pattern.compile("Connected to Spark cluster with app ID (\\S+)");

  private static StandaloneCluster cluster;
  private static Submit.Result result;
  private static String output;

  @BeforeAll
  static void submitToTheCluster(StandaloneCluster started) throws IOException {
    cluster = started;
    Path out = ItEnvironment.dir().resolve("cluster-output");
    FileUtils.deleteDirectory(out.toFile());
    output = out.toString();
    result =
        cluster
            .submit()
            .job(SampleRuns.arguments(SampleRuns.sample().toString(), output))
            .run(ItEnvironment.dir().resolve("cluster-logs").resolve("submit.log"));
  }

  @Test
  void theJobSucceedsOnTheCluster() {
    assertEquals(0, result.exitCode(), result.log());
    assertTrue(result.log().contains("claimlens: as_of=2026-06-30 run_id="), result.log());
  }

  @Test
  void executorsOnTheWorkerRanTheTasks() {
    Matcher m = APP_ID.matcher(result.log());
    assertTrue(m.find(), "the driver connected to the cluster:\n" + result.log());
    String appId = m.group(1);
    List<Path> executorLogs = cluster.executorLogs(appId);
    assertFalse(executorLogs.isEmpty(), "no executor ran for " + appId);
    long finished =
        executorLogs.stream()
            .map(ItEnvironment::read)
            .flatMap(String::lines)
            .filter(l -> l.contains("Finished task"))
            .count();
    assertTrue(finished > 0, "no task finished on an executor: " + executorLogs);
    assertTrue(result.log().contains("Registered executor"), "the driver registered an executor");
  }

  @Test
  void everyTableEqualsTheLocalModeRun() {
    SampleRuns.assertSameOutputs(spark, SampleRuns.localReference(spark), output);
  }
}
