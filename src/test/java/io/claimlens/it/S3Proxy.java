package io.claimlens.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.commons.io.FileUtils;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;

/**
 * A real S3-compatible server on loopback: s3proxy 4.1.0 with its filesystem backend under
 * target/it/s3 (../shared/STACK.md §5), one bucket, and a secret key made up for this run so the
 * tests can look for it wherever it must not be.
 */
public final class S3Proxy implements AutoCloseable {
  /** The bucket the tests use. */
  public static final String BUCKET = "claimlens-it";

  private Process process;
  private final Path dataDir;
  private final Path conf;
  private final Path log;
  private final int port;
  private final String endpoint;
  private final String accessKey = "claimlens-it-access";
  private final String secretKey = "it-secret-" + UUID.randomUUID();

  private S3Proxy(String name) throws IOException {
    Path dir = ItEnvironment.dir().resolve(name);
    FileUtils.deleteDirectory(dir.toFile());
    dataDir = Files.createDirectories(dir.resolve("data"));
    // with the filesystem backend a bucket is a folder
    Files.createDirectories(dataDir.resolve(BUCKET));
    port = ItEnvironment.freePort();
    endpoint = "http://127.0.0.1:" + port;
    conf = dir.resolve("s3proxy.conf");
    Files.writeString(
        conf,
        String.join(
            "\n",
            "s3proxy.endpoint=" + endpoint,
            "s3proxy.authorization=aws-v2-or-v4",
            "s3proxy.identity=" + accessKey,
            "s3proxy.credential=" + secretKey,
            "jclouds.provider=filesystem-nio2",
            "jclouds.identity=unused",
            "jclouds.credential=unused",
            "jclouds.filesystem.basedir=" + dataDir,
            ""));
    log = dir.resolve("s3proxy.log");
    launch();
  }

  private void launch() throws IOException {
    Process started =
        new ProcessBuilder(
                List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx512m",
                    "-jar",
                    ItEnvironment.s3proxyJar().toString(),
                    "--properties",
                    conf.toString()))
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    process = started;
    Runtime.getRuntime().addShutdownHook(new Thread(() -> ItEnvironment.stop(started)));
    ItEnvironment.await(
        "s3proxy listening on " + endpoint, Duration.ofSeconds(60), log, () -> listening(port));
  }

  /**
   * Starts the server shared by the integration tests, under target/it/s3; {@link #close()} stops
   * it.
   */
  public static S3Proxy start() {
    return start("s3");
  }

  /** Starts a server of a test's own, with its objects under target/it/{@code name}. */
  public static S3Proxy start(String name) {
    try {
      return new S3Proxy(name);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Starts the stopped server again on the same port, with the objects it had. */
  public void restart() {
    ItEnvironment.stop(process);
    try {
      launch();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code s3a://claimlens-it/<path>}. */
  public String uri(String path) {
    return "s3a://" + BUCKET + "/" + path;
  }

  /** Where the objects are stored on disk. */
  public Path dataDir() {
    return dataDir;
  }

  public String accessKey() {
    return accessKey;
  }

  public String secretKey() {
    return secretKey;
  }

  /**
   * S3A settings for this server, without credentials (those come separately, as in production).
   */
  public Map<String, String> s3aSettings() {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("fs.s3a.endpoint", endpoint);
    settings.put("fs.s3a.endpoint.region", "us-east-1");
    settings.put("fs.s3a.path.style.access", "true");
    settings.put("fs.s3a.connection.ssl.enabled", "false");
    settings.put("fs.s3a.buffer.dir", ItEnvironment.dir().resolve("s3a-buffer").toString());
    return settings;
  }

  /**
   * Points {@code hadoop} at this server, credentials included; returns the values it replaced
   * (null where there was none), for {@link #restore}.
   */
  public Map<String, String> configure(Configuration hadoop) {
    Map<String, String> settings = new LinkedHashMap<>(s3aSettings());
    settings.put("fs.s3a.access.key", accessKey);
    settings.put("fs.s3a.secret.key", secretKey);
    Map<String, String> replaced = new HashMap<>();
    settings.keySet().forEach(key -> replaced.put(key, hadoop.getRaw(key)));
    settings.forEach(hadoop::set);
    forgetBucket(hadoop);
    return replaced;
  }

  /** Puts back what {@link #configure} replaced. */
  public static void restore(Configuration hadoop, Map<String, String> replaced) {
    replaced.forEach(
        (key, value) -> {
          if (value == null) {
            hadoop.unset(key);
          } else {
            hadoop.set(key, value);
          }
        });
  }

  /**
   * Closes the JVM's cached file system of the bucket, once this server's settings are in place.
   * Hadoop caches it by URI with the settings it was made with, and every server here serves the
   * same bucket name: a class that configured its own server was otherwise sent to the one before
   * it (once stopped: connection refused).
   */
  private static void forgetBucket(Configuration hadoop) {
    try {
      FileSystem.get(URI.create("s3a://" + BUCKET + "/"), hadoop).close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private boolean listening(int port) {
    if (!process.isAlive()) {
      throw new IllegalStateException("s3proxy exited:\n" + ItEnvironment.read(log));
    }
    try (Socket ignored = new Socket(InetAddress.getLoopbackAddress(), port)) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  @Override
  public void close() {
    ItEnvironment.stop(process);
  }
}
