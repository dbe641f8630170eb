package io.claimlens.job;

import io.claimlens.config.ClaimlensException;
import io.claimlens.config.ExitCode;
import io.claimlens.io.OutputCatalog;
import io.claimlens.io.SideBySide;
import io.claimlens.report.RiskReport;
import java.io.PrintStream;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.spark.sql.SparkSession;

/**
 * Re-renders the HTML risk report of a date from the published tables ({@code scripts/report.sh}),
 * without running the job: prints where the report landed.
 */
public final class ReportMain {
  /** The output root; {@code out/sample} (where scripts/run-local.sh writes) when not given. */
  public static final String OUTPUT = "--output";

  public static final String OUTPUT_DEFAULT = QueryMain.OUTPUT_DEFAULT;

  /** The as-of date; the latest one under the output root when not given. */
  public static final String AS_OF = "--as-of";

  public static final String USAGE = "usage: report.sh [--output DIR_OR_URI] [--as-of YYYY-MM-DD]";

  private ReportMain() {}

  public static void main(String[] args) {
    EntryPoints.main(
        "claimlens-report",
        args,
        ReportMain::run,
        a -> EntryPoints.formatAt(() -> parse(a).output()));
  }

  /** Writes the report and prints its URI; returns 0, 2 for bad arguments, 1 for a failure. */
  public static int run(
      String[] args, Supplier<SparkSession> session, PrintStream out, PrintStream err) {
    try {
      Request request = parse(args);
      SparkSession spark = session.get();
      LocalDate asOf = request.asOf().orElseGet(() -> latest(spark, request.output()));
      String uri;
      try (SideBySide side = SideBySide.of(spark)) {
        uri = RiskReport.write(spark, request.output(), List.of(asOf), side).get(0);
      }
      err.println("claimlens: report of " + asOf + " from the tables under " + request.output());
      out.println(uri);
      return ExitCode.SUCCESS.code();
    } catch (ClaimlensException e) {
      err.println("claimlens: " + e.getMessage());
      return e.exitCode().code();
    } catch (RuntimeException e) {
      err.println("claimlens: report failed: " + e.getMessage());
      e.printStackTrace(err);
      return ExitCode.FAILURE.code();
    }
  }

  /**
   * The latest as-of date under the root: run_manifest's when there is one (it is published last).
   */
  private static LocalDate latest(SparkSession spark, String output) {
    List<String> views = OutputCatalog.registerViews(spark, output);
    return OutputCatalog.latestAsOf(spark, views)
        .orElseThrow(
            () ->
                ClaimlensException.badArguments(
                    "no output tables under " + output + " (run the job first, or pass --output)"));
  }

  private static Request parse(String[] args) {
    String output = OUTPUT_DEFAULT;
    Optional<LocalDate> asOf = Optional.empty();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (i + 1 >= args.length) {
        throw bad(arg + " needs a value");
      }
      String value = args[++i];
      switch (arg) {
        case OUTPUT -> output = value;
        case AS_OF -> asOf = Optional.of(date(value));
        default -> throw bad("unknown argument '" + arg + "'");
      }
    }
    return new Request(output, asOf);
  }

  private static LocalDate date(String value) {
    try {
      return LocalDate.parse(value);
    } catch (DateTimeParseException e) {
      throw bad(AS_OF + " must be YYYY-MM-DD, got '" + value + "'");
    }
  }

  private static ClaimlensException bad(String message) {
    return ClaimlensException.badArguments(message + "; " + USAGE);
  }

  private record Request(String output, Optional<LocalDate> asOf) {}
}
