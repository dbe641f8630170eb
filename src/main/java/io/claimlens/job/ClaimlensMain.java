package io.claimlens.job;

import io.claimlens.config.ClaimlensException;
import io.claimlens.config.ExitCode;
import io.claimlens.config.JobArguments;
import io.claimlens.config.JobConfig;
import io.claimlens.config.Policy;
import io.claimlens.config.TableFormat;
import io.claimlens.io.CatalogTables;
import io.claimlens.io.PolicySource;
import io.claimlens.io.PublishedTables;
import io.claimlens.job.NightlyJob.RunSummary;
import io.claimlens.schema.OutputTables;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Supplier;
import org.apache.spark.sql.SparkSession;

/**
 * Entry point for {@code spark-submit --class io.claimlens.job.ClaimlensMain} (SPEC §5). The master
 * and resources come from spark-submit; this class only parses, runs and maps errors to exit codes.
 */
public final class ClaimlensMain {

  private ClaimlensMain() {}

  public static void main(String[] args) {
    EntryPoints.main("claimlens", args, ClaimlensMain::run, ClaimlensMain::tableFormat);
  }

  /** The table format the arguments ask for; the default when they are bad (run says why). */
  private static TableFormat tableFormat(String[] args) {
    try {
      return JobArguments.parse(args).tableFormat();
    } catch (ClaimlensException e) {
      return JobArguments.TABLE_FORMAT_DEFAULT;
    }
  }

  /**
   * Runs the job and returns its exit code: 0 success, 2 bad arguments or policy, 3 input schema
   * error, 4 output root locked by another run, 1 anything else. User errors print one line;
   * unexpected ones a line and the trace.
   */
  public static int run(
      String[] args, Supplier<SparkSession> session, PrintStream out, PrintStream err) {
    JobConfig config;
    try {
      config = JobArguments.parse(args);
    } catch (ClaimlensException e) {
      err.println("claimlens: " + e.getMessage());
      return e.exitCode().code();
    }
    try {
      SparkSession spark = session.get();
      PublishedTables.requireFormat(
          spark.sparkContext().hadoopConfiguration(), config.output(), config.tableFormat());
      if (config.registerTables().isPresent()) {
        CatalogTables.requirePersistentCatalog(spark);
      }
      Policy policy =
          PolicySource.load(config.policy(), spark.sparkContext().hadoopConfiguration());
      RunSummary summary = new NightlyJob(spark, config, policy).run();
      out.println(summaryLine(summary));
      out.println(
          "claimlens: "
              + (config.tableFormat() == TableFormat.DELTA ? "Delta tables" : "tables")
              + " under "
              + config.output()
              + "/{"
              + String.join(",", OutputTables.ALL)
              + "}/"
              + OutputTables.AS_OF_DATE
              + "="
              + (config.asOf().isSingle() ? config.asOf() : "{" + config.asOf() + "}"));
      summary.reports().forEach(report -> out.println("claimlens: report " + report));
      return ExitCode.SUCCESS.code();
    } catch (ClaimlensException e) {
      err.println("claimlens: " + e.getMessage());
      return e.exitCode().code();
    } catch (Exception e) {
      // Exception: a store's IOException (S3 unreachable) comes out of Spark undeclared
      err.println("claimlens: run failed: " + e);
      e.printStackTrace(err);
      return ExitCode.FAILURE.code();
    }
  }

  /** The one line a scheduler's log keeps per run. */
  static String summaryLine(RunSummary s) {
    double seconds = Duration.between(s.started(), s.finished()).toMillis() / 1000.0;
    return String.format(
        Locale.ROOT,
        "claimlens: as_of=%s run_id=%s rows_in=%d quarantined=%d rows_out=%d seconds=%.1f",
        s.asOf(),
        s.runId(),
        s.rowsRead(),
        s.rowsQuarantined(),
        s.rowsOut(),
        seconds);
  }
}
