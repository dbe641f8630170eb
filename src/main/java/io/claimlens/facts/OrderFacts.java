package io.claimlens.facts;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.not;

import io.claimlens.asof.KnownAt;
import io.claimlens.config.Policy;
import io.claimlens.policy.PolicyAtDates;
import io.claimlens.policy.PolicyColumns;
import io.claimlens.schema.ClaimAttributionTable;
import io.claimlens.schema.Orders;
import io.claimlens.schema.OutputTables;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

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
  public static Dataset<Row> keyed(Dataset<Row> validOrders) {
    return validOrders.select(
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
        col(PURCHASE_DAY));
  }

  /**
   * Facts of the {@link #keyed} orders at each as-of date, for the orders that pass {@code inSpan}
   * ({@link PolicyAtDates#inAnySpan} of {@link #PURCHASE_DAY}): claims, feedback and chargebacks
   * are entity states at D; shipping is {@link ShippingFacts#perOrder}; returned orders are {@link
   * ReturnFacts#returnedOrders}.
   */
  public static Dataset<Row> of(Dataset<Row> keyedOrders, Sources sources, Column inSpan) {
    Dataset<Row> orders = keyedOrders.filter(inSpan);

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
    return facts
        .withColumn(SELLER_CANCELLED, sellerCancelled)
        .withColumn(PERFECT, perfect)
        .select(COLUMNS.stream().map(c -> col(c)).toArray(Column[]::new));
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
