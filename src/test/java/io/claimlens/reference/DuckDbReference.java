package io.claimlens.reference;

import io.claimlens.config.MarketplacePolicy;
import io.claimlens.config.MetricPolicy;
import io.claimlens.config.Policy;
import io.claimlens.config.PolicyParser;
import io.claimlens.config.Target;
import io.claimlens.io.PolicySource;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The nightly tables computed by plain SQL on DuckDB, independently of the Spark job: the peer
 * claimlens is benchmarked and checked against (docs/benchmarks.md). The definitions live in the
 * SQL stages under {@code src/test/resources/reference/}; this class only loads the policy into
 * settings tables, runs the stages and writes the tables as Hive-partitioned Parquet, the layout
 * claimlens writes.
 *
 * <pre>
 * DuckDbReference --input DIR --output DIR --as-of YYYY-MM-DD [--policy FILE] [--memory-limit 4GB]
 * </pre>
 */
public final class DuckDbReference {
  /** The SQL stages, run in this order; each reads the tables the ones before it made. */
  static final List<String> STAGES =
      List.of(
          "01-input-rows.sql",
          "02-known-rows.sql",
          "03-order-facts.sql",
          "04-seller-metrics.sql",
          "05-sku-counts.sql",
          "06-claim-attribution.sql",
          "07-sku-metrics.sql",
          "08-claims-awaiting-response.sql",
          "09-seller-risk.sql");

  /** The tables written, each a table of the same name in the last stage's database. */
  static final List<String> TABLES =
      List.of(
          "seller_metrics",
          "sku_metrics",
          "claim_attribution",
          "claims_awaiting_response",
          "seller_risk");

  /** DuckDB's memory limit when none is given: the driver heap run-local.sh gives Spark. */
  static final String MEMORY_LIMIT_DEFAULT = "4GB";

  /** Two threads, the machine's cores, as Spark's local[*] uses them. */
  static final int THREADS = 2;

  private final Path input;
  private final Path output;
  private final LocalDate asOf;
  private final Policy policy;
  private final String memoryLimit;

  /** A reference run of {@code input} as of {@code asOf} into {@code output}. */
  public DuckDbReference(
      Path input, Path output, LocalDate asOf, Policy policy, String memoryLimit) {
    this.input = input;
    this.output = output;
    this.asOf = asOf;
    this.policy = policy;
    this.memoryLimit = memoryLimit;
  }

