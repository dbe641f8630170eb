package io.claimlens.schema;

import static io.claimlens.schema.ColumnSpec.optional;
import static io.claimlens.schema.ColumnSpec.required;

import io.claimlens.schema.DatasetSchema.Kind;
import io.claimlens.schema.DatasetSchema.Presence;
import java.util.EnumSet;
import java.util.Set;

/** The {@code claims} dataset: state snapshots of buyer claims (A-to-z Guarantee and the like). */
public final class Claims {
  public static final String NAME = "claims";

  public static final String CLAIM_ID = "claim_id";

  /** The claimed SKU; null means the claim is about the whole order. */
  public static final String SKU = OrderItems.SKU;

  public static final String FILED_TS = "filed_ts";
  public static final String REASON = "reason";

  /** Personal data: never copied to any output. */
  public static final String BUYER_COMMENT = "buyer_comment";

  public static final String AMOUNT = "amount";
  public static final String STATUS = "status";
  public static final String FUNDED_BY = "funded_by";
  public static final String SELLER_RESPONSE_TS = "seller_response_ts";

  /** When this state was recorded; the latest row known at D is the claim's state (§1.1). */
  public static final String UPDATED_TS = "updated_ts";

  /** Why the buyer claimed. */
  public enum Reason {
    ITEM_NOT_RECEIVED,
    NOT_AS_DESCRIBED,
    DAMAGED,
    DEFECTIVE,
    MISSING_PARTS,
    WRONG_ITEM,
    REFUND_NOT_RECEIVED,
    RETURN_REFUSED,
    OTHER
  }

  /** Reasons about the product itself: they count toward a SKU's quality claims (§3). */
  public static final Set<Reason> QUALITY_REASONS =
      EnumSet.of(
          Reason.NOT_AS_DESCRIBED,
          Reason.DAMAGED,
          Reason.DEFECTIVE,
          Reason.MISSING_PARTS,
          Reason.WRONG_ITEM);

  /** Where the claim stands; see {@link #NON_COUNTING_STATUSES}. */
  public enum Status {
    OPEN,
    UNDER_REVIEW,
    GRANTED,
    DENIED,
    WITHDRAWN,
    CLOSED_REFUNDED
  }

  /** States in which a claim does not count as a defect (§2.1). */
  public static final Set<Status> NON_COUNTING_STATUSES =
      EnumSet.of(Status.DENIED, Status.WITHDRAWN);

  /** Who paid the claim; a platform-funded claim is not the seller's defect. */
  public enum FundedBy {
    SELLER,
    PLATFORM
  }

  public static final DatasetSchema SCHEMA =
      DatasetSchema.builder(NAME, Kind.SNAPSHOT, Presence.REQUIRED)
          .column(required(CLAIM_ID, ColumnType.STRING))
          .column(required(Orders.ORDER_ID, ColumnType.STRING))
          .column(optional(SKU, ColumnType.STRING))
          .column(required(FILED_TS, ColumnType.TIMESTAMP))
          .column(required(REASON, ColumnType.STRING).oneOf(Reason.class))
          .column(optional(BUYER_COMMENT, ColumnType.STRING).personal())
          .column(optional(AMOUNT, ColumnType.DECIMAL).between(0L, null).checkedOnly())
          .column(required(STATUS, ColumnType.STRING).oneOf(Status.class))
          .column(optional(FUNDED_BY, ColumnType.STRING).oneOf(FundedBy.class))
          .column(optional(SELLER_RESPONSE_TS, ColumnType.TIMESTAMP))
          .column(required(UPDATED_TS, ColumnType.TIMESTAMP))
          .key(CLAIM_ID, UPDATED_TS)
          .knownAt(UPDATED_TS)
          .notBeforeOrder(FILED_TS)
          .build();

  private Claims() {}
}
