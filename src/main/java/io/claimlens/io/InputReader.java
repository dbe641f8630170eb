package io.claimlens.io;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.claimlens.config.ClaimlensException;
import io.claimlens.schema.ColumnSpec;
import io.claimlens.schema.DatasetSchema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Reads input datasets (SPEC §1): Parquet under {@code <input>/<dataset>/}, any number of files,
 * optionally Hive-partitioned. Each file schema is checked against the declaration before any row
 * is read; the result has exactly the declared columns, in order, with the declared types.
 */
public final class InputReader {
  private final SparkSession spark;
  private final String root;

  public InputReader(SparkSession spark, String root) {
    this.spark = spark;
    this.root = root.endsWith("/") ? root.substring(0, root.length() - 1) : root;
  }

  /**
   * The dataset conformed to {@code schema}, or empty when its folder is absent and the dataset is
   * optional. Throws a {@link ClaimlensException} (exit 3) for a missing required dataset or
   * column, or a column of the wrong type.
   */
  public Optional<Dataset<Row>> read(DatasetSchema schema) {
    Path path = new Path(root + "/" + schema.name());
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    if (!exists(conf, path)) {
      if (schema.isRequired()) {
        throw ClaimlensException.inputSchema(
            "input schema error: required dataset '" + schema.name() + "' not found at " + path);
      }
      return Optional.empty();
    }
    List<FileStatus> files = ParquetFolder.list(conf, path);
    if (files.isEmpty()) {
      // a folder with no data files is an empty dataset, not a schema Spark could infer
      return Optional.of(spark.createDataFrame(List.of(), schema.sparkSchema()));
    }
    Dataset<Row> raw;
    try {
      // files written over the years may differ in optional columns: merge every footer's schema
      raw = ParquetFolder.read(spark, path, files, true);
    } catch (Exception e) { // Spark's AnalysisException is checked in Java's eyes
      throw ClaimlensException.inputSchema(
          "input schema error: dataset '"
              + schema.name()
              + "': cannot read one schema from its files: "
              + firstLine(e.getMessage()));
    }
    return Optional.of(raw.select(conform(schema, raw.schema()).toArray(new Column[0])));
  }

  /** The declared columns read from a file schema, or the first mismatch as an error. */
  static List<Column> conform(DatasetSchema schema, StructType found) {
    List<Column> columns = new ArrayList<>();
    for (ColumnSpec spec : schema.columns()) {
      Optional<StructField> field =
          Arrays.stream(found.fields()).filter(f -> f.name().equals(spec.name())).findFirst();
      if (field.isEmpty()) {
        if (spec.isRequired()) {
          throw ClaimlensException.inputSchema(
              String.format(
                  "input schema error: dataset '%s' column '%s': expected %s, found no such column",
                  schema.name(), spec.name(), spec.type().displayName()));
        }
        columns.add(lit(null).cast(spec.type().sparkType()).as(spec.name()));
      } else if (!spec.type().accepts(field.get().dataType())) {
        throw ClaimlensException.inputSchema(
            String.format(
                "input schema error: dataset '%s' column '%s': expected %s, found %s",
                schema.name(),
                spec.name(),
                spec.type().displayName(),
                field.get().dataType().simpleString()));
      } else {
        columns.add(col(spec.name()).cast(spec.type().sparkType()).as(spec.name()));
      }
    }
    return columns;
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unknown cause";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }

  private static boolean exists(Configuration conf, Path path) {
    try {
      return path.getFileSystem(conf).exists(path);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list input " + path + ": " + e.getMessage(), e);
    }
  }
}
