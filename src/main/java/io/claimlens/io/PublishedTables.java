package io.claimlens.io;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.claimlens.config.ClaimlensException;
import io.claimlens.config.TableFormat;
import io.claimlens.schema.OutputTables;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The published tables as a reader finds them, in whichever format they were written: a table
 * folder with a {@code _delta_log} is a Delta table, any other a Hive-partitioned Parquet folder.
 * Readers (query.sh, report.sh, the catalog registration) take the format from the files, so they
 * need no option of their own.
 */
public final class PublishedTables {
  /** The transaction log folder that makes a folder a Delta table. */
  public static final String DELTA_LOG = "_delta_log";

  private PublishedTables() {}

  /**
   * The format of the tables under {@code root}: that of the first of {@link OutputTables#ALL}
   * found there, or empty when the root holds none yet.
   */
  public static Optional<TableFormat> detect(Configuration conf, String root) {
    try {
      FileSystem fs = new Path(root).getFileSystem(conf);
      for (String table : OutputTables.ALL) {
        Path folder = new Path(root, table);
        if (fs.exists(new Path(folder, DELTA_LOG))) {
          return Optional.of(TableFormat.DELTA);
        }
        if (fs.exists(folder)) {
          return Optional.of(TableFormat.PARQUET);
        }
      }
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + root + ": " + e.getMessage(), e);
    }
  }

  /**
   * Fails (exit 2) when {@code root} already holds tables in another format: a Delta commit would
   * hide the Parquet files beside it, and a Parquet publish would rename folders under a Delta log.
   */
  public static void requireFormat(Configuration conf, String root, TableFormat format) {
    detect(conf, root)
        .filter(found -> found != format)
        .ifPresent(
            found -> {
              throw ClaimlensException.badArguments(
                  "the tables under "
                      + root
                      + " are "
                      + found.word()
                      + ", not "
                      + format.word()
                      + ": pass --table-format "
                      + found.word()
                      + ", or write "
                      + format.word()
                      + " tables into a new output root");
            });
  }

  /** Whether {@code table} is a Delta table. */
  public static boolean isDelta(SparkSession spark, Path table) {
    try {
      return table
          .getFileSystem(spark.sparkContext().hadoopConfiguration())
          .exists(new Path(table, DELTA_LOG));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + table + ": " + e.getMessage(), e);
    }
  }

  /** Every row of {@code table}, with {@link OutputTables#AS_OF_DATE} as a column. */
  public static Dataset<Row> read(SparkSession spark, Path table) {
    return isDelta(spark, table)
        ? spark.read().format("delta").load(table.toString())
        : ParquetFolder.read(spark, table, false);
  }

  /** The tables under {@code root} at {@code asOf}, for {@link AtDate#partition}. */
  public static AtDate at(SparkSession spark, String root, LocalDate asOf) {
    // a Delta table keeps no folder for a date without rows, so the manifest, committed last, says
    // which dates are published: read once for all the tables a reader wants, since each read of a
    // Delta table is a few Spark jobs (asked by each of the report's five tables: 8 jobs more on
    // the sample)
    Path manifest = new Path(root, OutputTables.RUN_MANIFEST);
    boolean deltaPublished =
        !isDelta(spark, manifest) || !atDate(read(spark, manifest), asOf).isEmpty();
    return new AtDate(spark, root, asOf, deltaPublished);
  }

  /**
   * The published tables under {@code root} at {@code asOf}.
   *
   * @param deltaPublished whether a Delta table's rows at {@code asOf} are published: the
   *     run_manifest has a row for the date, or is not a Delta table
   */
  public record AtDate(SparkSession spark, String root, LocalDate asOf, boolean deltaPublished) {
    /**
     * The rows of {@code table} at the date without the date column, or empty when that date is not
     * published: a Parquet table without the partition folder, a Delta table that does not exist or
     * whose run_manifest has no row for the date.
     */
    public Optional<Dataset<Row>> partition(String table) {
      Path folder = new Path(root, table);
      if (isDelta(spark, folder)) {
        return deltaPublished
            ? Optional.of(atDate(read(spark, folder), asOf).drop(OutputTables.AS_OF_DATE))
            : Optional.empty();
      }
      Path partition = new Path(folder, OutputTables.AS_OF_DATE + "=" + asOf);
      try {
        FileSystem fs = partition.getFileSystem(spark.sparkContext().hadoopConfiguration());
        return fs.exists(partition)
            ? Optional.of(ParquetFolder.read(spark, partition, false))
            : Optional.empty();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + partition + ": " + e.getMessage(), e);
      }
    }
  }

  private static Dataset<Row> atDate(Dataset<Row> rows, LocalDate asOf) {
    return rows.filter(col(OutputTables.AS_OF_DATE).equalTo(lit(asOf)));
  }
}
