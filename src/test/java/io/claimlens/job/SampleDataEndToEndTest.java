package io.claimlens.job;

import static io.claimlens.testing.RowAssertions.assertRows;
import static io.claimlens.testing.RowAssertions.assertSameRows;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.claimlens.asof.KnownAt;
import io.claimlens.attribution.AttributionRule;
import io.claimlens.attribution.AttributionRules;
import io.claimlens.attribution.RootCause;
import io.claimlens.config.Policy;
import io.claimlens.config.WindowSpec;
import io.claimlens.io.PolicySource;
import io.claimlens.policy.PolicyColumns;
import io.claimlens.quality.QuarantineCode;
import io.claimlens.quality.Reconciliation;
import io.claimlens.reference.CompareOutputs;
import io.claimlens.reference.DuckDbReference;
import io.claimlens.schema.ColumnSpec;
import io.claimlens.schema.InputDatasets;
import io.claimlens.schema.OutputTables;
import io.claimlens.testing.SampleRun;
import io.claimlens.testing.SparkTestBase;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.metrics.source.CodegenMetrics;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job end to end on the committed sample (data-samples/), through the real entry point: nothing
 * lost, every quarantine code exercised, no personal data out, reruns identical, and the same
 * tables as the independent DuckDB reference (docs/benchmarks.md). The tests read the JVM's one run
 * of the sample ({@link SampleRun}); the rerun is this class's own.
 */
class SampleDataEndToEndTest extends SparkTestBase {
  private static final String SAMPLE = SampleRun.sample().toString();
  private static final String AS_OF = SampleRun.AS_OF;

  @TempDir static Path dir;
  private static String output;

  @BeforeAll
  static void runOnSample() {
    output = SampleRun.output(spark);
  }

  /**
   * Spark has nothing to warn about in a night on the sample. Its warnings have named costs no
   * other check saw: the runtime bloom filters shipped 4 to 20 MB with every task of 16 stages
   * ("Broadcasting large task binary", docs/benchmarks-log.md, item 27).
   */
  @Test
  void sparkLogsNoWarningDuringTheRun() {
    assertEquals(List.of(), SampleRun.warnings());
  }

  @Test
  void everyInputRowIsAccountedFor() {
    List<Row> datasets =
        table("run_manifest")
            .select(explode(col("datasets")).as("d"))
            .select("d.*")
            .collectAsList();
    assertEquals(InputDatasets.ALL.size(), datasets.size());
    for (Row r : datasets) {
      Reconciliation c = Reconciliation.of(r);
      assertTrue(c.present(), c.dataset() + " is in the sample");
      assertTrue(c.balances(), "read = used + quarantined + not yet known + duplicates: " + c);
      long inFiles = spark.read().parquet(SAMPLE + "/" + c.dataset()).count();
      assertEquals(inFiles, c.read(), c.dataset() + ": every row in the files is read");
      long inQuarantine = table("quarantine").filter(col("dataset").equalTo(c.dataset())).count();
      assertEquals(
          c.quarantined(), inQuarantine, c.dataset() + ": every quarantined row is in quarantine");
    }
  }

  @Test
  void sampleExercisesEveryQuarantineCode() {
    Set<String> codes =
        Set.copyOf(
            table("quarantine")
                .select("reason_code")
                .distinct()
                .as(Encoders.STRING())
                .collectAsList());
    assertEquals(
        Arrays.stream(QuarantineCode.values()).map(Enum::name).collect(Collectors.toSet()), codes);
  }

  @Test
  void noPersonalDataInAnyTable() {
    Set<String> personal =
        InputDatasets.ALL.stream()
            .flatMap(s -> s.columns().stream())
            .filter(ColumnSpec::isPersonal)
            .map(ColumnSpec::name)
            .collect(Collectors.toSet());
    for (String table : OutputTables.ALL) {
      for (String column : table(table).columns()) {
        assertFalse(personal.contains(column), table + "." + column);
      }
    }
    for (String record :
        table("quarantine").select("record").as(Encoders.STRING()).collectAsList()) {
      for (String column : personal) {
        assertFalse(record.contains("\"" + column + "\""), column + " in " + record);
      }
    }
  }

