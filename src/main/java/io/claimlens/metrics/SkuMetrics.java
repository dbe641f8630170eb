package io.claimlens.metrics;

import static org.apache.spark.sql.functions.col;

import io.claimlens.facts.SkuFacts;
import io.claimlens.schema.InputDatasets;
import io.claimlens.schema.OrderItems;
import io.claimlens.schema.OutputTables;
import io.claimlens.schema.SkuMetricsTable;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The {@code sku_metrics} table (SPEC §4): the {@link SkuFacts#counts} of each SKU with its defect
 * rate, Wilson bounds and top root cause.
 */
public final class SkuMetrics {

  private SkuMetrics() {}

  /**
   * The run manifest's note when {@code order_items} is absent from {@code present}: the SKU counts
   * come from its rows, so the table is empty, and a claim that names no SKU cannot take its
   * order's.
   */
  public static List<String> notes(Set<String> present) {
    return present.contains(OrderItems.NAME)
        ? List.of()
        : List.of(
            OutputTables.SKU_METRICS
                + " is empty and no claim has a SKU: "
                + InputDatasets.absent(OrderItems.NAME));
  }

  /**
   * The {@code sku_metrics} table from {@link SkuFacts#counts} and the top root cause of each SKU.
   *
   * @param topRootCauses as_of_date, marketplace_id, seller_id, sku and top_root_cause, for SKUs
   *     with any
   */
  public static Dataset<Row> table(Dataset<Row> counts, Dataset<Row> topRootCauses) {
    Column orders = col(SkuMetricsTable.ORDERS);
    Column defects = col(SkuMetricsTable.DEFECTIVE_ORDERS);
    return SkuMetricsTable.OUTPUT.project(
        counts.join(
            topRootCauses,
            new String[] {
              OutputTables.AS_OF_DATE,
              SkuMetricsTable.MARKETPLACE_ID,
              SkuMetricsTable.SELLER_ID,
              SkuMetricsTable.SKU
            },
            "left"),
        Map.of(
            SkuMetricsTable.DEFECT_RATE,
            Rates.rate(defects, orders),
            SkuMetricsTable.RATE_LOW,
            Rates.wilsonLow(defects, orders),
            SkuMetricsTable.RATE_HIGH,
            Rates.wilsonHigh(defects, orders)));
  }
}
