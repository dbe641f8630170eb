package io.claimlens.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.claimlens.job.ClaimlensMain;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;
import org.apache.commons.io.FileUtils;
import org.apache.spark.sql.SparkSession;

/**
 * The committed sample (data-samples/marketplace) run through the real entry point, once, for every
 * test class that only reads the outputs: a night as of {@link #AS_OF} with default arguments, and
 * a backfill of {@link #BACKFILL_DATES} dates ending on it. A whole-job run on the sample is the
 * dearest step of the suite; tests that rerun, fail or compare other runs make their own.
 *
 * <p>Under Maven each run is made once per build: the unit and the integration test JVMs of one
 * {@code mvn verify} name the same folder (the system property {@value #SHARED_RUNS}, the build's
 * start time in its name), and the later JVM reads what the earlier one wrote, the same classes on
 * the same sample. The integration test JVM had run the night again as its local reference, and the
 * browser test a backfill of its own, both cold (about 20 s of CI, docs/benchmarks.md). Without the
 * property (an IDE) each JVM makes its own in a folder that is deleted when it exits.
 */
public final class SampleRun {
  /** The date the sample is meant to be run as of (data-samples/README.md). */
  public static final String AS_OF = "2026-06-30";

  /**
   * The dates of the shared backfill, ending on {@link #AS_OF}: the fewest for which odr_change_7d
   * compares some dates with a week-earlier date inside the range (the last) and others with dates
   * before it (BackfillTest).
   */
  public static final int BACKFILL_DATES = 8;

  /** The first date of the shared backfill. */
  public static final LocalDate BACKFILL_FIRST =
      LocalDate.parse(AS_OF).minusDays(BACKFILL_DATES - 1);

  /** The folder a build's test JVMs share their runs in, set by app/pom.xml. */
  static final String SHARED_RUNS = "claimlens.test.shared-runs";

  /** How the shared folders' names start, one per build. */
  private static final String BUILD_PREFIX = "build-";

  private static final Shared NIGHT = new Shared("night", out -> arguments(input(), out));
  private static final Shared BACKFILL =
      new Shared(
          "backfill",
          out ->
              new String[] {
                "--input",
                input(),
                "--output",
                out,
                "--from",
                BACKFILL_FIRST.toString(),
                "--to",
                AS_OF
              });

  private SampleRun() {}

  /** data-samples/marketplace, absolute. */
  public static Path sample() {
    return Path.of("data-samples", "marketplace").toAbsolutePath();
  }

  /** The job's arguments for the sample as of {@link #AS_OF}. */
  public static String[] arguments(String input, String output) {
    return new String[] {"--input", input, "--output", output, "--as-of", AS_OF};
  }

  /**
   * The output root of the night's run, made on first call. Callers must only read it. A failed run
   * fails every caller with the job's error, without running again.
   */
  public static String output(SparkSession spark) {
    return NIGHT.output(spark);
  }

  /**
   * The output root of the backfill from {@link #BACKFILL_FIRST} to {@link #AS_OF} (one job, {@code
   * --from}/{@code --to}), made on first call; like {@link #output}.
   */
  public static String backfill(SparkSession spark) {
    return BACKFILL.output(spark);
  }

  /** The warnings logged during the night's run (after {@link #output}). */
  public static List<String> warnings() {
    return NIGHT.warnings();
  }

  private static String input() {
    return sample().toString();
  }

  /** One run, its root, and what it logged; a failure is kept so that it is not run again. */
  private static final class Shared {
    private final String name;
    private final Function<String, String[]> arguments;
    private String output;
    private String failure;
    private List<String> warnings = List.of();

    Shared(String name, Function<String, String[]> arguments) {
      this.name = name;
      this.arguments = arguments;
    }

    synchronized String output(SparkSession spark) {
      if (output == null && failure == null) {
        Optional<Path> build = buildFolder();
        if (build.isPresent()) {
          // another JVM of the build may be making it (a second fork): the lock waits for it
          locked(build.get().resolve(name + ".lock"), () -> runOnce(spark, build.get()));
        } else {
          run(spark, freshFolder());
        }
      }
      assertEquals(null, failure, "the shared " + name + " on the sample");
      return output;
    }

    /**
     * Reads the build's run if a JVM made it, or makes it. The marker is written after the run
     * succeeded, with its warnings: a root without it is a run of this build that stopped halfway,
     * made again.
     */
    private void runOnce(SparkSession spark, Path build) {
      Path out = build.resolve(name);
      Path done = build.resolve(name + ".done");
      if (Files.exists(done)) {
        warnings = read(done);
        output = out.toString();
      } else {
        run(spark, out);
        if (output != null) {
          write(done, warnings);
        }
      }
    }

    synchronized List<String> warnings() {
      return warnings;
    }

    private void run(SparkSession spark, Path out) {
      FileUtils.deleteQuietly(out.toFile());
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      int code;
      try (LogCapture log = LogCapture.warnings()) {
        code =
            ClaimlensMain.run(
                arguments.apply(out.toString()),
                () -> spark,
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        warnings = log.lines();
      }
      if (code == 0) {
        output = out.toString();
      } else {
        failure = "exit " + code + ": " + err.toString(StandardCharsets.UTF_8);
      }
    }
  }

  /**
   * This build's folder of shared runs, made by its first JVM, which deletes earlier builds' (one
   * working tree's builds do not run side by side: they share target/classes); empty outside Maven.
   */
  private static synchronized Optional<Path> buildFolder() {
    String property = System.getProperty(SHARED_RUNS);
    if (property == null || property.isBlank()) {
      return Optional.empty();
    }
    Path folder = Path.of(property).toAbsolutePath();
    if (!folder.getFileName().toString().startsWith(BUILD_PREFIX)) {
      throw new IllegalArgumentException(SHARED_RUNS + " must name a " + BUILD_PREFIX + "* folder");
    }
    Path builds = folder.getParent();
    try {
      Files.createDirectories(builds);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    locked(
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
              Files.createDirectories(folder);
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          }
        });
    return Optional.of(folder);
  }

  /** Runs {@code action} holding an exclusive lock on {@code file}, across JVMs. */
  private static void locked(Path file, Runnable action) {
    try (FileChannel channel =
            FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock = channel.lock()) {
      action.run();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path freshFolder() {
    try {
      Path parent = Files.createDirectories(Path.of("target", "test-runs"));
      File folder = Files.createTempDirectory(parent, "sample-").toAbsolutePath().toFile();
      Runtime.getRuntime()
          .addShutdownHook(new Thread(() -> FileUtils.deleteQuietly(folder), "delete " + folder));
      // a root that does not exist yet, as on a first night
      return folder.toPath().resolve("out");
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
