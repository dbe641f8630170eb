package io.claimlens.facts;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

import io.claimlens.asof.KnownAt;
import io.claimlens.quality.ValidatedDataset;
import io.claimlens.schema.ClaimAttributionTable;
import io.claimlens.schema.Orders;
import io.claimlens.schema.Shipments;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Order-level shipping facts at D (SPEC §2.2), built once from the packages and shared by the
 * shipping metrics and by attribution. Only packages known at D count: the quality gate leaves out
 * packages with no ship_confirm_ts or one after D, and within a package only the scan and delivery
 * times known at D count here.
 */
public final class ShippingFacts {
  /** The latest ship_confirm_ts of the order's packages. */
  public static final String SHIP_TS = "ship_ts";

  /** The latest delivered_ts, when every package is delivered. */
  public static final String DELIVERY_TS = "delivery_ts";

  private static final String ALL_TRACKED = "_all_tracked";
  private static final String ALL_DELIVERED = "_all_delivered";
  private static final String ALL_SIGNED = "_all_signed";

  private ShippingFacts() {}

  /**
   * One row per order and as-of date D with a package known at D: {@link #SHIP_TS}, valid tracking,
   * delivered, {@link #DELIVERY_TS} and signed.
   *
   * @param validShipments valid {@code shipments} rows, with the quality gate's time zone column
   *     and {@link ValidatedDataset#ONLY_JUDGEMENT} by order id: an order's only package judgement
   *     is its facts as it is, and only the others are aggregated
   * @param known what is known at the rows' dates, by their time zones
   */
  public static Dataset<Row> perOrder(Dataset<Row> validShipments, KnownAt known) {
    // a blank tracking id is no tracking id: a carrier cannot look it up
    Column tracked =
        col(Shipments.TRACKING_ID)
            .isNotNull()
            .and(trim(col(Shipments.TRACKING_ID)).notEqual(lit("")))
            .and(known.isKnown(col(Shipments.FIRST_SCAN_TS)));
    Column delivered = known.isKnown(col(Shipments.DELIVERED_TS));
    Column signed = col(Shipments.SIGNATURE_CONFIRMED).equalTo(lit(true));
    Column alone = col(ValidatedDataset.ONLY_JUDGEMENT);

    // a package's own facts, named as its order's: an order's only package gives them as they are
    Dataset<Row> perPackage =
        validShipments.select(
            col(Orders.ORDER_ID),
            KnownAt.asOf(),
            alone,
            col(Shipments.SHIP_CONFIRM_TS).as(SHIP_TS),
            oneIf(tracked).as(ALL_TRACKED),
            oneIf(delivered).as(ALL_DELIVERED),
            when(delivered, col(Shipments.DELIVERED_TS)).as(DELIVERY_TS),
            oneIf(delivered.and(signed)).as(ALL_SIGNED));
    Dataset<Row> several =
        perPackage
            .filter(not(alone))
            .groupBy(col(Orders.ORDER_ID), KnownAt.asOf())
            .agg(
                max(col(SHIP_TS)).as(SHIP_TS),
                min(col(ALL_TRACKED)).as(ALL_TRACKED),
                min(col(ALL_DELIVERED)).as(ALL_DELIVERED),
                max(col(DELIVERY_TS)).as(DELIVERY_TS),
                min(col(ALL_SIGNED)).as(ALL_SIGNED));
    Dataset<Row> perOrder = perPackage.filter(alone).drop(alone).unionByName(several);
    Column allDelivered = col(ALL_DELIVERED).equalTo(1);
    return perOrder.select(
        col(Orders.ORDER_ID),
        KnownAt.asOf(),
        col(SHIP_TS),
        col(ALL_TRACKED).equalTo(1).as(ClaimAttributionTable.VALID_TRACKING),
        allDelivered.as(ClaimAttributionTable.DELIVERED),
        when(allDelivered, col(DELIVERY_TS)).as(DELIVERY_TS),
        col(ALL_SIGNED).equalTo(1).as(ClaimAttributionTable.SIGNED));
  }

  private static Column oneIf(Column condition) {
    return when(condition, lit(1)).otherwise(lit(0));
  }
}