  @Test
  void sellerMetricsAreCompleteAndConsistent() {
    Dataset<Row> metrics = table("seller_metrics");
    long sellers = metrics.select("marketplace_id", "seller_id").distinct().count();
    assertTrue(sellers > 10, "sellers: " + sellers);
    assertEquals(
        sellers * 18,
        metrics.count(),
        "per seller: 4 metrics x 3 channels, 4 MFN-only metrics, 2 ALL-only metrics");
    assertEquals(
        0,
        metrics.filter("numerator > denominator or rate < rate_low or rate > rate_high").count());
    assertEquals(
        0,
        metrics
            .filter(
                "status not in ('GOOD', 'AT_RISK', 'BREACH', 'NO_DATA')"
                    + " or (denominator = 0) <> (status = 'NO_DATA')")
            .count());
    // ALL adds up MFN and AFN, for the metrics reported in every channel
    Dataset<Row> everyChannel =
        metrics
            .groupBy("metric")
            .agg(countDistinct("channel").as("channels"))
            .filter("channels = 3")
            .select("metric");
    Dataset<Row> all =
        metrics
            .join(everyChannel, "metric")
            .filter("channel = 'ALL'")
            .select("marketplace_id", "seller_id", "metric", "numerator", "denominator");
    Dataset<Row> summed =
        metrics
            .join(everyChannel, "metric")
            .filter("channel <> 'ALL'")
            .groupBy("marketplace_id", "seller_id", "metric")
            .agg(sum("numerator").as("numerator"), sum("denominator").as("denominator"));
    assertTrue(everyChannel.count() >= 4, "ODR and its three siblings are in every channel");
    assertSameRows(all, summed);
  }

  /**
   * Root causes reconcile with the metrics: every claim appears once, each rule gives its own root
   * cause and party, and the orders with a counting claim in claim_attribution are CLAIM_RATE's
   * numerator, seller by seller.
   */
  @Test
  void claimAttributionReconcilesWithClaimRate() {
    Dataset<Row> claims = table("claim_attribution");
    assertEquals(claims.count(), claims.select("claim_id").distinct().count(), "once per claim");
    assertTrue(claims.count() > 50, "claims: " + claims.count());
    for (AttributionRule rule : AttributionRules.ordered()) {
      RootCause cause = rule.rootCause();
      assertEquals(
          0,
          claims
              .filter(col("rule_id").equalTo(rule.id()))
              .filter(
                  col("root_cause")
                      .notEqual(cause.name())
                      .or(col("responsible_party").notEqual(cause.responsibleParty().name())))
              .count(),
          rule.id());
    }

    Policy policy = PolicySource.load(Optional.empty(), new Configuration());
    Dataset<Row> orders =
        spark
            .read()
            .parquet(SAMPLE + "/orders")
            .withColumn(KnownAt.TIME_ZONE, PolicyColumns.timeZone(policy, col("marketplace_id")));
    Column day = KnownAt.of(policy).localDay(col("purchase_ts"));
    WindowSpec odr = policy.defaults().metrics().get(0).window();
    LocalDate asOf = LocalDate.parse(AS_OF);
    Dataset<Row> counted =
        claims
            .filter("counts_as_defect")
            .join(orders.alias("orders"), "order_id")
            .filter(day.between(lit(odr.start(asOf)), lit(odr.end(asOf))))
            .groupBy(
                col("claims.marketplace_id").as("marketplace_id"),
                col("claims.seller_id").as("seller_id"))
            .agg(countDistinct("order_id").as("numerator"));
    Dataset<Row> claimRate =
        table("seller_metrics")
            .filter("metric = 'CLAIM_RATE' and channel = 'ALL' and numerator > 0")
            .select("marketplace_id", "seller_id", "numerator");
    assertSameRows(
        claimRate,
        counted.select(col("marketplace_id"), col("seller_id"), col("numerator").cast("long")));
  }

