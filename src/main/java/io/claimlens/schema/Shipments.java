package io.claimlens.schema;

import static io.claimlens.schema.ColumnSpec.optional;
import static io.claimlens.schema.ColumnSpec.required;

import io.claimlens.schema.DatasetSchema.Kind;
import io.claimlens.schema.DatasetSchema.Presence;

/** The {@code shipments} dataset: one row per package; a package is known once it is confirmed. */
public final class Shipments {
  public static final String NAME = "shipments";

  public static final String PACKAGE_ID = "package_id";
  public static final String CARRIER = "carrier";
  public static final String TRACKING_ID = "tracking_id";
  public static final String SHIP_CONFIRM_TS = "ship_confirm_ts";
  public static final String FIRST_SCAN_TS = "first_scan_ts";
  public static final String DELIVERED_TS = "delivered_ts";
  public static final String SIGNATURE_CONFIRMED = "signature_confirmed";
  public static final String BUY_SHIPPING = "buy_shipping";

  public static final DatasetSchema SCHEMA =
      DatasetSchema.builder(NAME, Kind.CHILD, Presence.OPTIONAL)
          .column(required(Orders.ORDER_ID, ColumnType.STRING))
          .column(required(PACKAGE_ID, ColumnType.STRING).checkedOnly())
          .column(optional(CARRIER, ColumnType.STRING).checkedOnly())
          .column(optional(TRACKING_ID, ColumnType.STRING))
          .column(optional(SHIP_CONFIRM_TS, ColumnType.TIMESTAMP))
          .column(optional(FIRST_SCAN_TS, ColumnType.TIMESTAMP))
          .column(optional(DELIVERED_TS, ColumnType.TIMESTAMP))
          .column(optional(SIGNATURE_CONFIRMED, ColumnType.BOOLEAN))
          .column(optional(BUY_SHIPPING, ColumnType.BOOLEAN).checkedOnly())
          .key(PACKAGE_ID, Orders.ORDER_ID)
          .knownAt(SHIP_CONFIRM_TS)
          .notBeforeOrder(SHIP_CONFIRM_TS)
          .build();

  private Shipments() {}
}
