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
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * {@code seller_metrics.peer_better_pct} (SPEC §4.1): where a row stands among its marketplace's
 * rows of the same date, metric and channel that have a rate on at least the policy's minimum
 * denominator. One window over the peers alone, partitioned by peer group: the rank of a row among
 * its peers ordered best first, minus one, is the number of peers strictly better (ties share a
 * rank).
 */
final class Peers {
  // a row's standing among its peers, each window function named once: a window expression read
  // twice (the count in the condition and in the division) was two window functions over every row
  private static final String BETTER = "_peers_better";
  private static final String PEERS = "_peers";

  private Peers() {}

  /**
   * The peers among seller_metrics rows carrying {@link SellerMetricsTable#RATE}, {@link
   * SellerMetricsTable#DENOMINATOR}, {@link SellerMetricsTable#TARGET_CONDITION} and the {@link
   * PolicyAtDates#PEER_MIN_DENOMINATOR} setting: each peer's {@link SellerMetrics#ROW_KEY}, the
   * peers strictly better than it and the rows of its peer group. Rows that are not peers are
   * absent: they have no standing, and at 1,000,000 orders they are 98% of the rows, which a window
   * over every row shuffled and sorted only to leave null.
   */
  static Dataset<Row> standings(Dataset<Row> rows) {
    Column rate = col(SellerMetricsTable.RATE);
    // better means lower, except under a higher-is-better target; no target: lower
    Column higherIsBetter =
        col(SellerMetricsTable.TARGET_CONDITION)
            .isin(Target.Comparison.GT.symbol(), Target.Comparison.GE.symbol());
    Column bestFirst = when(higherIsBetter, negate(rate)).otherwise(rate);
    WindowSpec ranked =
        Window.partitionBy(
                KnownAt.asOf(),
                col(SellerMetricsTable.MARKETPLACE_ID),
                col(SellerMetricsTable.METRIC),
                col(SellerMetricsTable.CHANNEL))
            .orderBy(bestFirst);
    List<Column> columns = new ArrayList<>(List.of(SellerMetrics.rowKey()));
    columns.add(rank().over(ranked).minus(1).as(BETTER));
    // counted over the same ordering, whole partition as its frame: one sort of the rows, where a
    // window without an order was a second window and sort
    columns.add(
        count(lit(1))
            .over(ranked.rowsBetween(Window.unboundedPreceding(), Window.unboundedFollowing()))
            .as(PEERS));
    return rows.filter(isPeer()).select(columns.toArray(new Column[0]));
  }

  /**
   * The column over rows joined to their {@link #standings} (a row that is not a peer has none, and
   * gets null) with the {@link PolicyAtDates#MIN_PEERS} setting.
   */
  static Column betterPct() {
    Column peers = col(PEERS);
    return when(
        peers.geq(col(PolicyAtDates.MIN_PEERS)),
        lit(100.0).multiply(col(BETTER).cast("double")).divide(peers.cast("double")));
  }

  private static Column isPeer() {
    return col(SellerMetricsTable.RATE)
        .isNotNull()
        .and(col(SellerMetricsTable.DENOMINATOR).geq(col(PolicyAtDates.PEER_MIN_DENOMINATOR)));
  }
}
