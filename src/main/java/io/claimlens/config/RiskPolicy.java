package io.claimlens.config;

import java.math.BigDecimal;

/**
 * A marketplace's risk settings (SPEC §2, §4 {@code seller_risk}): the scores from which a seller
 * is MEDIUM, HIGH or CRITICAL, and the order total above which the risk report advises signature
 * confirmation.
 *
 * @param mediumFrom the lowest MEDIUM score; below it a seller is LOW
 * @param highFrom the lowest HIGH score
 * @param criticalFrom the lowest CRITICAL score
 * @param signatureConfirmationAbove order total (in the marketplace's currency) above which the
 *     action for unconfirmed deliveries advises signature confirmation
 */
public record RiskPolicy(
    int mediumFrom, int highFrom, int criticalFrom, BigDecimal signatureConfirmationAbove) {

  /** The lowest MEDIUM score when the policy does not say. */
  public static final int MEDIUM_FROM_DEFAULT = 40;

  /** The lowest HIGH score when the policy does not say. */
  public static final int HIGH_FROM_DEFAULT = 70;

  /** The lowest CRITICAL score when the policy does not say. */
  public static final int CRITICAL_FROM_DEFAULT = 90;

  /** Amazon's rule of thumb: signature confirmation on orders above 750 (USD, EUR, GBP...). */
  public static final BigDecimal SIGNATURE_CONFIRMATION_ABOVE_DEFAULT = new BigDecimal("750");

  /** The settings of an entry without a {@code risk} block. */
  public static final RiskPolicy DEFAULT =
      new RiskPolicy(
          MEDIUM_FROM_DEFAULT,
          HIGH_FROM_DEFAULT,
          CRITICAL_FROM_DEFAULT,
          SIGNATURE_CONFIRMATION_ABOVE_DEFAULT);
}
