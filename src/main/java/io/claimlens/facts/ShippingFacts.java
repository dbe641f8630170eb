package io.claimlens.facts;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.bool_and;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

import io.claimlens.asof.JudgedDates;
import io.claimlens.asof.KnownAt;
import io.claimlens.quality.ValidatedDataset;
import io.claimlens.schema.ClaimAttributionTable;
import io.claimlens.schema.Orders;
import io.claimlens.schema.Shipments;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Order-level shipping facts at D (SPEC §2.2), built once from the packages and shared by the
 * shipping metrics and by attribution. Only packages known at D count: the quality gate leaves out
 * packages with no ship_confirm_ts or one after D, and within a package only the scan and delivery
 * times known at D count here.
 *
 * <p>An order's packages are kept with the dates they stand for, and what of their times is known
 * is judged at the date of each order fact they are joined to ({@link Standing#joinedTo}): an
 * order's only package judgement stands for every date until its next as it is, where spreading it
 * over those dates first made a 10-date backfill at 1,000,000 orders sort 8.1 M rows for the join.
 */
public final class ShippingFacts {
  /** The latest ship_confirm_ts of the order's packages. */
  public static final String SHIP_TS = "ship_ts";

  /** The latest delivered_ts, when every package is delivered. */
  public static final String DELIVERY_TS = "delivery_ts";

  // every package has a tracking id
  private static final String TRACKING = "_tracking";
  // the latest first scan and delivery, null where a package has none known (several packages
  // aggregated at one date) or none at all: known at a date only when every package's is
  private static final String FIRST_SCAN_TS = "_first_scan_ts";
  private static final String DELIVERED_TS = "_delivered_ts";
  // every package's delivery signed for
  private static final String SIGNED = "_signed";

  private ShippingFacts() {}

  /**
   * The packages of each order with the dates they stand for, which {@link Standing#joinedTo} turns
   * into an order fact's shipping facts at its date.
   *
   * @param validShipments valid {@code shipments} rows, with the quality gate's time zone column,
   *     each with the dates it stands for and {@link ValidatedDataset#ONLY_JUDGEMENT} by order id
   *     ({@link ValidatedDataset#validStandingMarkingAlone}): an order's only package judgement
   *     stands as it is, and only the others, one date each, are aggregated
   * @param known what is known at the rows' dates, by their time zones
   */
  public static Standing perOrder(Dataset<Row> validShipments, KnownAt known) {
    // a blank tracking id is no tracking id: a carrier cannot look it up
    Column tracking =
        col(Shipments.TRACKING_ID)
            .isNotNull()
            .and(trim(col(Shipments.TRACKING_ID)).notEqual(lit("")));
    Column signed = coalesce(col(Shipments.SIGNATURE_CONFIRMED).equalTo(lit(true)), lit(false));
    Column alone = col(ValidatedDataset.ONLY_JUDGEMENT);
    List<Column> standing = List.of(col(Orders.ORDER_ID), KnownAt.asOf(), col(JudgedDates.UNTIL));

    List<Column> onePackageFacts = new ArrayList<>(standing);
    onePackageFacts.add(col(Shipments.SHIP_CONFIRM_TS).as(SHIP_TS));
    onePackageFacts.add(tracking.as(TRACKING));
    onePackageFacts.add(col(Shipments.FIRST_SCAN_TS).as(FIRST_SCAN_TS));
    onePackageFacts.add(col(Shipments.DELIVERED_TS).as(DELIVERED_TS));
    onePackageFacts.add(signed.as(SIGNED));
    Dataset<Row> onePackage =
        validShipments.filter(alone).select(onePackageFacts.toArray(Column[]::new));
    Dataset<Row> several =
        validShipments
            .filter(not(alone))
            .groupBy(standing.toArray(Column[]::new))
            .agg(
                max(col(Shipments.SHIP_CONFIRM_TS)).as(SHIP_TS),
                bool_and(tracking).as(TRACKING),
                latestIfAllKnown(Shipments.FIRST_SCAN_TS, known).as(FIRST_SCAN_TS),
                latestIfAllKnown(Shipments.DELIVERED_TS, known).as(DELIVERED_TS),
                bool_and(signed).as(SIGNED));
    return new Standing(onePackage, several, known);
  }

  /** The latest {@code ts} of the group's packages when every one is known at its date. */
  private static Column latestIfAllKnown(String ts, KnownAt known) {
    return when(bool_and(known.isKnown(col(ts))), max(col(ts)));
  }

  /**
   * An order's packages with the dates they stand for: its only package judgement as it is ({@code
   * alone}), or its packages aggregated at each date ({@code several}).
   */
  public record Standing(Dataset<Row> alone, Dataset<Row> several, KnownAt known) {
    /**
     * For each order, the days its shipping facts may change on. An only package judgement gives
     * the days it stands from and until (column {@code day}), and its first scan and delivery,
     * which become known on their local days in the order's time zone, as {@link #joinedTo} judges
     * them (column {@code instant}). Packages aggregated at each date give the dates where their
     * facts change ({@link JudgedDates#changes} over {@code dates}, the order facts' dates): taken
     * as the days they stand for, every date of a rejudged package split its order's facts (3.9 M
     * parts of 0.9 M order judgements in a 30-date backfill at 1,000,000 orders).
     */
    public Dataset<Row> changes(String day, String instant, JudgedDates dates) {
      Column noDay = lit(null).cast("date");
      Column noInstant = lit(null).cast("timestamp");
      Column change =
          explode(
              array(
                  struct(KnownAt.asOf().as(day), noInstant.as(instant)),
                  struct(col(JudgedDates.UNTIL).as(day), noInstant.as(instant)),
                  struct(noDay.as(day), col(FIRST_SCAN_TS).as(instant)),
                  struct(noDay.as(day), col(DELIVERED_TS).as(instant))));
      String c = "_change";
      Dataset<Row> ofAlone =
          alone
              .select(col(Orders.ORDER_ID), change.as(c))
              .select(
                  col(Orders.ORDER_ID),
                  col(c).getField(day).as(day),
                  col(c).getField(instant).as(instant))
              .filter(col(day).isNotNull().or(col(instant).isNotNull()));
      Dataset<Row> ofSeveral =
          dates
              .changes(
                  several, Orders.ORDER_ID, SHIP_TS, TRACKING, FIRST_SCAN_TS, DELIVERED_TS, SIGNED)
              .select(col(Orders.ORDER_ID), KnownAt.asOf().as(day), noInstant.as(instant));
      return ofAlone.union(ofSeveral);
    }

    /**
     * {@code orderFacts} (one row per order and date) with their order's shipping facts at their
     * date: {@link #SHIP_TS}, valid tracking, delivered, {@link #DELIVERY_TS} and signed. An order
     * without a package known at its date has none shipped, none tracked, delivered or signed.
     */
    public Dataset<Row> joinedTo(Dataset<Row> orderFacts) {
      Column delivered = known.isKnown(col(DELIVERED_TS));
      Map<String, Column> atDate = new LinkedHashMap<>();
      atDate.put(
          ClaimAttributionTable.VALID_TRACKING,
          coalesce(col(TRACKING), lit(false)).and(known.isKnown(col(FIRST_SCAN_TS))));
      atDate.put(ClaimAttributionTable.DELIVERED, delivered);
      atDate.put(DELIVERY_TS, when(delivered, col(DELIVERED_TS)));
      atDate.put(ClaimAttributionTable.SIGNED, delivered.and(coalesce(col(SIGNED), lit(false))));
      return JudgedDates.joinStanding(orderFacts, alone.union(several), Orders.ORDER_ID, "left")
          .withColumns(atDate)
          .drop(TRACKING, FIRST_SCAN_TS, DELIVERED_TS, SIGNED);
    }
  }
}
