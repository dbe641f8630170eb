package io.claimlens.job;

import static io.claimlens.testing.Fixtures.US;
import static io.claimlens.testing.Fixtures.claim;
import static io.claimlens.testing.Fixtures.order;
import static io.claimlens.testing.RowAssertions.assertSameRows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.claimlens.schema.Claims;
import io.claimlens.schema.Claims.Reason;
import io.claimlens.schema.Claims.Status;
import io.claimlens.schema.Orders;
import io.claimlens.schema.OutputTables;
import io.claimlens.testing.Scenario;
import io.claimlens.testing.SparkTestBase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a run finds of a killed run in its output root, it puts back before anything else. */
class CrashRecoveryTest extends SparkTestBase {
  private static final String NIGHT = "2026-06-29";

  @TempDir Path dir;

  /**
   * Guarantee: a run of any date into the root first restores the partition a killed run had moved
   * to trash and not replaced, and removes the killed run's journal and staging.
   */
  @Test
  void theNextRunRestoresThePartitionAKilledRunLeftInTrash() throws IOException {
    Scenario s =
        new Scenario(spark, dir)
            .add(Orders.SCHEMA, order("o1", US, "S1", "2026-06-01T18:00:00Z"))
            .add(
                Claims.SCHEMA,
                claim("c1", "o1", Reason.DAMAGED, Status.OPEN, "2026-06-05T10:00:00Z"));
    Scenario.Output night = s.run(NIGHT);
    Dataset<Row> before = frozen(night.sellerMetrics());
    // what a run killed between a partition's two renames leaves: the journal, the partition in
    // its trash, its staging
    Path root = Path.of(s.outputRoot());
    Path table = root.resolve(OutputTables.SELLER_METRICS);
    String partition = OutputTables.AS_OF_DATE + "=" + NIGHT;
    Files.createDirectories(root.resolve("_publishing"));
    Files.writeString(
        root.resolve("_publishing/killed-run"), OutputTables.SELLER_METRICS + "\t" + partition);
    Files.createDirectories(table.resolve("_trash/killed-run"));
    Files.move(table.resolve(partition), table.resolve("_trash/killed-run").resolve(partition));
    Files.createDirectories(table.resolve("_staging/killed-run").resolve(partition));

    s.run("2026-06-30");

    assertSameRows(before, night.sellerMetrics());
    try (Stream<Path> all = Files.walk(root)) {
      List<String> left =
          all.map(p -> root.relativize(p).toString())
              .filter(p -> p.contains("killed-run"))
              .toList();
      assertEquals(List.of(), left);
    }
    assertFalse(Files.exists(root.resolve("_publishing")));
  }

  private static Dataset<Row> frozen(Dataset<Row> rows) {
    return spark.createDataFrame(rows.collectAsList(), rows.schema());
  }
}
