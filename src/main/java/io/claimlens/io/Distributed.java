package io.claimlens.io;

import static org.apache.spark.sql.functions.col;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.internal.SQLConf;

/**
 * Rows hash-partitioned by one column into the session's shuffle partitions, the count made
 * explicit: adaptive execution coalesces the partitions of a shuffle it planned itself, or of a
 * {@code repartition} by columns alone, but keeps an explicit count. Results laid out alike are
 * joined and grouped by that column where they lie, and a kept result keeps naming the layout (the
 * job's {@code Materialized.keepDistributedBy}).
 */
public final class Distributed {
  private Distributed() {}

  /**
   * {@code rows} as the side a join builds a table of in each task, the other side streamed past it
   * as it lies (a shuffled hash join): for a few rows joined to many, where a sort-merge join sorts
   * the many first.
   */
  public static Dataset<Row> hashedInJoins(Dataset<Row> rows) {
    return rows.hint("shuffle_hash");
  }

  /** {@code rows} hash-partitioned by {@code column} into the session's shuffle partitions. */
  public static Dataset<Row> by(Dataset<Row> rows, String column) {
    int partitions =
        Integer.parseInt(rows.sparkSession().conf().get(SQLConf.SHUFFLE_PARTITIONS().key()));
    return rows.repartition(partitions, col(column));
  }
}
