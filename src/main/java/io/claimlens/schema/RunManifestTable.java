package io.claimlens.schema;

import static org.apache.spark.sql.types.DataTypes.BooleanType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;
import static org.apache.spark.sql.types.DataTypes.createArrayType;
import static org.apache.spark.sql.types.DataTypes.createStructField;
import static org.apache.spark.sql.types.DataTypes.createStructType;

import java.util.List;
import org.apache.spark.sql.types.StructType;

/** Columns of the {@code run_manifest} table: one row per run (SPEC §4). */
public final class RunManifestTable {
  public static final String RUN_ID = "run_id";
  public static final String STARTED_AT = "started_at";
  public static final String FINISHED_AT = "finished_at";

  /** The claimlens version that ran. */
  public static final String VERSION = "version";

  /** Where the policy came from (a path, or the bundled resource). */
  public static final String POLICY_SOURCE = "policy_source";

  /** {@code sha256:<hex>} of the policy file. */
  public static final String POLICY_DIGEST = "policy_digest";

  /** The --marketplaces filter; empty when the run covered all marketplaces. */
  public static final String MARKETPLACES = "marketplaces";

  /**
   * Per input dataset: a struct of the counts below; read = used + quarantined + not_yet_known +
   * duplicates + out_of_scope.
   */
  public static final String DATASETS = "datasets";

  /** Per output table: {@link #TABLE} and {@link #ROWS}. */
  public static final String TABLES = "tables";

  /** Why a metric has no data, and other things a data engineer should know about the run. */
  public static final String NOTES = "notes";

  public static final String STATUS = "status";

  public static final String DATASET = QuarantineTable.DATASET;

  /** Whether the dataset's folder was there. */
  public static final String PRESENT = "present";

  public static final String READ = "read";
  public static final String USED = "used";
  public static final String QUARANTINED = "quarantined";
  public static final String NOT_YET_KNOWN = "not_yet_known";

  /** Identical copies collapsed into one row. */
  public static final String DUPLICATES = "duplicates";

  /** Rows of marketplaces that --marketplaces left out (0 without the option). */
  public static final String OUT_OF_SCOPE = "out_of_scope";

  public static final String TABLE = "table";
  public static final String ROWS = "rows";

  /** A successful run; a failed run writes no manifest row (nor any other output). */
  public static final String STATUS_SUCCEEDED = "SUCCEEDED";

  /** An element of {@link #DATASETS}. */
  public static final StructType DATASET_COUNTS =
      createStructType(
          List.of(
              createStructField(DATASET, StringType, false),
              createStructField(PRESENT, BooleanType, false),
              createStructField(READ, LongType, false),
              createStructField(USED, LongType, false),
              createStructField(QUARANTINED, LongType, false),
              createStructField(NOT_YET_KNOWN, LongType, false),
              createStructField(DUPLICATES, LongType, false),
              createStructField(OUT_OF_SCOPE, LongType, false)));

  /** An element of {@link #TABLES}. */
  public static final StructType TABLE_ROWS =
      createStructType(
          List.of(
              createStructField(TABLE, StringType, false),
              createStructField(ROWS, LongType, false)));

  /** The table's columns in published order, without the {@code as_of_date} partition column. */
  public static final StructType SCHEMA =
      createStructType(
          List.of(
              createStructField(RUN_ID, StringType, false),
              createStructField(STARTED_AT, TimestampType, false),
              createStructField(FINISHED_AT, TimestampType, false),
              createStructField(VERSION, StringType, false),
              createStructField(POLICY_SOURCE, StringType, false),
              createStructField(POLICY_DIGEST, StringType, false),
              createStructField(MARKETPLACES, createArrayType(StringType, false), false),
              createStructField(DATASETS, createArrayType(DATASET_COUNTS, false), false),
              createStructField(TABLES, createArrayType(TABLE_ROWS, false), false),
              createStructField(NOTES, createArrayType(StringType, false), false),
              createStructField(STATUS, StringType, false)));

  /** The table as the job publishes it: one row per run and date, written as one file, unsorted. */
  public static final OutputTable OUTPUT =
      new OutputTable(OutputTables.RUN_MANIFEST, SCHEMA, List.of());

  private RunManifestTable() {}
}
