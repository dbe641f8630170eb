package io.claimlens.facts;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lead;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.not;

import io.claimlens.asof.JudgedDates;
import io.claimlens.asof.KnownAt;
import io.claimlens.config.Policy;
import io.claimlens.policy.PolicyAtDates;
import io.claimlens.policy.PolicyColumns;
import io.claimlens.schema.ClaimAttributionTable;
import io.claimlens.schema.Orders;
import io.claimlens.schema.OutputTables;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * One row per order known at D, with its purchase day in its marketplace's time zone, its defect
 * flags (SPEC §2.1) as 0/1 counts, and its shipping and cancellation facts and whether it is
 * perfect (SPEC §2.2, a return included), so that every order metric is a sum over these rows
 * ({@code COLUMNS}).
 *
 * <p>Facts from an absent optional dataset are null: unknown, not false.
 */
public final class OrderFacts {
  /** Purchase day in the marketplace's time zone. */
  public static final String PURCHASE_DAY = "purchase_day";

  public static final String HAS_COUNTING_CLAIM = "has_counting_claim";
  public static final String HAS_NEGATIVE_FEEDBACK = "has_negative_feedback";
  public static final String HAS_COUNTING_CHARGEBACK = "has_counting_chargeback";

  /** At least one of the three defects; an order with several counts once. */
  public static final String IS_DEFECTIVE = "is_defective";

  /** Delivered by latest_delivery_ts (an order without a promised time cannot be late). */
  public static final String ON_TIME_DELIVERY = "on_time_delivery";

  /** CANCELLED by the SELLER. */
  public static final String SELLER_CANCELLED = "seller_cancelled";

  /** A return was requested by D. */
  public static final String HAS_RETURN = "has_return";

  /** No defect, no seller cancellation, no late shipment and no return. */
  public static final String PERFECT = "perfect";

  /** The join key of an order's rows: one per order and as-of date. */
  public static final String[] BY_ORDER_AND_DATE = {Orders.ORDER_ID, OutputTables.AS_OF_DATE};

  // a change of what is known about an order: a day, or an instant known from its local day
  private static final String CHANGE_DAY = "_change_day";
  private static final String CHANGE_INSTANT = "_change_instant";

  private static final List<String> FLAGS =
      List.of(HAS_COUNTING_CLAIM, HAS_NEGATIVE_FEEDBACK, HAS_COUNTING_CHARGEBACK);

  /**
   * The columns of {@link #of}'s rows: what its readers (the daily counts, the SKU counts, the
   * claim evidence) read, and nothing they do not. The order's promised times, status, zone, return
   * flag and package times go into the flags and stop there: kept for every order and date, they
   * were 30% of each row's bytes, stored and read again by every reader (23.6 M rows in a 30-date
   * backfill at 1,000,000 orders).
   */
  private static final List<String> COLUMNS =
      List.of(
          Orders.ORDER_ID,
          OutputTables.AS_OF_DATE,
          Orders.MARKETPLACE_ID,
          Orders.SELLER_ID,
          Orders.FULFILLMENT_CHANNEL,
          PolicyAtDates.POLICY_KEY,
          PURCHASE_DAY,
          HAS_COUNTING_CLAIM,
          HAS_NEGATIVE_FEEDBACK,
          HAS_COUNTING_CHARGEBACK,
          IS_DEFECTIVE,
          ClaimAttributionTable.SHIPPED,
          ClaimAttributionTable.LATE_SHIPMENT,
          ClaimAttributionTable.VALID_TRACKING,
          ClaimAttributionTable.DELIVERED,
          ClaimAttributionTable.SIGNED,
          ON_TIME_DELIVERY,
          SELLER_CANCELLED,
          PERFECT);

  private OrderFacts() {}

  /**
   * The entity states and order-level facts that {@link #of} reads; optional ones may be absent.
   */
  public record Sources(
      Dataset<Row> claims,
      Optional<Dataset<Row>> feedback,
      Optional<Dataset<Row>> chargebacks,
      Optional<ShippingFacts.Standing> shipping,
      Optional<Dataset<Row>> returnedOrders) {}

