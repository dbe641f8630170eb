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
}
