package io.claimlens.schema;

import static io.claimlens.schema.ColumnSpec.optional;
import static io.claimlens.schema.ColumnSpec.required;

import io.claimlens.schema.DatasetSchema.Kind;
import io.claimlens.schema.DatasetSchema.Presence;

/** The {@code order_items} dataset: the SKUs of each order, known with their order. */
public final class OrderItems {
  public static final String NAME = "order_items";

  public static final String ORDER_ITEM_ID = "order_item_id";
  public static final String SKU = "sku";

  /** At least 1; a smaller quantity is INVALID_VALUE. */
  public static final String QUANTITY = "quantity";

  public static final String ITEM_PRICE = "item_price";

  public static final DatasetSchema SCHEMA =
      DatasetSchema.builder(NAME, Kind.CHILD, Presence.OPTIONAL)
          .column(required(Orders.ORDER_ID, ColumnType.STRING))
          .column(required(ORDER_ITEM_ID, ColumnType.STRING).checkedOnly())
          .column(required(SKU, ColumnType.STRING))
          .column(optional(QUANTITY, ColumnType.INT).between(1L, null).checkedOnly())
          .column(optional(ITEM_PRICE, ColumnType.DECIMAL).between(0L, null).checkedOnly())
          .key(ORDER_ITEM_ID, Orders.ORDER_ID)
          .build();

  private OrderItems() {}
}
