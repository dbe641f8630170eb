package io.claimlens.metrics;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lead;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.claimlens.asof.JudgedDates;
import io.claimlens.asof.KnownAt;
import io.claimlens.facts.OrderFacts;
import io.claimlens.facts.ReturnFacts;
import io.claimlens.io.Distributed;
import io.claimlens.policy.PolicyAtDates;
import io.claimlens.schema.ClaimAttributionTable;
import io.claimlens.schema.Orders;
import io.claimlens.schema.OutputTables;
import io.claimlens.schema.SkuMetricsTable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.functions;

/**
 * Per as-of date, seller, channel and day, the counts that every metric's numerator and denominator
 * add up over its window (deequ's mergeable states): order counts by purchase day, return counts by
 * request day. One aggregation pass serves the whole catalog.
 */
public final class DailyCounts {
  /** The day a row counts on: purchase day for orders, request day for returns. */
  public static final String DAY = "day";

  public static final String ORDERS = SkuMetricsTable.ORDERS;
  public static final String DEFECTIVE_ORDERS = SkuMetricsTable.DEFECTIVE_ORDERS;
  public static final String CLAIM_ORDERS = SkuMetricsTable.CLAIM_ORDERS;
  public static final String NEGATIVE_FEEDBACK_ORDERS = SkuMetricsTable.NEGATIVE_FEEDBACK_ORDERS;
  public static final String CHARGEBACK_ORDERS = SkuMetricsTable.CHARGEBACK_ORDERS;
  public static final String SHIPPED_ORDERS = "shipped_orders";
  public static final String LATE_SHIPMENT_ORDERS = "late_shipment_orders";

  /** Cancelled by the seller with no package shipped. */
  public static final String PRE_FULFILLMENT_CANCELLED_ORDERS = "pre_fulfillment_cancelled_orders";

  public static final String VALID_TRACKING_ORDERS = "valid_tracking_orders";

  /** With valid tracking and delivered by the promised time. */
  public static final String ON_TIME_DELIVERED_ORDERS = "on_time_delivered_orders";

  public static final String PERFECT_ORDERS = "perfect_orders";
  public static final String RETURNS_REQUESTED = "returns_requested";
  public static final String DISSATISFIED_RETURNS = "dissatisfied_returns";

  /** A count: how many rows satisfy its condition. */
  private record Count(String name, Column condition) {}

  private static final List<Count> ORDER_COUNTS =
      List.of(
          new Count(ORDERS, lit(true)),
          new Count(DEFECTIVE_ORDERS, col(OrderFacts.IS_DEFECTIVE).equalTo(1)),
          new Count(CLAIM_ORDERS, col(OrderFacts.HAS_COUNTING_CLAIM).equalTo(1)),
          new Count(NEGATIVE_FEEDBACK_ORDERS, col(OrderFacts.HAS_NEGATIVE_FEEDBACK).equalTo(1)),
          new Count(CHARGEBACK_ORDERS, col(OrderFacts.HAS_COUNTING_CHARGEBACK).equalTo(1)),
          new Count(SHIPPED_ORDERS, col(ClaimAttributionTable.SHIPPED)),
          new Count(LATE_SHIPMENT_ORDERS, col(ClaimAttributionTable.LATE_SHIPMENT)),
          new Count(
              PRE_FULFILLMENT_CANCELLED_ORDERS,
              // without shipments no package is known to have shipped
              col(OrderFacts.SELLER_CANCELLED)
                  .and(not(coalesce(col(ClaimAttributionTable.SHIPPED), lit(false))))),
          new Count(VALID_TRACKING_ORDERS, col(ClaimAttributionTable.VALID_TRACKING)),
          new Count(
              ON_TIME_DELIVERED_ORDERS,
              col(ClaimAttributionTable.VALID_TRACKING).and(col(OrderFacts.ON_TIME_DELIVERY))),
          new Count(PERFECT_ORDERS, col(OrderFacts.PERFECT)));

  private static final List<Count> RETURN_COUNTS =
      List.of(
          new Count(RETURNS_REQUESTED, lit(true)),
          new Count(DISSATISFIED_RETURNS, col(ReturnFacts.DISSATISFIED)));

  private static final List<Count> ALL_COUNTS =
      Stream.concat(ORDER_COUNTS.stream(), RETURN_COUNTS.stream()).toList();

  /** What a date's counts are per: their rows' policy entry, seller, channel and day. */
  private static final List<String> GROUP =
      List.of(
          PolicyAtDates.POLICY_KEY,
          Orders.MARKETPLACE_ID,
          Orders.SELLER_ID,
          Orders.FULFILLMENT_CHANNEL,
          DAY);

  // a change of a day's counts: the date, and whether the counts are added or taken away there
  private static final String CHANGE = "_change";
  private static final String CHANGE_DATE = "_change_date";
  private static final String SIGN = "_sign";
  private static final String NEXT_CHANGE = "_next_change";

  private DailyCounts() {}

  /**
   * The daily counts of {@link OrderFacts} rows and, when returns are present, {@link ReturnFacts}
   * rows; a count whose facts are unknown (absent dataset) is 0, and its metric NO_DATA.
   */
  public static Dataset<Row> of(Dataset<Row> orderFacts, Optional<Dataset<Row>> returnFacts) {
    Dataset<Row> rows = flags(orderFacts, OrderFacts.PURCHASE_DAY, ORDER_COUNTS);
    if (returnFacts.isPresent()) {
      rows = rows.union(flags(returnFacts.get(), ReturnFacts.REQUESTED_DAY, RETURN_COUNTS));
    }
    List<Column> sums = new ArrayList<>();
    for (Count c : ALL_COUNTS) {
      sums.add(sum(col(c.name())).cast("long").as(c.name()));
    }
    return rows.groupBy(columns(List.of(OutputTables.AS_OF_DATE), GROUP))
        .agg(sums.get(0), sums.subList(1, sums.size()).toArray(new Column[0]));
  }

