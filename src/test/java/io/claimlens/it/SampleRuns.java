package io.claimlens.it;

import static io.claimlens.testing.RowAssertions.assertSameRows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.claimlens.io.OutputCatalog;
import io.claimlens.schema.OutputTables;
import io.claimlens.testing.Published;
import io.claimlens.testing.SampleRun;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The committed sample as the integration tests' input, and the local-disk, local-mode run of it
 * that every other way of running the job (S3, a cluster) must reproduce table for table.
 */
public final class SampleRuns {
  public static final String AS_OF = SampleRun.AS_OF;

  private SampleRuns() {}

  /** data-samples/marketplace, absolute. */
  public static Path sample() {
    return SampleRun.sample();
  }

  /** The job's arguments for the sample as of {@link #AS_OF}. */
  public static String[] arguments(String input, String output) {
    return SampleRun.arguments(input, output);
  }

  /**
   * The output root of the local-disk run (in-process, local mode) of {@link SampleRun}: under
   * Maven the one the unit tests of the same build made and read, otherwise this JVM's own.
   */
  public static String localReference(SparkSession spark) {
    return SampleRun.output(spark);
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
    return Published.withoutRunIdentity(table, rows);
  }
}
