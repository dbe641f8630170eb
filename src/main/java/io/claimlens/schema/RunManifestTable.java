package io.claimlens.schema;

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

  private RunManifestTable() {}
}
