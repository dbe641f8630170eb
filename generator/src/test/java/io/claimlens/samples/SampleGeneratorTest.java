package io.claimlens.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.claimlens.io.InputReader;
import io.claimlens.schema.DatasetSchema;
import io.claimlens.schema.InputDatasets;
import io.claimlens.testing.SparkTestBase;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.generic.GenericRecord;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generator writes files that conform to the declared schemas, the same rows in the same order
 * for a seed.
 *
 * <p>The rows are compared as parquet-avro reads them back, with no Spark job: comparing them with
 * Spark took seven datasets' queries in a cold JVM, most of this module's build in CI. (Not the
 * files' bytes: parquet-mr orders a footer's encodings differently from one JVM to the next.) The
 * schema is checked as the job reads it, through {@link InputReader}.
 */
class SampleGeneratorTest extends SparkTestBase {
  @TempDir Path dir;

  @Test
  void sameSeedSameRowsAndEveryDatasetConformsToItsSchema() throws Exception {
    generate("a", "7");
    generate("b", "7");
    InputReader a = new InputReader(spark, dir.resolve("a").toString());
    for (DatasetSchema schema : InputDatasets.ALL) {
      Path file = dir.resolve("a").resolve(schema.name()).resolve(ParquetSink.FILE_NAME);
      Path again = dir.resolve("b").resolve(schema.name()).resolve(ParquetSink.FILE_NAME);
      List<String> rows = records(file);
      assertTrue(rows.size() > 0, schema.name() + " has rows");
      assertEquals(rows, records(again), schema.name());
      assertEquals(schema.sparkSchema(), a.read(schema).orElseThrow().schema(), schema.name());
    }
  }

  /**
   * Each row as parquet-avro renders it, every field by name (its records' equals fails on
   * timestamps in a union with null).
   */
  private static List<String> records(Path file) throws Exception {
    List<String> records = new ArrayList<>();
    try (ParquetReader<GenericRecord> reader =
        AvroParquetReader.<GenericRecord>builder(
                HadoopInputFile.fromPath(
                    new org.apache.hadoop.fs.Path(file.toUri()), new Configuration()))
            .build()) {
      for (GenericRecord r = reader.read(); r != null; r = reader.read()) {
        records.add(r.toString());
      }
    }
    return records;
  }

  private void generate(String folder, String seed) throws Exception {
    GeneratorOptions options =
        GeneratorOptions.parse(
            new String[] {
              "--output",
              dir.resolve(folder).toString(),
              "--orders",
              "300",
              "--seed",
              seed,
              "--bad-rows"
            });
    new SampleGenerator(options)
        .run(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
  }
}
