package io.claimlens.samples;

import java.util.List;

/**
 * One seller of the sample and the habits that drive its metrics: how often it ships late, skips
 * tracking, cancels, answers claims, and how good its products are.
 */
record Seller(
    int rank,
    String id,
    List<Marketplace> marketplaces,
    double afnShare,
    double lateShipRate,
    double missingTrackingRate,
    double sellerCancelRate,
    double buyShippingRate,
    double responseRate,
    double lateResponseShare,
    double qualityFactor,
    int skuCount,
    int hotspotSkuIndex,
    long priceSeed) {

  /** The SKU id of this seller's SKU number {@code index} (1-based), e.g. S0001-SKU0003. */
  String sku(int index) {
    return id + "-SKU" + Ids.pad(index, 4);
  }

  /** Whether {@code index} is this seller's quality hotspot: a SKU with many quality claims. */
  boolean isHotspot(int index) {
    return index == hotspotSkuIndex;
  }

  /**
   * A SKU index drawn with a long tail: the first SKUs sell far more than the rest, as in a real
   * catalog (the cube pushes draws toward 0).
   */
  int drawSku(Dice dice) {
    double u = dice.unit();
    return 1 + (int) (skuCount * u * u * u);
  }

  /** The list price in US dollars of SKU {@code index}: fixed per SKU, between 5 and 300. */
  double priceUsd(int index) {
    long bits = Dice.mix64(priceSeed + index);
    double u = (bits >>> 11) * 0x1.0p-53;
    return 5.0 * Math.pow(60.0, u);
  }

  /** The marketplace of one order of this seller. */
  Marketplace drawMarketplace(Dice dice) {
    if (marketplaces.size() == 1) {
      return marketplaces.get(0);
    }
    double[] weights = new double[marketplaces.size()];
    for (int i = 0; i < weights.length; i++) {
      weights[i] = marketplaces.get(i).weight();
    }
    return marketplaces.get(dice.weighted(weights));
  }
}
