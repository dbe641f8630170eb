package io.claimlens.metrics;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
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
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
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
   * (exclusive; null: every later date), and returns at their dates. A backfill keeps its order
   * facts once per interval between an order's changes (2.15 M at 1,000,000 orders and 30 dates),
   * where counting them at each date summed 23.6 M spread rows into 8.0 M: these are summed from
   * their changes ({@link JudgedDates#sumsAtEachDate}). A day's row is there at a date where an
   * order or a return counts, as where {@link #of} has rows to sum. Distributed by seller: the
   * ranges are shuffled by seller once, and the sums and their running totals read them there.
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
                  JudgedDates.dayAfter()));
    }
    // every other count counts some of the orders or the returns, so a date's sums are not all 0
    // exactly where an order or a return counts
    return dates.sumsAtEachDate(
        Distributed.by(ranges, Orders.SELLER_ID),
        GROUP,
        ALL_COUNTS.stream().map(Count::name).toList());
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
