package io.claimlens.samples;

import io.claimlens.schema.Orders;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;

/**
 * Simulates one order from purchase to the export: who sold it where and when, what was in it,
 * whether it was cancelled, and how each package travelled. Ids of items and packages are sequence
 * numbers, which stay deterministic because orders are simulated one after another.
 */
final class OrderSimulator {
  /**
   * Relative purchase volume by local hour 0..23: quiet at night, peaking in the evening, as web
   * shop traffic does.
   */
  private static final double[] HOURLY_WEIGHTS = {
    2.0, 1.2, 0.8, 0.5, 0.4, 0.6, 1.2, 2.0, 3.0, 3.6, 4.0, 4.2,
    4.5, 4.3, 4.2, 4.2, 4.3, 4.6, 5.0, 5.6, 6.0, 6.0, 5.0, 3.5
  };

  /** Share of orders placed within 20 minutes of local midnight, where day boundaries matter. */
  private static final double NEAR_MIDNIGHT = 0.04;

  /** Buyers cancel this share of orders before shipment. */
  private static final double BUYER_CANCEL_RATE = 0.015;

  /** MFN orders a seller accepts and then never ships (the claims that find nothing shipped). */
  private static final double NEVER_SHIPPED_RATE = 0.003;

  /**
   * Order value (USD) above which sellers buy signature confirmation (as A-to-z protection
   * expects).
   */
  private static final double SIGNATURE_THRESHOLD_USD = 500;

  private final SellerCatalog catalog;
  private final Timeline timeline;
  private final int buyerPool;
  private long nextItem = 1;
  private long nextPackage = 1;

  OrderSimulator(SellerCatalog catalog, Timeline timeline, long orders) {
    this.catalog = catalog;
    this.timeline = timeline;
    // repeat buyers: about three orders per buyer
    this.buyerPool = (int) Math.max(100, Math.min(Integer.MAX_VALUE, orders / 3));
  }

  /** The order with id {@code orderId}, drawn from {@code dice}. */
  SimulatedOrder simulate(String orderId, Dice dice) {
    Seller seller = catalog.draw(dice);
    Marketplace mkt = seller.drawMarketplace(dice);
    LocalDate day = timeline.lastDay().minusDays(dice.nextInt(timeline.days()));
    return simulate(orderId, seller, mkt, Timeline.at(day, timeOfDay(dice), mkt.zone()), dice);
  }

  /** The order with id {@code orderId} by {@code seller} in {@code mkt}, bought at {@code at}. */
  private SimulatedOrder simulate(
      String orderId, Seller seller, Marketplace mkt, Instant at, Dice dice) {
    SimulatedOrder o = new SimulatedOrder();
    o.orderId = orderId;
    o.seller = seller;
    o.marketplace = mkt;
    o.buyerId = "B" + Ids.pad(1 + dice.nextInt(buyerPool), 9);
    o.purchasedAt = at;
    o.purchaseDay = at.atZone(mkt.zone()).toLocalDate();
    boolean afn = dice.chance(seller.afnShare());
    o.channel = afn ? Orders.Channel.AFN.name() : Orders.Channel.MFN.name();
    int handlingDays = afn ? 1 : dice.intBetween(1, 2);
    int transitDays = afn ? dice.intBetween(2, 3) : dice.intBetween(2, 5);
    o.latestShipAt = Timeline.endOfDay(o.purchaseDay.plusDays(handlingDays), mkt.zone());
    o.latestDeliveryAt =
        Timeline.endOfDay(o.purchaseDay.plusDays(handlingDays + transitDays), mkt.zone());
    addItems(o, dice);
    o.total =
        o.items.stream().map(SimulatedOrder.Item::price).reduce(BigDecimal.ZERO, BigDecimal::add);
    if (!cancel(o, dice, afn)) {
      ship(o, dice, afn, transitDays);
    }
    o.status = status(o);
    return o;
  }

  private static LocalTime timeOfDay(Dice dice) {
    if (dice.chance(NEAR_MIDNIGHT)) {
      // 23:40:00..23:59:59 or 00:00:00..00:19:59 of the purchase day
      int second = dice.nextInt(20 * 60);
      return dice.chance(0.5)
          ? LocalTime.of(23, 40).plusSeconds(second)
          : LocalTime.MIDNIGHT.plusSeconds(second);
    }
    int hour = dice.weighted(HOURLY_WEIGHTS);
    return LocalTime.of(hour, dice.nextInt(60), dice.nextInt(60));
  }

  private void addItems(SimulatedOrder o, Dice dice) {
    Seller seller = o.seller;
    int count = Math.min(1 + dice.weighted(70, 22, 8), seller.skuCount());
    int[] chosen = new int[count];
    for (int n = 0; n < count; n++) {
      int sku = seller.drawSku(dice);
      for (int tries = 0; contains(chosen, n, sku) && tries < 50; tries++) {
        sku = 1 + dice.nextInt(seller.skuCount());
      }
      if (contains(chosen, n, sku)) {
        break;
      }
      chosen[n] = sku;
      int quantity = 1 + dice.weighted(88, 9, 3);
      BigDecimal unit = o.marketplace.price(seller.priceUsd(sku));
      o.items.add(
          new SimulatedOrder.Item(
              Ids.of("I", nextItem++),
              seller.sku(sku),
              quantity,
              unit.multiply(BigDecimal.valueOf(quantity)),
              seller.isHotspot(sku)));
    }
  }

