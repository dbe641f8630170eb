package io.claimlens.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.claimlens.config.ClaimlensException;
import io.claimlens.config.ExitCode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The output root's run lock: one live holder, a dead holder's lock taken over after the timeout.
 */
class RunLockTest {
  private static final Duration TIMEOUT = Duration.ofMinutes(10);
  private static final Instant T0 = Instant.parse("2026-06-30T03:30:00Z");

  @TempDir Path dir;

  private final Configuration conf = new Configuration();

  @Test
  void aSecondRunIsRefusedWithTheHolderNamedAndExitCode4() {
    try (RunLock first = RunLock.acquire(conf, root(), "run-1", TIMEOUT, at(T0))) {
      ClaimlensException e =
          assertThrows(
              ClaimlensException.class,
              () -> RunLock.acquire(conf, root(), "run-2", TIMEOUT, at(T0.plusSeconds(60))));
      assertEquals(ExitCode.OUTPUT_LOCKED, e.exitCode());
      assertEquals(4, e.exitCode().code());
      String message = e.getMessage();
      assertTrue(message.contains("run-1"), message);
      assertTrue(message.contains("started 2026-06-30T03:30:00Z"), message);
      assertTrue(message.contains(" on "), message);
      assertEquals(1, message.lines().count(), message);
    }
  }

  @Test
  void aReleasedLockIsTakenAtOnce() {
    RunLock.acquire(conf, root(), "run-1", TIMEOUT, at(T0)).close();
    try (RunLock second = RunLock.acquire(conf, root(), "run-2", TIMEOUT, at(T0))) {
      second.verifyHeld();
    }
  }

  /** Guarantee: a run that died holding the lock blocks the root for the timeout, no longer. */
  @Test
  void aDeadRunsLockIsTakenOverAfterTheTimeoutAndItsHolderCanNoLongerPublish() {
    // never closed: the run died
    RunLock dead = RunLock.acquire(conf, root(), "dead-run", TIMEOUT, at(T0));
    assertThrows(
        ClaimlensException.class,
        () ->
            RunLock.acquire(conf, root(), "early", TIMEOUT, at(T0.plus(TIMEOUT).minusSeconds(1))));
    try (RunLock next =
        RunLock.acquire(conf, root(), "next", TIMEOUT, at(T0.plus(TIMEOUT).plusSeconds(1)))) {
      next.verifyHeld();
      // had the "dead" run only been paused, it finds it lost the lock before publishing
      IllegalStateException lost = assertThrows(IllegalStateException.class, dead::verifyHeld);
      assertTrue(lost.getMessage().contains("next"), lost.getMessage());
    }
  }

  /** Guarantee: of runs racing for a free root, exactly one gets the lock; the others exit 4. */
  @Test
  void ofRunsRacingForOneRootExactlyOneWins() throws Exception {
    int runs = 6;
    ExecutorService pool = Executors.newFixedThreadPool(runs);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<RunLock>> attempts = new ArrayList<>();
    for (int i = 0; i < runs; i++) {
      String runId = "racer-" + i;
      Callable<RunLock> attempt =
          () -> {
            go.await();
            try {
              return RunLock.acquire(conf, root(), runId, TIMEOUT, Clock.systemUTC());
            } catch (ClaimlensException e) {
              assertEquals(ExitCode.OUTPUT_LOCKED, e.exitCode());
              return null;
            }
          };
      attempts.add(pool.submit(attempt));
    }
    go.countDown();
    List<RunLock> winners = new ArrayList<>();
    for (Future<RunLock> f : attempts) {
      if (f.get() != null) {
        winners.add(f.get());
      }
    }
    pool.shutdown();
    assertEquals(1, winners.size());
    winners.get(0).close();
  }

  @Test
  void theLockFolderIsHiddenFromReaders() throws Exception {
    try (RunLock lock = RunLock.acquire(conf, root(), "run-1", TIMEOUT, at(T0))) {
      try (var names = Files.list(dir)) {
        assertEquals(List.of(RunLock.FOLDER), names.map(p -> p.getFileName().toString()).toList());
      }
      assertTrue(RunLock.FOLDER.startsWith("_"));
    }
  }

  private String root() {
    return dir.toString();
  }

  private static Clock at(Instant now) {
    return Clock.fixed(now, ZoneOffset.UTC);
  }
}
