package io.claimlens.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.claimlens.testing.SparkTestBase;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/** Collected rows as report records: each component from the column its {@link From} names. */
class RecordRowsTest extends SparkTestBase {

  record Sample(
      @From("day") LocalDate day,
      @From("at") Instant at,
      @From("n") long n,
      @From("k") Integer k,
      @From("rate") Double rate,
      @From("flag") boolean flag,
      @From("names") List<String> names,
      String extra) {}

  record Strict(@From("n") long n) {}

  private Dataset<Row> rows() {
    return spark.sql(
        "select * from values"
            + " (date'2026-06-30', timestamp_ltz'2026-06-30 10:00:00Z', 3L, 7, 0.25, true,"
            + " array('a', null, 'b'), 'ignored'),"
            + " (date'2026-07-01', cast(null as timestamp_ltz), 4L, cast(null as int),"
            + " cast(null as double), false, cast(null as array<string>), 'ignored')"
            + " as t(day, at, n, k, rate, flag, names, other) order by day");
  }

  @Test
  void componentsAreReadFromTheirColumnsAndTheRestFollow() {
    List<Row> collected = rows().select(RecordRows.columns(Sample.class)).collectAsList();
    assertEquals(7, collected.get(0).size(), "only the annotated columns are selected");
    Sample first = RecordRows.of(collected.get(0), Sample.class, "given");
    assertEquals(
        new Sample(
            LocalDate.parse("2026-06-30"),
            Instant.parse("2026-06-30T10:00:00Z"),
            3L,
            7,
            0.25,
            true,
            List.of("a", "b"),
            "given"),
        first);
    Sample second = RecordRows.of(collected.get(1), Sample.class, "other");
    assertEquals(
        new Sample(LocalDate.parse("2026-07-01"), null, 4L, null, null, false, List.of(), "other"),
        second);
  }

  @Test
  void collectMapsEveryRowAndANullIntoAPrimitiveNamesItsColumn() {
    assertEquals(List.of(new Strict(3L), new Strict(4L)), RecordRows.collect(rows(), Strict.class));
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> RecordRows.collect(spark.sql("select cast(null as bigint) as n"), Strict.class));
    assertTrue(e.getMessage().contains("column n is null"), e.getMessage());
  }
}
