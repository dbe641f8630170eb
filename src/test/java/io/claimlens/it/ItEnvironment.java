package io.claimlens.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * What the integration tests get from the build (failsafe's system properties): the packaged jar,
 * the classpath a cluster would supply (Spark, Hadoop, S3A; target/it-classpath.txt), Spark's JVM
 * flags, the s3proxy jar and a scratch folder under target/. Also free loopback ports and waiting.
 */
public final class ItEnvironment {
  private ItEnvironment() {}

  /** Scratch folder of this build's integration tests, {@code target/it}. */
  public static Path dir() {
    return path("claimlens.it.dir");
  }

  /** The shaded application jar that a user submits. */
  public static Path appJar() {
    Path jar = path("claimlens.it.app-jar");
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          jar + " is missing: run the integration tests with mvn verify");
    }
    return jar;
  }

  /** Spark, Hadoop and S3A jars: what a cluster supplies; test-only jars are not on it. */
  public static List<String> clusterClasspath() {
    try {
      String cp = Files.readString(path("claimlens.it.classpath-file")).strip();
      return List.of(cp.split(java.io.File.pathSeparator));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static Path s3proxyJar() {
    return path("claimlens.it.s3proxy-jar");
  }

  /** Spark 4's JavaModuleOptions, as in the pom; every JVM started here gets them. */
  public static List<String> jvmFlags() {
    return Arrays.stream(property("claimlens.it.jvm-flags").trim().split("\\s+")).toList();
  }

  /** {@code java <flags> -Xmx<heap> -cp <cluster classpath> <main> <args>}. */
  public static List<String> javaCommand(String heap, String main, List<String> args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmFlags());
    command.add("-Xmx" + heap);
    // as scripts/common.sh runs the job: the throughput collector
    command.add("-XX:+UseParallelGC");
    command.add("-cp");
    command.add(String.join(java.io.File.pathSeparator, clusterClasspath()));
    command.add(main);
    command.addAll(args);
    return command;
  }

  /** A port nobody listens on now, on 127.0.0.1. */
  public static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Waits until {@code condition} holds; fails naming {@code what} and showing {@code log}. */
  public static void await(String what, Duration timeout, Path log, BooleanSupplier condition) {
    Instant deadline = Instant.now().plus(timeout);
    while (!condition.getAsBoolean()) {
      if (Instant.now().isAfter(deadline)) {
        throw new IllegalStateException(
            what + " did not happen within " + timeout + "; log " + log + ":\n" + read(log));
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted waiting for " + what, e);
      }
    }
  }

  /** A log file's text, or "" before it exists. */
  public static String read(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Stops a process and everything it started (a worker's executors), waiting for them. */
  public static void stop(Process process) {
    List<ProcessHandle> children = process.descendants().toList();
    process.destroy();
    children.forEach(ProcessHandle::destroy);
    try {
      if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
    children.forEach(ProcessHandle::destroyForcibly);
  }

  /**
   * A path property, absolute and without {@code ..}: the app module builds into the repository's
   * target/ through app/../target, and s3proxy's filesystem store answers every request with 400
   * Bad Request when its base folder's path holds a {@code ..}.
   */
  private static Path path(String name) {
    return Path.of(property(name)).toAbsolutePath().normalize();
  }

  private static String property(String name) {
    String value = System.getProperty(name);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException(
          "system property " + name + " is not set: run the integration tests with mvn verify");
    }
    return value;
  }
}
