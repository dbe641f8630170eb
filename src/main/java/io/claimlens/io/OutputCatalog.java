package io.claimlens.io;

import static org.apache.spark.sql.functions.max;

import io.claimlens.schema.OutputTables;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The tables under an output root as temporary views over their Hive-partitioned Parquet or their
 * Delta tables ({@link PublishedTables}), so that SQL runs over an output folder with no metastore
 * (scripts/query.sh). A view is named after its folder and carries {@code as_of_date} as a column.
 */
public final class OutputCatalog {

  private OutputCatalog() {}

  /**
   * The table folders under {@code root}: Delta tables, and folders with at least one {@code
   * as_of_date=} partition; the tables of {@link OutputTables#ALL} first, in that order, then any
   * other by name.
   */
  public static List<String> tables(SparkSession spark, String root) {
    Path rootPath = new Path(root);
    try {
      FileSystem fs = rootPath.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (!fs.exists(rootPath)) {
        return List.of();
      }
      List<String> tables = new ArrayList<>();
      for (FileStatus folder : fs.listStatus(rootPath)) {
        String name = folder.getPath().getName();
        if (folder.isDirectory() && !ParquetFolder.hidden(name) && isTable(fs, folder.getPath())) {
          tables.add(name);
        }
      }
      tables.sort(Comparator.comparingInt(OutputCatalog::rank).thenComparing(t -> t));
      return tables;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + root + ": " + e.getMessage(), e);
    }
  }

  /** Registers every table under {@code root} as a temporary view; returns their names. */
  public static List<String> registerViews(SparkSession spark, String root) {
    List<String> tables = tables(spark, root);
    for (String table : tables) {
      PublishedTables.read(spark, new Path(root, table)).createOrReplaceTempView(table);
    }
    return tables;
  }

  /**
   * The latest as-of date among registered views: the manifest's when it is there (it is published
   * last, so its dates are complete), else the first table's.
   */
  public static Optional<LocalDate> latestAsOf(SparkSession spark, List<String> views) {
    if (views.isEmpty()) {
      return Optional.empty();
    }
    String table =
        views.contains(OutputTables.RUN_MANIFEST) ? OutputTables.RUN_MANIFEST : views.get(0);
    // bounded: one row
    Row latest = spark.table(table).agg(max(OutputTables.AS_OF_DATE)).first();
    // java.sql.Date or LocalDate (spark.sql.datetime.java8API.enabled): both print YYYY-MM-DD
    return latest.isNullAt(0)
        ? Optional.empty()
        : Optional.of(LocalDate.parse(String.valueOf(latest.get(0))));
  }

  private static boolean isTable(FileSystem fs, Path table) throws IOException {
    for (FileStatus child : fs.listStatus(table)) {
      String name = child.getPath().getName();
      if (child.isDirectory()
          && (name.equals(PublishedTables.DELTA_LOG)
              || name.startsWith(OutputTables.AS_OF_DATE + "="))) {
        return true;
      }
    }
    return false;
  }

  private static int rank(String table) {
    int i = OutputTables.ALL.indexOf(table);
    return i < 0 ? OutputTables.ALL.size() : i;
  }
}
