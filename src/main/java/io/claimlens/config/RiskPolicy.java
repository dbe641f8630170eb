package io.claimlens.config;

import java.math.BigDecimal;

/**
 * A marketplace's risk settings (SPEC §2, §4 {@code seller_risk}, §4.1): the scores from which a
 * seller is MEDIUM, HIGH or CRITICAL, the order total above which the risk report advises signature
 * confirmation, and the settings of the forward-looking columns.
 *
 * @param mediumFrom the lowest MEDIUM score; below it a seller is LOW
 * @param highFrom the lowest HIGH score
 * @param criticalFrom the lowest CRITICAL score
 * @param signatureConfirmationAbove order total (in the marketplace's currency) above which the
 *     action for unconfirmed deliveries advises signature confirmation
 * @param lookahead the settings of odr_projected and peer_better_pct (SPEC §4.1)
 */
public record RiskPolicy(
    int mediumFrom,
    int highFrom,
    int criticalFrom,
    BigDecimal signatureConfirmationAbove,
    Lookahead lookahead) {

  /** The lowest MEDIUM score when the policy does not say. */
  public static final int MEDIUM_FROM_DEFAULT = 40;

  /** The lowest HIGH score when the policy does not say. */
  public static final int HIGH_FROM_DEFAULT = 70;

  /** The lowest CRITICAL score when the policy does not say. */
  public static final int CRITICAL_FROM_DEFAULT = 90;

  /** Amazon's rule of thumb: signature confirmation on orders above 750 (USD, EUR, GBP...). */
  public static final BigDecimal SIGNATURE_CONFIRMATION_ABOVE_DEFAULT = new BigDecimal("750");

  /**
   * SPEC §4.1's settings.
   *
   * @param horizonDays H: days after purchase by which an order's defects have all arrived
   * @param referenceDays R: purchase days of reference orders, ending H days before D
   * @param minReferenceDefects M: fewest defective reference orders for a projection
   * @param peerMinDenominator the smallest denominator of a peer row
   * @param minPeers the fewest peers for a rank
   */
  public record Lookahead(
      int horizonDays,
      int referenceDays,
      int minReferenceDefects,
      int peerMinDenominator,
      int minPeers) {

    public static final int HORIZON_DAYS_DEFAULT = 90;
    public static final int REFERENCE_DAYS_DEFAULT = 90;
    public static final int MIN_REFERENCE_DEFECTS_DEFAULT = 30;
    public static final int PEER_MIN_DENOMINATOR_DEFAULT = 50;
    public static final int MIN_PEERS_DEFAULT = 10;

    /** SPEC §4.1's defaults. */
    public static final Lookahead DEFAULT =
        new Lookahead(
            HORIZON_DAYS_DEFAULT,
            REFERENCE_DAYS_DEFAULT,
            MIN_REFERENCE_DEFECTS_DEFAULT,
            PEER_MIN_DENOMINATOR_DEFAULT,
            MIN_PEERS_DEFAULT);

    /** Days before D of the first reference purchase day: H + R − 1. */
    public int referenceSpan() {
      return horizonDays + referenceDays - 1;
    }
  }

  /** Settings with the default {@link Lookahead}. */
  public RiskPolicy(
      int mediumFrom, int highFrom, int criticalFrom, BigDecimal signatureConfirmationAbove) {
    this(mediumFrom, highFrom, criticalFrom, signatureConfirmationAbove, Lookahead.DEFAULT);
  }

  /** The settings of an entry without a {@code risk} block. */
  public static final RiskPolicy DEFAULT =
      new RiskPolicy(
          MEDIUM_FROM_DEFAULT,
          HIGH_FROM_DEFAULT,
          CRITICAL_FROM_DEFAULT,
          SIGNATURE_CONFIRMATION_ABOVE_DEFAULT,
          Lookahead.DEFAULT);
}