  /**
   * The columns of an order that depend on its row alone, which {@link #keyed} reads: its policy
   * key and local purchase day. A reader computes them once per judgement of the order ({@code
   * ValidatedDataset.withDerived}), not once per date it stands for.
   */
  public static Map<String, Column> perJudgement(Policy policy) {
    Map<String, Column> columns = new LinkedHashMap<>();
    columns.put(
        PolicyAtDates.POLICY_KEY, PolicyColumns.policyKey(policy, col(Orders.MARKETPLACE_ID)));
    columns.put(PURCHASE_DAY, KnownAt.of(policy).localDay(col(Orders.PURCHASE_TS)));
    return columns;
  }

  /**
   * Every valid order with its policy key, time zone and local purchase day ({@link
   * #perJudgement}), and the columns the facts need: the key every child dataset joins to.
   */
  public static Dataset<Row> keyed(Dataset<Row> validOrders, String... more) {
    List<Column> columns =
        new ArrayList<>(
            List.of(
                KnownAt.asOf(),
                col(Orders.ORDER_ID),
                col(Orders.MARKETPLACE_ID),
                col(Orders.SELLER_ID),
                col(Orders.FULFILLMENT_CHANNEL),
                col(Orders.LATEST_SHIP_TS),
                col(Orders.LATEST_DELIVERY_TS),
                col(Orders.ORDER_STATUS),
                col(Orders.CANCELLED_BY),
                col(KnownAt.TIME_ZONE),
                col(PolicyAtDates.POLICY_KEY),
                col(PURCHASE_DAY)));
    Arrays.stream(more).forEach(c -> columns.add(col(c)));
    return validOrders.select(columns.toArray(Column[]::new));
  }

  /**
   * Facts of the {@link #keyed} orders at each as-of date, for the orders that pass {@code inSpan}
   * ({@link PolicyAtDates#inAnySpan} of {@link #PURCHASE_DAY}): claims, feedback and chargebacks
   * are entity states at D; shipping is {@link ShippingFacts#perOrder}; returned orders are {@link
   * ReturnFacts#returnedOrders}.
   */
  public static Dataset<Row> of(Dataset<Row> keyedOrders, Sources sources, Column inSpan) {
    return facts(keyedOrders.filter(inSpan), sources, defectsPerOrder(sources)).select(columns());
  }

  /**
   * The facts of {@link #of} once per interval of dates over which they cannot change, each row
   * standing from its {@link OutputTables#AS_OF_DATE} {@link JudgedDates#UNTIL} the next: for a run
   * of several dates, where {@link #of} computed every order's facts at each date (23.6 M rows in a
   * 30-date backfill at 1,000,000 orders, for 2.15 M intervals). An order's facts at D follow from
   * its judgement at D, its defects and returns at D, the packages that stand for D and which of
   * their first scans and deliveries are known at D; so each judgement of an order is split at the
   * dates where one of those changes, and its facts computed at the first date of each part.
   *
   * @param keyedJudgements {@link #keyed} orders, each valid judgement once with {@link
   *     JudgedDates#UNTIL}, distributed by order id, and only those that may be read at one of the
   *     dates they stand for (the readers keep the facts of their span at each date)
   * @param dates the dates of the order judgements and of {@code sources}
   * @param known what is known at a date, by the orders' time zones
   */
  public static Dataset<Row> onChange(
      Dataset<Row> keyedJudgements, Sources sources, JudgedDates dates, KnownAt known) {
    Dataset<Row> defects = defectsPerOrder(sources);
    Dataset<Row> changes =
        changeDays(dates.changes(defects, Orders.ORDER_ID, FLAGS.toArray(String[]::new)));
    if (sources.returnedOrders().isPresent()) {
      changes =
          changes.union(changeDays(dates.changes(sources.returnedOrders().get(), Orders.ORDER_ID)));
    }
    if (sources.shipping().isPresent()) {
      changes = changes.union(sources.shipping().get().changes(CHANGE_DAY, CHANGE_INSTANT, dates));
    }
    Dataset<Row> orders = splitAt(keyedJudgements, changes, dates, known);
    List<String> standing = new ArrayList<>(COLUMNS);
    standing.add(JudgedDates.UNTIL);
    return facts(orders, sources, defects).select(columns(standing));
  }

  /** {@link JudgedDates#changes} of an order's facts made per date, as changes on their days. */
  private static Dataset<Row> changeDays(Dataset<Row> changes) {
    return changes.select(
        col(Orders.ORDER_ID),
        KnownAt.asOf().as(CHANGE_DAY),
        lit(null).cast("timestamp").as(CHANGE_INSTANT));
  }

