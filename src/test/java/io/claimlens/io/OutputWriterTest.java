package io.claimlens.io;

import static io.claimlens.testing.RowAssertions.assertRows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.claimlens.testing.SparkTestBase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Staging and publishing (SPEC §4): a failed run leaves every published partition as it was. */
class OutputWriterTest extends SparkTestBase {
  private static final LocalDate D = LocalDate.parse("2026-06-30");

  @TempDir Path dir;

  @Test
  void publishSwapsInTheNewPartitionAndNothingElse() {
    OutputWriter first = new OutputWriter(spark, dir.toString(), "run-1", D);
    assertEquals(2, first.stage("t", spark.sql("select * from values (1), (2) as t(v)")));
    first.publish();
    OutputWriter second = new OutputWriter(spark, dir.toString(), "run-2", D);
    assertEquals(1, second.stage("t", spark.sql("select 3 as v")));

    assertRows(spark.read().parquet(dir + "/t"), List.of("v"), new Object[] {1}, new Object[] {2});
    second.publish();
    assertRows(spark.read().parquet(dir + "/t"), List.of("v", "as_of_date"), new Object[] {3, D});
  }

  @Test
  void aFailingTableLeavesThePublishedPartitionsAndNoScratchBehind() throws IOException {
    OutputWriter first = new OutputWriter(spark, dir.toString(), "run-1", D);
    first.stage("a", spark.sql("select 1 as v"));
    first.stage("b", spark.sql("select 1 as v"));
    first.publish();

    OutputWriter failing = new OutputWriter(spark, dir.toString(), "run-2", D);
    failing.stage("a", spark.sql("select 2 as v"));
    assertThrows(
        Exception.class,
        () -> failing.stage("b", spark.sql("select raise_error('the second table fails') as v")));
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
}