  /**
   * The daily counts of {@link #of}, from order facts that each count at a range of dates: at the
   * dates of {@code dates} from {@link OutputTables#AS_OF_DATE} {@link JudgedDates#UNTIL}
   * (exclusive; null: every later date). A backfill keeps its order facts once per interval between
   * an order's changes (2.15 M at 1,000,000 orders and 30 dates), where summing them at each date
   * sums 23.6 M rows into 6.8 M.
   *
   * <p>So the counts are made from their changes: each range adds its flags at its first date and
   * takes them away at its end, a return's at its date and the day after. Per seller, channel and
   * day the changes add up over the dates in order, and each sum stands until the next change: one
   * row per change of a day's counts, spread over the dates it stands for. A day's row exists at a
   * date where an order or a return counts, as where {@link #of} has rows to sum. The result is
   * distributed by seller: the changes are sorted by seller and more for the running sums.
   *
   * @param orderFacts {@link OrderFacts} rows with the dates they count at
   * @param returnFacts {@link ReturnFacts} rows, one per return and date
   */
  public static Dataset<Row> ofRanges(
      Dataset<Row> orderFacts, Optional<Dataset<Row>> returnFacts, JudgedDates dates) {
    Dataset<Row> ranges =
        flags(orderFacts, OrderFacts.PURCHASE_DAY, ORDER_COUNTS, col(JudgedDates.UNTIL));
    if (returnFacts.isPresent()) {
      ranges =
          ranges.union(
              flags(
                  returnFacts.get(),
                  ReturnFacts.REQUESTED_DAY,
                  RETURN_COUNTS,
                  date_add(KnownAt.asOf(), 1)));
    }
    Column until = col(JudgedDates.UNTIL);
    Column change =
        explode(
            array(
                struct(KnownAt.asOf().as(CHANGE_DATE), lit(1).as(SIGN)),
                when(
                    until.leq(lit(dates.last())),
                    struct(until.as(CHANGE_DATE), lit(-1).as(SIGN)))));
    Column sign = col(CHANGE + "." + SIGN);
    List<Column> signed = new ArrayList<>(List.of(columns(GROUP)));
    signed.add(col(CHANGE + "." + CHANGE_DATE).as(CHANGE_DATE));
    List<Column> changeSums = new ArrayList<>();
    Column changed = lit(false);
    for (Count c : ALL_COUNTS) {
      signed.add(col(c.name()).multiply(sign).as(c.name()));
      changeSums.add(sum(col(c.name())).cast("long").as(c.name()));
      changed = changed.or(col(c.name()).notEqual(0));
    }
    Dataset<Row> changes =
        Distributed.by(
                ranges
                    .select(col("*"), change.as(CHANGE))
                    .filter(col(CHANGE).isNotNull())
                    .select(signed.toArray(Column[]::new)),
                Orders.SELLER_ID)
            .groupBy(columns(GROUP, List.of(CHANGE_DATE)))
            .agg(changeSums.get(0), changeSums.subList(1, changeSums.size()).toArray(Column[]::new))
            // a day whose counts pass from one range to the next does not change there
            .filter(changed);

    WindowSpec byChange = Window.partitionBy(columns(GROUP)).orderBy(col(CHANGE_DATE));
    WindowSpec upToChange = byChange.rowsBetween(Window.unboundedPreceding(), Window.currentRow());
    Map<String, Column> standing = new LinkedHashMap<>();
    for (Count c : ALL_COUNTS) {
      standing.put(c.name(), sum(col(c.name())).over(upToChange));
    }
    standing.put(NEXT_CHANGE, lead(col(CHANGE_DATE), 1).over(byChange));
    List<String> counts = ALL_COUNTS.stream().map(Count::name).toList();
    return dates
        .spread(changes.withColumns(standing), col(CHANGE_DATE), col(NEXT_CHANGE))
        .filter(col(ORDERS).gt(0).or(col(RETURNS_REQUESTED).gt(0)))
        .select(columns(List.of(OutputTables.AS_OF_DATE), GROUP, counts));
  }

  /**
   * Rows of {@code facts} as 0/1 values of {@code own} counts and 0 for every other count, with
   * {@code until} as {@link JudgedDates#UNTIL} if given.
   */
  private static Dataset<Row> flags(
      Dataset<Row> facts, String day, List<Count> own, Column... until) {
    List<Column> columns = new ArrayList<>();
    columns.add(KnownAt.asOf());
    Stream.of(until).forEach(u -> columns.add(u.as(JudgedDates.UNTIL)));
    columns.add(col(PolicyAtDates.POLICY_KEY));
    columns.add(col(Orders.MARKETPLACE_ID));
    columns.add(col(Orders.SELLER_ID));
    columns.add(col(Orders.FULFILLMENT_CHANNEL));
    columns.add(col(day).as(DAY));
    for (Count c : ALL_COUNTS) {
      Column value = own.contains(c) ? when(c.condition(), lit(1)).otherwise(lit(0)) : lit(0);
      columns.add(value.as(c.name()));
    }
    return facts.select(columns.toArray(new Column[0]));
  }

  @SafeVarargs
  private static Column[] columns(List<String>... names) {
    return Stream.of(names).flatMap(List::stream).map(functions::col).toArray(Column[]::new);
  }
}
