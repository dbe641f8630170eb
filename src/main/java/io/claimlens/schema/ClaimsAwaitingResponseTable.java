package io.claimlens.schema;

/**
 * Columns of the {@code claims_awaiting_response} table (SPEC §4): claims open or under review at D
 * that the seller has not answered, whatever their order date.
 */
public final class ClaimsAwaitingResponseTable {
  public static final String MARKETPLACE_ID = Orders.MARKETPLACE_ID;
  public static final String SELLER_ID = Orders.SELLER_ID;
  public static final String CLAIM_ID = Claims.CLAIM_ID;
  public static final String ORDER_ID = Orders.ORDER_ID;
  public static final String FILED_TS = Claims.FILED_TS;
  public static final String RESPONSE_DUE_TS = ClaimAttributionTable.RESPONSE_DUE_TS;

  /** Hours from the end of D to the due time; negative when overdue. */
  public static final String HOURS_LEFT = "hours_left";

  /** hours_left &lt; 0. */
  public static final String OVERDUE = "overdue";

  private ClaimsAwaitingResponseTable() {}
}
