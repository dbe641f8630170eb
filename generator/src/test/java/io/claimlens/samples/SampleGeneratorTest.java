package io.claimlens.samples;

import static io.claimlens.testing.RowAssertions.assertSameRows;
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
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generator writes files that conform to the declared schemas, the same rows for a seed. */
class SampleGeneratorTest extends SparkTestBase {
  @TempDir Path dir;

  @Test
  void sameSeedSameRowsAndEveryDatasetConformsToItsSchema() throws Exception {
    generate("a", "7");
    generate("b", "7");
    InputReader a = new InputReader(spark, dir.resolve("a").toString());
    InputReader b = new InputReader(spark, dir.resolve("b").toString());
    for (DatasetSchema schema : InputDatasets.ALL) {
      Dataset<Row> rows = a.read(schema).orElseThrow();
      assertEquals(schema.sparkSchema(), rows.schema(), schema.name());
      assertTrue(rows.count() > 0, schema.name() + " has rows");
      assertSameRows(rows, b.read(schema).orElseThrow());
    }
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
