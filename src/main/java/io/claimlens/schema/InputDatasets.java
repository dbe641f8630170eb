package io.claimlens.schema;

import java.util.List;

/** All seven input datasets, orders first (children are validated against valid orders). */
public final class InputDatasets {
  public static final List<DatasetSchema> ALL =
      List.of(
          Orders.SCHEMA,
          OrderItems.SCHEMA,
          Shipments.SCHEMA,
          Claims.SCHEMA,
          Feedback.SCHEMA,
          Chargebacks.SCHEMA,
          Returns.SCHEMA);

  private InputDatasets() {}

  /**
   * How a run-manifest note ends when {@code dataset} has no folder: {@code dataset 'returns' is
   * absent}.
   */
  public static String absent(String dataset) {
    return "dataset '" + dataset + "' is absent";
  }
}
