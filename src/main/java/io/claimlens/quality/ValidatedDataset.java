package io.claimlens.quality;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.when;

import io.claimlens.asof.JudgedDates;
import io.claimlens.asof.KnownAt;
import io.claimlens.config.AsOfDates;
import io.claimlens.schema.ColumnSpec;
import io.claimlens.schema.DatasetSchema;
import io.claimlens.schema.OutputTables;
import io.claimlens.schema.QuarantineTable;
import io.claimlens.schema.RunManifestTable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * One input dataset after the quality gate: every distinct row with its disposition, from which the
 * valid rows, the quarantine rows and the reconciliation counts are all derived.
 */
public final class ValidatedDataset {
  // The columns the gate adds to each distinct row of the classified frame. They are declared here,
  // with the frame, so that the gate that writes them and this class that reads them depend one
  // way.

  /** How many identical input rows a distinct row stands for. */
  static final String COPIES = "_copies";

  /** A {@link Disposition} name. */
  static final String DISPOSITION = "_disposition";

  /** A {@link QuarantineCode} name, or null. */
  static final String REASON_CODE = "_reason_code";

  /** The quarantine detail, or null. */
  static final String DETAIL = "_detail";

  /** JSON timestamps as UTC instants, whatever the session time zone. */
  private static final Map<String, String> JSON_OPTIONS =
      Map.of("timestampFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSSSSXXX", "timeZone", "UTC");

  private final DatasetSchema schema;
  private final Dataset<Row> judged;
  private final Optional<JudgedDates> carriedOver;
  private final Dataset<Row> classified;

  /** {@code classified}: every distinct row judged at each as-of date. */
  ValidatedDataset(DatasetSchema schema, Dataset<Row> classified) {
    this(schema, classified, Optional.empty());
  }

  private ValidatedDataset(
      DatasetSchema schema, Dataset<Row> judged, Optional<JudgedDates> carriedOver) {
    this.schema = schema;
    this.judged = judged;
    this.carriedOver = carriedOver;
    this.classified =
        carriedOver
            .map(
                dates ->
                    judged
                        .withColumn(OutputTables.AS_OF_DATE, dates.expand())
                        .drop(JudgedDates.CARRIED))
            .orElse(judged);
  }

  /**
   * {@code judged}: every distinct row judged at some of {@code dates}, each judgement {@link
   * JudgedDates#CARRIED} or not ({@link JudgedDates#until}).
   */
  static ValidatedDataset carried(DatasetSchema schema, Dataset<Row> judged, JudgedDates dates) {
    return new ValidatedDataset(schema, judged, Optional.of(dates));
  }

  public DatasetSchema schema() {
    return schema;
  }

  /** Every distinct row with its disposition at each as-of date; internal to the quality step. */
  Dataset<Row> classified() {
    return classified;
  }

  /**
   * The rows as judged: at each as-of date, or, for a dataset whose judgements are carried over the
   * dates, with {@link JudgedDates#CARRIED}; internal to the quality step.
   */
  Dataset<Row> judged() {
    return judged;
  }

  /** The same dataset as judged at {@code dates} only. */
  public ValidatedDataset at(AsOfDates dates) {
    return new ValidatedDataset(schema, classified.filter(KnownAt.isAt(dates)));
  }

  /**
   * The judgements computed once by {@code keep} (which stores them) for the several reads that
   * follow: valid rows, quarantine, counts, and the children's order reference. Carried judgements
   * are kept as they are, once, and spread over their dates by each read.
   */
  public ValidatedDataset keptBy(UnaryOperator<Dataset<Row>> keep) {
    return new ValidatedDataset(schema, keep.apply(judged), carriedOver);
  }

