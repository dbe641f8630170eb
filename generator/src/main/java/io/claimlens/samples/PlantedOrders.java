package io.claimlens.samples;

import io.claimlens.schema.Orders;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;

/**
 * Hand-made orders for the planted cases: fixed dates, one item, one tracked package, nothing left
 * to chance, so tests can rely on every fact. Their ids live in blocks starting at 9000000001 (the
 * showcase) and 9100000101 (the bad rows), which random orders would only reach past nine billion.
 */
final class PlantedOrders {
  /** Rank of the seller of planted orders: an international seller (US, DE and JP). */
  static final int SELLER_RANK = 3;

  private final SellerCatalog catalog;
  private final Timeline timeline;
  private long nextItem;
  private long nextPackage;

  /** Planted orders whose item and package ids count up from {@code firstId}. */
  PlantedOrders(SellerCatalog catalog, Timeline timeline, long firstId) {
    this.catalog = catalog;
    this.timeline = timeline;
    this.nextItem = firstId;
    this.nextPackage = firstId;
  }

  /** The seller all planted orders belong to. */
  Seller seller() {
    return catalog.byRank(SELLER_RANK);
  }

  /** The seller of rank {@code rank}, for rows that name another seller. */
  Seller seller(int rank) {
    return catalog.byRank(rank);
  }

  /**
   * An MFN order bought at {@code time} on local {@code day} in {@code mkt}: shipped the next
   * morning with tracking, delivered on day+4 at 14:00 (before its promise of day+6), unsigned.
   * Facts after the export are left out, as for random orders.
   */
  SimulatedOrder delivered(String orderId, Marketplace mkt, LocalDate day, LocalTime time) {
    return shippedAfter(orderId, mkt, day, time, 1);
  }

  /**
   * As {@link #delivered} at 14:05, but shipped two days late: confirmed on day+3 at 09:30, after
   * its latest_ship_ts (the end of day+2), with tracking, and delivered on day+6 at 14:00, still by
   * its promise.
   */
  SimulatedOrder shippedLate(String orderId, Marketplace mkt, LocalDate day) {
    return shippedAfter(orderId, mkt, day, LocalTime.of(14, 5), 3);
  }

  /**
   * An order as {@link #delivered} describes, confirmed shipped {@code shipDays} days after
   * purchase at 09:30 and delivered three days after that.
   */
  private SimulatedOrder shippedAfter(
      String orderId, Marketplace mkt, LocalDate day, LocalTime time, int shipDays) {
    SimulatedOrder o = new SimulatedOrder();
    Seller seller = seller();
    o.orderId = orderId;
    o.seller = seller;
    o.marketplace = mkt;
    // one digit longer than random buyer ids, so planted buyers never match a random one
    o.buyerId = "B" + orderId.substring(1);
    o.purchaseDay = day;
    o.purchasedAt = Timeline.at(day, time, mkt.zone());
    o.channel = Orders.Channel.MFN.name();
    o.latestShipAt = Timeline.endOfDay(day.plusDays(2), mkt.zone());
    o.latestDeliveryAt = Timeline.endOfDay(day.plusDays(6), mkt.zone());
    BigDecimal price = mkt.price(seller.priceUsd(2));
    o.items.add(new SimulatedOrder.Item(Ids.of("I", nextItem++), seller.sku(2), 1, price, false));
    o.total = price;
    Instant confirmed = Timeline.at(day.plusDays(shipDays), LocalTime.of(9, 30), mkt.zone());
    Instant scanned = confirmed.plusSeconds(3 * 3600);
    Instant delivered = Timeline.at(day.plusDays(shipDays + 3), LocalTime.of(14, 0), mkt.zone());
    Instant exported = timeline.exportedAt();
    if (!confirmed.isAfter(exported)) {
      boolean arrived = !delivered.isAfter(exported);
      o.parcels.add(
          new SimulatedOrder.Parcel(
              Ids.of("P", nextPackage++),
              mkt.carriers().get(0),
              "TRK" + orderId.substring(1),
              confirmed,
              scanned.isAfter(exported) ? null : scanned,
              arrived ? delivered : null,
              arrived ? false : null,
              true));
      o.receivedAt = arrived ? delivered : null;
    }
    o.status =
        o.parcels.isEmpty()
            ? Orders.Status.PENDING.name()
            : o.receivedAt != null ? Orders.Status.DELIVERED.name() : Orders.Status.SHIPPED.name();
    return o;
  }

  /** As {@link #delivered} at 14:05, but the carrier lost the package after its first scan. */
  SimulatedOrder lost(String orderId, Marketplace mkt, LocalDate day) {
    SimulatedOrder o = delivered(orderId, mkt, day, LocalTime.of(14, 5));
    o.parcels.set(0, o.parcels.get(0).withDelivery(null, null));
    o.receivedAt = null;
    o.status = Orders.Status.SHIPPED.name();
    return o;
  }

  /** As {@link #delivered} at 14:05, with the package signed for on delivery. */
  SimulatedOrder signed(String orderId, Marketplace mkt, LocalDate day) {
    SimulatedOrder o = delivered(orderId, mkt, day, LocalTime.of(14, 5));
    SimulatedOrder.Parcel p = o.parcels.get(0);
    o.parcels.set(0, p.withDelivery(p.deliveredAt(), true));
    return o;
  }
}
