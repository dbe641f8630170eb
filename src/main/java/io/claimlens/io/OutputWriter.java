package io.claimlens.io;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count_if;
import static org.apache.spark.sql.functions.lit;

import io.claimlens.config.AsOfDates;
import io.claimlens.schema.OutputTables;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Observation;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * Writes a run's output tables as Hive partitions {@code <table>/as_of_date=D/} (SPEC §4), one per
 * as-of date of the run.
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
  private final AsOfDates dates;
  private final List<String> staged = new ArrayList<>();

  public OutputWriter(SparkSession spark, String root, String runId, AsOfDates dates) {
    this.spark = spark;
    this.root = root.endsWith("/") ? root.substring(0, root.length() - 1) : root;
    this.runId = runId;
    this.dates = dates;
  }

  /**
   * Writes {@code rows}, whose {@link OutputTables#AS_OF_DATE} column names their partition, into
   * staging; returns the rows per as-of date. A date without rows gets an empty partition that
   * still carries the schema, so that it replaces what an earlier run published for it.
   */
  public Map<LocalDate, Long> stage(String table, Dataset<Row> rows) {
    Path staging = stagingRoot(table);
    // recorded first, so that abort() also clears what a failed write left behind
    staged.add(table);
    // the rows per date are counted by the write itself, not by a second job over its output
    Observation written = new Observation(table);
    List<Column> perDate = new ArrayList<>();
    for (LocalDate d : dates.dates()) {
      perDate.add(count_if(col(OutputTables.AS_OF_DATE).equalTo(lit(d))).as(d.toString()));
    }
    rows.observe(written, perDate.get(0), perDate.subList(1, perDate.size()).toArray(Column[]::new))
        .write()
        .mode(SaveMode.ErrorIfExists)
        .partitionBy(OutputTables.AS_OF_DATE)
        .parquet(staging.toString());
    Map<String, Object> observed = observed(written);
    Map<LocalDate, Long> counts = new LinkedHashMap<>();
    for (LocalDate d : dates.dates()) {
      long n = ((Number) observed.get(d.toString())).longValue();
      if (n == 0) {
        spark
            .createDataFrame(List.<Row>of(), rows.drop(OutputTables.AS_OF_DATE).schema())
            .write()
            .parquet(stagedPartition(table, d).toString());
      }
      counts.put(d, n);
    }
    return counts;
  }

  /** The counts of a finished write (available as soon as its job ends). */
  private static Map<String, Object> observed(Observation written) {
    try {
      return written.getAsJava();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading a write's row counts", e);
    }
  }

  /** Swaps every staged partition in, in staging order, then removes the run's scratch folders. */
  public void publish() {
    try {
      for (String table : staged) {
        FileSystem fs =
            stagingRoot(table).getFileSystem(spark.sparkContext().hadoopConfiguration());
        Path trashRoot = new Path(root + "/" + table + "/" + TRASH + "/" + runId);
        for (LocalDate d : dates.dates()) {
          Path target = new Path(root + "/" + table + "/" + partition(d));
          Path trash = new Path(trashRoot, partition(d));
          if (fs.exists(target)) {
            fs.mkdirs(trashRoot);
            rename(fs, target, trash);
          }
          rename(fs, stagedPartition(table, d), target);
        }
        fs.delete(trashRoot, true);
        fs.delete(stagingRoot(table), true);
        removeIfEmpty(fs, trashRoot.getParent());
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

  private Path stagedPartition(String table, LocalDate asOf) {
    return new Path(stagingRoot(table), partition(asOf));
  }

  private static String partition(LocalDate asOf) {
    return OutputTables.AS_OF_DATE + "=" + asOf;
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
