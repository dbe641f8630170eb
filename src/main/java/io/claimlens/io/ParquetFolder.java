package io.claimlens.io;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.parquet.HadoopReadOptions;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.hadoop.Footer;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.datasources.parquet.ParquetFileFormat;
import org.apache.spark.sql.execution.datasources.parquet.ParquetToSparkSchemaConverter;
import org.apache.spark.sql.internal.SQLConf;
import org.apache.spark.sql.types.StructType;

/**
 * A folder of Parquet files (optionally Hive-partitioned), read with its schema taken from the
 * files' footers on the driver when the files are few and agree.
 *
 * <p>Why: to learn a folder's schema Spark runs a job of its own, even for one file, before any
 * query. A night reads seven input datasets and its report six published tables, so those jobs were
 * 13 of a night's jobs; on the sample each cost 0.1 to 0.7 s, most of a second of scheduling for a
 * few kilobytes of footer. Reading up to {@link #DRIVER_FOOTERS} footers directly is one small read
 * each. The schema is the one Spark's job would find: the same conversion of each footer ({@code
 * ParquetFileFormat.readSchemaFromFooter}, which prefers the Spark schema a Spark writer stores in
 * the footer), and when files differ, or there are more of them, Spark merges them itself as
 * before.
 */
final class ParquetFolder {
  /** Above this many files, reading footers one by one on the driver costs more than a job. */
  static final int DRIVER_FOOTERS = 16;

  private ParquetFolder() {}

  /**
   * The folder's rows: with the footers' common schema when they agree, else as Spark infers it
   * ({@code mergeSchema} when asked: files written over the years may differ in optional columns).
   */
  static Dataset<Row> read(SparkSession spark, Path folder, boolean mergeSchema) {
    return read(
        spark, folder, list(spark.sparkContext().hadoopConfiguration(), folder), mergeSchema);
  }

  /** {@link #read(SparkSession, Path, boolean)} of a folder already {@link #list}ed. */
  static Dataset<Row> read(
      SparkSession spark, Path folder, List<FileStatus> listed, boolean mergeSchema) {
    DataFrameReader reader = spark.read().option("mergeSchema", String.valueOf(mergeSchema));
    footerSchema(spark, listed).ifPresent(reader::schema);
    return reader.parquet(folder.toString());
  }

  /**
   * The schema every one of {@code listed} has, or empty when they differ, when they are more than
   * {@link #DRIVER_FOOTERS} or none, or when a footer cannot be read (Spark then reports what is
   * wrong in its own words).
   */
  static Optional<StructType> footerSchema(SparkSession spark, List<FileStatus> listed) {
    if (listed.isEmpty() || listed.size() > DRIVER_FOOTERS) {
      return Optional.empty();
    }
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    ParquetToSparkSchemaConverter converter = new ParquetToSparkSchemaConverter(SQLConf.get());
    // the session's configuration: without it each footer's reader made a Configuration of its
    // own, parsing Hadoop's default XML files again (about 20 ms a footer, 6 s of a 30-date
    // backfill's reports)
    ParquetReadOptions options = HadoopReadOptions.builder(conf).build();
    StructType common = null;
    for (FileStatus file : listed) {
      StructType schema;
      try (ParquetFileReader footer =
          ParquetFileReader.open(HadoopInputFile.fromStatus(file, conf), options)) {
        schema =
            ParquetFileFormat.readSchemaFromFooter(
                new Footer(file.getPath(), footer.getFooter()), converter);
      } catch (IOException | RuntimeException e) {
        return Optional.empty();
      }
      if (common != null && !common.equals(schema)) {
        return Optional.empty();
      }
      common = schema;
    }
    return Optional.of(common);
  }

  /**
   * The data files under {@code folder} at any depth, as many as decide how it is read (up to
   * {@link #DRIVER_FOOTERS} + 1): {@link #hidden} ones are Spark's to skip, so ours too. Empty when
   * the folder has none or does not exist.
   */
  static List<FileStatus> list(Configuration conf, Path folder) {
    List<FileStatus> files = new ArrayList<>();
    try {
      FileSystem fs = folder.getFileSystem(conf);
      Path root = fs.makeQualified(folder);
      RemoteIterator<? extends FileStatus> listed = fs.listFiles(root, true);
      while (listed.hasNext() && files.size() <= DRIVER_FOOTERS) {
        FileStatus file = listed.next();
        if (!underHidden(root, file.getPath())) {
          files.add(file);
        }
      }
      return files;
    } catch (FileNotFoundException e) {
      return files;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + folder + ": " + e.getMessage(), e);
    }
  }

  /**
   * Spark, Hive and Trino skip files and folders whose names start with '_' or '.' (success
   * markers, checksums, staging, logs).
   */
  static boolean hidden(String name) {
    return name.startsWith("_") || name.startsWith(".");
  }

  private static boolean underHidden(Path root, Path file) {
    for (Path p = file; p != null && !p.equals(root) && p.getParent() != null; p = p.getParent()) {
      if (hidden(p.getName())) {
        return true;
      }
    }
    return false;
  }
}
