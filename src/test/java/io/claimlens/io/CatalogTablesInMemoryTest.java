package io.claimlens.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.claimlens.job.ClaimlensMain;
import io.claimlens.testing.SparkTestBase;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --register-tables} with an in-memory catalog, which would forget the tables: exit 2. */
class CatalogTablesInMemoryTest extends SparkTestBase {
  @TempDir Path dir;

  @Test
  void registeringInAnInMemoryCatalogIsRefusedBeforeAnyWork() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Path output = dir.resolve("out");
    int code =
        ClaimlensMain.run(
            new String[] {
              "--input",
              dir.resolve("in").toString(),
              "--output",
              output.toString(),
              "--as-of",
              "2026-06-30",
              "--register-tables"
            },
            () -> spark,
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));

    assertEquals(2, code);
    assertEquals(
        "claimlens: --register-tables needs a persistent catalog, but this session's is in-memory:"
            + " run with --conf spark.sql.catalogImplementation=hive (spark-hive on the classpath;"
            + " a cluster's metastore, or embedded Derby)\n",
        err.toString(StandardCharsets.UTF_8));
    assertFalse(Files.exists(output));
  }
}
