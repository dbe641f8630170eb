package io.claimlens.asof;

import static io.claimlens.testing.RowAssertions.assertRows;

import io.claimlens.schema.OutputTables;
import io.claimlens.testing.SparkTestBase;
import java.sql.Date;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * A judgement spread over the dates it stands for: each of the run's dates from the day it was made
 * until its next, whatever the gaps between the dates (worked out by hand from the dates).
 */
class JudgedDatesTest extends SparkTestBase {
  private static final List<String> COLUMNS = List.of("id", OutputTables.AS_OF_DATE);

  /** Rows of (id, judged at, until), the dates as text, until null for "every later date". */
  private Dataset<Row> judged(String[]... rows) {
    StructType schema =
        new StructType()
            .add("id", DataTypes.StringType)
            .add(OutputTables.AS_OF_DATE, DataTypes.DateType)
            .add(JudgedDates.UNTIL, DataTypes.DateType);
    return spark.createDataFrame(
        Arrays.stream(rows)
            .map(r -> RowFactory.create(r[0], date(r[1]), r[2] == null ? null : date(r[2])))
            .toList(),
        schema);
  }

  private static Date date(String day) {
    return Date.valueOf(LocalDate.parse(day));
  }

  private static JudgedDates dates(String... days) {
    return JudgedDates.of(Arrays.stream(days).map(LocalDate::parse).toList());
  }

  @Test
  void aNightsDatesAWeekApart() {
    Dataset<Row> judged =
        judged(
            new String[] {"both", "2026-06-23", null},
            new String[] {"week-before-only", "2026-06-23", "2026-06-30"},
            new String[] {"night-only", "2026-06-30", null},
            // a state made before the first date, as the order reference's can be
            new String[] {"earlier", "2026-06-16", null},
            new String[] {"earlier-until-between", "2026-06-16", "2026-06-24"},
            new String[] {"earlier-until-first", "2026-06-16", "2026-06-23"});
    assertRows(
        dates("2026-06-30", "2026-06-23").spread(judged),
        COLUMNS,
        new Object[] {"both", date("2026-06-23")},
        new Object[] {"both", date("2026-06-30")},
        new Object[] {"week-before-only", date("2026-06-23")},
        new Object[] {"night-only", date("2026-06-30")},
        new Object[] {"earlier", date("2026-06-23")},
        new Object[] {"earlier", date("2026-06-30")},
        new Object[] {"earlier-until-between", date("2026-06-23")});
  }

  @Test
  void oneDateTakesTheJudgementsThatStandForIt() {
    Dataset<Row> judged =
        judged(
            new String[] {"stands", "2026-06-23", null},
            new String[] {"ends-at-it", "2026-06-23", "2026-06-30"},
            new String[] {"made-at-it", "2026-06-30", "2026-07-01"});
    assertRows(
        dates("2026-06-30").spread(judged),
        COLUMNS,
        new Object[] {"stands", date("2026-06-30")},
        new Object[] {"made-at-it", date("2026-06-30")});
  }

  @Test
  void datesWithACommonStepAndDatesWithout() {
    Dataset<Row> judged =
        judged(
            new String[] {"all", "2026-06-20", null},
            new String[] {"one", "2026-06-23", "2026-06-29"},
            new String[] {"off-step", "2026-06-21", null});
    // every third day from the first
    assertRows(
        dates("2026-06-20", "2026-06-23", "2026-06-29").spread(judged),
        COLUMNS,
        new Object[] {"all", date("2026-06-20")},
        new Object[] {"all", date("2026-06-23")},
        new Object[] {"all", date("2026-06-29")},
        new Object[] {"one", date("2026-06-23")},
        new Object[] {"off-step", date("2026-06-23")},
        new Object[] {"off-step", date("2026-06-29")});
    // gaps of one and six days: every day is a candidate
    assertRows(
        dates("2026-06-22", "2026-06-23", "2026-06-29").spread(judged),
        COLUMNS,
        new Object[] {"all", date("2026-06-22")},
        new Object[] {"all", date("2026-06-23")},
        new Object[] {"all", date("2026-06-29")},
        new Object[] {"one", date("2026-06-23")},
        new Object[] {"off-step", date("2026-06-22")},
        new Object[] {"off-step", date("2026-06-23")},
        new Object[] {"off-step", date("2026-06-29")});
  }
}
