package io.claimlens.schema;

import static io.claimlens.schema.ColumnSpec.optional;
import static io.claimlens.schema.ColumnSpec.required;

import io.claimlens.schema.DatasetSchema.Kind;
import io.claimlens.schema.DatasetSchema.Presence;

/** The {@code returns} dataset: state snapshots of buyer returns. */
public final class Returns {
  public static final String NAME = "returns";

  public static final String RETURN_ID = "return_id";
  public static final String SKU = OrderItems.SKU;
  public static final String REQUESTED_TS = "requested_ts";
  public static final String STATUS = Claims.STATUS;
  public static final String RECEIVED_TS = "received_ts";
  public static final String REFUNDED_TS = "refunded_ts";
  public static final String REFUND_AMOUNT = "refund_amount";
  public static final String UPDATED_TS = Claims.UPDATED_TS;

  /** Where the return stands. */
  public enum Status {
    REQUESTED,
    AUTHORIZED,
    REJECTED,
    RECEIVED,
    REFUNDED,
    CLOSED
  }

  public static final DatasetSchema SCHEMA =
      DatasetSchema.builder(NAME, Kind.SNAPSHOT, Presence.OPTIONAL)
          .column(required(RETURN_ID, ColumnType.STRING))
          .column(required(Orders.ORDER_ID, ColumnType.STRING))
          .column(optional(SKU, ColumnType.STRING))
          .column(required(REQUESTED_TS, ColumnType.TIMESTAMP))
          .column(optional(STATUS, ColumnType.STRING).oneOf(Status.class))
          .column(optional(RECEIVED_TS, ColumnType.TIMESTAMP))
          .column(optional(REFUNDED_TS, ColumnType.TIMESTAMP))
          .column(optional(REFUND_AMOUNT, ColumnType.DECIMAL).between(0L, null).checkedOnly())
          .column(required(UPDATED_TS, ColumnType.TIMESTAMP))
          .key(RETURN_ID, UPDATED_TS)
          .knownAt(UPDATED_TS)
          .notBeforeOrder(REQUESTED_TS)
          .build();

  private Returns() {}
}
