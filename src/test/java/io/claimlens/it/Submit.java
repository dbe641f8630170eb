package io.claimlens.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One {@code spark-submit} of the packaged jar, as a user runs it: Spark's own SparkSubmit in a
 * child JVM on the cluster classpath, its stdout and stderr kept in a log file (Spark at INFO, so
 * the log holds everything Spark and claimlens say about the run).
 */
public final class Submit {
  private final List<String> sparkArgs = new ArrayList<>();
  private final Map<String, String> env = new LinkedHashMap<>();
  private final List<String> jobArgs = new ArrayList<>();

  /** Spark options before the jar: {@code --master}, {@code --conf k=v}, ... */
  public Submit spark(String... args) {
    sparkArgs.addAll(List.of(args));
    return this;
  }

  /**
   * A submit in local mode, sized for the test machine as {@link StandaloneCluster#submit()} sizes
   * a cluster's: two cores, two shuffle partitions, no UI.
   */
  public static Submit local() {
    return new Submit()
        .spark("--master", "local[2]")
        .conf("spark.ui.enabled", "false")
        .conf("spark.sql.shuffle.partitions", "2");
  }

  public Submit conf(String key, String value) {
    return spark("--conf", key + "=" + value);
  }

  /** Hadoop settings (S3A's, say) as Spark passes them on: {@code spark.hadoop.<key>}. */
  public Submit hadoop(Map<String, String> settings) {
    settings.forEach((key, value) -> conf("spark.hadoop." + key, value));
    return this;
  }

  public Submit env(Map<String, String> variables) {
    env.putAll(variables);
    return this;
  }

  /** claimlens arguments, after the jar. */
  public Submit job(String... args) {
    jobArgs.addAll(List.of(args));
    return this;
  }

  /** Runs to the end (10 minutes at most) and returns the exit code with the log. */
  public Result run(Path log) {
    List<String> args = new ArrayList<>(sparkArgs);
    args.addAll(
        List.of("--class", "io.claimlens.job.ClaimlensMain", ItEnvironment.appJar().toString()));
    args.addAll(jobArgs);
    List<String> command =
        new ArrayList<>(
            ItEnvironment.javaCommand("2g", "org.apache.spark.deploy.SparkSubmit", args));
    command.add(
        command.size() - args.size() - 1,
        "-Dlog4j2.configurationFile="
            + Path.of("src", "test", "resources", "log4j2-it-submit.properties").toAbsolutePath());
    try {
      Files.createDirectories(log.getParent());
      ProcessBuilder builder =
          new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
      builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
      builder.environment().putAll(env);
      Process process = builder.start();
      Thread hook = new Thread(() -> ItEnvironment.stop(process));
      Runtime.getRuntime().addShutdownHook(hook);
      try {
        if (!process.waitFor(10, TimeUnit.MINUTES)) {
          ItEnvironment.stop(process);
          throw new IllegalStateException("spark-submit ran over 10 minutes; log " + log);
        }
      } finally {
        Runtime.getRuntime().removeShutdownHook(hook);
      }
      return new Result(process.exitValue(), ItEnvironment.read(log));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A finished submit: its exit code and everything it printed. */
  public record Result(int exitCode, String log) {}
}
