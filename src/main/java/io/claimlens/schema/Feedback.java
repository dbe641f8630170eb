package io.claimlens.schema;

import static io.claimlens.schema.ColumnSpec.optional;
import static io.claimlens.schema.ColumnSpec.required;

import io.claimlens.schema.DatasetSchema.Kind;
import io.claimlens.schema.DatasetSchema.Presence;

/**
 * The {@code feedback} dataset: state snapshots of seller feedback; removal comes as a new state.
 */
public final class Feedback {
  public static final String NAME = "feedback";

  public static final String FEEDBACK_ID = "feedback_id";

  /** 1..5; at most {@link #NEGATIVE_RATING_MAX} is negative. */
  public static final String RATING = "rating";

  /** Personal data: never copied to any output. */
  public static final String COMMENT = "comment";

  public static final String FEEDBACK_TS = "feedback_ts";
  public static final String REMOVED = "removed";
  public static final String UPDATED_TS = Claims.UPDATED_TS;

  /** Ratings up to this one are negative feedback (§2.1). */
  public static final int NEGATIVE_RATING_MAX = 2;

  public static final DatasetSchema SCHEMA =
      DatasetSchema.builder(NAME, Kind.SNAPSHOT, Presence.OPTIONAL)
          .column(required(FEEDBACK_ID, ColumnType.STRING))
          .column(required(Orders.ORDER_ID, ColumnType.STRING))
          .column(required(RATING, ColumnType.INT).between(1L, 5L))
          .column(optional(COMMENT, ColumnType.STRING).personal())
          .column(required(FEEDBACK_TS, ColumnType.TIMESTAMP))
          .column(optional(REMOVED, ColumnType.BOOLEAN))
          .column(required(UPDATED_TS, ColumnType.TIMESTAMP))
          .key(FEEDBACK_ID, UPDATED_TS)
          .knownAt(UPDATED_TS)
          .notBeforeOrder(FEEDBACK_TS)
          .build();

  private Feedback() {}
}
