package io.claimlens.job;

import io.claimlens.config.ExitCode;
import java.io.PrintStream;
import java.util.function.Supplier;
import org.apache.spark.sql.SparkSession;

/**
 * What the command-line entry points share: the session comes from spark-submit (master and
 * resources are never set in code), and the run's exit code becomes the process's.
 */
final class EntryPoints {

  /** A testable entry point: runs with a session supplier and streams, returns the exit code. */
  @FunctionalInterface
  interface Command {
    int run(String[] args, Supplier<SparkSession> session, PrintStream out, PrintStream err);
  }

  private EntryPoints() {}

  /** Runs {@code command} as the process and exits with its code when it is not success. */
  static void main(String appName, String[] args, Command command) {
    int code =
        command.run(
            args,
            () -> SparkSession.builder().appName(appName).getOrCreate(),
            System.out,
            System.err);
    if (code != ExitCode.SUCCESS.code()) {
      System.exit(code);
    }
  }
}
