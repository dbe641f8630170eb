package io.claimlens.samples;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.ZoneId;
import java.util.List;

/**
 * A marketplace the sample sells in: its id, the time zone its buyers shop in, its currency and
 * carriers. The zones match the shipped policy, so purchase days in the data fall on the same
 * calendar days the job computes.
 */
record Marketplace(
    String id,
    ZoneId zone,
    String currency,
    double priceFactor,
    int fractionDigits,
    List<String> carriers,
    String platformCarrier,
    double weight) {

  /** Amazon US. */
  static final Marketplace US =
      new Marketplace(
          "ATVPDKIKX0DER",
          ZoneId.of("America/Los_Angeles"),
          "USD",
          1.0,
          2,
          List.of("UPS", "USPS", "FEDEX"),
          "AMZL_US",
          0.50);

  /** Amazon DE. */
  static final Marketplace DE =
      new Marketplace(
          "A1PA6795UKMFR9",
          ZoneId.of("Europe/Berlin"),
          "EUR",
          0.92,
          2,
          List.of("DHL", "DPD", "HERMES"),
          "AMZL_DE",
          0.27);

  /** Amazon JP: prices in whole yen, still written as decimal(18,2). */
  static final Marketplace JP =
      new Marketplace(
          "A1VC38T7YXB528",
          ZoneId.of("Asia/Tokyo"),
          "JPY",
          150.0,
          0,
          List.of("YAMATO", "SAGAWA", "JAPAN_POST"),
          "AMZL_JP",
          0.20);

  /**
   * A marketplace the shipped policy does not know, so the job applies its UTC default entry; only
   * a few small sellers sell there.
   */
  static final Marketplace UNKNOWN =
      new Marketplace("XMKT00000001", ZoneId.of("UTC"), "USD", 1.0, 2, List.of("DHL"), "DHL", 0.03);

  /**
   * All marketplaces, in a fixed order (the generator never iterates a hash-ordered collection).
   */
  static final List<Marketplace> ALL = List.of(US, DE, JP, UNKNOWN);

  /** The marketplaces a large, international seller sells in. */
  static final List<Marketplace> MAJOR = List.of(US, DE, JP);

  /** {@code usd} converted to this marketplace's currency and rounded as its prices are. */
  BigDecimal price(double usd) {
    double local = usd * priceFactor;
    if (fractionDigits == 0) {
      // yen prices end in 0: 1,980 rather than 1,983
      return BigDecimal.valueOf(Math.max(10, Math.round(local / 10.0) * 10)).setScale(2);
    }
    // shelf prices end in .99
    return BigDecimal.valueOf(Math.floor(local) + 0.99).setScale(2, RoundingMode.HALF_UP);
  }
}
