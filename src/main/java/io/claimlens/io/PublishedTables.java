package io.claimlens.io;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.claimlens.config.ClaimlensException;
import io.claimlens.config.TableFormat;
import io.claimlens.schema.OutputTables;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

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

  /** The tables under {@code root} at the as-of dates {@code dates}, for {@link AtDates#pieces}. */
  public static AtDates at(SparkSession spark, String root, Collection<LocalDate> dates) {
    // a Delta table keeps no folder for a date without rows, so the manifest, committed last, says
    // which dates are published: read once for all the tables and dates a reader wants, since each
    // read of a Delta table is a few Spark jobs (asked by each of the report's five tables: 8 jobs
    // more on the sample)
    SortedSet<LocalDate> wanted = new TreeSet<>(dates);
    Path manifest = new Path(root, OutputTables.RUN_MANIFEST);
    Set<LocalDate> deltaPublished =
        isDelta(spark, manifest) ? publishedDates(read(spark, manifest), wanted) : wanted;
    return new AtDates(spark, root, wanted, Set.copyOf(deltaPublished));
  }

  /**
   * The published tables under {@code root} at some as-of dates.
   *
   * @param dates the dates asked for
   * @param deltaPublished those a Delta table's rows are published at: the run_manifest has a row
   *     for the date, or is not a Delta table
   */
  public record AtDates(
      SparkSession spark, String root, SortedSet<LocalDate> dates, Set<LocalDate> deltaPublished) {
    /**
     * The rows of {@code table} at the dates that are published, with the date as {@link
     * OutputTables#AS_OF_DATE}: a Parquet table's partition folders that exist, a Delta table's
     * dates its run_manifest has. Each piece is one scan of dates whose rows have one schema: a
     * Delta table's dates, a Parquet table's partitions whose files agree (a backfill's); none
     * without a published date.
     */
    public List<Piece> pieces(String table) {
      Path folder = new Path(root, table);
      if (isDelta(spark, folder)) {
        SortedSet<LocalDate> published = new TreeSet<>(dates);
        published.retainAll(deltaPublished);
        if (published.isEmpty()) {
          return List.of();
        }
        Dataset<Row> rows =
            read(spark, folder)
                .where(col(OutputTables.AS_OF_DATE).isin(published.toArray()))
                .withColumn(
                    OutputTables.AS_OF_DATE, col(OutputTables.AS_OF_DATE).cast(DataTypes.DateType));
        return List.of(new Piece(published, rows));
      }
      Configuration conf = spark.sparkContext().hadoopConfiguration();
      // the partitions of each schema their footers agree on; those without one are read alone
      Map<StructType, SortedMap<LocalDate, Path>> bySchema = new LinkedHashMap<>();
      List<Piece> pieces = new ArrayList<>();
      for (Map.Entry<LocalDate, Path> partition :
          partitionFolders(conf, folder, dates::contains).entrySet()) {
        LocalDate d = partition.getKey();
        List<FileStatus> files = ParquetFolder.list(conf, partition.getValue());
        Optional<StructType> schema = ParquetFolder.footerSchema(spark, files);
        if (schema.isPresent()) {
          bySchema.computeIfAbsent(schema.get(), k -> new TreeMap<>()).put(d, partition.getValue());
        } else {
          Dataset<Row> rows = ParquetFolder.read(spark, partition.getValue(), files, false);
          pieces.add(
              new Piece(
                  new TreeSet<>(Set.of(d)), rows.withColumn(OutputTables.AS_OF_DATE, lit(d))));
        }
      }
      bySchema.forEach(
          (schema, partitions) ->
              pieces.add(
                  new Piece(
                      new TreeSet<>(partitions.keySet()),
                      scan(spark, folder, schema, partitions.values()))));
      return pieces;
    }
  }

  /**
   * The partition folders under a Parquet table's {@code folder} whose dates {@code wanted} takes,
   * by date, from one listing (one request on S3, not a probe per date); none when the folder does
   * not exist.
   */
  public static SortedMap<LocalDate, Path> partitionFolders(
      Configuration conf, Path folder, Predicate<LocalDate> wanted) {
    SortedMap<LocalDate, Path> partitions = new TreeMap<>();
    try {
      for (FileStatus child : folder.getFileSystem(conf).listStatus(folder)) {
        partitionDate(child).filter(wanted).ifPresent(d -> partitions.put(d, child.getPath()));
      }
      return partitions;
    } catch (FileNotFoundException e) {
      return partitions;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + folder + ": " + e.getMessage(), e);
    }
  }

  /**
   * The rows of {@code partitions}, folders of the Parquet table at {@code folder}, as one scan of
   * {@code schema} with the date their folder names give as {@link OutputTables#AS_OF_DATE}: with
   * the schema given, Spark reads no footers in a job of its own.
   */
  public static Dataset<Row> scan(
      SparkSession spark, Path folder, StructType schema, Collection<Path> partitions) {
    return spark
        .read()
        .schema(schema.add(OutputTables.AS_OF_DATE, DataTypes.DateType, true))
        .option("basePath", folder.toString())
        .parquet(partitions.stream().map(Path::toString).toArray(String[]::new));
  }

  /**
   * Rows of a table at some dates, with the date as a column, in one scan.
   *
   * @param dates the dates it holds
   */
  public record Piece(SortedSet<LocalDate> dates, Dataset<Row> rows) {}

  /** The date of a Parquet table's partition folder, {@code as_of_date=YYYY-MM-DD}. */
  private static Optional<LocalDate> partitionDate(FileStatus status) {
    String prefix = OutputTables.AS_OF_DATE + "=";
    String name = status.getPath().getName();
    if (!status.isDirectory() || !name.startsWith(prefix)) {
      return Optional.empty();
    }
    try {
      return Optional.of(LocalDate.parse(name.substring(prefix.length())));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /** The dates among {@code wanted} that {@code manifest} has a row for. */
  private static Set<LocalDate> publishedDates(Dataset<Row> manifest, SortedSet<LocalDate> wanted) {
    Set<LocalDate> published = new TreeSet<>();
    // bounded: the dates asked for
    for (Row r :
        manifest
            .where(col(OutputTables.AS_OF_DATE).between(lit(wanted.first()), lit(wanted.last())))
            .select(col(OutputTables.AS_OF_DATE).cast("date").cast("string"))
            .distinct()
            .collectAsList()) {
      LocalDate d = LocalDate.parse(r.getString(0));
      if (wanted.contains(d)) {
        published.add(d);
      }
    }
    return published;
  }
}