  private static boolean contains(int[] values, int length, int value) {
    for (int i = 0; i < length; i++) {
      if (values[i] == value) {
        return true;
      }
    }
    return false;
  }

  /** Cancels the order before shipment when buyer or seller does so; true if cancelled. */
  private boolean cancel(SimulatedOrder o, Dice dice, boolean afn) {
    double bySeller = afn ? 0.001 : o.seller.sellerCancelRate();
    int who = dice.weighted(BUYER_CANCEL_RATE, bySeller, 1 - BUYER_CANCEL_RATE - bySeller);
    if (who == 2) {
      return false;
    }
    double window = Duration.between(o.purchasedAt, o.latestShipAt).toSeconds() / 3600.0;
    Instant at = o.purchasedAt.plus(dice.hours(0.1, window * 0.8));
    if (at.isAfter(timeline.exportedAt())) {
      return false;
    }
    o.cancelledBy = who == 0 ? Orders.CancelledBy.BUYER.name() : Orders.CancelledBy.SELLER.name();
    return true;
  }

  private void ship(SimulatedOrder o, Dice dice, boolean afn, int transitDays) {
    Instant exported = timeline.exportedAt();
    double handlingHours = Duration.between(o.purchasedAt, o.latestShipAt).toSeconds() / 3600.0;
    Instant shipAt;
    if (afn) {
      shipAt = o.purchasedAt.plus(dice.hours(3, Math.min(30, handlingHours - 1)));
    } else if (dice.chance(NEVER_SHIPPED_RATE)) {
      return;
    } else if (dice.chance(o.seller.lateShipRate())) {
      shipAt = o.latestShipAt.plus(dice.hours(1, 72));
    } else {
      shipAt = o.purchasedAt.plus(dice.hours(2, Math.max(3, handlingHours - 0.5)));
    }
    int units = o.items.stream().mapToInt(SimulatedOrder.Item::quantity).sum();
    int packages = Math.min(units, 1 + dice.weighted(80, 15, 5));
    boolean tracked = afn || !dice.chance(o.seller.missingTrackingRate());
    boolean signature =
        o.total.doubleValue() / o.marketplace.priceFactor() >= SIGNATURE_THRESHOLD_USD
            || dice.chance(0.04);
    boolean lateDelivery = dice.chance(afn ? 0.03 : 0.07);
    boolean lost = dice.chance(afn ? 0.003 : 0.008);
    Boolean buyShipping = afn ? null : dice.chance(o.seller.buyShippingRate());
    String carrier = afn ? o.marketplace.platformCarrier() : dice.pick(carriers(o.marketplace));
    Instant received = null;
    boolean allReceived = true;
    for (int n = 0; n < packages; n++) {
      Instant confirmed = n == 0 ? shipAt : shipAt.plus(dice.hours(0, 6));
      if (confirmed.isAfter(exported)) {
        allReceived = false;
        continue;
      }
      String tracking = tracked ? trackingId(carrier, dice) : null;
      Instant scanned =
          tracked && (afn || !dice.chance(0.02)) ? confirmed.plus(dice.hours(1, 20)) : null;
      double days = lateDelivery ? transitDays + dice.between(1, 4) : dice.between(1, transitDays);
      Instant arrives = lost ? null : confirmed.plus(dice.days(days, days + 0.2));
      // the carrier reports a delivery only for a package it scanned
      Instant delivered = scanned == null ? null : arrives;
      if (delivered != null && delivered.isAfter(exported)) {
        delivered = null;
      }
      if (scanned != null && scanned.isAfter(exported)) {
        scanned = null;
      }
      if (arrives == null || arrives.isAfter(exported)) {
        allReceived = false;
      } else if (received == null || arrives.isAfter(received)) {
        received = arrives;
      }
      o.parcels.add(
          new SimulatedOrder.Parcel(
              Ids.of("P", nextPackage++),
              carrier,
              tracking,
              confirmed,
              scanned,
              delivered,
              delivered == null ? null : signature,
              buyShipping));
    }
    o.receivedAt = allReceived && !o.parcels.isEmpty() ? received : null;
  }

  private static String[] carriers(Marketplace mkt) {
    return mkt.carriers().toArray(new String[0]);
  }

  private static String trackingId(String carrier, Dice dice) {
    StringBuilder sb = new StringBuilder(20);
    int digits;
    if (carrier.equals("UPS")) {
      sb.append("1Z");
      digits = 16;
    } else if (carrier.startsWith("AMZL")) {
      sb.append("TBA");
      digits = 12;
    } else {
      digits = 12;
    }
    for (int i = 0; i < digits; i++) {
      sb.append((char) ('0' + dice.nextInt(10)));
    }
    return sb.toString();
  }

  private static String status(SimulatedOrder o) {
    if (o.cancelled()) {
      return Orders.Status.CANCELLED.name();
    }
    if (!o.shipped()) {
      return Orders.Status.PENDING.name();
    }
    return o.deliveredAt() != null ? Orders.Status.DELIVERED.name() : Orders.Status.SHIPPED.name();
  }
}
