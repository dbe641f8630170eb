package io.claimlens.job;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;

import io.claimlens.asof.JudgedDates;
import io.claimlens.asof.KnownAt;
import io.claimlens.config.Channel;
import io.claimlens.config.MetricId;
import io.claimlens.facts.OrderFacts;
import io.claimlens.facts.ReturnFacts;
import io.claimlens.facts.ShippingFacts;
import io.claimlens.facts.SkuFacts;
import io.claimlens.io.Distributed;
import io.claimlens.io.SideBySide;
import io.claimlens.metrics.DailyCounts;
import io.claimlens.policy.PolicyAtDates;
import io.claimlens.quality.ValidatedDataset;
import io.claimlens.schema.Chargebacks;
import io.claimlens.schema.Claims;
import io.claimlens.schema.Feedback;
import io.claimlens.schema.OrderItems;
import io.claimlens.schema.Orders;
import io.claimlens.schema.OutputTables;
import io.claimlens.schema.Returns;
import io.claimlens.schema.Shipments;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The facts stage: the entities' states at D and the per-order facts every later stage reads.
 *
 * <p>The ODR's inputs (orders, claims, feedback, chargebacks, and so the order facts' defect flags)
 * hold the week-earlier dates too; shipping and returns are judged at the run's dates alone, so the
 * week-earlier rows have no packages or returns to join.
 *
 * @param orders valid orders keyed by their policy entry, at the run's and the week-earlier dates
 * @param ordersAtDates the same at the run's dates only, each judgement once with the dates it
 *     stands for (from its date {@link JudgedDates#UNTIL} the next), distributed by order id:
 *     returns and claims in context join these as they stand ({@link JudgedDates#joinStanding}).
 *     Joined to the week-earlier orders too, they shuffled every order for rows that cannot match;
 *     spread over a 30-date backfill's dates at 1,000,000 orders, 25.1 M rows were streamed past
 *     0.96 M returns and again past 0.66 M claims
 * @param claims the claims' states (kept: the order facts, the SKU counts and the claims in context
 *     read them)
 * @param skusByOrder the SKU of each judgement of an order's valid items at the run's dates, with
 *     the dates it stands for, distributed by order id (empty without {@code order_items}); a SKU
 *     held by two items of an order is there twice: the SKU counts take them distinct and join them
 *     to every order's facts, the claims' evidence and root causes look up their claims' orders'
 *     SKUs in them as they are. Found among the items' judgements and not spread over their dates:
 *     an order's items are judged on its days ({@link Judged#validStanding})
 * @param returns the return facts (kept: the order facts, the daily counts and the claim evidence
 *     read them)
 * @param orderFacts the order facts, kept: a night's a row per order and date; a backfill's a row
 *     per interval between an order's changes, standing from its date {@link JudgedDates#UNTIL} the
 *     next ({@link OrderFacts#onChange}). Their readers (the daily counts, the SKU counts, the
 *     claims' evidence) take them as they are: spread over a backfill's dates, they were most of
 *     what it kept and read again (23.6 M rows at 1,000,000 orders and 30 dates, for 2.15 M
 *     intervals)
 * @param standing whether {@code orderFacts} stand for ranges of dates (a backfill's)
 */
record Facts(
    Dataset<Row> orders,
    Dataset<Row> ordersAtDates,
    Dataset<Row> claims,
    Optional<Dataset<Row>> feedback,
    Optional<Dataset<Row>> chargebacks,
    Dataset<Row> skusByOrder,
    Optional<Dataset<Row>> returns,
    Dataset<Row> orderFacts,
    boolean standing) {

  static Facts of(RunContext run, Judged judged, Materialized kept, SideBySide side) {
    Map<String, Column> perJudgement = OrderFacts.perJudgement(run.policy());
    ValidatedDataset judgedOrders =
        judged.withWeekBefore().get(Orders.NAME).withDerived(perJudgement);
    Dataset<Row> orders = OrderFacts.keyed(judgedOrders.valid());
    Dataset<Row> ordersAtDates =
        OrderFacts.keyed(
            judged
                .atRunDates()
                .get(Orders.NAME)
                .withDerived(perJudgement)
                .validStandingDistributedBy(Orders.ORDER_ID),
            JudgedDates.UNTIL);
    SideBySide.Both<Dataset<Row>, Optional<Dataset<Row>>> states =
        side.both(
            () ->
                kept.keep(
                    "claims' states", judged.stateWithWeekBefore(Claims.SCHEMA).orElseThrow()),
            () ->
                judged
                    .state(Returns.SCHEMA)
                    .map(
                        r ->
                            kept.keep(
                                "return facts", ReturnFacts.of(r, ordersAtDates, run.atDates()))));
    Dataset<Row> claims = states.first();
    Optional<Dataset<Row>> returns = states.second();
    Optional<Dataset<Row>> feedback = judged.stateWithWeekBefore(Feedback.SCHEMA);
    Optional<Dataset<Row>> chargebacks = judged.stateWithWeekBefore(Chargebacks.SCHEMA);
    OrderFacts.Sources sources =
        new OrderFacts.Sources(
            claims,
            feedback,
            chargebacks,
            judged
                .validStandingByOrder(Shipments.NAME)
                .map(s -> ShippingFacts.perOrder(s, run.atDates().knownAt())),
            returns.map(ReturnFacts::returnedOrders));
    boolean standing = !run.dates().isSingle();
    Dataset<Row> orderFacts =
        standing
            ? standingOrderFacts(run, judgedOrders, sources, kept)
            : nightOrderFacts(run, judgedOrders, sources, kept);
    return new Facts(
        orders,
        ordersAtDates,
        claims,
        feedback,
        chargebacks,
        judged
            .validStanding(OrderItems.NAME, Orders.ORDER_ID, OrderItems.SKU)
            .orElseGet(
                () ->
                    run.spark()
                        .createDataFrame(List.of(), OrderItems.SCHEMA.sparkSchema())
                        .select(
                            lit(null).cast("date").as(OutputTables.AS_OF_DATE),
                            lit(null).cast("date").as(JudgedDates.UNTIL),
                            col(Orders.ORDER_ID),
                            col(OrderItems.SKU))),
        returns,
        orderFacts,
        standing);
  }

  /**
   * The order facts each with the dates it stands for, from its {@link OutputTables#AS_OF_DATE}
   * {@link JudgedDates#UNTIL}, for rows of an order and date to join as they stand ({@link
   * JudgedDates#joinStanding}): a backfill's as it keeps them, a night's each for its own date.
   * Every span of a date lies within the longest, which a backfill keeps its facts for.
   */
  Dataset<Row> orderFactsStanding() {
    return standing ? orderFacts : orderFacts.withColumn(JudgedDates.UNTIL, JudgedDates.dayAfter());
  }

  /**
   * The SKU counts ({@link SkuFacts#counts}): a night's from its order facts at each date, a
   * backfill's from the ranges of dates its standing order facts and items stand for ({@link
   * SkuFacts#countsOfRanges}).
   */
  Dataset<Row> skuCounts(PolicyAtDates policy) {
    return standing
        ? SkuFacts.countsOfRanges(orderFacts, skusByOrder, claims, policy)
        : SkuFacts.counts(orderFacts, skusByOrder, claims, policy);
  }

  /**
   * The daily counts, distributed by seller: a night's from its order facts at each date, a
   * backfill's from the ranges of dates over which its standing order facts count ({@link
   * DailyCounts#ofRanges}).
   */
  Dataset<Row> dailyCounts(RunContext run) {
    return standing
        ? DailyCounts.ofRanges(
            inSpanRanges(run, orderFacts), returns, run.withWeekBefore().judgedDates())
        : Distributed.by(DailyCounts.of(orderFacts, returns), Orders.SELLER_ID);
  }

  /** A night's order facts at its dates, kept. */
  private static Dataset<Row> nightOrderFacts(
      RunContext run,
      ValidatedDataset judgedOrders,
      OrderFacts.Sources sources,
      Materialized kept) {
    return kept.keepDistributedBy(
        "order facts",
        OrderFacts.of(
            OrderFacts.keyed(judgedOrders.validDistributedBy(Orders.ORDER_ID)),
            sources,
            inSpan(run)),
        Orders.ORDER_ID);
  }

  /**
   * A backfill's order facts once per interval between changes of what is known about an order
   * ({@link OrderFacts#onChange}), kept. The orders and their shipping facts join by order and
   * date, both distributed by order id before any spread: each is shuffled once per judgement, and
   * the join shuffles neither again.
   */
  private static Dataset<Row> standingOrderFacts(
      RunContext run,
      ValidatedDataset judgedOrders,
      OrderFacts.Sources sources,
      Materialized kept) {
    // an order's span at a date starts with the longest span's first day and reaches to the date
    // (at a week-earlier date the ODR's window, which lies within it), so an order out of the
    // longest span at a judgement's first date is out of every span at its later ones
    Dataset<Row> judgements =
        OrderFacts.keyed(
                judgedOrders.validStandingDistributedBy(Orders.ORDER_ID), JudgedDates.UNTIL)
            .filter(run.atDates().inAnySpan(col(OrderFacts.PURCHASE_DAY)));
    return kept.keepDistributedBy(
        "order facts",
        OrderFacts.onChange(
            judgements, sources, run.withWeekBefore().judgedDates(), run.atDates().knownAt()),
        Orders.ORDER_ID);
  }

  /**
   * {@code standing} order facts once per range of the dates each stands for at which {@link
   * #inSpan} reads it, the range from {@link OutputTables#AS_OF_DATE} {@link JudgedDates#UNTIL}:
   * the week-earlier dates at which its purchase day is in the ODR's window, and the run's dates
   * until it leaves every span.
   */
  private static Dataset<Row> inSpanRanges(RunContext run, Dataset<Row> standing) {
    Column day = col(OrderFacts.PURCHASE_DAY);
    Column from = KnownAt.asOf();
    Column until = col(JudgedDates.UNTIL);
    Column first = lit(run.dates().first());
    PolicyAtDates.DateRange odr =
        run.withWeekBefore().datesInWindow(MetricId.ODR, Channel.ALL, day);
    // greatest and least skip nulls: an until of null is no end
    Column weekEarlier =
        when(
            odr.from().isNotNull(),
            range(greatest(from, odr.from()), least(until, first, odr.until())));
    Column runDates = range(greatest(from, first), least(until, run.atDates().endOfAnySpan(day)));
    String range = "_in_span";
    return standing
        .withColumn(range, explode(array(weekEarlier, runDates)))
        .filter(col(range + "." + OutputTables.AS_OF_DATE).lt(col(range + "." + JudgedDates.UNTIL)))
        .withColumns(
            Map.of(
                OutputTables.AS_OF_DATE,
                col(range + "." + OutputTables.AS_OF_DATE),
                JudgedDates.UNTIL,
                col(range + "." + JudgedDates.UNTIL)))
        .drop(range);
  }

  private static Column range(Column from, Column until) {
    return struct(from.as(OutputTables.AS_OF_DATE), until.as(JudgedDates.UNTIL));
  }

  /**
   * Whether an order's facts at the row's date are read: at the run's dates, any table's span; at a
   * week-earlier date, the ODR's window of channel ALL, the one metric measured there (for
   * odr_change_7d, where a seller without orders in it has no rate, as one without a row). The
   * longest span, 104 days by default, held 60 days' orders to be judged for nothing.
   */
  private static Column inSpan(RunContext run) {
    Column purchaseDay = col(OrderFacts.PURCHASE_DAY);
    return when(KnownAt.asOf().geq(lit(run.dates().first())), run.atDates().inAnySpan(purchaseDay))
        .otherwise(run.withWeekBefore().isInWindow(MetricId.ODR, Channel.ALL, purchaseDay));
  }
}
