package io.claimlens.schema;

import static org.apache.spark.sql.types.DataTypes.BooleanType;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;

import java.util.List;
import org.apache.spark.sql.types.StructType;

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

  /** The table's columns in published order, without the {@code as_of_date} partition column. */
  public static final StructType SCHEMA =
      new StructType()
          .add(MARKETPLACE_ID, StringType)
          .add(SELLER_ID, StringType)
          .add(CLAIM_ID, StringType)
          .add(ORDER_ID, StringType)
          .add(FILED_TS, TimestampType)
          .add(RESPONSE_DUE_TS, TimestampType)
          .add(HOURS_LEFT, DoubleType)
          .add(OVERDUE, BooleanType);

  /** The table as the job publishes it: name, columns and sort key. */
  public static final OutputTable OUTPUT =
      new OutputTable(
          OutputTables.CLAIMS_AWAITING_RESPONSE,
          SCHEMA,
          List.of(MARKETPLACE_ID, SELLER_ID, RESPONSE_DUE_TS));

  private ClaimsAwaitingResponseTable() {}
}
