package io.claimlens.io;

import static io.claimlens.testing.Fixtures.US;
import static io.claimlens.testing.Fixtures.claim;
import static io.claimlens.testing.Fixtures.item;
import static io.claimlens.testing.Fixtures.order;
import static io.claimlens.testing.RowAssertions.assertSameRows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.claimlens.schema.Claims;
import io.claimlens.schema.Claims.Reason;
import io.claimlens.schema.Claims.Status;
import io.claimlens.schema.OrderItems;
import io.claimlens.schema.Orders;
import io.claimlens.schema.OutputTables;
import io.claimlens.testing.Scenario;
import io.claimlens.testing.SparkTestBase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reruns are idempotent and replace only their own date's partitions (SPEC §1.1, §4). */
class RerunTest extends SparkTestBase {
  private static final List<String> DATA_TABLES =
      List.of(OutputTables.SELLER_METRICS, OutputTables.SKU_METRICS, OutputTables.QUARANTINE);

  @TempDir Path dir;

  @Test
  void rerunGivesIdenticalTablesAndLeavesOtherDatesUntouched() throws IOException {
    Scenario s =
        new Scenario(spark, dir)
            .add(
                Orders.SCHEMA,
                order("o1", US, "S1", "2026-06-01T18:00:00Z"),
                order("o2", US, "S2", "2026-06-02T18:00:00Z"),
                order("bad", US, null, "2026-06-02T18:00:00Z"))
            .add(OrderItems.SCHEMA, item("o1", "i1", "SKU-1"), item("o2", "i2", "SKU-2"))
            .add(
                Claims.SCHEMA,
                claim("c1", "o1", Reason.DAMAGED, Status.OPEN, "2026-06-05T10:00:00Z"));
    Scenario.Output first = s.run("2026-06-30");
    Map<String, Dataset<Row>> before = snapshot(first);
    Row manifestBefore = first.manifest().first();
    s.run("2026-06-29");
    Map<String, String> otherDateFiles = files("as_of_date=2026-06-29");

    Scenario.Output again = s.run("2026-06-30");

    for (String table : DATA_TABLES) {
      assertSameRows(before.get(table), again.table(table));
    }
    Row manifestAfter = again.manifest().first();
    assertNotEquals(manifestBefore.getAs("run_id"), manifestAfter.<String>getAs("run_id"));
    for (String field : List.of("datasets", "tables", "policy_digest", "status")) {
      assertEquals(manifestBefore.<Object>getAs(field), manifestAfter.<Object>getAs(field), field);
    }
    assertEquals(otherDateFiles, files("as_of_date=2026-06-29"));
    for (String table : List.of(OutputTables.SELLER_METRICS, OutputTables.RUN_MANIFEST)) {
      try (Stream<Path> entries = Files.list(Path.of(s.outputRoot(), table))) {
        assertEquals(
            List.of("as_of_date=2026-06-29", "as_of_date=2026-06-30"),
            entries.map(p -> p.getFileName().toString()).sorted().toList(),
            "no scratch folders left in " + table);
      }
    }
  }

  private Map<String, Dataset<Row>> snapshot(Scenario.Output out) {
    Map<String, Dataset<Row>> tables = new TreeMap<>();
    for (String table : DATA_TABLES) {
      tables.put(
          table,
          spark.createDataFrame(out.table(table).collectAsList(), out.table(table).schema()));
    }
    return tables;
  }

  /** Every file of one date's partitions, with its size and modification time. */
  private Map<String, String> files(String partition) throws IOException {
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> all = Files.walk(dir.resolve("output"))) {
      for (Path p :
          all.filter(Files::isRegularFile).filter(p -> p.toString().contains(partition)).toList()) {
        files.put(p.toString(), Files.size(p) + "@" + Files.getLastModifiedTime(p));
      }
    }
    return files;
  }
}
