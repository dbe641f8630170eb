package io.claimlens.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.claimlens.config.AsOfDates;
import io.claimlens.testing.SparkTestBase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A run killed at each step of publishing, then the tables as a reader finds them before the next
 * run, then the next run's recovery (SPEC §4: a reader sees the old partition or the new one).
 *
 * <p>The kill is an {@link Error} thrown from the publisher's step hook: like a kill, it skips
 * {@link OutputWriter#abort()} and every clean-up, and leaves the files as they were at that step.
 */
class PublishCrashTest extends SparkTestBase {
  private static final LocalDate D = LocalDate.parse("2026-06-30");
  private static final LocalDate NEXT = D.plusDays(1);
  private static final AsOfDates DATES = new AsOfDates(D, NEXT);

  /** Three tables, the last standing for run_manifest, published last. */
  private static final List<String> TABLES = List.of("a", "b", "run_manifest");

  @TempDir Path dir;

  /** The process dying at one step: what a kill -9 leaves. */
  private static final class Killed extends Error {
    private static final long serialVersionUID = 1L;
  }

  /**
   * Guarantees: (1) between the kill and the next run, every partition holds either the last
   * published run's rows or the killed run's, whole, and only a kill between a partition's two
   * renames leaves that one partition absent; (2) the next run's recovery puts back the last
   * published state (the killed run's, once its journal was committed) and leaves no scratch
   * folder; (3) that next run then publishes normally.
   */
  @ParameterizedTest
  @EnumSource(OutputWriter.Step.class)
  void aRunKilledAtEachPublishStepIsRolledBackByTheNextRun(OutputWriter.Step step)
      throws IOException {
    publish("run-1", 1, OutputWriter.Faults.NONE);

    // killed at the step's last occurrence for the second table: some partitions are swapped
    Optional<String> absent = killAt(step, "run-2", 2);

    Map<String, Integer> seen = new TreeMap<>();
    for (String table : TABLES) {
      for (LocalDate d : DATES.dates()) {
        String partition = table + "/as_of_date=" + d;
        if (absent.equals(Optional.of(partition))) {
          assertFalse(Files.exists(dir.resolve(partition)), partition);
        } else {
          seen.put(partition, version(partition));
        }
      }
    }
    assertEquals(step == OutputWriter.Step.TRASHED, absent.isPresent(), "absent: " + absent);
    if (step == OutputWriter.Step.COMMITTED) {
      assertTrue(seen.values().stream().allMatch(v -> v == 2), seen.toString());
    } else {
      assertEquals(1, version("run_manifest/as_of_date=" + D), "the manifest is published last");
    }

    List<String> recovered = OutputWriter.recover(new Configuration(), dir.toString());
    assertFalse(recovered.isEmpty(), "recovery logs what it did");
    int expected = step == OutputWriter.Step.COMMITTED ? 2 : 1;
    assertAllAt(expected);
    assertNoScratch();
    assertEquals(List.of(), OutputWriter.recover(new Configuration(), dir.toString()));

    publish("run-3", 3, OutputWriter.Faults.NONE);
    assertAllAt(3);
    assertNoScratch();
  }

  /** Guarantee: a rollback itself killed half-way is finished by the next recovery. */
  @Test
  void aRecoveryKilledHalfWayIsFinishedByTheNext() throws IOException {
    publish("run-1", 1, OutputWriter.Faults.NONE);
    killAt(OutputWriter.Step.COMMITTED, "run-2", 2);
    // undo the commit by hand: a publish killed just before deleting its journal, with every
    // partition swapped, then a rollback that only got as far as un-swapping table a
    Files.createDirectories(dir.resolve(OutputWriter.PUBLISHING));
    List<String> journal = new ArrayList<>();
    for (String table : TABLES) {
      for (LocalDate d : DATES.dates()) {
        journal.add(table + "\tas_of_date=" + d);
      }
    }
    Files.write(dir.resolve(OutputWriter.PUBLISHING).resolve("run-2"), journal);
    for (LocalDate d : DATES.dates()) {
      Files.createDirectories(dir.resolve("a/_staging/run-2"));
      Files.move(dir.resolve("a/as_of_date=" + d), dir.resolve("a/_staging/run-2/as_of_date=" + d));
    }

    OutputWriter.recover(new Configuration(), dir.toString());

    assertAllAt(1);
    assertNoScratch();
  }

  /** Guarantee: a partition moved to trash by an older version's run and never replaced returns. */
  @Test
  void aPartitionLeftInTrashWithoutJournalIsRestored() throws IOException {
    publish("run-1", 1, OutputWriter.Faults.NONE);
    Path trash = dir.resolve("b/_trash/old-run");
    Files.createDirectories(trash);
    Files.move(dir.resolve("b/as_of_date=" + D), trash.resolve("as_of_date=" + D));

    List<String> recovered = OutputWriter.recover(new Configuration(), dir.toString());

    assertTrue(recovered.get(0).contains("b/as_of_date=" + D), recovered.toString());
    assertAllAt(1);
    assertNoScratch();
  }

  /** Guarantee: a publish that fails in the process (not killed) is undone by the run itself. */
  @Test
  void aPublishFailingHalfWayIsRolledBackByItsOwnRun() throws IOException {
    publish("run-1", 1, OutputWriter.Faults.NONE);
    OutputWriter failing = stage("run-2", 2, failAtSecondTable(OutputWriter.Step.SWAPPED));
    assertThrows(IllegalStateException.class, failing::publish);
    failing.abort();

    assertAllAt(1);
    assertNoScratch();
  }

  /** Runs a publish killed at {@code step}; returns the partition it left absent, if any. */
  private Optional<String> killAt(OutputWriter.Step step, String runId, int v) {
    List<String> atStep = new ArrayList<>();
    OutputWriter.Faults kill =
        (at, partition) -> {
          if (at == step) {
            atStep.add(
                partition == null
                    ? ""
                    : partition.getParent().getName() + "/" + partition.getName());
            if (partition == null || partition.getParent().getName().equals("b")) {
              throw new Killed();
            }
          }
        };
    OutputWriter writer = stage(runId, v, kill);
    assertThrows(Killed.class, writer::publish);
    String last = atStep.get(atStep.size() - 1);
    return step == OutputWriter.Step.TRASHED ? Optional.of(last) : Optional.empty();
  }

  private static OutputWriter.Faults failAtSecondTable(OutputWriter.Step step) {
    return (at, partition) -> {
      if (at == step && partition.getParent().getName().equals("b")) {
        throw new IllegalStateException("the store failed");
      }
    };
  }

  private void publish(String runId, int v, OutputWriter.Faults faults) {
    stage(runId, v, faults).publish();
  }

  /** Stages every table with one row {@code v} at both dates. */
  private OutputWriter stage(String runId, int v, OutputWriter.Faults faults) {
    OutputWriter writer = new OutputWriter(spark, dir.toString(), runId, DATES, faults);
    for (String table : TABLES) {
      writer.stage(
          table,
          spark.sql(
              "select "
                  + v
                  + " as v, d as as_of_date from values (date'"
                  + D
                  + "'), (date'"
                  + NEXT
                  + "') as t(d)"));
    }
    return writer;
  }

  /** The one version a partition holds; fails on a mix. */
  private int version(String partition) {
    List<Integer> versions =
        spark
            .read()
            .parquet(dir.resolve(partition).toString())
            .distinct()
            .as(org.apache.spark.sql.Encoders.INT())
            .collectAsList();
    assertEquals(1, versions.size(), partition + " holds " + versions);
    return versions.get(0);
  }

  private void assertAllAt(int v) {
    for (String table : TABLES) {
      for (LocalDate d : DATES.dates()) {
        assertEquals(v, version(table + "/as_of_date=" + d), table + " at " + d);
      }
    }
  }

  private void assertNoScratch() throws IOException {
    try (Stream<Path> all = Files.walk(dir)) {
      List<String> scratch =
          all.map(p -> dir.relativize(p).toString())
              .filter(
                  p ->
                      p.contains("_staging")
                          || p.contains("_trash")
                          || p.contains(OutputWriter.PUBLISHING))
              .toList();
      assertEquals(List.of(), scratch);
    }
  }
}
