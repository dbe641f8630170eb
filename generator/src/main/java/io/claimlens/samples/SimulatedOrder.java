package io.claimlens.samples;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * One simulated order as it stands at the export: the order row, its items and packages, and the
 * facts that the after-sales simulation reacts to (late, untracked, lost, received).
 */
final class SimulatedOrder {
  /** One order line. */
  record Item(String itemId, String sku, int quantity, BigDecimal price, boolean hotspot) {}

  /** One package; null timestamps are facts the carrier never reported (or not yet). */
  record Parcel(
      String packageId,
      String carrier,
      String trackingId,
      Instant confirmedAt,
      Instant firstScanAt,
      Instant deliveredAt,
      Boolean signatureConfirmed,
      Boolean buyShipping) {

    /** This parcel with another delivery outcome: delivered (or lost, null) and signed or not. */
    Parcel withDelivery(Instant delivered, Boolean signed) {
      return new Parcel(
          packageId, carrier, trackingId, confirmedAt, firstScanAt, delivered, signed, buyShipping);
    }
  }

  String orderId;
  Seller seller;
  Marketplace marketplace;
  String buyerId;
  LocalDate purchaseDay;
  Instant purchasedAt;
  String channel;
  Instant latestShipAt;
  Instant latestDeliveryAt;
  String status;
  String cancelledBy;
  BigDecimal total;
  final List<Item> items = new ArrayList<>(3);
  final List<Parcel> parcels = new ArrayList<>(3);

  /**
   * When the buyer really got the goods, or null if never (lost, never shipped). Differs from the
   * recorded delivery when the package had no tracking: it may arrive without anyone recording it.
   */
  Instant receivedAt;

  /** Whether at least one package was confirmed shipped. */
  boolean shipped() {
    return !parcels.isEmpty();
  }

  /** The latest ship confirmation, or null. */
  Instant shipTime() {
    Instant latest = null;
    for (Parcel p : parcels) {
      if (latest == null || p.confirmedAt().isAfter(latest)) {
        latest = p.confirmedAt();
      }
    }
    return latest;
  }

  /** Shipped after the promised ship-by time. */
  boolean shippedLate() {
    Instant t = shipTime();
    return t != null && t.isAfter(latestShipAt);
  }

  /** Shipped, and every package has a tracking id and a first carrier scan. */
  boolean validTracking() {
    if (parcels.isEmpty()) {
      return false;
    }
    for (Parcel p : parcels) {
      if (p.trackingId() == null || p.firstScanAt() == null) {
        return false;
      }
    }
    return true;
  }

  /** The recorded delivery time (latest package) when every package is delivered, else null. */
  Instant deliveredAt() {
    if (parcels.isEmpty()) {
      return null;
    }
    Instant latest = null;
    for (Parcel p : parcels) {
      if (p.deliveredAt() == null) {
        return null;
      }
      if (latest == null || p.deliveredAt().isAfter(latest)) {
        latest = p.deliveredAt();
      }
    }
    return latest;
  }

  /** Delivered and every package signed for. */
  boolean signed() {
    if (deliveredAt() == null) {
      return false;
    }
    for (Parcel p : parcels) {
      if (!Boolean.TRUE.equals(p.signatureConfirmed())) {
        return false;
      }
    }
    return true;
  }

  boolean cancelled() {
    return cancelledBy != null;
  }

  /** The order's hotspot item, or null. */
  Item hotspotItem() {
    for (Item i : items) {
      if (i.hotspot()) {
        return i;
      }
    }
    return null;
  }
}
