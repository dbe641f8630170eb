package io.claimlens.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.apache.commons.io.FileUtils;

/**
 * Output roots that a build's test JVMs make once and share ({@link SampleRun}): under Maven the
 * unit and the integration test JVMs of one run get the same folder (the system property {@value
 * #PROPERTY}, named after the build's start by app/pom.xml), and a run made there by one is read by
 * the other. Without the property each JVM makes its own, in a folder deleted when it exits.
 */
final class SharedRuns {
  /** The folder a build's test JVMs share their runs in. */
  static final String PROPERTY = "claimlens.test.shared-runs";

  /** How the shared folders' names start, one per build. */
  static final String BUILD_PREFIX = "build-";

  /** What a run left: its root, and its lines (warnings) or why it failed. */
  record Outcome(Path root, List<String> lines, Optional<String> failure) {
    static Outcome succeeded(Path root, List<String> lines) {
      return new Outcome(root, List.copyOf(lines), Optional.empty());
    }

    static Outcome failed(Path root, String why) {
      return new Outcome(root, List.of(), Optional.of(why));
    }
  }

  private final Optional<Path> build;
  private final Path scratch;

  /**
   * @param build this build's folder, named {@value #BUILD_PREFIX}*; empty to make every run in a
   *     folder of its own under {@code scratch}
   * @param scratch where runs outside a build go
   */
  SharedRuns(Optional<Path> build, Path scratch) {
    build.ifPresent(
        b -> {
          if (!b.getFileName().toString().startsWith(BUILD_PREFIX)) {
            throw new IllegalArgumentException(
                PROPERTY + " must name a " + BUILD_PREFIX + "* folder, not " + b);
          }
        });
    this.build = build.map(Path::toAbsolutePath);
    this.scratch = scratch;
  }

  /** The folder {@value #PROPERTY} names, if set; scratch folders under target/test-runs. */
  static SharedRuns fromSystemProperty() {
    Optional<Path> build =
        Optional.ofNullable(System.getProperty(PROPERTY)).filter(p -> !p.isBlank()).map(Path::of);
    return new SharedRuns(build, Path.of("target", "test-runs"));
  }

  /**
   * The run {@code name}: read if a JVM of this build made it, otherwise made by {@code make} into
   * the root it is given (which does not exist yet). Under a lock, so that a second JVM waits for
   * the first. A run is marked done, with its lines, only once it succeeded: a root without the
   * mark is one that stopped halfway, and is made again.
   */
  Outcome once(String name, Function<Path, Outcome> make) {
    if (build.isEmpty()) {
      return make.apply(freshRoot());
    }
    Path folder = buildFolder();
    Path root = folder.resolve(name);
    Path done = folder.resolve(name + ".done");
    return locked(
        folder.resolve(name + ".lock"),
        () -> {
          if (Files.exists(done)) {
            return Outcome.succeeded(root, read(done));
          }
          FileUtils.deleteQuietly(root.toFile());
          Outcome made = make.apply(root);
          if (made.failure().isEmpty()) {
            write(done, made.lines());
          }
          return made;
        });
  }

  /**
   * This build's folder, made by its first JVM, which deletes earlier builds' (one working tree's
   * builds do not run side by side: they share target/classes).
   */
  private Path buildFolder() {
    Path folder = build.orElseThrow();
    Path builds = folder.getParent();
    createDirectories(builds);
    return locked(
        builds.resolve(BUILD_PREFIX + "folders.lock"),
        () -> {
          if (!Files.isDirectory(folder)) {
            try (Stream<Path> earlier = Files.list(builds)) {
              earlier
                  .filter(
                      f ->
                          Files.isDirectory(f)
                              && f.getFileName().toString().startsWith(BUILD_PREFIX))
                  .forEach(f -> FileUtils.deleteQuietly(f.toFile()));
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
            createDirectories(folder);
          }
          return folder;
        });
  }

  /** A root that does not exist yet, as on a first night, in a folder deleted at exit. */
  private Path freshRoot() {
    try {
      File folder =
          Files.createTempDirectory(createDirectories(scratch), "sample-")
              .toAbsolutePath()
              .toFile();
      Runtime.getRuntime()
          .addShutdownHook(new Thread(() -> FileUtils.deleteQuietly(folder), "delete " + folder));
      return folder.toPath().resolve("out");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * {@code action}'s result, computed holding an exclusive lock on {@code file}, across JVMs; one
   * at a time within a JVM, whose threads a file lock does not tell apart.
   */
  private static synchronized <T> T locked(Path file, Supplier<T> action) {
    try (FileChannel channel =
            FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock = channel.lock()) {
      return action.get();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path createDirectories(Path folder) {
    try {
      return Files.createDirectories(folder);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<String> read(Path file) {
    try {
      return Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void write(Path file, List<String> lines) {
    try {
      Files.write(file, lines, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
