package io.claimlens.attribution;

/** Who could have prevented a claim (SPEC §3). */
public enum ResponsibleParty {
  SELLER,
  BUYER,
  CARRIER,
  UNKNOWN
}
