package io.claimlens.metrics;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.negate;
import static org.apache.spark.sql.functions.rank;
import static org.apache.spark.sql.functions.when;

import io.claimlens.asof.KnownAt;
import io.claimlens.config.Target;
import io.claimlens.policy.PolicyAtDates;
import io.claimlens.schema.SellerMetricsTable;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * {@code seller_metrics.peer_better_pct} (SPEC §4.1): where a row stands among its marketplace's
 * rows of the same date, metric and channel that have a rate on at least the policy's minimum
 * denominator. One window over the rows, partitioned by peer group: the rank of a row among its
 * peers ordered best first, minus one, is the number of peers strictly better (ties share a rank).
 */
final class Peers {
  // a row's standing among its peers, each window function named once: a window expression read
  // twice (the count in the condition and in the division) was two window functions over every row
  private static final String BETTER = "_peers_better";
  private static final String PEERS = "_peers";

  private Peers() {}

  /**
   * The columns {@link #betterPct} reads, over seller_metrics rows carrying {@link
   * SellerMetricsTable#RATE}, {@link SellerMetricsTable#DENOMINATOR}, {@link
   * SellerMetricsTable#TARGET_CONDITION} and the {@link PolicyAtDates#PEER_MIN_DENOMINATOR}
   * setting: the peers strictly better than the row, and the rows of its peer group.
   */
  static Map<String, Column> standing() {
    Column rate = col(SellerMetricsTable.RATE);
    // better means lower, except under a higher-is-better target; no target: lower
    Column higherIsBetter =
        col(SellerMetricsTable.TARGET_CONDITION)
            .isin(Target.Comparison.GT.symbol(), Target.Comparison.GE.symbol());
    Column bestFirst = when(higherIsBetter, negate(rate)).otherwise(rate);
    WindowSpec group =
        Window.partitionBy(
            KnownAt.asOf(),
            col(SellerMetricsTable.MARKETPLACE_ID),
            col(SellerMetricsTable.METRIC),
            col(SellerMetricsTable.CHANNEL),
            isPeer());
    WindowSpec ranked = group.orderBy(bestFirst);
    Map<String, Column> columns = new LinkedHashMap<>();
    columns.put(BETTER, rank().over(ranked).minus(1));
    // counted over the same ordering, whole partition as its frame: one sort of the rows, where a
    // window without an order was a second window and sort
    columns.put(
        PEERS,
        count(lit(1))
            .over(ranked.rowsBetween(Window.unboundedPreceding(), Window.unboundedFollowing())));
    return columns;
  }

  /**
   * The column over rows with the {@link #standing} columns and the {@link PolicyAtDates#MIN_PEERS}
   * setting.
   */
  static Column betterPct() {
    Column peers = col(PEERS);
    return when(
        isPeer().and(peers.geq(col(PolicyAtDates.MIN_PEERS))),
        lit(100.0).multiply(col(BETTER).cast("double")).divide(peers.cast("double")));
  }

  private static Column isPeer() {
    return col(SellerMetricsTable.RATE)
        .isNotNull()
        .and(col(SellerMetricsTable.DENOMINATOR).geq(col(PolicyAtDates.PEER_MIN_DENOMINATOR)));
  }
}
