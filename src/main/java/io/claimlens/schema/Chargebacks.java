package io.claimlens.schema;

import static io.claimlens.schema.ColumnSpec.optional;
import static io.claimlens.schema.ColumnSpec.required;

import io.claimlens.schema.DatasetSchema.Kind;
import io.claimlens.schema.DatasetSchema.Presence;

/** The {@code chargebacks} dataset: state snapshots of card chargebacks. */
public final class Chargebacks {
  public static final String NAME = "chargebacks";

  public static final String CHARGEBACK_ID = "chargeback_id";
  public static final String FILED_TS = Claims.FILED_TS;
  public static final String REASON = Claims.REASON;
  public static final String STATUS = Claims.STATUS;
  public static final String UPDATED_TS = Claims.UPDATED_TS;

  /** Why the card holder disputed the charge. */
  public enum Reason {
    FRAUD,
    SERVICE,
    OTHER
  }

  /** A chargeback counts as a defect in every state but REVERSED. */
  public enum Status {
    OPEN,
    ACCEPTED,
    REVERSED
  }

  public static final DatasetSchema SCHEMA =
      DatasetSchema.builder(NAME, Kind.SNAPSHOT, Presence.OPTIONAL)
          .column(required(CHARGEBACK_ID, ColumnType.STRING))
          .column(required(Orders.ORDER_ID, ColumnType.STRING))
          .column(required(FILED_TS, ColumnType.TIMESTAMP))
          .column(optional(REASON, ColumnType.STRING).oneOf(Reason.class))
          .column(optional(STATUS, ColumnType.STRING).oneOf(Status.class))
          .column(required(UPDATED_TS, ColumnType.TIMESTAMP))
          .key(CHARGEBACK_ID, UPDATED_TS)
          .knownAt(UPDATED_TS)
          .notBeforeOrder(FILED_TS)
          .build();

  private Chargebacks() {}
}
