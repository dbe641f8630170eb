package io.claimlens.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.claimlens.config.ClaimlensException;
import io.claimlens.config.ExitCode;
import io.claimlens.testing.SparkTestBase;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Spark actions side by side: results in order, the caller's job names, failures as thrown. */
class SideBySideTest extends SparkTestBase {
  private static final String DESCRIPTION = SideBySide.JOB_DESCRIPTION;

  @Test
  void actionsRunAtOnceWithTheCallersJobNameAndReturnInTheirOrder() {
    // each task waits until the other has started: one after another, neither would finish
    CountDownLatch bothStarted = new CountDownLatch(2);
    Map<String, Supplier<String>> tasks = new LinkedHashMap<>();
    for (String name : List.of("b", "a")) {
      tasks.put(
          name,
          () -> {
            bothStarted.countDown();
            await(bothStarted);
            long rows = spark.range(3).count();
            return name + rows + spark.sparkContext().getLocalProperty(DESCRIPTION);
          });
    }
    spark.sparkContext().setJobDescription("claimlens test: side by side");
    try (SideBySide side = SideBySide.of(spark, 2)) {
      Map<String, String> results = side.all(tasks);
      assertEquals(List.of("b", "a"), List.copyOf(results.keySet()));
      assertEquals(
          List.of("b3claimlens test: side by side", "a3claimlens test: side by side"),
          List.copyOf(results.values()));
    } finally {
      spark.sparkContext().setJobDescription(null);
    }
  }

  @Test
  void describedWorkNamesItsJobsAndTheNameBeforeComesBackEvenAfterAFailure() {
    spark.sparkContext().setJobDescription("claimlens test: a step");
    try {
      assertEquals(
          "claimlens test: a step: inside",
          SideBySide.described(
              spark.sparkContext(),
              "claimlens test: a step: inside",
              () -> spark.sparkContext().getLocalProperty(DESCRIPTION)));
      assertEquals("claimlens test: a step", spark.sparkContext().getLocalProperty(DESCRIPTION));
      IllegalStateException failed = new IllegalStateException("failed inside");
      assertSame(
          failed,
          assertThrows(
              IllegalStateException.class,
              () ->
                  SideBySide.described(
                      spark.sparkContext(),
                      "claimlens test: failing",
                      () -> {
                        throw failed;
                      })));
      assertEquals("claimlens test: a step", spark.sparkContext().getLocalProperty(DESCRIPTION));
    } finally {
      spark.sparkContext().setJobDescription(null);
    }
  }

  @Test
  void theFirstFailureIsThrownAsItWasOnceEveryActionHasEnded() {
    UncheckedIOException first = new UncheckedIOException("store gone", new java.io.IOException());
    AtomicBoolean slowEnded = new AtomicBoolean();
    Map<String, Supplier<Long>> tasks = new LinkedHashMap<>();
    tasks.put(
        "failing",
        () -> {
          throw first;
        });
    tasks.put(
        "slow",
        () -> {
          long rows = spark.range(1000).selectExpr("sum(id)").count();
          slowEnded.set(true);
          return rows;
        });
    tasks.put(
        "also failing",
        () -> {
          throw new IllegalStateException("second");
        });
    try (SideBySide side = SideBySide.of(spark, 2)) {
      assertSame(first, assertThrows(UncheckedIOException.class, () -> side.all(tasks)));
      assertTrue(slowEnded.get(), "the step waited for its other actions before failing");
    }
  }

  @Test
  void sideBySideInsideATaskAndWithOneActionRunOnTheCallingThread() {
    try (SideBySide side = SideBySide.of(spark, 2)) {
      SideBySide.Both<Thread, SideBySide.Both<Thread, Thread>> nested =
          side.both(
              Thread::currentThread, () -> side.both(Thread::currentThread, Thread::currentThread));
      // with two threads both taken, a nested step waiting for the pool would never end
      assertSame(nested.second().first(), nested.second().second());
      assertNotSame(Thread.currentThread(), nested.second().first());
    }
    try (SideBySide one = SideBySide.of(spark, 1)) {
      SideBySide.Both<Thread, Thread> both = one.both(Thread::currentThread, Thread::currentThread);
      assertSame(Thread.currentThread(), both.first());
      assertSame(Thread.currentThread(), both.second());
    }
  }

  @Test
  void aSettingThatIsNotANumberIsABadArgument() {
    spark.conf().set(SideBySide.ACTIONS, "two");
    try {
      ClaimlensException e =
          assertThrows(ClaimlensException.class, () -> SideBySide.of(spark).close());
      assertEquals(ExitCode.BAD_ARGUMENTS_OR_POLICY, e.exitCode());
      assertEquals(
          "spark.claimlens.sideBySide.actions must be a whole number of actions, not 'two'",
          e.getMessage());
    } finally {
      spark.conf().unset(SideBySide.ACTIONS);
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      if (!latch.await(60, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the other action never started");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
