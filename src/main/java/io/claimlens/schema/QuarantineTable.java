package io.claimlens.schema;

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

  private QuarantineTable() {}
}
