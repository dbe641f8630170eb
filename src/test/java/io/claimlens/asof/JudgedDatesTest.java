package io.claimlens.asof;

import static io.claimlens.testing.RowAssertions.assertRows;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.last_day;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.claimlens.schema.OutputTables;
import io.claimlens.testing.SparkTestBase;
import java.sql.Date;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.expressions.Window;
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

  /**
   * Facts made per date change where a key's value differs from the date before, or its row comes
   * or goes; the dates' gaps (06-04 is none of them) do not count as changes.
   */
  @Test
  void changesOfFactsMadePerDate() {
    StructType schema =
        new StructType()
            .add("id", DataTypes.StringType)
            .add(OutputTables.AS_OF_DATE, DataTypes.DateType)
            .add("value", DataTypes.StringType);
    Object[][] rows = {
      {"steady", "06-01", "a"},
      {"steady", "06-02", "a"},
      {"steady", "06-03", "a"},
      {"steady", "06-05", "a"},
      {"steady", "06-06", "a"},
      {"appears", "06-03", "a"},
      {"appears", "06-05", "a"},
      {"appears", "06-06", "a"},
      {"vanishes", "06-01", "a"},
      {"vanishes", "06-02", "a"},
      {"gap", "06-02", "a"},
      {"gap", "06-05", "a"},
      {"changes", "06-01", "a"},
      {"changes", "06-02", "b"},
      {"changes", "06-03", "b"},
      {"unknown", "06-01", null},
      {"unknown", "06-02", null},
      {"unknown", "06-03", null},
      {"unknown", "06-05", null},
      {"unknown", "06-06", null},
    };
    Dataset<Row> facts =
        spark.createDataFrame(
            Arrays.stream(rows)
                .map(r -> RowFactory.create(r[0], date("2026-" + r[1]), r[2]))
                .toList(),
            schema);
    JudgedDates dates = dates("2026-06-01", "2026-06-02", "2026-06-03", "2026-06-05", "2026-06-06");
    assertRows(
        dates.changes(facts, "id", "value"),
        COLUMNS,
        new Object[] {"steady", date("2026-06-01")},
        new Object[] {"appears", date("2026-06-03")},
        new Object[] {"vanishes", date("2026-06-01")},
        new Object[] {"vanishes", date("2026-06-03")},
        new Object[] {"gap", date("2026-06-02")},
        new Object[] {"gap", date("2026-06-03")},
        new Object[] {"gap", date("2026-06-05")},
        new Object[] {"gap", date("2026-06-06")},
        new Object[] {"changes", date("2026-06-01")},
        new Object[] {"changes", date("2026-06-02")},
        new Object[] {"changes", date("2026-06-05")},
        new Object[] {"unknown", date("2026-06-01")});
    // without values only rows that come or go change
    assertRows(
        dates.changes(facts.filter("id = 'changes'"), "id"),
        COLUMNS,
        new Object[] {"changes", date("2026-06-01")},
        new Object[] {"changes", date("2026-06-05")});
  }

  /**
   * A row is judged at the first date and at the first date on or after its change day, each
   * judgement until the next; and its change day is computed once, whatever the number of dates. A
   * local day written into the comparison with each date made a 30-date backfill's gate plans so
   * large that planning them took seconds and Spark failed to compile one (docs/benchmarks-log.md,
   * item 125).
   */
  @Test
  void aChangeDayIsComputedOnceWhateverTheDates() {
    JudgedDates june =
        JudgedDates.of(
            Stream.iterate(LocalDate.parse("2026-06-01"), d -> d.plusDays(1)).limit(30).toList());
    StructType schema =
        new StructType().add("id", DataTypes.StringType).add("day", DataTypes.DateType);
    // rows from an RDD, not a local relation, whose projections the optimiser would compute itself
    Dataset<Row> rows =
        spark.createDataFrame(
            JavaSparkContext.fromSparkContext(spark.sparkContext())
                .parallelize(
                    List.of(
                        // the last day of May is before every date: judged at the first alone
                        RowFactory.create("may", date("2026-05-12")),
                        RowFactory.create("june", date("2026-06-09")))),
            schema);
    // last_day(day): June's 30th for 06-09, a date of the range; a marker easy to count in a plan
    Dataset<Row> judged =
        june.judgedOnChange(rows, Window.partitionBy(col("id")), Map.of(), last_day(col("day")));
    assertRows(
        judged,
        List.of("id", OutputTables.AS_OF_DATE, JudgedDates.UNTIL),
        new Object[] {"may", date("2026-06-01"), null},
        new Object[] {"june", date("2026-06-01"), date("2026-06-30")},
        new Object[] {"june", date("2026-06-30"), null});
    String plan = judged.queryExecution().optimizedPlan().toString();
    assertEquals(1, plan.split("last_day\\(", -1).length - 1, plan);
  }
}
