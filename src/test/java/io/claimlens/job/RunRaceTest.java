package io.claimlens.job;

import static io.claimlens.testing.Fixtures.US;
import static io.claimlens.testing.Fixtures.claim;
import static io.claimlens.testing.Fixtures.order;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.claimlens.config.ClaimlensException;
import io.claimlens.config.ExitCode;
import io.claimlens.schema.Claims;
import io.claimlens.schema.Claims.Reason;
import io.claimlens.schema.Claims.Status;
import io.claimlens.schema.Orders;
import io.claimlens.schema.RunManifestTable;
import io.claimlens.testing.Scenario;
import io.claimlens.testing.SparkTestBase;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two runs started together into one output root. */
class RunRaceTest extends SparkTestBase {
  @TempDir Path dir;

  /**
   * Guarantee: of two runs racing for one root, one is refused with exit 4 before computing
   * anything, the other publishes whole tables under its own run id.
   */
  @Test
  void ofTwoRunsIntoOneRootOneIsRefusedAndTheOtherPublishesWhole() {
    Scenario s =
        new Scenario(spark, dir)
            .add(Orders.SCHEMA, order("o1", US, "S1", "2026-06-01T18:00:00Z"))
            .add(
                Claims.SCHEMA,
                claim("c1", "o1", Reason.DAMAGED, Status.OPEN, "2026-06-05T10:00:00Z"));
    s.writeInputs();
    CountDownLatch go = new CountDownLatch(1);
    List<CompletableFuture<Scenario.Output>> runs = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      runs.add(
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  go.await();
                } catch (InterruptedException e) {
                  throw new IllegalStateException(e);
                }
                return s.run("2026-06-30");
              }));
    }
    go.countDown();

    List<Scenario.Output> published = new ArrayList<>();
    List<ClaimlensException> refused = new ArrayList<>();
    for (CompletableFuture<Scenario.Output> run : runs) {
      try {
        published.add(run.join());
      } catch (CompletionException e) {
        refused.add((ClaimlensException) e.getCause());
      }
    }
    assertEquals(1, published.size());
    assertEquals(1, refused.size());
    assertEquals(ExitCode.OUTPUT_LOCKED, refused.get(0).exitCode());
    Scenario.Output winner = published.get(0);
    assertEquals(
        winner.summary().runId(), winner.manifest().first().<String>getAs(RunManifestTable.RUN_ID));
    assertEquals(1, winner.claimAttribution().count());
  }
}
