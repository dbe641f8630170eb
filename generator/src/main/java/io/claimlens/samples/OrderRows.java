package io.claimlens.samples;

import io.claimlens.schema.OrderItems;
import io.claimlens.schema.Orders;
import io.claimlens.schema.Shipments;

/**
 * Turns a simulated order into its rows of {@code orders}, {@code order_items} and {@code
 * shipments}.
 */
final class OrderRows {
  private OrderRows() {}

  /** Writes the order, its items and its packages. */
  static void write(ParquetSink sink, SimulatedOrder o) {
    sink.write(order(sink, o));
    for (SimulatedOrder.Item item : o.items) {
      sink.write(item(sink, o, item));
    }
    for (SimulatedOrder.Parcel parcel : o.parcels) {
      sink.write(parcel(sink, o, parcel));
    }
  }

  /** The {@code orders} row of {@code o}. */
  static Row order(ParquetSink sink, SimulatedOrder o) {
    return sink.row(Orders.SCHEMA)
        .set(Orders.ORDER_ID, o.orderId)
        .set(Orders.MARKETPLACE_ID, o.marketplace.id())
        .set(Orders.SELLER_ID, o.seller.id())
        .set(Orders.BUYER_ID, o.buyerId)
        .set(Orders.PURCHASE_TS, o.purchasedAt)
        .set(Orders.FULFILLMENT_CHANNEL, o.channel)
        .set(Orders.LATEST_SHIP_TS, o.latestShipAt)
        .set(Orders.LATEST_DELIVERY_TS, o.latestDeliveryAt)
        .set(Orders.ORDER_STATUS, o.status)
        .set(Orders.CANCELLED_BY, o.cancelledBy)
        .set(Orders.ORDER_TOTAL, o.total)
        .set(Orders.CURRENCY, o.marketplace.currency());
  }

  /** The {@code order_items} row of one line of {@code o}. */
  static Row item(ParquetSink sink, SimulatedOrder o, SimulatedOrder.Item item) {
    return sink.row(OrderItems.SCHEMA)
        .set(Orders.ORDER_ID, o.orderId)
        .set(OrderItems.ORDER_ITEM_ID, item.itemId())
        .set(OrderItems.SKU, item.sku())
        .set(OrderItems.QUANTITY, item.quantity())
        .set(OrderItems.ITEM_PRICE, item.price());
  }

  /** The {@code shipments} row of one package of {@code o}. */
  static Row parcel(ParquetSink sink, SimulatedOrder o, SimulatedOrder.Parcel p) {
    return sink.row(Shipments.SCHEMA)
        .set(Orders.ORDER_ID, o.orderId)
        .set(Shipments.PACKAGE_ID, p.packageId())
        .set(Shipments.CARRIER, p.carrier())
        .set(Shipments.TRACKING_ID, p.trackingId())
        .set(Shipments.SHIP_CONFIRM_TS, p.confirmedAt())
        .set(Shipments.FIRST_SCAN_TS, p.firstScanAt())
        .set(Shipments.DELIVERED_TS, p.deliveredAt())
        .set(Shipments.SIGNATURE_CONFIRMED, p.signatureConfirmed())
        .set(Shipments.BUY_SHIPPING, p.buyShipping());
  }
}
