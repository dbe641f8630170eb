package io.claimlens.schema;

import static org.apache.spark.sql.types.DataTypes.StringType;

import java.util.List;
import org.apache.spark.sql.types.StructType;

/** Columns of the {@code quarantine} table: one row per bad input row (SPEC §1.2, §4). */
public final class QuarantineTable {
  /** The input dataset the row came from. */
  public static final String DATASET = "dataset";

  /** The row's own id (order_id, claim_id, ...); null when that id is what is missing. */
  public static final String RECORD_ID = "record_id";

  /** A {@code QuarantineCode}. */
  public static final String REASON_CODE = "reason_code";

  /** What is wrong, in words, with the offending values. */
  public static final String DETAIL = "detail";

  /** The row as JSON, personal columns left out. */
  public static final String RECORD = "record";

  /** The table's columns in published order, without the {@code as_of_date} partition column. */
  public static final StructType SCHEMA =
      new StructType()
          .add(DATASET, StringType)
          .add(RECORD_ID, StringType)
          .add(REASON_CODE, StringType)
          .add(DETAIL, StringType)
          .add(RECORD, StringType);

  /** The table as the job publishes it: name, columns and sort key. */
  public static final OutputTable OUTPUT =
      new OutputTable(OutputTables.QUARANTINE, SCHEMA, List.of(DATASET, RECORD_ID));

  private QuarantineTable() {}
}
