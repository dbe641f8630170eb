package io.claimlens.report;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.types.DataTypes.DateType;

import io.claimlens.config.AsOfDates;
import io.claimlens.config.ClaimlensException;
import io.claimlens.config.ExitCode;
import io.claimlens.io.PublishedTables;
import io.claimlens.schema.ClaimAttributionTable;
import io.claimlens.schema.ClaimsAwaitingResponseTable;
import io.claimlens.schema.OutputTables;
import io.claimlens.schema.SellerMetricsTable;
import io.claimlens.schema.SellerRiskTable;
import io.claimlens.schema.SkuMetricsTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The published tables the reports of some as-of dates read: each date's partition of seller_risk,
 * seller_metrics, claim_attribution, sku_metrics and claims_awaiting_response, with the date as
 * {@link OutputTables#AS_OF_DATE}, and the seller_risk partitions of the as-of dates before them
 * that feed the sparklines. A table with no partition for a date is missing at that date (its
 * section says so); a partition without a column the report uses, or with another type, fails with
 * a message naming table, date, column and types.
 *
 * @param dates the as-of dates whose reports read these
 * @param sellerRiskHistory marketplace_id, seller_id, as_of_date (date), odr: the seller_risk
 *     partitions that exist among the {@code historyDays} as-of dates ending at each of the dates
 * @param missingTables per date, the tables without a partition at it
 */
public record ReportInputs(
    SortedSet<LocalDate> dates,
    Optional<Dataset<Row>> sellerRisk,
    Optional<Dataset<Row>> sellerMetrics,
    Optional<Dataset<Row>> claimAttribution,
    Optional<Dataset<Row>> skuMetrics,
    Optional<Dataset<Row>> claimsAwaitingResponse,
    Optional<Dataset<Row>> sellerRiskHistory,
    Map<LocalDate, List<String>> missingTables) {

  public ReportInputs {
    dates = Collections.unmodifiableSortedSet(new TreeSet<>(dates));
    Map<LocalDate, List<String>> copy = new TreeMap<>();
    missingTables.forEach((d, tables) -> copy.put(d, List.copyOf(tables)));
    missingTables = Collections.unmodifiableMap(copy);
  }

  /** The tables read at each date. */
  static final List<String> TABLES =
      List.of(
          OutputTables.SELLER_RISK,
          OutputTables.SELLER_METRICS,
          OutputTables.CLAIM_ATTRIBUTION,
          OutputTables.SKU_METRICS,
          OutputTables.CLAIMS_AWAITING_RESPONSE);

  /** Columns of seller_risk the report shows: the decided contract, SellerRiskTable.SCHEMA. */
  static final List<StructField> SELLER_RISK_COLUMNS =
      SellerRiskTable.OUTPUT.fields(
          SellerRiskTable.MARKETPLACE_ID,
          SellerRiskTable.SELLER_ID,
          SellerRiskTable.RISK_SCORE,
          SellerRiskTable.RISK_TIER,
          SellerRiskTable.BREACHED_METRICS,
          SellerRiskTable.AT_RISK_METRICS,
          SellerRiskTable.ODR,
          SellerRiskTable.ODR_ORDERS,
          SellerRiskTable.ODR_DEFECTS,
          SellerRiskTable.DEFECTS_TO_BREACH,
          SellerRiskTable.ODR_CHANGE_7D,
          SellerRiskTable.CLAIMS_AWAITING_RESPONSE,
          SellerRiskTable.ACTIONS);

  /**
   * Columns of seller_risk and seller_metrics that outputs published before SPEC §4.1 lack: read as
   * nulls there, so the report of an older date still renders.
   */
  static final List<StructField> LOOKAHEAD_RISK_COLUMNS =
      SellerRiskTable.OUTPUT.fields(
          SellerRiskTable.ODR_PROJECTED, SellerRiskTable.ODR_PROJECTED_STATUS);

  static final List<StructField> LOOKAHEAD_METRICS_COLUMNS =
      SellerMetricsTable.OUTPUT.fields(
          SellerMetricsTable.RECOVERS_ON, SellerMetricsTable.PEER_BETTER_PCT);

  /** Columns of seller_risk behind a sparkline point. */
  static final List<StructField> HISTORY_COLUMNS =
      SellerRiskTable.OUTPUT.fields(
          SellerRiskTable.MARKETPLACE_ID, SellerRiskTable.SELLER_ID, SellerRiskTable.ODR);

  static final List<StructField> SELLER_METRICS_COLUMNS =
      SellerMetricsTable.OUTPUT.fields(
          SellerMetricsTable.MARKETPLACE_ID,
          SellerMetricsTable.SELLER_ID,
          SellerMetricsTable.METRIC,
          SellerMetricsTable.CHANNEL,
          SellerMetricsTable.TARGET_VALUE,
          SellerMetricsTable.STATUS);

  static final List<StructField> CLAIM_ATTRIBUTION_COLUMNS =
      ClaimAttributionTable.OUTPUT.fields(
          ClaimAttributionTable.MARKETPLACE_ID,
          ClaimAttributionTable.COUNTS_AS_DEFECT,
          ClaimAttributionTable.ROOT_CAUSE,
          ClaimAttributionTable.RESPONSIBLE_PARTY);

  static final List<StructField> SKU_METRICS_COLUMNS =
      SkuMetricsTable.OUTPUT.fields(
          SkuMetricsTable.MARKETPLACE_ID,
          SkuMetricsTable.SELLER_ID,
          SkuMetricsTable.SKU,
          SkuMetricsTable.ORDERS,
          SkuMetricsTable.DEFECTIVE_ORDERS,
          SkuMetricsTable.QUALITY_CLAIM_ORDERS,
          SkuMetricsTable.DEFECT_RATE,
          SkuMetricsTable.HOTSPOT,
          SkuMetricsTable.TOP_ROOT_CAUSE);

  static final List<StructField> CLAIMS_AWAITING_RESPONSE_COLUMNS =
      ClaimsAwaitingResponseTable.OUTPUT.fields(
          ClaimsAwaitingResponseTable.MARKETPLACE_ID,
          ClaimsAwaitingResponseTable.SELLER_ID,
          ClaimsAwaitingResponseTable.CLAIM_ID,
          ClaimsAwaitingResponseTable.ORDER_ID,
          ClaimsAwaitingResponseTable.FILED_TS,
          ClaimsAwaitingResponseTable.RESPONSE_DUE_TS,
          ClaimsAwaitingResponseTable.HOURS_LEFT,
          ClaimsAwaitingResponseTable.OVERDUE);

  /**
   * Reads the partitions of {@code dates} under {@code root} and seller_risk's partitions of the
   * {@code historyDays} as-of dates ending at each of them. Only the columns the report uses are
   * selected.
   */
  public static ReportInputs read(
      SparkSession spark, String root, Collection<LocalDate> dates, int historyDays) {
    String base = root.endsWith("/") ? root.substring(0, root.length() - 1) : root;
    PublishedTables.AtDates tables = PublishedTables.at(spark, base, dates);
    Map<LocalDate, List<String>> missing = new TreeMap<>();
    tables.dates().forEach(d -> missing.put(d, new ArrayList<>()));
    Optional<Dataset<Row>> sellerRisk =
        partitions(
            tables, OutputTables.SELLER_RISK, SELLER_RISK_COLUMNS, LOOKAHEAD_RISK_COLUMNS, missing);
    Optional<Dataset<Row>> sellerMetrics =
        partitions(
            tables,
            OutputTables.SELLER_METRICS,
            SELLER_METRICS_COLUMNS,
            LOOKAHEAD_METRICS_COLUMNS,
            missing);
    Optional<Dataset<Row>> claimAttribution =
        partitions(
            tables, OutputTables.CLAIM_ATTRIBUTION, CLAIM_ATTRIBUTION_COLUMNS, List.of(), missing);
    Optional<Dataset<Row>> skuMetrics =
        partitions(tables, OutputTables.SKU_METRICS, SKU_METRICS_COLUMNS, List.of(), missing);
    Optional<Dataset<Row>> awaiting =
        partitions(
            tables,
            OutputTables.CLAIMS_AWAITING_RESPONSE,
            CLAIMS_AWAITING_RESPONSE_COLUMNS,
            List.of(),
            missing);
    Optional<Dataset<Row>> history =
        history(spark, base, tables.dates().first(), tables.dates().last(), historyDays);
    return new ReportInputs(
        tables.dates(),
        sellerRisk,
        sellerMetrics,
        claimAttribution,
        skuMetrics,
        awaiting,
        history,
        missing);
  }

  /** Whether any table the report reads has a partition for {@code asOf}. */
  public boolean anyPresent(LocalDate asOf) {
    return !missingTables.get(asOf).containsAll(TABLES);
  }

  /** The tables the report reads that have no partition for {@code asOf}. */
  public List<String> missingTables(LocalDate asOf) {
    return missingTables.get(asOf);
  }

  /**
   * The partitions of {@code table} at the dates that have one, as one Dataset with the date as a
   * column: {@code columns}, then {@code optional} ones (null where a partition has none), each
   * {@link PublishedTables.Piece} checked on its own. Adds the table to {@code missing} at the
   * dates without one.
   */
  private static Optional<Dataset<Row>> partitions(
      PublishedTables.AtDates tables,
      String table,
      List<StructField> columns,
      List<StructField> optional,
      Map<LocalDate, List<String>> missing) {
    Dataset<Row> all = null;
    Set<LocalDate> published = new TreeSet<>();
    for (PublishedTables.Piece piece : tables.pieces(table)) {
      published.addAll(piece.dates());
      String at = new AsOfDates(piece.dates().first(), piece.dates().last()).toString();
      String what = table + " at " + at + " (" + tables.root() + "/" + table + ")";
      Dataset<Row> shaped = shape(piece.rows(), columns, optional, what);
      all = all == null ? shaped : all.union(shaped);
    }
    for (LocalDate d : tables.dates()) {
      if (!published.contains(d)) {
        missing.get(d).add(table);
      }
    }
    return Optional.ofNullable(all);
  }

  /** The date, {@code columns}, then {@code optional} ones: null where the rows have none. */
  private static Dataset<Row> shape(
      Dataset<Row> rows, List<StructField> columns, List<StructField> optional, String what) {
    check(rows.schema(), columns, what);
    List<String> present = Arrays.asList(rows.columns());
    List<Column> selected = new ArrayList<>();
    selected.add(col(OutputTables.AS_OF_DATE));
    selected.addAll(Arrays.asList(select(columns)));
    for (StructField f : optional) {
      if (present.contains(f.name())) {
        check(rows.schema(), List.of(f), what);
        selected.add(col(f.name()));
      } else {
        // published before SPEC §4.1: the report of that date shows the columns empty
        selected.add(lit(null).cast(f.dataType()).as(f.name()));
      }
    }
    return rows.select(selected.toArray(new Column[0]));
  }

  /**
   * seller_risk of the as-of dates in [first - days + 1, last] that have a partition, as one scan:
   * a Delta table filtered by date; Parquet partition folders listed once (one listing on S3, not
   * one probe per date) and read with their table folder as the base path, so as_of_date comes from
   * the folder names.
   */
  private static Optional<Dataset<Row>> history(
      SparkSession spark, String root, LocalDate firstAsOf, LocalDate asOf, int days) {
    Path table = new Path(root + "/" + OutputTables.SELLER_RISK);
    if (!exists(spark, table)) {
      return Optional.empty();
    }
    LocalDate first = firstAsOf.minusDays(days - 1L);
    List<Column> selected = new ArrayList<>(Arrays.asList(select(HISTORY_COLUMNS)));
    // a date, whether or not the session infers partition column types
    selected.add(col(OutputTables.AS_OF_DATE).cast(DateType).as(OutputTables.AS_OF_DATE));
    if (PublishedTables.isDelta(spark, table)) {
      Dataset<Row> rows = PublishedTables.read(spark, table);
      check(rows.schema(), HISTORY_COLUMNS, OutputTables.SELLER_RISK + " (" + table + ")");
      return Optional.of(
          rows.filter(col(OutputTables.AS_OF_DATE).between(lit(first), lit(asOf)))
              .select(selected.toArray(Column[]::new)));
    }
    // the partitions' columns have not changed since the first published version: given, no footers
    SortedMap<LocalDate, Path> partitions =
        PublishedTables.partitionFolders(
            spark.sparkContext().hadoopConfiguration(),
            table,
            d -> !d.isBefore(first) && !d.isAfter(asOf));
    if (partitions.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        PublishedTables.scan(
                spark, table, DataTypes.createStructType(HISTORY_COLUMNS), partitions.values())
            .select(selected.toArray(Column[]::new)));
  }

  /**
   * Fails unless every column is there with its type. Nullability is not compared: Parquet read
   * back makes every column nullable.
   */
  static void check(StructType actual, List<StructField> expected, String what) {
    for (StructField want : expected) {
      Optional<StructField> found =
          Arrays.stream(actual.fields()).filter(f -> f.name().equals(want.name())).findFirst();
      if (found.isEmpty()) {
        throw failure(what + " has no column " + want.name() + " (the report needs it)");
      }
      DataType type = found.get().dataType();
      if (!type.catalogString().equals(want.dataType().catalogString())) {
        throw failure(
            what
                + ": column "
                + want.name()
                + " must be "
                + want.dataType().catalogString()
                + ", found "
                + type.catalogString());
      }
    }
  }

  private static Column[] select(List<StructField> columns) {
    return columns.stream().map(f -> col(f.name())).toArray(Column[]::new);
  }

  private static ClaimlensException failure(String message) {
    return new ClaimlensException(ExitCode.FAILURE, "report: " + message);
  }

  private static boolean exists(SparkSession spark, Path path) {
    try {
      return fs(spark, path).exists(path);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path + ": " + e.getMessage(), e);
    }
  }

  private static FileSystem fs(SparkSession spark, Path path) throws IOException {
    return path.getFileSystem(spark.sparkContext().hadoopConfiguration());
  }
}
