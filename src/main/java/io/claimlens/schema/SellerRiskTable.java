package io.claimlens.schema;

import static org.apache.spark.sql.types.DataTypes.BooleanType;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.createArrayType;
import static org.apache.spark.sql.types.DataTypes.createStructField;
import static org.apache.spark.sql.types.DataTypes.createStructType;

import java.util.List;
import org.apache.spark.sql.types.StructType;

/**
 * Columns of the {@code seller_risk} table (SPEC §4): one row per seller of {@code seller_metrics}
 * at D, with the score and tier a seller-health team sorts by and what to do next.
 */
public final class SellerRiskTable {
  public static final String MARKETPLACE_ID = Orders.MARKETPLACE_ID;
  public static final String SELLER_ID = Orders.SELLER_ID;

  /** 0..100: how close the seller is to breaching, weighed by how sure the evidence is. */
  public static final String RISK_SCORE = "risk_score";

  /** A {@code RiskTier} name: LOW, MEDIUM, HIGH or CRITICAL. */
  public static final String RISK_TIER = "risk_tier";

  /** Names of the seller's metrics with status BREACH in any channel, sorted. */
  public static final String BREACHED_METRICS = "breached_metrics";

  /** Names of the seller's metrics with status AT_RISK in any channel, sorted. */
  public static final String AT_RISK_METRICS = "at_risk_metrics";

  /** The ODR of channel ALL; null with no orders in its window. */
  public static final String ODR = "odr";

  /** The ODR denominator of channel ALL. */
  public static final String ODR_ORDERS = "odr_orders";

  /** The ODR numerator of channel ALL. */
  public static final String ODR_DEFECTS = "odr_defects";

  /** Fewest further defective orders in today's ODR window that make it breach; null, no orders. */
  public static final String DEFECTS_TO_BREACH = "defects_to_breach";

  /** Today's ODR minus the ODR as of D-7, each with what was known on its day. */
  public static final String ODR_CHANGE_7D = "odr_change_7d";

  /** The most frequent root causes of the seller's counting claims in the ODR window. */
  public static final String TOP_ROOT_CAUSES = "top_root_causes";

  /** The seller's SKUs with the most defective orders in the SKU window. */
  public static final String TOP_SKUS = "top_skus";

  /** How many of the seller's claims await a response at D (claims_awaiting_response rows). */
  public static final String CLAIMS_AWAITING_RESPONSE = "claims_awaiting_response";

  /** Plain-language next steps, most pressing first. */
  public static final String ACTIONS = "actions";

  /** The ODR (channel ALL) once the window's claims have all arrived, by chain ladder (§4.1). */
  public static final String ODR_PROJECTED = "odr_projected";

  /** {@link #ODR_PROJECTED} against the ODR target: BREACH, AT_RISK or GOOD; null with it. */
  public static final String ODR_PROJECTED_STATUS = "odr_projected_status";

  /** Field of a {@link #TOP_ROOT_CAUSES} element. */
  public static final String ROOT_CAUSE = ClaimAttributionTable.ROOT_CAUSE;

  /** Field of a {@link #TOP_ROOT_CAUSES} element: counting claims with that cause. */
  public static final String CLAIMS = "claims";

  /** Fields of a {@link #TOP_SKUS} element. */
  public static final String SKU = SkuMetricsTable.SKU;

  public static final StructType ROOT_CAUSE_COUNT =
      createStructType(
          List.of(
              createStructField(ROOT_CAUSE, StringType, false),
              createStructField(CLAIMS, LongType, false)));

  public static final StructType SKU_SUMMARY =
      createStructType(
          List.of(
              createStructField(SKU, StringType, false),
              createStructField(SkuMetricsTable.ORDERS, LongType, false),
              createStructField(SkuMetricsTable.DEFECTIVE_ORDERS, LongType, false),
              createStructField(SkuMetricsTable.DEFECT_RATE, DoubleType, true),
              createStructField(SkuMetricsTable.HOTSPOT, BooleanType, false),
              createStructField(SkuMetricsTable.TOP_ROOT_CAUSE, StringType, true)));

  /** The table's columns, without the {@code as_of_date} partition column. */
  public static final StructType SCHEMA =
      createStructType(
          List.of(
              createStructField(MARKETPLACE_ID, StringType, false),
              createStructField(SELLER_ID, StringType, false),
              createStructField(RISK_SCORE, IntegerType, false),
              createStructField(RISK_TIER, StringType, false),
              createStructField(BREACHED_METRICS, createArrayType(StringType, false), false),
              createStructField(AT_RISK_METRICS, createArrayType(StringType, false), false),
              createStructField(ODR, DoubleType, true),
              createStructField(ODR_ORDERS, LongType, false),
              createStructField(ODR_DEFECTS, LongType, false),
              createStructField(DEFECTS_TO_BREACH, LongType, true),
              createStructField(ODR_CHANGE_7D, DoubleType, true),
              createStructField(TOP_ROOT_CAUSES, createArrayType(ROOT_CAUSE_COUNT, false), false),
              createStructField(TOP_SKUS, createArrayType(SKU_SUMMARY, false), false),
              createStructField(CLAIMS_AWAITING_RESPONSE, LongType, false),
              createStructField(ACTIONS, createArrayType(StringType, false), false),
              createStructField(ODR_PROJECTED, DoubleType, true),
              createStructField(ODR_PROJECTED_STATUS, StringType, true)));

  /** The table as the job publishes it: name, columns and sort key. */
  public static final OutputTable OUTPUT =
      new OutputTable(OutputTables.SELLER_RISK, SCHEMA, List.of(MARKETPLACE_ID, SELLER_ID));

  private SellerRiskTable() {}
}
