package io.claimlens.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.commons.io.FileUtils;

/**
 * A real S3-compatible server on loopback: s3proxy 4.1.0 with its filesystem backend under
 * target/it/s3 (../shared/STACK.md §5), one bucket, and a secret key made up for this run so the
 * tests can look for it wherever it must not be.
 */
public final class S3Proxy implements AutoCloseable {
  /** The bucket the tests use. */
  public static final String BUCKET = "claimlens-it";

  private final Process process;
  private final Path dataDir;
  private final Path log;
  private final String endpoint;
  private final String accessKey = "claimlens-it-access";
  private final String secretKey = "it-secret-" + UUID.randomUUID();

  private S3Proxy() throws IOException {
    Path dir = ItEnvironment.dir().resolve("s3");
    FileUtils.deleteDirectory(dir.toFile());
    dataDir = Files.createDirectories(dir.resolve("data"));
    // with the filesystem backend a bucket is a folder
    Files.createDirectories(dataDir.resolve(BUCKET));
    int port = ItEnvironment.freePort();
    endpoint = "http://127.0.0.1:" + port;
    Path conf = dir.resolve("s3proxy.conf");
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
    process =
        new ProcessBuilder(
                List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx512m",
                    "-jar",
                    ItEnvironment.s3proxyJar().toString(),
                    "--properties",
                    conf.toString()))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> ItEnvironment.stop(process)));
    ItEnvironment.await(
        "s3proxy listening on " + endpoint, Duration.ofSeconds(60), log, () -> listening(port));
  }

  /** Starts the server; {@link #close()} stops it. */
  public static S3Proxy start() {
    try {
      return new S3Proxy();
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