  /**
   * The rows used at each as-of date: the declared columns but personal data, {@link
   * KnownAt#TIME_ZONE} and the as-of date.
   */
  public Dataset<Row> valid() {
    List<Column> columns = new ArrayList<>();
    columns.add(KnownAt.asOf());
    for (ColumnSpec c : schema.columns()) {
      if (!c.isPersonal()) {
        columns.add(col(c.name()));
      }
    }
    columns.add(col(KnownAt.TIME_ZONE));
    return classified
        .filter(col(DISPOSITION).equalTo(lit(Disposition.USED.name())))
        .select(columns.toArray(new Column[0]));
  }

  /** The quarantined rows as {@code quarantine} table rows, personal data left out. */
  public Dataset<Row> quarantine() {
    List<Column> record = new ArrayList<>();
    for (ColumnSpec c : schema.columns()) {
      if (!c.isPersonal()) {
        record.add(col(c.name()));
      }
    }
    return QuarantineTable.OUTPUT.project(
        classified.filter(col(DISPOSITION).equalTo(lit(Disposition.QUARANTINED.name()))),
        Map.of(
            QuarantineTable.DATASET,
            lit(schema.name()),
            QuarantineTable.RECORD_ID,
            col(schema.idColumn()).cast("string"),
            QuarantineTable.REASON_CODE,
            col(REASON_CODE),
            QuarantineTable.DETAIL,
            col(DETAIL),
            QuarantineTable.RECORD,
            to_json(struct(record.toArray(new Column[0])), JSON_OPTIONS)));
  }

  /**
   * One row of reconciliation counts (SPEC §1.2) per dataset and as-of date, the date last: read =
   * used + quarantined + not_yet_known + duplicates + out_of_scope. Identical copies of a row that
   * is not yet known or out of scope count there, not as duplicates, because the row is not judged
   * at D at all.
   *
   * <p>One aggregation over all the datasets: a night is a handful of rows, and an aggregation per
   * dataset cost a shuffle stage each.
   */
  public static Dataset<Row> counts(Collection<ValidatedDataset> datasets) {
    Dataset<Row> all =
        datasets.stream()
            .map(
                v ->
                    v.classified.select(
                        lit(v.schema.name()).as(RunManifestTable.DATASET),
                        KnownAt.asOf(),
                        col(COPIES),
                        col(DISPOSITION)))
            .reduce(Dataset::union)
            .orElseThrow();
    Column copies = col(COPIES);
    Column disposition = col(DISPOSITION);
    Column judged = disposition.isin(Disposition.USED.name(), Disposition.QUARANTINED.name());
    return all.groupBy(col(RunManifestTable.DATASET), KnownAt.asOf())
        .agg(
            lit(true).as(RunManifestTable.PRESENT),
            sumOf(copies, lit(true)).as(RunManifestTable.READ),
            sumOf(lit(1L), is(disposition, Disposition.USED)).as(RunManifestTable.USED),
            sumOf(lit(1L), is(disposition, Disposition.QUARANTINED))
                .as(RunManifestTable.QUARANTINED),
            sumOf(copies, is(disposition, Disposition.NOT_YET_KNOWN))
                .as(RunManifestTable.NOT_YET_KNOWN),
            sumOf(copies.minus(1), judged).as(RunManifestTable.DUPLICATES),
            sumOf(copies, is(disposition, Disposition.OUT_OF_SCOPE))
                .as(RunManifestTable.OUT_OF_SCOPE))
        .select(countColumns());
  }

  /** The fields of the manifest's dataset struct in their declared order, then the date. */
  private static Column[] countColumns() {
    List<Column> columns = new ArrayList<>();
    for (String name : RunManifestTable.DATASET_COUNTS.fieldNames()) {
      columns.add(col(name));
    }
    columns.add(KnownAt.asOf());
    return columns.toArray(Column[]::new);
  }

  private static Column is(Column disposition, Disposition d) {
    return disposition.equalTo(lit(d.name()));
  }

  /** Sum of {@code value} over rows where {@code when} holds; 0, never null, for no rows. */
  private static Column sumOf(Column value, Column where) {
    return coalesce(sum(when(where, value).otherwise(lit(0L))).cast("long"), lit(0L));
  }
}
