package io.claimlens.facts;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.max_by;
import static org.apache.spark.sql.functions.struct;

import io.claimlens.asof.KnownAt;
import io.claimlens.schema.DatasetSchema;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The state of snapshot entities at D (SPEC §1.1): per id, the row with the greatest updated_ts.
 */
public final class SnapshotState {
  private static final String LATEST = "_latest";

  private SnapshotState() {}

  /**
   * The latest of the valid rows of each entity at each as-of date. The quality gate has already
   * left out rows not known at D and made (id, updated_ts) unique, so the latest row is well
   * defined.
   */
  public static Dataset<Row> latest(Dataset<Row> validRows, DatasetSchema schema) {
    String updatedTs = schema.knownAtColumn().orElseThrow();
    return validRows
        .groupBy(col(schema.idColumn()), KnownAt.asOf())
        .agg(max_by(struct(col("*")), col(updatedTs)).as(LATEST))
        .select(col(LATEST + ".*"));
  }
}
