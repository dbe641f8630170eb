package io.claimlens.testing;

import io.claimlens.schema.OutputTables;
import io.claimlens.schema.RunManifestTable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Published tables as the tests compare them: two runs of the same inputs write the same rows but
 * for the run manifest's identity of the run.
 */
public final class Published {
  /** The run manifest's columns that differ from run to run by design: who ran and when. */
  private static final String[] RUN_IDENTITY = {
    RunManifestTable.RUN_ID, RunManifestTable.STARTED_AT, RunManifestTable.FINISHED_AT
  };

  private Published() {}

  /** {@code rows} of {@code table}, the manifest's without {@link #RUN_IDENTITY}. */
  public static Dataset<Row> withoutRunIdentity(String table, Dataset<Row> rows) {
    return table.equals(OutputTables.RUN_MANIFEST) ? rows.drop(RUN_IDENTITY) : rows;
  }

  /**
   * Every date of {@code table} under the Parquet root {@code root}, as {@link
   * #withoutRunIdentity}.
   */
  public static Dataset<Row> everyDate(SparkSession spark, String root, String table) {
    return withoutRunIdentity(table, spark.read().parquet(root + "/" + table));
  }
}
