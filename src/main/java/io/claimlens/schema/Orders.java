package io.claimlens.schema;

import static io.claimlens.schema.ColumnSpec.optional;
import static io.claimlens.schema.ColumnSpec.required;

import io.claimlens.schema.DatasetSchema.Kind;
import io.claimlens.schema.DatasetSchema.Presence;

/** The {@code orders} dataset: one row per order (SPEC §1). */
public final class Orders {
  public static final String NAME = "orders";

  /** Unique order id; every child dataset refers to it. */
  public static final String ORDER_ID = "order_id";

  /** Marketplace id; decides the policy and time zone. */
  public static final String MARKETPLACE_ID = "marketplace_id";

  public static final String SELLER_ID = "seller_id";

  /** Personal data: never copied to any output. */
  public static final String BUYER_ID = "buyer_id";

  public static final String PURCHASE_TS = "purchase_ts";
  public static final String FULFILLMENT_CHANNEL = "fulfillment_channel";

  /** Promised ship-by time. */
  public static final String LATEST_SHIP_TS = "latest_ship_ts";

  /** Promised delivery time. */
  public static final String LATEST_DELIVERY_TS = "latest_delivery_ts";

  public static final String ORDER_STATUS = "order_status";
  public static final String CANCELLED_BY = "cancelled_by";
  public static final String ORDER_TOTAL = "order_total";

  /** ISO 4217 code; not validated, as no metric uses it. */
  public static final String CURRENCY = "currency";

  /** Who fulfils the order: the seller (MFN) or the platform (AFN). */
  public enum Channel {
    MFN,
    AFN
  }

  /** The order's fulfilment state. */
  public enum Status {
    PENDING,
    SHIPPED,
    DELIVERED,
    CANCELLED
  }

  /** Who cancelled a CANCELLED order. */
  public enum CancelledBy {
    SELLER,
    BUYER
  }

  public static final DatasetSchema SCHEMA =
      DatasetSchema.builder(NAME, Kind.ORDERS, Presence.REQUIRED)
          .column(required(ORDER_ID, ColumnType.STRING))
          .column(required(MARKETPLACE_ID, ColumnType.STRING))
          .column(required(SELLER_ID, ColumnType.STRING))
          .column(optional(BUYER_ID, ColumnType.STRING).personal())
          .column(required(PURCHASE_TS, ColumnType.TIMESTAMP))
          .column(required(FULFILLMENT_CHANNEL, ColumnType.STRING).oneOf(Channel.class))
          .column(optional(LATEST_SHIP_TS, ColumnType.TIMESTAMP))
          .column(optional(LATEST_DELIVERY_TS, ColumnType.TIMESTAMP))
          .column(optional(ORDER_STATUS, ColumnType.STRING).oneOf(Status.class))
          .column(optional(CANCELLED_BY, ColumnType.STRING).oneOf(CancelledBy.class))
          .column(optional(ORDER_TOTAL, ColumnType.DECIMAL).between(0L, null).checkedOnly())
          .column(optional(CURRENCY, ColumnType.STRING).checkedOnly())
          .key(ORDER_ID)
          .knownAt(PURCHASE_TS)
          .build();

  private Orders() {}
}
