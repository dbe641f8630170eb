package io.claimlens.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A build's shared runs are made once and read by its later JVMs (each JVM stands here as a new
 * {@link SharedRuns} over the same folder), never read from a run that did not finish or from an
 * earlier build. The runs are stand-ins that write a file: what is shared is the folder's logic.
 */
class SharedRunsTest {
  @TempDir Path dir;

  private final AtomicInteger made = new AtomicInteger();

  /** A stand-in run: writes a file into its root and logs one line. */
  private final Function<Path, SharedRuns.Outcome> run =
      root -> {
        made.incrementAndGet();
        write(root.resolve("table"), "rows");
        return SharedRuns.Outcome.succeeded(root, List.of("a warning"));
      };

  private SharedRuns jvmOf(String build) {
    return new SharedRuns(Optional.of(dir.resolve("test-runs").resolve(build)), dir);
  }

  @Test
  void aRunIsMadeOnceAndALaterJvmOfTheBuildReadsItWithItsLines() {
    SharedRuns.Outcome first = jvmOf("build-1").once("night", run);
    SharedRuns.Outcome later = jvmOf("build-1").once("night", run);

    assertEquals(1, made.get());
    assertEquals(first.root(), later.root());
    assertEquals(List.of("a warning"), later.lines());
    assertEquals(Optional.empty(), later.failure());
    assertTrue(Files.isRegularFile(later.root().resolve("table")));
  }

  @Test
  void aRunThatStoppedHalfwayIsMadeAgainFromAnEmptyRoot() {
    Path root = dir.resolve("test-runs").resolve("build-1").resolve("night");
    write(root.resolve("half-written"), "partial");

    SharedRuns.Outcome outcome = jvmOf("build-1").once("night", run);

    assertEquals(1, made.get());
    assertEquals(root, outcome.root());
    assertFalse(Files.exists(root.resolve("half-written")));
  }

  @Test
  void aFailedRunIsNotMarkedDoneSoTheNextJvmMakesItAgain() {
    SharedRuns.Outcome failed =
        jvmOf("build-1").once("night", root -> SharedRuns.Outcome.failed(root, "exit 1: broken"));
    SharedRuns.Outcome next = jvmOf("build-1").once("night", run);

    assertEquals(Optional.of("exit 1: broken"), failed.failure());
    assertEquals(1, made.get());
    assertEquals(Optional.empty(), next.failure());
  }

  @Test
  void aNewBuildMakesItsOwnAndDeletesEarlierBuildsOnly() {
    SharedRuns.Outcome earlier = jvmOf("build-1").once("night", run);
    Path other = dir.resolve("test-runs").resolve("sample-scratch");
    write(other.resolve("kept"), "not a build's");

    SharedRuns.Outcome next = jvmOf("build-2").once("night", run);

    assertEquals(2, made.get());
    assertNotEquals(earlier.root(), next.root());
    assertFalse(Files.exists(dir.resolve("test-runs").resolve("build-1")));
    assertTrue(Files.exists(other.resolve("kept")));
  }

  @Test
  void withoutABuildEveryCallMakesItsOwnRunInAFreshRoot() {
    SharedRuns alone = new SharedRuns(Optional.empty(), dir);
    SharedRuns.Outcome first = alone.once("night", run);
    SharedRuns.Outcome second = alone.once("night", run);

    assertEquals(2, made.get());
    assertNotEquals(first.root(), second.root());
  }

  @Test
  void aFolderThatIsNoBuildsIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> jvmOf("target"));
  }

  private static void write(Path file, String text) {
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
