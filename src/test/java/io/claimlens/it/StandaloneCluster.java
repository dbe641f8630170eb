package io.claimlens.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.commons.io.FileUtils;

/**
 * A Spark standalone master and one worker (2 cores) as child JVMs on 127.0.0.1, started from the
 * classpath a cluster supplies, with no Spark distribution: SPARK_HOME is a folder whose jars/
 * links to those jars, and SPARK_SCALA_VERSION tells the worker how to launch executors
 * (../shared/STACK.md §6).
 */
public final class StandaloneCluster implements AutoCloseable {
  private final Path home;
  private final Path workDir;
  private final Process master;
  private final Process worker;
  private final String url;

  private StandaloneCluster() throws IOException {
    home = ItEnvironment.dir().resolve("spark-home");
    FileUtils.deleteDirectory(home.toFile());
    Path jars = Files.createDirectories(home.resolve("jars"));
    for (String jar : ItEnvironment.clusterClasspath()) {
      Path target = Path.of(jar);
      Files.createSymbolicLink(jars.resolve(target.getFileName()), target);
    }
    workDir = Files.createDirectories(home.resolve("work"));
    int port = ItEnvironment.freePort();
    url = "spark://127.0.0.1:" + port;

    Path masterLog = home.resolve("master.log");
    master =
        start(
            "org.apache.spark.deploy.master.Master",
            List.of(
                "--host",
                "127.0.0.1",
                "--port",
                String.valueOf(port),
                "--webui-port",
                String.valueOf(ItEnvironment.freePort())),
            masterLog);
    ItEnvironment.await(
        "the master starting",
        Duration.ofSeconds(90),
        masterLog,
        () ->
            alive(master, masterLog)
                && ItEnvironment.read(masterLog).contains("I have been elected leader"));

    Path workerLog = home.resolve("worker.log");
    worker =
        start(
            "org.apache.spark.deploy.worker.Worker",
            List.of(
                "--host",
                "127.0.0.1",
                "--cores",
                "2",
                "--memory",
                "3g",
                "--webui-port",
                String.valueOf(ItEnvironment.freePort()),
                "--work-dir",
                workDir.toString(),
                url),
            workerLog);
    ItEnvironment.await(
        "the worker registering with the master",
        Duration.ofSeconds(90),
        workerLog,
        () ->
            alive(worker, workerLog)
                && ItEnvironment.read(workerLog).contains("Successfully registered with master"));
  }

  /** Starts the master and the worker; {@link #close()} stops them and their executors. */
  public static StandaloneCluster start() {
    try {
      return new StandaloneCluster();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code spark://127.0.0.1:PORT}. */
  public String masterUrl() {
    return url;
  }

  /** The environment a driver submitting here needs (the same SPARK_HOME as the worker). */
  public Map<String, String> environment() {
    return Map.of(
        "SPARK_HOME",
        home.toString(),
        "SPARK_SCALA_VERSION",
        "2.13",
        "SPARK_LOCAL_IP",
        "127.0.0.1");
  }

  /**
   * A SparkSubmit to this cluster in client mode, sized for the test machine: one executor of two
   * cores, two shuffle partitions, no UI. The executor runs once and exits like the driver, so it
   * gets the driver's JVM flags (C1 only: the two integration classes that submit here took 0.87x
   * the wall time with it, docs/benchmarks.md).
   */
  public Submit submit() {
    return new Submit()
        .spark("--master", masterUrl(), "--deploy-mode", "client")
        .conf("spark.executor.extraJavaOptions", String.join(" ", ItEnvironment.jvmFlags()))
        .conf("spark.executor.memory", "1536m")
        .conf("spark.cores.max", "2")
        .conf("spark.driver.host", "127.0.0.1")
        .conf("spark.ui.enabled", "false")
        .conf("spark.sql.shuffle.partitions", "2")
        .env(environment());
  }

  /** The stderr files of the executors this worker ran for {@code appId}. */
  public List<Path> executorLogs(String appId) {
    Path appDir = workDir.resolve(appId);
    if (!Files.isDirectory(appDir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(appDir)) {
      return files.filter(p -> p.getFileName().toString().equals("stderr")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Process start(String main, List<String> args, Path log) throws IOException {
    ProcessBuilder builder =
        new ProcessBuilder(ItEnvironment.javaCommand("512m", main, args))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder.environment().putAll(environment());
    Process process = builder.start();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> ItEnvironment.stop(process)));
    return process;
  }

  private static boolean alive(Process process, Path log) {
    if (!process.isAlive()) {
      throw new IllegalStateException("exited:\n" + ItEnvironment.read(log));
    }
    return true;
  }

  @Override
  public void close() {
    ItEnvironment.stop(worker);
    ItEnvironment.stop(master);
  }
}
