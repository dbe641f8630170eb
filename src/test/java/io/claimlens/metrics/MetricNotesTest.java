package io.claimlens.metrics;

import static io.claimlens.testing.Fixtures.datasetsWithout;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.claimlens.config.MetricId;
import io.claimlens.schema.Claims;
import io.claimlens.schema.Feedback;
import io.claimlens.schema.OrderItems;
import io.claimlens.schema.Shipments;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The run manifest's notes that the metric definitions and sku_metrics produce for absent datasets,
 * no Spark: the texts the manifest has always carried (SPEC §2.2).
 */
class MetricNotesTest {

  @Test
  void everyDatasetPresentGivesNoNote() {
    Set<String> all = datasetsWithout();
    assertEquals(List.of(), catalogNotes(all));
    assertEquals(List.of(), SkuMetrics.notes(all));
  }

  /**
   * Without shipments the three shipping metrics are NO_DATA; PRE_FULFILLMENT_CANCEL_RATE and
   * PERFECT_ORDER_PERCENTAGE read shipments only when present, so they are measured without it.
   */
  @Test
  void withoutShipmentsShippingMetricsAreNoDataAndTwoAreMeasuredWithout() {
    assertEquals(
        List.of(
            "LATE_SHIPMENT_RATE is NO_DATA: dataset 'shipments' is absent",
            "ON_TIME_DELIVERY_RATE is NO_DATA: dataset 'shipments' is absent",
            "PERFECT_ORDER_PERCENTAGE is measured without 'shipments': the dataset is absent",
            "PRE_FULFILLMENT_CANCEL_RATE is measured without 'shipments': the dataset is absent",
            "VALID_TRACKING_RATE is NO_DATA: dataset 'shipments' is absent"),
        catalogNotes(datasetsWithout(Shipments.NAME)));
  }

  /**
   * Without claims a metric that needs them is NO_DATA and says nothing of the optional datasets
   * also absent: PERFECT_ORDER_PERCENTAGE gets one note, not one more for feedback.
   */
  @Test
  void noDataIsTheOnlyNoteOfAMetricWithoutItsDataset() {
    assertEquals(
        List.of(
            "CLAIM_RATE is NO_DATA: dataset 'claims' is absent",
            "NEGATIVE_FEEDBACK_RATE is NO_DATA: dataset 'feedback' is absent",
            "ODR is NO_DATA: dataset 'claims' is absent",
            "PERFECT_ORDER_PERCENTAGE is NO_DATA: dataset 'claims' is absent"),
        catalogNotes(datasetsWithout(Claims.NAME, Feedback.NAME)));
  }

  @Test
  void withoutOrderItemsSkuMetricsSayWhyTheyAreEmpty() {
    Set<String> present = datasetsWithout(OrderItems.NAME);
    assertEquals(List.of(), catalogNotes(present));
    assertEquals(
        List.of("sku_metrics is empty and no claim has a SKU: dataset 'order_items' is absent"),
        SkuMetrics.notes(present));
  }

  /** The notes of every metric, sorted as the manifest lists them. */
  private static List<String> catalogNotes(Set<String> present) {
    return Arrays.stream(MetricId.values())
        .flatMap(m -> MetricCatalog.notes(m, present).stream())
        .sorted()
        .toList();
  }
}