  /**
   * {@code judgements} split at the {@code changes} within the dates each stands for: a row per
   * part, from its first date {@link JudgedDates#UNTIL} the next part's, or the judgement's own
   * until. A change is a day, or an instant known from its local day in the order's time zone,
   * first seen at the first of {@code dates} on or after it.
   *
   * <p>Every change of an order makes a part of each of its judgements, and those outside the
   * judgement's dates are dropped after the window that orders them: as a filter before it, Spark
   * pushed the change's date into the join's condition, where the dates' CASE compiled the local
   * day again in each of its branches, past the 64 KB a generated method may have. The parts of a
   * judgement that start on one date are one: all but the last of them stand for no date.
   */
  private static Dataset<Row> splitAt(
      Dataset<Row> judgements, Dataset<Row> changes, JudgedDates dates, KnownAt known) {
    String changedOrder = "_changed_order";
    String judgedFrom = "_judged_from";
    String next = "_next_part";
    Column from = KnownAt.asOf();
    Column until = col(JudgedDates.UNTIL);
    Dataset<Row> whole = judgements.withColumn(judgedFrom, from);
    Dataset<Row> parts =
        whole
            .join(
                changes.withColumnRenamed(Orders.ORDER_ID, changedOrder),
                col(Orders.ORDER_ID).equalTo(col(changedOrder)))
            // the day named before the dates' CASE reads it in each branch
            .withColumn(CHANGE_DAY, coalesce(col(CHANGE_DAY), known.localDay(col(CHANGE_INSTANT))))
            .withColumn(OutputTables.AS_OF_DATE, dates.firstOnOrAfter(col(CHANGE_DAY)))
            .select(columns(List.of(whole.columns())));
    WindowSpec byJudgement =
        Window.partitionBy(col(Orders.ORDER_ID), col(judgedFrom)).orderBy(from);
    return whole
        .union(parts)
        .withColumn(next, lead(from, 1).over(byJudgement))
        .filter(
            from.geq(col(judgedFrom))
                .and(until.isNull().or(from.lt(until)))
                .and(col(next).isNull().or(col(next).gt(from))))
        .withColumn(JudgedDates.UNTIL, least(col(next), until))
        .drop(next, judgedFrom);
  }

  private static Column[] columns() {
    return columns(COLUMNS);
  }

  private static Column[] columns(List<String> names) {
    return names.stream().map(c -> col(c)).toArray(Column[]::new);
  }

  /** The orders' defect flags at each date, a row per order with one. */
  private static Dataset<Row> defectsPerOrder(Sources sources) {
    Dataset<Row> defects =
        flag(sources.claims().filter(Defects.countingClaim()), HAS_COUNTING_CLAIM);
    if (sources.feedback().isPresent()) {
      defects =
          defects.union(
              flag(
                  sources.feedback().get().filter(Defects.negativeFeedback()),
                  HAS_NEGATIVE_FEEDBACK));
    }
    if (sources.chargebacks().isPresent()) {
      defects =
          defects.union(
              flag(
                  sources.chargebacks().get().filter(Defects.countingChargeback()),
                  HAS_COUNTING_CHARGEBACK));
    }
    Dataset<Row> perOrder =
        defects
            .groupBy(col(Orders.ORDER_ID), KnownAt.asOf())
            .agg(
                max(HAS_COUNTING_CLAIM).as(HAS_COUNTING_CLAIM),
                max(HAS_NEGATIVE_FEEDBACK).as(HAS_NEGATIVE_FEEDBACK),
                max(HAS_COUNTING_CHARGEBACK).as(HAS_COUNTING_CHARGEBACK));
    return perOrder;
  }

