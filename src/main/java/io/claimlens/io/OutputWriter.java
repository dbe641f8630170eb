package io.claimlens.io;

import io.claimlens.schema.OutputTables;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * Writes a run's output tables as Hive partitions {@code <table>/as_of_date=D/} (SPEC §4).
 *
 * <p>Every table is first written whole to {@code <table>/_staging/<run id>/}, which readers skip
 * (Spark, Hive and Trino ignore names starting with '_'). Only when every table is staged does
 * {@link #publish()} swap each partition in with two directory renames: the old partition moves to
 * {@code _trash}, the staged one takes its place. On HDFS and local disk a rename is atomic, so a
 * reader lists either the old partition's files or the new one's, never a mix; between the two
 * renames, for milliseconds, the partition is absent. A failed run publishes nothing.
 */
public final class OutputWriter {
  private static final String STAGING = "_staging";
  private static final String TRASH = "_trash";

  private final SparkSession spark;
  private final String root;
  private final String runId;
  private final String partition;
  private final List<String> staged = new ArrayList<>();

  public OutputWriter(SparkSession spark, String root, String runId, LocalDate asOf) {
    this.spark = spark;
    this.root = root.endsWith("/") ? root.substring(0, root.length() - 1) : root;
    this.runId = runId;
    this.partition = OutputTables.AS_OF_DATE + "=" + asOf;
  }

  /** Writes {@code rows} as D's partition of {@code table} into staging; returns the row count. */
  public long stage(String table, Dataset<Row> rows) {
    Path path = stagedPartition(table);
    // recorded first, so that abort() also clears what a failed write left behind
    staged.add(table);
    rows.write().mode(SaveMode.ErrorIfExists).parquet(path.toString());
    // the count comes from the Parquet footers just written, not from recomputing the rows
    return spark.read().parquet(path.toString()).count();
  }

  /** Swaps every staged partition in, in staging order, then removes the run's scratch folders. */
  public void publish() {
    try {
      for (String table : staged) {
        Path target = new Path(root + "/" + table + "/" + partition);
        Path trash = new Path(root + "/" + table + "/" + TRASH + "/" + runId + "/" + partition);
        FileSystem fs = target.getFileSystem(spark.sparkContext().hadoopConfiguration());
        if (fs.exists(target)) {
          fs.mkdirs(trash.getParent());
          rename(fs, target, trash);
        }
        rename(fs, stagedPartition(table), target);
        fs.delete(trash.getParent(), true);
        fs.delete(stagingRoot(table), true);
        removeIfEmpty(fs, trash.getParent().getParent());
        removeIfEmpty(fs, stagingRoot(table).getParent());
      }
      staged.clear();
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot publish outputs under " + root + ": " + e.getMessage(), e);
    }
  }

  /** Removes whatever this run staged; the published tables stay as they were. */
  public void abort() {
    for (String table : staged) {
      Path staging = stagingRoot(table);
      try {
        FileSystem fs = staging.getFileSystem(spark.sparkContext().hadoopConfiguration());
        fs.delete(staging, true);
        removeIfEmpty(fs, staging.getParent());
      } catch (IOException e) {
        // best effort: readers skip _staging anyway, and the run is failing for another reason
      }
    }
    staged.clear();
  }

  private Path stagingRoot(String table) {
    return new Path(root + "/" + table + "/" + STAGING + "/" + runId);
  }

  private Path stagedPartition(String table) {
    return new Path(stagingRoot(table), partition);
  }

  /**
   * Tidies a scratch parent; a concurrent run's folder in it makes the non-recursive delete fail.
   */
  private static void removeIfEmpty(FileSystem fs, Path dir) {
    try {
      if (fs.exists(dir) && fs.listStatus(dir).length == 0) {
        fs.delete(dir, false);
      }
    } catch (IOException e) {
      // another run is using it
    }
  }

  private static void rename(FileSystem fs, Path from, Path to) throws IOException {
    if (!fs.rename(from, to)) {
      throw new IOException("rename " + from + " -> " + to + " failed");
    }
  }
}
