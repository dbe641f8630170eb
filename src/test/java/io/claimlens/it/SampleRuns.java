package io.claimlens.it;

import static io.claimlens.testing.RowAssertions.assertSameRows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.claimlens.io.OutputCatalog;
import io.claimlens.job.ClaimlensMain;
import io.claimlens.schema.OutputTables;
import io.claimlens.schema.RunManifestTable;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.io.FileUtils;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The committed sample as the integration tests' input, and the local-disk, local-mode run of it
 * that every other way of running the job (S3, a cluster) must reproduce table for table.
 */
public final class SampleRuns {
  public static final String AS_OF = "2026-06-30";

  /** The parts of a run manifest that differ from run to run by design. */
  private static final List<String> PER_RUN =
      List.of(RunManifestTable.RUN_ID, RunManifestTable.STARTED_AT, RunManifestTable.FINISHED_AT);

  private static String reference;

  private SampleRuns() {}

  /** data-samples/marketplace, absolute. */
  public static Path sample() {
    return Path.of("data-samples", "marketplace").toAbsolutePath();
  }

  /** The job's arguments for the sample as of {@link #AS_OF}. */
  public static String[] arguments(String input, String output) {
    return new String[] {"--input", input, "--output", output, "--as-of", AS_OF};
  }

  /** The output root of the local-disk run, made once per test JVM (in-process, local mode). */
  public static synchronized String localReference(SparkSession spark) {
    if (reference == null) {
      Path out = ItEnvironment.dir().resolve("local-reference");
      try {
        FileUtils.deleteDirectory(out.toFile());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      int code =
          ClaimlensMain.run(
              arguments(sample().toString(), out.toString()),
              () -> spark,
              new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
              new PrintStream(err, true, StandardCharsets.UTF_8));
      assertEquals(0, code, "the local reference run: " + err.toString(StandardCharsets.UTF_8));
      reference = out.toString();
    }
    return reference;
  }

  /**
   * Both roots hold the same tables with the same rows for {@link #AS_OF}, in any order; the run
   * manifest is compared without its run id and timestamps.
   */
  public static void assertSameOutputs(SparkSession spark, String expectedRoot, String actualRoot) {
    List<String> tables = OutputCatalog.tables(spark, expectedRoot);
    assertFalse(tables.isEmpty(), "no tables under " + expectedRoot);
    assertEquals(tables, OutputCatalog.tables(spark, actualRoot), "tables under " + actualRoot);
    for (String table : tables) {
      assertSameRows(partition(spark, expectedRoot, table), partition(spark, actualRoot, table));
    }
  }

  private static Dataset<Row> partition(SparkSession spark, String root, String table) {
    Dataset<Row> rows =
        spark.read().parquet(root + "/" + table + "/" + OutputTables.AS_OF_DATE + "=" + AS_OF);
    return table.equals(OutputTables.RUN_MANIFEST)
        ? rows.drop(PER_RUN.toArray(String[]::new))
        : rows;
  }
}