  /**
   * The sample shows every rule of SPEC §3 (the root-cause mix of the report), and each planted
   * claim the rule it was planted for.
   */
  @Test
  void sampleShowsEveryAttributionRule() {
    Dataset<Row> claims = table("claim_attribution");
    assertEquals(
        AttributionRules.ordered().stream().map(AttributionRule::id).collect(Collectors.toSet()),
        Set.copyOf(claims.select("rule_id").distinct().as(Encoders.STRING()).collectAsList()));
    // the planted claims of io.claimlens.samples.Showcase (package-private), as listed in
    // data-samples/README.md
    assertRows(
        claims.filter(col("claim_id").startsWith("C90")),
        List.of("claim_id", "rule_id"),
        new Object[] {"C9000000001", "R12"},
        new Object[] {"C9000000002", "R13"},
        new Object[] {"C9000000003", "R06"},
        new Object[] {"C9000000004", "R14"},
        new Object[] {"C9000000005", "R11"},
        new Object[] {"C9000000006", "R15"},
        new Object[] {"C9000000007", "R20"},
        new Object[] {"C9000000008", "R30"},
        new Object[] {"C9000000009", "R04"},
        new Object[] {"C9000000010", "R02"},
        new Object[] {"C9000000011", "R07"},
        new Object[] {"C9000000012", "R21"},
        new Object[] {"C9000000013", "R22"},
        new Object[] {"C9000000014", "R31"});
  }

  /**
   * A rerun gives the same tables, and so do Spark's compiled evaluation and adaptive planning: the
   * sample is small enough that the shared run evaluated interpreted and planned once (InputScale),
   * so the rerun compiles and plans adaptively.
   */
  @Test
  void rerunOnTheSampleCompiledAndPlannedAdaptivelyGivesTheSameTables() {
    String again = dir.resolve("again").toString();
    spark.conf().set(InputScale.MIN_LARGE_INPUT_BYTES, "0");
    long compiledBefore = CodegenMetrics.METRIC_COMPILATION_TIME().getCount();
    assertEquals(0, run(again), "the rerun succeeds");
    assertFalse(
        spark.conf().getAll().contains(InputScale.WHOLE_STAGE),
        "the run put the session's settings back");
    assertFalse(
        spark.conf().getAll().contains(InputScale.ADAPTIVE),
        "the run put the session's planning back");
    assertTrue(
        CodegenMetrics.METRIC_COMPILATION_TIME().getCount() > compiledBefore,
        "the rerun compiled generated code");
    for (String table : OutputTables.ALL) {
      if (!table.equals(OutputTables.RUN_MANIFEST)) {
        assertSameRows(table(output, table), table(again, table));
      }
    }
  }

  @Test
  void duckDbReferenceComputesTheSameTablesRowForRow() throws Exception {
    Path reference = dir.resolve("duckdb-reference");
    new DuckDbReference(
            Path.of(SAMPLE),
            reference,
            LocalDate.parse(AS_OF),
            DuckDbReference.loadPolicy(null),
            "1GB")
        .run();
    ByteArrayOutputStream report = new ByteArrayOutputStream();
    boolean matches =
        CompareOutputs.matches(
            Path.of(output), reference, new PrintStream(report, true, StandardCharsets.UTF_8));
    assertTrue(matches, report.toString(StandardCharsets.UTF_8));
  }

  private static int run(String out) {
    return ClaimlensMain.run(
        SampleRun.arguments(SAMPLE, out),
        () -> spark,
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
        System.err);
  }

  private static Dataset<Row> table(String table) {
    return table(output, table).alias(table.equals("claim_attribution") ? "claims" : table);
  }

  private static Dataset<Row> table(String root, String table) {
    return spark.read().parquet(root + "/" + table + "/" + OutputTables.AS_OF_DATE + "=" + AS_OF);
  }
}
