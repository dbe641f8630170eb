package io.claimlens.schema;

import static org.apache.spark.sql.types.DataTypes.BooleanType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;

import java.util.List;
import org.apache.spark.sql.types.StructType;

/**
 * Columns of the {@code claim_attribution} table (SPEC §3, §4): one row per claim known at D whose
 * order was bought within the longest window, with its root cause and the evidence behind it.
 */
public final class ClaimAttributionTable {
  public static final String MARKETPLACE_ID = Orders.MARKETPLACE_ID;
  public static final String SELLER_ID = Orders.SELLER_ID;
  public static final String CLAIM_ID = Claims.CLAIM_ID;
  public static final String ORDER_ID = Orders.ORDER_ID;

  /** The claim's SKU: its own, or its order's only SKU when it names none. */
  public static final String SKU = Claims.SKU;

  public static final String FILED_TS = Claims.FILED_TS;
  public static final String REASON = Claims.REASON;

  /** The claim's status at D. */
  public static final String STATUS = Claims.STATUS;

  /** Whether the claim is a defect at D (SPEC §2.1). */
  public static final String COUNTS_AS_DEFECT = "counts_as_defect";

  public static final String ROOT_CAUSE = "root_cause";
  public static final String RESPONSIBLE_PARTY = "responsible_party";

  /** The first rule that matched, R01 … R99. */
  public static final String RULE_ID = "rule_id";

  /** filed_ts + the marketplace's claim response window. */
  public static final String RESPONSE_DUE_TS = "response_due_ts";

  /** Answered after the due time, or unanswered at D with the due time before the end of D. */
  public static final String LATE_RESPONSE = "late_response";

  // Evidence: order-level facts known at D. Null when the dataset they come from is absent.

  /** At least one package confirmed. */
  public static final String SHIPPED = "shipped";

  /** Shipped, and the latest confirmation after latest_ship_ts. */
  public static final String LATE_SHIPMENT = "late_shipment";

  /** Shipped, and every package has a tracking id and a first carrier scan. */
  public static final String VALID_TRACKING = "valid_tracking";

  /** Every package delivered. */
  public static final String DELIVERED = "delivered";

  /** Delivered, and every package signed for. */
  public static final String SIGNED = "signed";

  /** A return of the claim's order (and SKU) was received. */
  public static final String RETURN_RECEIVED = "return_received";

  /** A received return of the claim's order (and SKU) was refunded late or not at all. */
  public static final String REFUND_LATE = "refund_late";

  /** The claim's SKU is a quality hotspot at D. */
  public static final String HOTSPOT_SKU = "hotspot_sku";

  /** The table's columns in published order, without the {@code as_of_date} partition column. */
  public static final StructType SCHEMA =
      new StructType()
          .add(MARKETPLACE_ID, StringType)
          .add(SELLER_ID, StringType)
          .add(CLAIM_ID, StringType)
          .add(ORDER_ID, StringType)
          .add(SKU, StringType)
          .add(FILED_TS, TimestampType)
          .add(REASON, StringType)
          .add(STATUS, StringType)
          .add(COUNTS_AS_DEFECT, BooleanType)
          .add(ROOT_CAUSE, StringType)
          .add(RESPONSIBLE_PARTY, StringType)
          .add(RULE_ID, StringType)
          .add(RESPONSE_DUE_TS, TimestampType)
          .add(LATE_RESPONSE, BooleanType)
          .add(SHIPPED, BooleanType)
          .add(LATE_SHIPMENT, BooleanType)
          .add(VALID_TRACKING, BooleanType)
          .add(DELIVERED, BooleanType)
          .add(SIGNED, BooleanType)
          .add(RETURN_RECEIVED, BooleanType)
          .add(REFUND_LATE, BooleanType)
          .add(HOTSPOT_SKU, BooleanType);

  /** The table as the job publishes it: name, columns and sort key. */
  public static final OutputTable OUTPUT =
      new OutputTable(
          OutputTables.CLAIM_ATTRIBUTION, SCHEMA, List.of(MARKETPLACE_ID, SELLER_ID, CLAIM_ID));

  private ClaimAttributionTable() {}
}
