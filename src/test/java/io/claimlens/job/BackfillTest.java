package io.claimlens.job;

import static io.claimlens.testing.RowAssertions.assertSameRows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.claimlens.report.RiskReport;
import io.claimlens.schema.OutputTables;
import io.claimlens.testing.Published;
import io.claimlens.testing.SampleRun;
import io.claimlens.testing.SparkTestBase;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A backfill ({@code --from D1 --to D2}, one job) writes exactly what the nightly job writes when
 * run once per date of the range (SPEC §5), on the committed sample over {@value
 * SampleRun#BACKFILL_DATES} as-of dates (why that many: {@link SampleRun#BACKFILL_DATES}). The
 * backfill and the nightly run of the last date are the build's shared runs of the sample ({@link
 * SampleRun}); the other nights are this class's own.
 */
class BackfillTest extends SparkTestBase {
  private static final String SAMPLE = SampleRun.sample().toString();
  private static final LocalDate LAST = LocalDate.parse(SampleRun.AS_OF);
  private static final int DATES = SampleRun.BACKFILL_DATES;
  private static final LocalDate FIRST = SampleRun.BACKFILL_FIRST;

  @TempDir static Path dir;
  private static String nights;
  private static String lastNight;
  private static String backfill;

  @BeforeAll
  static void runBothWays() {
    nights = dir.resolve("nights").toString();
    lastNight = SampleRun.output(spark);
    for (LocalDate d = FIRST; d.isBefore(LAST); d = d.plusDays(1)) {
      assertEquals(0, run("--as-of", d.toString(), "--output", nights), "night " + d);
    }
    backfill = SampleRun.backfill(spark);
  }

  @Test
  void everyTableEqualsTheNightlyRunsDateByDate() {
    for (String table : OutputTables.ALL) {
      Dataset<Row> expected = table(nights, table).unionByName(table(lastNight, table));
      Dataset<Row> actual = table(backfill, table);
      assertEquals(DATES, actual.select(OutputTables.AS_OF_DATE).distinct().count(), table);
      assertSameRows(expected, actual);
    }
  }

  @Test
  void theBackfillCoversTheRangeWithRowsOnEveryDate() {
    List<String> empty = new ArrayList<>();
    for (String table :
        List.of(
            OutputTables.SELLER_METRICS,
            OutputTables.SKU_METRICS,
            OutputTables.CLAIM_ATTRIBUTION,
            OutputTables.SELLER_RISK,
            OutputTables.QUARANTINE,
            OutputTables.RUN_MANIFEST)) {
      long dates =
          table(backfill, table)
              .groupBy(OutputTables.AS_OF_DATE)
              .count()
              .filter("count > 0")
              .count();
      if (dates != DATES) {
        empty.add(table + " has rows on " + dates + " dates");
      }
    }
    assertTrue(empty.isEmpty(), String.join("; ", empty));
  }

  /**
   * The backfill's reports, whose queries take all its dates at once, are the nights' reports byte
   * for byte, sparklines included: each night's report read the nights before it, as the backfill's
   * report of that date reads the dates before it. The last date's night is the shared run, whose
   * root has no earlier nights, so the dates before it are compared.
   */
  @Test
  void everyReportEqualsTheNightlyRunsReportOfItsDate() throws IOException {
    for (LocalDate d = FIRST; d.isBefore(LAST); d = d.plusDays(1)) {
      String name = "claimlens-report-" + d + ".html";
      assertEquals(
          Files.readString(Path.of(nights, RiskReport.REPORTS_FOLDER, name)),
          Files.readString(Path.of(backfill, RiskReport.REPORTS_FOLDER, name)),
          name);
    }
  }

  /** The whole table over all dates ({@link Published#everyDate}). */
  private static Dataset<Row> table(String root, String table) {
    return Published.everyDate(spark, root, table);
  }

  private static int run(String... args) {
    List<String> all = new ArrayList<>(List.of("--input", SAMPLE));
    all.addAll(List.of(args));
    return ClaimlensMain.run(
        all.toArray(new String[0]),
        () -> spark,
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
        System.err);
  }
}
