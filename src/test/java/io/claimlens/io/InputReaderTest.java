package io.claimlens.io;

import static io.claimlens.testing.RowAssertions.assertRows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.claimlens.config.ClaimlensException;
import io.claimlens.config.ExitCode;
import io.claimlens.schema.Feedback;
import io.claimlens.schema.Returns;
import io.claimlens.testing.SparkTestBase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading inputs against their declared schema (SPEC §1). */
class InputReaderTest extends SparkTestBase {
  @TempDir Path dir;

  /**
   * Files of one dataset may differ: an older file without the optional `removed` column, a
   * `smallint` rating, an extra column. All are read as declared.
   */
  @Test
  void filesWithDifferentOptionalColumnsAndNarrowerTypesReadAsDeclared() {
    String feedback = dir.resolve("in/feedback").toString();
    spark
        .sql(
            "select 'f1' feedback_id, 'o1' order_id, cast(5 as smallint) rating,"
                + " timestamp'2026-06-01 10:00:00' feedback_ts, timestamp'2026-06-01 10:00:00' updated_ts, 'x' extra")
        .write()
        .parquet(feedback + "/part=old");
    spark
        .sql(
            "select 'f2' feedback_id, 'o2' order_id, cast(1 as smallint) rating, true removed,"
                + " timestamp'2026-06-02 10:00:00' feedback_ts, timestamp'2026-06-02 10:00:00' updated_ts")
        .write()
        .parquet(feedback + "/part=new");

    Dataset<Row> read =
        new InputReader(spark, dir.resolve("in").toString()).read(Feedback.SCHEMA).orElseThrow();

    assertEquals(Feedback.SCHEMA.sparkSchema(), read.schema());
    assertRows(
        read,
        List.of("feedback_id", "rating", "removed", "comment"),
        new Object[] {"f1", 5, null, null},
        new Object[] {"f2", 1, true, null});
  }

  @Test
  void absentOptionalDatasetIsEmptyAndEmptyFolderIsAnEmptyDataset() throws Exception {
    InputReader reader = new InputReader(spark, dir.toString());
    assertTrue(reader.read(Returns.SCHEMA).isEmpty());
    Files.createDirectories(dir.resolve("returns"));
    Files.writeString(dir.resolve("returns/_SUCCESS"), "");
    assertEquals(0, reader.read(Returns.SCHEMA).orElseThrow().count());
  }

  @Test
  void wideningThatCouldLoseDataIsASchemaError() {
    spark
        .sql(
            "select 'f1' feedback_id, 'o1' order_id, cast(5 as bigint) rating,"
                + " timestamp'2026-06-01 10:00:00' feedback_ts, timestamp'2026-06-01 10:00:00' updated_ts")
        .write()
        .parquet(dir.resolve("feedback").toString());

    ClaimlensException e =
        assertThrows(
            ClaimlensException.class,
            () -> new InputReader(spark, dir.toString()).read(Feedback.SCHEMA));
    assertEquals(ExitCode.INPUT_SCHEMA, e.exitCode());
    assertEquals(
        "input schema error: dataset 'feedback' column 'rating': expected int, found bigint",
        e.getMessage());
  }

  @Test
  void filesDisagreeingOnAColumnTypeAreASchemaError() {
    String feedback = dir.resolve("feedback").toString();
    spark
        .sql(
            "select 'f1' feedback_id, 'o1' order_id, 5 rating, timestamp'2026-06-01 10:00:00' feedback_ts,"
                + " timestamp'2026-06-01 10:00:00' updated_ts")
        .write()
        .parquet(feedback + "/part=a");
    spark
        .sql(
            "select 'f2' feedback_id, 'o2' order_id, 'five' rating, timestamp'2026-06-01 10:00:00' feedback_ts,"
                + " timestamp'2026-06-01 10:00:00' updated_ts")
        .write()
        .parquet(feedback + "/part=b");

    ClaimlensException e =
        assertThrows(
            ClaimlensException.class,
            () -> new InputReader(spark, dir.toString()).read(Feedback.SCHEMA));
    assertEquals(ExitCode.INPUT_SCHEMA, e.exitCode());
    assertTrue(
        e.getMessage()
            .startsWith(
                "input schema error: dataset 'feedback': cannot read one schema from its files"),
        e.getMessage());
    assertEquals(-1, e.getMessage().indexOf('\n'));
  }
}
