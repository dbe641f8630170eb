package io.claimlens.samples;

import io.claimlens.schema.DatasetSchema;
import io.claimlens.schema.InputDatasets;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Conversions;
import org.apache.avro.Schema;
import org.apache.avro.data.TimeConversions;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.util.HadoopOutputFile;

/**
 * One open Parquet file per input dataset, {@code <output>/<dataset>/part-00000.parquet}, written
 * through Hadoop's file systems so that a local path, HDFS and {@code s3a://} all work. Rows are
 * streamed: only each writer's current row group is held in memory.
 */
final class ParquetSink implements AutoCloseable {
  /** The file each dataset folder gets. */
  static final String FILE_NAME = "part-00000.parquet";

  /**
   * Row group size. Smaller than Parquet's 128 MB default because seven writers are open at once;
   * 64 MB still gives Spark splits of a useful size.
   */
  private static final long ROW_GROUP_BYTES = 64L << 20;

  /** Writes BigDecimal and Instant values into the declared decimal and timestamp-micros types. */
  private static final GenericData MODEL = model();

  private final Map<String, Output> outputs;

  private record Output(DatasetSchema dataset, Schema avro, ParquetWriter<GenericRecord> writer) {}

  private final Map<String, long[]> counts = new LinkedHashMap<>();

  private ParquetSink(Map<String, Output> outputs) {
    this.outputs = outputs;
    for (String name : outputs.keySet()) {
      counts.put(name, new long[1]);
    }
  }

  /** Opens (and truncates) one file per dataset of {@link InputDatasets#ALL} under {@code root}. */
  static ParquetSink open(String root) throws IOException {
    Configuration conf = new Configuration();
    Map<String, Output> outputs = new LinkedHashMap<>();
    try {
      for (DatasetSchema dataset : InputDatasets.ALL) {
        Path path = new Path(new Path(root, dataset.name()), FILE_NAME);
        // without this the local file system leaves a .crc file beside every Parquet file
        FileSystem fs = path.getFileSystem(conf);
        fs.setWriteChecksum(false);
        Schema avro = dataset.avroSchema();
        ParquetWriter<GenericRecord> writer =
            AvroParquetWriter.<GenericRecord>builder(HadoopOutputFile.fromPath(path, conf))
                .withConf(conf)
                .withSchema(avro)
                .withDataModel(MODEL)
                .withCompressionCodec(CompressionCodecName.SNAPPY)
                .withRowGroupSize(ROW_GROUP_BYTES)
                .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
                .build();
        outputs.put(dataset.name(), new Output(dataset, avro, writer));
      }
    } catch (IOException | RuntimeException e) {
      for (Output o : outputs.values()) {
        try {
          o.writer().close();
        } catch (IOException suppressed) {
          e.addSuppressed(suppressed);
        }
      }
      throw e;
    }
    return new ParquetSink(outputs);
  }

  private static GenericData model() {
    GenericData model = new GenericData();
    model.addLogicalTypeConversion(new Conversions.DecimalConversion());
    model.addLogicalTypeConversion(new TimeConversions.TimestampMicrosConversion());
    return model;
  }

  /** A new, all-null row of {@code dataset}. */
  Row row(DatasetSchema dataset) {
    return new Row(dataset, output(dataset).avro());
  }

  /** Appends {@code row} to its dataset's file. */
  void write(Row row) {
    try {
      output(row.dataset()).writer().write(row.record());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + row.dataset().name(), e);
    }
    counts.get(row.dataset().name())[0]++;
  }

  /** Rows written so far to {@code dataset}. */
  long rows(DatasetSchema dataset) {
    return counts.get(dataset.name())[0];
  }

  private Output output(DatasetSchema dataset) {
    Output o = outputs.get(dataset.name());
    if (o == null) {
      throw new IllegalArgumentException("no output for dataset " + dataset.name());
    }
    return o;
  }

  /** Closes every file; the Parquet footers are written here. */
  @Override
  public void close() throws IOException {
    List<IOException> failures = new ArrayList<>();
    for (Output o : outputs.values()) {
      try {
        o.writer().close();
      } catch (IOException e) {
        failures.add(e);
      }
    }
    if (!failures.isEmpty()) {
      IOException first = failures.get(0);
      failures.stream().skip(1).forEach(first::addSuppressed);
      throw first;
    }
  }
}
