package io.claimlens.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.claimlens.io.OutputCatalog;
import io.claimlens.schema.OutputTables;
import io.claimlens.testing.SampleRun;
import io.claimlens.testing.SparkTestBase;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every ready query under jobs/queries runs over the JVM's one job run on data-samples/ ({@link
 * SampleRun}) and returns rows, the way scripts/query.sh runs it (views over the output folder, no
 * metastore). A query over a SPEC table that the job does not write yet is skipped, naming the
 * table, and is covered as soon as the table lands.
 */
class ReadyQueriesTest extends SparkTestBase {
  private static final Path QUERIES = Path.of("jobs", "queries");
  private static final String AS_OF = SampleRun.AS_OF;

  private static String output;
  private static Map<String, String> params;

  @BeforeAll
  static void runOnSample() {
    output = SampleRun.output(spark);
    List<String> views = OutputCatalog.registerViews(spark, output);
    assertEquals(OutputTables.ALL, views, "one view per table, in OutputTables order");
    // the seller with the most ODR defects, for the queries about one seller
    String seller =
        spark
            .sql(
                "select seller_id from seller_metrics where metric = 'ODR' and channel = 'ALL'"
                    + " order by numerator desc, seller_id limit 1")
            .first()
            .getString(0);
    params =
        Map.of(
            QueryMain.AS_OF_PARAM,
            OutputCatalog.latestAsOf(spark, views).orElseThrow().toString(),
            "seller_id",
            seller);
  }

  static Stream<String> queries() throws IOException {
    try (Stream<Path> files = Files.list(QUERIES)) {
      List<String> names =
          files
              .map(p -> p.getFileName().toString())
              .filter(n -> n.endsWith(".sql"))
              .sorted()
              .toList();
      assertFalse(names.isEmpty(), "no queries under " + QUERIES);
      return names.stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("queries")
  void readyQueryRunsOverTheSampleOutputAndReturnsRows(String file) throws Exception {
    String sql = QueryMain.sql(Files.readString(QUERIES.resolve(file)), params);
    List<Row> rows;
    try {
      rows = spark.sql(sql).collectAsList();
    } catch (Exception e) { // AnalysisException is checked for javac but not declared by Scala
      String missing = e instanceof AnalysisException a ? missingTable(a) : null;
      Assumptions.assumeTrue(
          missing == null || OutputTables.ALL.contains(missing),
          file + " reads table '" + missing + "', which the job does not write yet");
      throw e;
    }
    assertFalse(rows.isEmpty(), file + " returns no rows on the sample");
  }

  @Test
  void asOfDefaultsToTheLatestDateAndTheAnswerIsPrinted() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        QueryMain.run(
            new String[] {
              "--output",
              output,
              "select count(*) as odr_rows from seller_metrics"
                  + " where as_of_date = '${as_of}' and metric = 'ODR';"
            },
            () -> spark,
            print(out),
            print(err));

    assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
    String printed = out.toString(StandardCharsets.UTF_8);
    assertTrue(printed.contains("|odr_rows|"), printed);
    long expected = spark.sql("select * from seller_metrics where metric = 'ODR'").count();
    assertTrue(printed.contains(String.format("|%8d|", expected)), printed);
    assertTrue(printed.endsWith("1 row\n"), printed);
    assertTrue(
        err.toString(StandardCharsets.UTF_8).contains("; as_of=" + AS_OF),
        err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void aPlaceholderWithoutValueExitsTwoNamingIt() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        QueryMain.run(
            new String[] {
              "--output", output, "-f", QUERIES.resolve("skus_driving_seller_odr.sql").toString()
            },
            () -> spark,
            quiet(),
            print(err));

    assertEquals(2, code);
    assertEquals(
        "claimlens: the query uses ${seller_id}: pass --param seller_id=VALUE\n",
        err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void aFailingQueryExitsOne() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        QueryMain.run(
            new String[] {"--output", output, "select no_such_column from seller_metrics"},
            () -> spark,
            quiet(),
            print(err));

    assertEquals(1, code);
    assertTrue(
        err.toString(StandardCharsets.UTF_8)
            .contains("\nclaimlens: query failed: [UNRESOLVED_COLUMN.WITH_SUGGESTION]"),
        err.toString(StandardCharsets.UTF_8));
  }

  /** The table a query names that is not there, or null when the error is another one. */
  private static String missingTable(AnalysisException e) {
    if (!"TABLE_OR_VIEW_NOT_FOUND".equals(e.getCondition())) {
      return null;
    }
    String relation = e.getMessageParameters().get("relationName");
    if (relation == null) {
      fail("no relation name in " + e.getMessageParameters());
    }
    return relation.replace("`", "");
  }

  private static PrintStream quiet() {
    return print(new ByteArrayOutputStream());
  }

  private static PrintStream print(ByteArrayOutputStream bytes) {
    return new PrintStream(bytes, true, StandardCharsets.UTF_8);
  }
}
