package io.claimlens.attribution;

/**
 * Why a claim happened (SPEC §3), with the party who could have prevented it. docs/root-causes.md
 * explains each in a seller-health team's words.
 */
public enum RootCause {
  NOT_SHIPPED(ResponsibleParty.SELLER),
  LATE_SHIPMENT(ResponsibleParty.SELLER),
  NO_VALID_TRACKING(ResponsibleParty.SELLER),
  DELIVERED_WITH_SIGNATURE(ResponsibleParty.BUYER),
  DELIVERY_UNCONFIRMED(ResponsibleParty.SELLER),
  CARRIER_DELAY_OR_LOSS(ResponsibleParty.CARRIER),
  PREMATURE_CLAIM(ResponsibleParty.BUYER),
  PRODUCT_QUALITY(ResponsibleParty.SELLER),
  WRONG_ITEM_SENT(ResponsibleParty.SELLER),
  DAMAGED_ON_ARRIVAL(ResponsibleParty.SELLER),
  DEFECTIVE_ITEM(ResponsibleParty.SELLER),
  MISSING_PARTS(ResponsibleParty.SELLER),
  LISTING_MISMATCH(ResponsibleParty.SELLER),
  REFUND_NOT_ISSUED(ResponsibleParty.SELLER),
  RETURN_NOT_RECEIVED(ResponsibleParty.CARRIER),
  REFUND_ALREADY_ISSUED(ResponsibleParty.BUYER),
  RETURN_REFUSED(ResponsibleParty.SELLER),
  RETURN_DISPUTE_UNVERIFIED(ResponsibleParty.UNKNOWN),
  UNATTRIBUTED(ResponsibleParty.UNKNOWN);

  private final ResponsibleParty responsibleParty;

  RootCause(ResponsibleParty responsibleParty) {
    this.responsibleParty = responsibleParty;
  }

  /** Who could have prevented a claim with this root cause. */
  public ResponsibleParty responsibleParty() {
    return responsibleParty;
  }
}