  /** The facts of {@code orders} at their dates, every column of the rows kept. */
  private static Dataset<Row> facts(Dataset<Row> orders, Sources sources, Dataset<Row> perOrder) {
    Column claim = coalesce(col(HAS_COUNTING_CLAIM), lit(0));
    Column negative = coalesce(col(HAS_NEGATIVE_FEEDBACK), lit(0));
    Column chargeback = coalesce(col(HAS_COUNTING_CHARGEBACK), lit(0));
    Dataset<Row> facts =
        orders
            .join(perOrder, BY_ORDER_AND_DATE, "left")
            .withColumn(HAS_COUNTING_CLAIM, claim)
            .withColumn(HAS_NEGATIVE_FEEDBACK, negative)
            .withColumn(HAS_COUNTING_CHARGEBACK, chargeback)
            .withColumn(IS_DEFECTIVE, greatest(claim, negative, chargeback));
    // the shipping facts joined last: their join is by order alone, after which Spark knows the
    // rows sorted by order, not by order and date, and sorted 9.7 M rows again for the returns'
    // join (a 10-date backfill at 1,000,000 orders)
    facts = withReturns(facts, sources.returnedOrders());
    facts = withShipping(facts, sources.shipping());

    Column sellerCancelled =
        coalesce(
            col(Orders.ORDER_STATUS)
                .equalTo(lit(Orders.Status.CANCELLED.name()))
                .and(col(Orders.CANCELLED_BY).equalTo(lit(Orders.CancelledBy.SELLER.name()))),
            lit(false));
    // unknown facts (absent datasets) do not spoil an order: it is judged on what is known
    Column perfect =
        col(IS_DEFECTIVE)
            .equalTo(0)
            .and(not(col(SELLER_CANCELLED)))
            .and(not(coalesce(col(ClaimAttributionTable.LATE_SHIPMENT), lit(false))))
            .and(not(coalesce(col(HAS_RETURN), lit(false))));
    return facts.withColumn(SELLER_CANCELLED, sellerCancelled).withColumn(PERFECT, perfect);
  }

  /** Adds the shipping facts; an order without a known package is not shipped. */
  private static Dataset<Row> withShipping(
      Dataset<Row> facts, Optional<ShippingFacts.Standing> shipping) {
    if (shipping.isEmpty()) {
      return facts
          .withColumn(ShippingFacts.SHIP_TS, lit(null).cast("timestamp"))
          .withColumn(ShippingFacts.DELIVERY_TS, lit(null).cast("timestamp"))
          .withColumn(ClaimAttributionTable.SHIPPED, lit(null).cast("boolean"))
          .withColumn(ClaimAttributionTable.LATE_SHIPMENT, lit(null).cast("boolean"))
          .withColumn(ClaimAttributionTable.VALID_TRACKING, lit(null).cast("boolean"))
          .withColumn(ClaimAttributionTable.DELIVERED, lit(null).cast("boolean"))
          .withColumn(ClaimAttributionTable.SIGNED, lit(null).cast("boolean"))
          .withColumn(ON_TIME_DELIVERY, lit(null).cast("boolean"));
    }
    Column shipped = col(ShippingFacts.SHIP_TS).isNotNull();
    // an order without a promised time cannot break it
    Column lateShipment =
        shipped.and(
            coalesce(col(ShippingFacts.SHIP_TS).gt(col(Orders.LATEST_SHIP_TS)), lit(false)));
    Column onTime =
        col(ClaimAttributionTable.DELIVERED)
            .and(
                coalesce(
                    col(ShippingFacts.DELIVERY_TS).leq(col(Orders.LATEST_DELIVERY_TS)), lit(true)));
    Map<String, Column> shippingFacts = new LinkedHashMap<>();
    shippingFacts.put(ClaimAttributionTable.SHIPPED, shipped);
    shippingFacts.put(ClaimAttributionTable.LATE_SHIPMENT, lateShipment);
    shippingFacts.put(ON_TIME_DELIVERY, onTime);
    return shipping.get().joinedTo(facts).withColumns(shippingFacts);
  }

  private static Dataset<Row> withReturns(
      Dataset<Row> facts, Optional<Dataset<Row>> returnedOrders) {
    if (returnedOrders.isEmpty()) {
      return facts.withColumn(HAS_RETURN, lit(null).cast("boolean"));
    }
    return facts
        .join(returnedOrders.get().withColumn(HAS_RETURN, lit(true)), BY_ORDER_AND_DATE, "left")
        .withColumn(HAS_RETURN, coalesce(col(HAS_RETURN), lit(false)));
  }

  /** The order ids of {@code defectRows} with 1 in column {@code flag} and 0 in the others. */
  private static Dataset<Row> flag(Dataset<Row> defectRows, String flag) {
    List<Column> columns = new ArrayList<>();
    columns.add(col(Orders.ORDER_ID));
    columns.add(KnownAt.asOf());
    for (String f : FLAGS) {
      columns.add(lit(f.equals(flag) ? 1 : 0).as(f));
    }
    return defectRows.select(columns.toArray(new Column[0]));
  }
}
