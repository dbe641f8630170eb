package io.claimlens.job;

import static io.claimlens.schema.RunManifestTable.*;
import static org.apache.spark.sql.types.DataTypes.BooleanType;
import static org.apache.spark.sql.types.DataTypes.DateType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;
import static org.apache.spark.sql.types.DataTypes.createArrayType;
import static org.apache.spark.sql.types.DataTypes.createStructField;
import static org.apache.spark.sql.types.DataTypes.createStructType;

import io.claimlens.schema.OutputTables;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Properties;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;

/**
 * The {@code run_manifest} row of a run for one as-of date: what it read, judged, wrote, and with
 * which policy. A backfill writes one row per date, each in its date's partition.
 */
final class RunManifest {
  static final StructType DATASET_COUNTS =
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

  static final StructType TABLE_ROWS =
      createStructType(
          List.of(
              createStructField(TABLE, StringType, false),
              createStructField(ROWS, LongType, false)));

  /** The row as staged: the as-of date first, which the writer turns into the partition. */
  static final StructType SCHEMA =
      createStructType(
          List.of(
              createStructField(OutputTables.AS_OF_DATE, DateType, false),
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

  private RunManifest() {}

  /** One manifest row; {@code datasets} are {@link #DATASET_COUNTS} rows. */
  static Row row(
      LocalDate asOf,
      String runId,
      Instant startedAt,
      Instant finishedAt,
      String policySource,
      String policyDigest,
      List<String> marketplaces,
      List<Row> datasets,
      List<Row> tables,
      List<String> notes) {
    return RowFactory.create(
        asOf,
        runId,
        java.sql.Timestamp.from(startedAt),
        java.sql.Timestamp.from(finishedAt),
        version(),
        policySource,
        policyDigest,
        scala(marketplaces),
        scala(datasets),
        scala(tables),
        scala(notes),
        STATUS_SUCCEEDED);
  }

  /** The version Maven stamped into the jar's resources. */
  static String version() {
    Properties p = new Properties();
    try (InputStream in =
        RunManifest.class.getClassLoader().getResourceAsStream("claimlens.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      // fall through to "unknown": the version is informative, not worth failing a run for
    }
    return p.getProperty("version", "unknown");
  }

  private static <T> scala.collection.immutable.Seq<T> scala(List<T> values) {
    return scala.jdk.javaapi.CollectionConverters.asScala(values).toList();
  }
}
