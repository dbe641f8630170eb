package io.claimlens.job;

import static io.claimlens.testing.Fixtures.US;
import static io.claimlens.testing.Fixtures.claim;
import static io.claimlens.testing.Fixtures.order;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.claimlens.config.JobArguments;
import io.claimlens.io.RunLock;
import io.claimlens.schema.Claims;
import io.claimlens.schema.Claims.Reason;
import io.claimlens.schema.Claims.Status;
import io.claimlens.schema.Orders;
import io.claimlens.testing.Scenario;
import io.claimlens.testing.SparkTestBase;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exit codes and messages of the entry point (SPEC §5): one line, the right code, no output
 * written.
 */
class ClaimlensMainTest extends SparkTestBase {
  @TempDir Path dir;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @Test
  void badArgumentsExitTwoWithoutStartingSpark() {
    int code =
        ClaimlensMain.run(
            new String[] {"--input", "in", "--output", "out", "--as-of", "yesterday"},
            () -> fail("Spark must not start for bad arguments"),
            print(out),
            print(err));

    assertEquals(2, code);
    assertEquals(
        "claimlens: --as-of must be YYYY-MM-DD, got 'yesterday'; " + JobArguments.USAGE + "\n",
        err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void badPolicyExitsTwoWithOneLine() throws IOException {
    Path policy =
        Files.writeString(
            dir.resolve("policy.json"), "{\"default\": {\"time_zone\": \"Nowhere/Land\"}}");
    int code = run("--input", dir.resolve("in").toString(), "--policy", policy.toString());

    assertEquals(2, code);
    assertOneLine(
        "claimlens: policy "
            + policy
            + ": default.time_zone: unknown time zone 'Nowhere/Land' (use an IANA id such as Europe/Berlin)");
  }

  @Test
  void columnOfTheWrongTypeExitsThreeNamingDatasetColumnAndTypesBeforeAnyOutput() {
    Scenario s =
        new Scenario(spark, dir).add(Orders.SCHEMA, order("o1", US, "S1", "2026-06-01T18:00:00Z"));
    s.writeInputs();
    // a claims file whose filed_ts was written as text
    spark
        .sql(
            "select 'c1' claim_id, 'o1' order_id, '2026-06-05' filed_ts, 'DAMAGED' reason, 'OPEN' status,"
                + " timestamp'2026-06-05 10:00:00' updated_ts")
        .write()
        .parquet(s.inputRoot() + "/claims");
    Path output = dir.resolve("fresh-output");

    int code = run("--input", s.inputRoot(), "--output", output.toString());

    assertEquals(3, code);
    assertOneLine(
        "claimlens: input schema error: dataset 'claims' column 'filed_ts': expected timestamp, found string");
    assertFalse(Files.exists(output), "nothing may be written");
  }

  @Test
  void missingRequiredDatasetExitsThree() {
    int code =
        run("--input", dir.resolve("empty").toString(), "--output", dir.resolve("out").toString());

    assertEquals(3, code);
    assertTrue(
        err.toString(StandardCharsets.UTF_8)
            .startsWith("claimlens: input schema error: required dataset 'orders' not found at "));
  }

  @Test
  void successfulRunExitsZeroAndPrintsTheSummaryLine() {
    Scenario s =
        new Scenario(spark, dir)
            .add(
                Orders.SCHEMA,
                order("o1", US, "S1", "2026-06-01T18:00:00Z"),
                order("o2", US, "S1", "2026-06-01T18:00:00Z"))
            .add(
                Claims.SCHEMA,
                claim("c1", "o1", Reason.DAMAGED, Status.OPEN, "2026-06-05T10:00:00Z"));
    s.run("2026-06-29");

    int code = run("--input", s.inputRoot(), "--output", s.outputRoot());

    assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
    List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
    // rows out: 18 seller_metrics rows (4 metrics x 3 channels, 4 MFN-only, 2 ALL-only), the
    // claim in claim_attribution and in claims_awaiting_response (OPEN, unanswered), the seller's
    // seller_risk row
    assertTrue(
        lines
            .get(0)
            .matches(
                "claimlens: as_of=2026-06-30 run_id=[0-9a-f-]{36} rows_in=3 quarantined=0 rows_out=21 seconds=[0-9.]+"),
        lines.get(0));
    assertTrue(
        Files.isDirectory(Path.of(s.outputRoot(), "seller_metrics", "as_of_date=2026-06-30")));
  }

  /**
   * Guarantee: a run into a root that a live run holds exits 4 with one line naming the holder,
   * before reading a row, and leaves the holder's lock and the tables alone.
   */
  @Test
  void aRootHeldByALiveRunExitsFourAtOnceNamingTheHolder() {
    Scenario s =
        new Scenario(spark, dir).add(Orders.SCHEMA, order("o1", US, "S1", "2026-06-01T18:00:00Z"));
    s.add(Claims.SCHEMA);
    s.writeInputs();
    try (RunLock holder =
        RunLock.acquire(
            spark.sparkContext().hadoopConfiguration(),
            s.outputRoot(),
            "nightly-run-1",
            Duration.ofMinutes(10),
            Clock.systemUTC())) {
      long before = System.nanoTime();
      int code = run("--input", s.inputRoot(), "--output", s.outputRoot());

      assertEquals(4, code, err.toString(StandardCharsets.UTF_8));
      String line = err.toString(StandardCharsets.UTF_8);
      assertTrue(
          line.matches(
              "claimlens: output root .* is locked by run nightly-run-1 on \\S+, started .*\n"),
          line);
      assertEquals(1, line.lines().count());
      assertTrue(Duration.ofNanos(System.nanoTime() - before).toSeconds() < 30, "refused at once");
      assertFalse(Files.exists(Path.of(s.outputRoot(), "seller_metrics")), "nothing published");
      holder.verifyHeld();
    }
  }

  private int run(String... args) {
    String[] all = new String[args.length + 2];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--as-of";
    all[args.length + 1] = "2026-06-30";
    boolean hasOutput = List.of(args).contains("--output");
    String[] withOutput = hasOutput ? all : append(all, "--output", dir.resolve("out").toString());
    return ClaimlensMain.run(withOutput, () -> spark, print(out), print(err));
  }

  private static String[] append(String[] a, String... more) {
    String[] r = new String[a.length + more.length];
    System.arraycopy(a, 0, r, 0, a.length);
    System.arraycopy(more, 0, r, a.length, more.length);
    return r;
  }

  private void assertOneLine(String expected) {
    assertEquals(expected + "\n", err.toString(StandardCharsets.UTF_8));
  }

  private static PrintStream print(ByteArrayOutputStream bytes) {
    return new PrintStream(bytes, true, StandardCharsets.UTF_8);
  }
}
