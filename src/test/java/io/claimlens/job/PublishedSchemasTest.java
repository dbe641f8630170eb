package io.claimlens.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.claimlens.schema.OutputTable;
import io.claimlens.schema.OutputTables;
import io.claimlens.testing.SampleRun;
import io.claimlens.testing.SparkTestBase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every table the job publishes is its declaration in {@code schema}: on disk, the declared columns
 * in order with their types, and {@code as_of_date} the Hive partition column. Reads the JVM's one
 * run of the sample ({@link SampleRun}).
 */
class PublishedSchemasTest extends SparkTestBase {
  private static String output;

  @BeforeAll
  static void runOnSample() {
    output = SampleRun.output(spark);
  }

  @Test
  void everyPublishedTableIsItsDeclaration() {
    for (OutputTable table : OutputTables.DECLARED) {
      Path folder = Path.of(output, table.name());
      assertTrue(
          Files.isDirectory(folder.resolve(OutputTables.AS_OF_DATE + "=" + SampleRun.AS_OF)),
          table.name() + " is partitioned by " + OutputTables.AS_OF_DATE);

      List<String> wanted = columns(table.schema());
      // partition discovery appends the folder names' column after the columns of the files
      wanted.add(OutputTables.AS_OF_DATE + " " + DataTypes.DateType.catalogString());
      assertEquals(wanted, columns(spark.read().parquet(folder.toString()).schema()), table.name());
    }
  }

  /**
   * Name and type of each column, in order. Nullability is left out: Parquet read back makes every
   * column nullable.
   */
  private static List<String> columns(StructType schema) {
    return new ArrayList<>(
        Arrays.stream(schema.fields())
            .map(f -> f.name() + " " + f.dataType().catalogString())
            .toList());
  }
}
