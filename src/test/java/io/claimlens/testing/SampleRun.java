package io.claimlens.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.claimlens.job.ClaimlensMain;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.io.FileUtils;
import org.apache.spark.sql.SparkSession;

/**
 * The committed sample (data-samples/marketplace) run through the real entry point as of {@link
 * #AS_OF} with default arguments, once per test JVM, for every test class that only reads its
 * outputs. A whole-job run on the sample is the dearest step of the suite; tests that rerun, fail
 * or compare other runs make their own.
 */
public final class SampleRun {
  /** The date the sample is meant to be run as of (data-samples/README.md). */
  public static final String AS_OF = "2026-06-30";

  private static String output;
  private static String failure;
  private static List<String> warnings = List.of();

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
   * The output root of this JVM's run, made on first call in a fresh folder under target/ that is
   * deleted when the JVM exits. Callers must only read it. A failed run fails every caller with the
   * job's error, without running again.
   */
  public static synchronized String output(SparkSession spark) {
    if (output == null && failure == null) {
      Path out = freshFolder();
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      int code;
      try (LogCapture log = LogCapture.warnings()) {
        code =
            ClaimlensMain.run(
                arguments(sample().toString(), out.toString()),
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
    assertEquals(null, failure, "the shared run on the sample");
    return output;
  }

  /** The warnings logged during this JVM's run (after {@link #output}). */
  public static synchronized List<String> warnings() {
    return warnings;
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
}
