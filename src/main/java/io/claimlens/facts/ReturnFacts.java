package io.claimlens.facts;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import io.claimlens.asof.Durations;
import io.claimlens.asof.JudgedDates;
import io.claimlens.asof.KnownAt;
import io.claimlens.io.Distributed;
import io.claimlens.policy.PolicyAtDates;
import io.claimlens.schema.ClaimAttributionTable;
import io.claimlens.schema.Orders;
import io.claimlens.schema.Returns;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Return states at D judged against the refund deadline (SPEC §2.2, §3): shared by
 * RETURN_DISSATISFACTION_RATE, the perfect order and the refund rules of attribution.
 */
public final class ReturnFacts {
  /** The day the return was requested, in the marketplace's time zone. */
  public static final String REQUESTED_DAY = "requested_day";

  /** The return's state at D is REJECTED. */
  public static final String RETURN_REJECTED = "return_rejected";

  /** Rejected, or refunded late: a return that counts against RETURN_DISSATISFACTION_RATE. */
  public static final String DISSATISFIED = "dissatisfied";

  private ReturnFacts() {}

  /**
   * One row per return requested by D, with its order's seller and channel, and whether it was
   * received, refunded late (the deadline passed before the end of D with no refund known, or the
   * refund came after it) or rejected.
   *
   * @param returnStates return states at D ({@link SnapshotState}), with the gate's time zone
   * @param orders {@link OrderFacts#keyed} orders, each judgement once with the dates it stands for
   *     ({@link JudgedDates#joinStanding})
   * @param policy the policy at the run's dates
   */
  public static Dataset<Row> of(
      Dataset<Row> returnStates, Dataset<Row> orders, PolicyAtDates policy) {
    KnownAt known = policy.knownAt();
    Column received = known.isKnown(col(Returns.RECEIVED_TS));
    Column refunded = known.isKnown(col(Returns.REFUNDED_TS));
    Column deadline =
        Durations.plusSeconds(col(Returns.RECEIVED_TS), col(PolicyAtDates.REFUND_DEADLINE_SECONDS));
    Column refundLate =
        received.and(
            when(refunded, col(Returns.REFUNDED_TS).gt(deadline))
                // a deadline still running at the end of D is not late yet
                .otherwise(known.isKnown(deadline)));
    Column rejected =
        coalesce(col(Returns.STATUS).equalTo(lit(Returns.Status.REJECTED.name())), lit(false));

    // the returns hashed, every order judgement streamed past them unsorted (as for the claims in
    // context)
    Dataset<Row> withOrders =
        JudgedDates.joinStanding(
            Distributed.hashedInJoins(
                returnStates.filter(known.isKnown(col(Returns.REQUESTED_TS)))),
            orders.select(
                KnownAt.asOf(),
                col(JudgedDates.UNTIL),
                col(Orders.ORDER_ID),
                col(Orders.MARKETPLACE_ID),
                col(Orders.SELLER_ID),
                col(Orders.FULFILLMENT_CHANNEL),
                col(PolicyAtDates.POLICY_KEY)),
            Orders.ORDER_ID,
            "inner");
    return policy
        .withSettings(withOrders)
        .select(
            KnownAt.asOf(),
            col(Returns.RETURN_ID),
            col(Orders.ORDER_ID),
            col(Returns.SKU),
            col(Orders.MARKETPLACE_ID),
            col(Orders.SELLER_ID),
            col(Orders.FULFILLMENT_CHANNEL),
            col(PolicyAtDates.POLICY_KEY),
            known.localDay(col(Returns.REQUESTED_TS)).as(REQUESTED_DAY),
            received.as(ClaimAttributionTable.RETURN_RECEIVED),
            refundLate.as(ClaimAttributionTable.REFUND_LATE),
            rejected.as(RETURN_REJECTED),
            rejected.or(refundLate).as(DISSATISFIED));
  }

  /** The ids of orders with a return requested by D, for the perfect order. */
  public static Dataset<Row> returnedOrders(Dataset<Row> returnFacts) {
    return returnFacts.select(col(Orders.ORDER_ID), KnownAt.asOf()).distinct();
  }
}
