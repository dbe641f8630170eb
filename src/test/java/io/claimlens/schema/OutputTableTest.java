package io.claimlens.schema;

import static org.apache.spark.sql.functions.lit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;

class OutputTableTest {
  /** A computed column the table does not declare is a typo, not a column to drop silently. */
  @Test
  void projectingAnUndeclaredColumnFailsNamingIt() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> SkuMetricsTable.OUTPUT.project(null, Map.of("defect_rte", lit(0.0))));
    assertEquals("defect_rte is not a column of sku_metrics", e.getMessage());
  }

  @Test
  void aSortKeyColumnMustBeDeclared() {
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new OutputTable(
                OutputTables.SKU_METRICS, SkuMetricsTable.SCHEMA, java.util.List.of("nope")));
  }
}