  /** Runs the reference; see the class comment for the arguments. */
  public static void main(String[] args) throws Exception {
    Path input = null;
    Path output = null;
    LocalDate asOf = null;
    String policyFile = null;
    String memoryLimit = MEMORY_LIMIT_DEFAULT;
    for (int i = 0; i < args.length; i += 2) {
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException(args[i] + " needs a value");
      }
      String value = args[i + 1];
      switch (args[i]) {
        case "--input" -> input = Path.of(value);
        case "--output" -> output = Path.of(value);
        case "--as-of" -> asOf = LocalDate.parse(value);
        case "--policy" -> policyFile = value;
        case "--memory-limit" -> memoryLimit = value;
        default -> throw new IllegalArgumentException("unknown argument '" + args[i] + "'");
      }
    }
    if (input == null || output == null || asOf == null) {
      throw new IllegalArgumentException(
          "usage: DuckDbReference --input DIR --output DIR --as-of YYYY-MM-DD [--policy FILE]"
              + " [--memory-limit 4GB]");
    }
    long start = System.nanoTime();
    new DuckDbReference(input, output, asOf, loadPolicy(policyFile), memoryLimit).run();
    System.out.printf(Locale.ROOT, "reference seconds: %.2f%n", (System.nanoTime() - start) / 1e9);
  }

  /** Computes every table and writes it under {@code output}, replacing the as-of partition. */
  public void run() throws SQLException, IOException {
    // what does not fit the memory limit spills here, not into the working directory
    Path spill = Files.createTempDirectory("claimlens-duckdb-reference");
    try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
        Statement statement = connection.createStatement()) {
      statement.execute("SET threads = " + THREADS);
      statement.execute("SET memory_limit = " + quoted(memoryLimit));
      statement.execute("SET temp_directory = " + quoted(spill.toString()));
      // instants are compared as instants; the session zone only shows in casts to local time
      statement.execute("SET TimeZone = 'UTC'");
      // the tables are sets of rows: no order to keep, so less memory in large joins
      statement.execute("SET preserve_insertion_order = false");
      loadSettings(connection);
      for (String stage : STAGES) {
        long start = System.nanoTime();
        statement.execute(stageSql(stage).replace("{input}", escaped(input.toString())));
        System.err.printf(
            Locale.ROOT, "reference: %s %.2f s%n", stage, (System.nanoTime() - start) / 1e9);
      }
      long start = System.nanoTime();
      for (String table : TABLES) {
        write(statement, table);
      }
      System.err.printf(
          Locale.ROOT, "reference: writing %.2f s%n", (System.nanoTime() - start) / 1e9);
    } finally {
      deleteRecursively(spill);
    }
  }

  /** The as-of date, and the resolved policy entries as rows (an entry's id, or 'default'). */
  private void loadSettings(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE run AS SELECT DATE '" + asOf + "' AS as_of_date");
      statement.execute(
          """
          CREATE TABLE policy_entries (
            policy_id VARCHAR, time_zone VARCHAR, claim_response_window_seconds BIGINT,
            refund_deadline_days INTEGER, sku_window_days INTEGER, sku_lag_days INTEGER,
            hotspot_min_quality_claim_orders BIGINT, hotspot_rate_multiple DECIMAL(18, 8),
            medium_from INTEGER, high_from INTEGER, critical_from INTEGER,
            signature_confirmation_above VARCHAR, horizon_days INTEGER, reference_days INTEGER,
            min_reference_defects BIGINT, peer_min_denominator BIGINT, min_peers BIGINT)""");
      statement.execute(
          """
          CREATE TABLE policy_metrics (
            policy_id VARCHAR, metric VARCHAR, channel VARCHAR, window_days INTEGER,
            lag_days INTEGER, target_condition VARCHAR, target_value DECIMAL(18, 8),
            warning_fraction DECIMAL(18, 8), weight DECIMAL(18, 8), min_defects BIGINT)""");
    }
    try (PreparedStatement entries =
            connection.prepareStatement(
                "INSERT INTO policy_entries VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        PreparedStatement metrics =
            connection.prepareStatement(
                "INSERT INTO policy_metrics VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      for (MarketplacePolicy m : policy.allEntries()) {
        entries.setString(1, m.id());
        entries.setString(2, m.timeZone().getId());
        entries.setLong(3, m.claimResponseWindow().toSeconds());
        entries.setInt(4, m.refundDeadlineDays());
        entries.setInt(5, m.skuWindow().days());
        entries.setInt(6, m.skuWindow().lagDays());
        entries.setLong(7, m.hotspot().minQualityClaimOrders());
        entries.setBigDecimal(8, exact(m.hotspot().rateMultiple()));
        entries.setInt(9, m.risk().mediumFrom());
        entries.setInt(10, m.risk().highFrom());
        entries.setInt(11, m.risk().criticalFrom());
        entries.setString(12, m.risk().signatureConfirmationAbove().toPlainString());
        entries.setInt(13, m.risk().lookahead().horizonDays());
        entries.setInt(14, m.risk().lookahead().referenceDays());
        entries.setLong(15, m.risk().lookahead().minReferenceDefects());
        entries.setLong(16, m.risk().lookahead().peerMinDenominator());
        entries.setLong(17, m.risk().lookahead().minPeers());
        entries.executeUpdate();
        for (MetricPolicy metric : m.metrics()) {
          for (var channel : metric.channels()) {
            metrics.setString(1, m.id());
            metrics.setString(2, metric.metric().name());
            metrics.setString(3, channel.name());
            metrics.setInt(4, metric.window().days());
            metrics.setInt(5, metric.window().lagDays());
            metrics.setString(6, metric.target().map(t -> t.comparison().symbol()).orElse(null));
            metrics.setBigDecimal(
                7, metric.target().map(Target::value).map(this::exact).orElse(null));
            metrics.setBigDecimal(8, exact(metric.warningFraction()));
            metrics.setBigDecimal(9, exact(metric.weight()));
            metrics.setLong(10, metric.minDefects());
            metrics.executeUpdate();
          }
        }
      }
    }
  }

  /** A policy number as the settings tables hold it (8 decimals), refused if that would round. */
  private BigDecimal exact(BigDecimal value) {
    if (value.stripTrailingZeros().scale() > 8) {
      throw new IllegalArgumentException(
          "the reference keeps policy numbers to 8 decimals, got " + value.toPlainString());
    }
    return value;
  }

  private void write(Statement statement, String table) throws SQLException, IOException {
    Path partition = output.resolve(table).resolve("as_of_date=" + asOf);
    deleteRecursively(partition);
    Files.createDirectories(partition);
    statement.execute(
        "COPY "
            + table
            + " TO "
            + quoted(partition.resolve("part-00000.parquet").toString())
            + " (FORMAT parquet)");
  }

  /** The policy in {@code policyFile}, or the bundled one when null, as the job reads it. */
  public static Policy loadPolicy(String policyFile) throws IOException {
    if (policyFile != null) {
      return PolicyParser.parse(policyFile, Files.readAllBytes(Path.of(policyFile)));
    }
    try (InputStream in =
        DuckDbReference.class.getClassLoader().getResourceAsStream(PolicySource.BUNDLED)) {
      if (in == null) {
        throw new IllegalStateException(PolicySource.BUNDLED + " is not on the classpath");
      }
      return PolicyParser.parse("classpath:" + PolicySource.BUNDLED, in.readAllBytes());
    }
  }

  private static String stageSql(String stage) {
    String resource = "reference/" + stage;
    try (InputStream in = DuckDbReference.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(resource + " is not on the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void deleteRecursively(Path path) throws IOException {
    if (!Files.exists(path)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(path)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  /** A SQL string literal. */
  static String quoted(String value) {
    return "'" + escaped(value) + "'";
  }

  private static String escaped(String value) {
    return value.replace("'", "''");
  }
}
