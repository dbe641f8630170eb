package io.claimlens.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.claimlens.job.ClaimlensMain;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;

/**
 * The committed sample (data-samples/marketplace) run through the real entry point, once, for every
 * test class that only reads the outputs: a night as of {@link #AS_OF} with default arguments, and
 * a backfill of {@link #BACKFILL_DATES} dates ending on it. A whole-job run on the sample is the
 * dearest step of the suite; tests that rerun, fail or compare other runs make their own.
 *
 * <p>Under Maven each run is made once per build and read by both its test JVMs ({@link
 * SharedRuns}): the integration test JVM had run the night again as its local reference, and the
 * browser test a backfill of its own, both cold (about 20 s of CI, docs/benchmarks.md).
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

  private static final SharedRuns RUNS = SharedRuns.fromSystemProperty();
  private static final Shared NIGHT = new Shared("night", List.of("--as-of", AS_OF));
  private static final Shared BACKFILL =
      new Shared("backfill", List.of("--from", BACKFILL_FIRST.toString(), "--to", AS_OF));

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
    return NIGHT.outcome().lines();
  }

  /** One run of the sample with its dates' arguments, made or read once per JVM. */
  private static final class Shared {
    private final String name;
    private final List<String> dates;
    private SharedRuns.Outcome outcome;

    Shared(String name, List<String> dates) {
      this.name = name;
      this.dates = dates;
    }

    synchronized String output(SparkSession spark) {
      if (outcome == null) {
        outcome = RUNS.once(name, root -> run(spark, root));
      }
      assertEquals(Optional.empty(), outcome.failure(), "the shared " + name + " on the sample");
      return outcome.root().toString();
    }

    synchronized SharedRuns.Outcome outcome() {
      assertNotNull(outcome, "the " + name + " has not run");
      return outcome;
    }

    private SharedRuns.Outcome run(SparkSession spark, Path root) {
      List<String> args =
          new ArrayList<>(List.of("--input", sample().toString(), "--output", root.toString()));
      args.addAll(dates);
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      try (LogCapture log = LogCapture.warnings()) {
        int code =
            ClaimlensMain.run(
                args.toArray(String[]::new),
                () -> spark,
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return code == 0
            ? SharedRuns.Outcome.succeeded(root, log.lines())
            : SharedRuns.Outcome.failed(
                root, "exit " + code + ": " + err.toString(StandardCharsets.UTF_8));
      }
    }
  }
}
