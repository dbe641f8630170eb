package io.claimlens.io;

import static io.claimlens.testing.RowAssertions.assertRows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.claimlens.config.AsOfDates;
import io.claimlens.testing.SparkTestBase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Staging and publishing (SPEC §4): a failed run leaves every published partition as it was. */
class OutputWriterTest extends SparkTestBase {
  private static final LocalDate D = LocalDate.parse("2026-06-30");
  private static final AsOfDates NIGHT = AsOfDates.of(D);

  @TempDir Path dir;

  @Test
  void publishSwapsInTheNewPartitionAndNothingElse() {
    OutputWriter first = new OutputWriter(spark, dir.toString(), "run-1", NIGHT);
    assertEquals(Map.of(D, 2L), first.stage("t", rows("(1), (2)")));
    first.publish();
    OutputWriter second = new OutputWriter(spark, dir.toString(), "run-2", NIGHT);
    assertEquals(Map.of(D, 1L), second.stage("t", rows("(3)")));

    assertRows(spark.read().parquet(dir + "/t"), List.of("v"), new Object[] {1}, new Object[] {2});
    second.publish();
    assertRows(spark.read().parquet(dir + "/t"), List.of("v", "as_of_date"), new Object[] {3, D});
  }

  @Test
  void aFailingTableLeavesThePublishedPartitionsAndNoScratchBehind() throws IOException {
    OutputWriter first = new OutputWriter(spark, dir.toString(), "run-1", NIGHT);
    first.stage("a", rows("(1)"));
    first.stage("b", rows("(1)"));
    first.publish();

    OutputWriter failing = new OutputWriter(spark, dir.toString(), "run-2", NIGHT);
    failing.stage("a", rows("(2)"));
    assertThrows(
        Exception.class,
        () ->
            failing.stage(
                "b",
                spark.sql(
                    "select raise_error('the second table fails') as v,"
                        + " date'2026-06-30' as as_of_date")));
    failing.abort();

    assertRows(spark.read().parquet(dir + "/a"), List.of("v"), new Object[] {1});
    assertRows(spark.read().parquet(dir + "/b"), List.of("v"), new Object[] {1});
    for (String table : List.of("a", "b")) {
      try (Stream<Path> entries = Files.list(dir.resolve(table))) {
        assertEquals(
            List.of("as_of_date=2026-06-30"),
            entries.map(p -> p.getFileName().toString()).toList());
      }
    }
  }

  @Test
  void aBackfillPublishesEveryDateAndEmptiesADateWithoutRows() {
    LocalDate next = D.plusDays(1);
    OutputWriter night = new OutputWriter(spark, dir.toString(), "run-1", AsOfDates.of(next));
    night.stage("t", spark.sql("select 9 as v, date'2026-07-01' as as_of_date"));
    night.publish();

    OutputWriter backfill =
        new OutputWriter(spark, dir.toString(), "run-2", new AsOfDates(D, next));
    // no row for the second date: its partition must still replace the night's, empty
    assertEquals(Map.of(D, 2L, next, 0L), backfill.stage("t", rows("(1), (2)")));
    backfill.publish();

    assertRows(
        spark.read().parquet(dir + "/t"),
        List.of("v", "as_of_date"),
        new Object[] {1, D},
        new Object[] {2, D});
    assertEquals(0, spark.read().parquet(dir + "/t/as_of_date=2026-07-01").count());
  }

  /** Rows of one int column v at D, from a VALUES list. */
  private static org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> rows(String values) {
    return spark.sql("select v, date'2026-06-30' as as_of_date from values " + values + " as t(v)");
  }
}
