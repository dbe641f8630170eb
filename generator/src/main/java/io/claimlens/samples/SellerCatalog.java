package io.claimlens.samples;

import java.util.List;

/**
 * The sellers of one generated data set, sized to the number of orders. Order volume per seller
 * follows a Zipf law, so a few large sellers take most orders and a long tail of small sellers has
 * a handful each (the sellers an ODR threshold hurts most).
 */
final class SellerCatalog {
  /**
   * Zipf exponent of order volume by seller rank: the top 10 sellers get about two thirds of the
   * orders among 80 sellers (the committed sample) and a third among 100,000.
   */
  static final double ZIPF_EXPONENT = 1.1;

  /** Rank of the US seller whose best-selling SKU draws many quality claims. */
  static final int HOTSPOT_US_RANK = 4;

  /** Rank of the DE seller whose best-selling SKU draws many quality claims. */
  static final int HOTSPOT_DE_RANK = 7;

  /** Ranks up to this one sell in every major marketplace; the rest in one. */
  static final int INTERNATIONAL_RANKS = 3;

  private static final long STREAM = 0x5e11e5L;
  private static final int MIN_SELLERS = 20;
  private static final int MAX_SELLERS = 100_000;
  private static final long ORDERS_PER_SELLER = 50;

  private final Seller[] sellers;
  private final double[] cumulative;

  private SellerCatalog(Seller[] sellers, double[] cumulative) {
    this.sellers = sellers;
    this.cumulative = cumulative;
  }

  /** The catalog for a data set of {@code orders} orders (about one seller per 50 orders). */
  static SellerCatalog create(long seed, long orders) {
    int count = (int) Math.max(MIN_SELLERS, Math.min(MAX_SELLERS, orders / ORDERS_PER_SELLER));
    int width = Math.max(4, Integer.toString(count).length());
    double[] cumulative = new double[count];
    double total = 0;
    for (int rank = 1; rank <= count; rank++) {
      total += Math.pow(rank, -ZIPF_EXPONENT);
      cumulative[rank - 1] = total;
    }
    Seller[] sellers = new Seller[count];
    for (int rank = 1; rank <= count; rank++) {
      double expectedOrders = orders * Math.pow(rank, -ZIPF_EXPONENT) / total;
      sellers[rank - 1] = seller(seed, rank, width, expectedOrders);
    }
    return new SellerCatalog(sellers, cumulative);
  }

  private static Seller seller(long seed, int rank, int width, double expectedOrders) {
    Dice dice = Dice.of(seed, STREAM, rank);
    // about one seller in seven runs a sloppy operation: late, untracked, slow to answer
    boolean sloppy = rank > 2 && dice.chance(0.15);
    List<Marketplace> marketplaces;
    if (rank <= INTERNATIONAL_RANKS) {
      marketplaces = Marketplace.MAJOR;
    } else if (rank == HOTSPOT_US_RANK) {
      marketplaces = List.of(Marketplace.US);
    } else if (rank == HOTSPOT_DE_RANK) {
      marketplaces = List.of(Marketplace.DE);
    } else {
      // the unknown marketplace only gets small sellers, so it stays "a few orders"
      List<Marketplace> candidates = rank > 10 ? Marketplace.ALL : Marketplace.MAJOR;
      double[] weights = candidates.stream().mapToDouble(Marketplace::weight).toArray();
      marketplaces = List.of(candidates.get(dice.weighted(weights)));
    }
    int skuCount = (int) Math.max(3, Math.min(2000, Math.ceil(expectedOrders / 15)));
    boolean hotspot = rank == HOTSPOT_US_RANK || rank == HOTSPOT_DE_RANK;
    return new Seller(
        rank,
        "S" + Ids.pad(rank, width),
        marketplaces,
        dice.between(0.15, 0.75),
        sloppy ? dice.between(0.08, 0.20) : dice.between(0.005, 0.035),
        sloppy ? dice.between(0.05, 0.15) : dice.between(0.0, 0.02),
        sloppy ? dice.between(0.02, 0.06) : dice.between(0.002, 0.012),
        dice.between(0.3, 0.9),
        sloppy ? dice.between(0.55, 0.8) : dice.between(0.85, 0.99),
        sloppy ? dice.between(0.3, 0.6) : dice.between(0.03, 0.15),
        dice.between(0.5, 1.8),
        skuCount,
        hotspot ? 1 : 0,
        Dice.mix64(seed + rank * 0x9E3779B97F4A7C15L));
  }

  /** A seller for one order, drawn by order volume. */
  Seller draw(Dice dice) {
    double u = dice.unit() * cumulative[cumulative.length - 1];
    int lo = 0;
    int hi = cumulative.length - 1;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (cumulative[mid] > u) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return sellers[lo];
  }

  /** The seller of rank {@code rank} (1 = largest). */
  Seller byRank(int rank) {
    return sellers[rank - 1];
  }

  /** How many sellers the catalog holds. */
  int size() {
    return sellers.length;
  }
}
