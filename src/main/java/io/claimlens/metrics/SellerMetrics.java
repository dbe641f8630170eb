package io.claimlens.metrics;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.claimlens.asof.KnownAt;
import io.claimlens.config.Channel;
import io.claimlens.config.MetricId;
import io.claimlens.policy.PolicyAtDates;
import io.claimlens.schema.Orders;
import io.claimlens.schema.OutputTables;
import io.claimlens.schema.SellerMetricsTable;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The {@code seller_metrics} table (SPEC §2.2, §4): per seller, metric and channel, the counts in
 * the metric's window, the rate with its Wilson interval, and the status against the target.
 *
 * <p>Each metric window adds up the {@link DailyCounts} of its days, so one pass over the orders
 * and returns serves every metric, window and as-of date. The SPEC §4.1 columns come last: {@link
 * Recovery} replays a breach row's days, {@link Peers} ranks the rows of a peer group.
 */
public final class SellerMetrics {

  private SellerMetrics() {}

  /** Whether a seller_metrics (or metric window) row is the ODR of channel ALL. */
  public static Column isOdrOfAll() {
    return col(SellerMetricsTable.METRIC)
        .equalTo(lit(MetricId.ODR.name()))
        .and(col(SellerMetricsTable.CHANNEL).equalTo(lit(Channel.ALL.name())));
  }

  /**
   * One row per metric and channel of the catalog for every seller with an order in its
   * marketplace's longest metric window (lag included): the counts, rate and status, with the
   * policy columns that {@link #withLookahead} reads. Both of its SPEC §4.1 steps read these rows,
   * so the caller keeps them: recomputed, they cost a second join of the grid to the sums.
   *
   * @param daily {@link DailyCounts}
   * @param policy the policy at the dates measured
   * @param measurable whether the run has the datasets a metric needs
   * @param measured which windows of {@link PolicyAtDates#withMetricWindows} to measure (by date,
   *     metric and channel)
   */
  public static Dataset<Row> judge(
      Dataset<Row> daily,
      PolicyAtDates policy,
      Predicate<MetricId> measurable,
      PolicyAtDates.WindowChoice measured) {
    Dataset<Row> sellers =
        policy
            .withSettings(daily)
            .filter(
                col(DailyCounts.ORDERS)
                    .gt(0)
                    .and(col(DailyCounts.DAY).geq(col(PolicyAtDates.METRICS_SPAN_START))))
            .select(
                KnownAt.asOf(),
                col(PolicyAtDates.POLICY_KEY),
                col(Orders.MARKETPLACE_ID),
                col(Orders.SELLER_ID))
            .distinct();
    Dataset<Row> grid = policy.withMetricWindows(sellers, measurable, measured);

    Column channel = col(SellerMetricsTable.CHANNEL);
    Column inWindow =
        channel
            .equalTo(lit(Channel.ALL.name()))
            .or(channel.equalTo(col(Orders.FULFILLMENT_CHANNEL)))
            .and(
                col(DailyCounts.DAY)
                    .between(
                        col(SellerMetricsTable.WINDOW_START), col(SellerMetricsTable.WINDOW_END)));
    Column metric = col(SellerMetricsTable.METRIC);
    Dataset<Row> sums =
        policy
            .withMetricWindows(daily, measurable, measured)
            .filter(inWindow)
            .groupBy(
                KnownAt.asOf(), col(Orders.MARKETPLACE_ID), col(Orders.SELLER_ID), metric, channel)
            .agg(
                sum(MetricCatalog.numerator(metric)).as(SellerMetricsTable.NUMERATOR),
                sum(MetricCatalog.denominator(metric)).as(SellerMetricsTable.DENOMINATOR));

    Column hasData = col(PolicyAtDates.MEASURABLE);
    Column numerator = when(hasData, coalesce(col(SellerMetricsTable.NUMERATOR), lit(0L)));
    Column denominator = coalesce(col(SellerMetricsTable.DENOMINATOR), lit(0L));
    Dataset<Row> counted =
        grid.join(
                sums,
                new String[] {
                  OutputTables.AS_OF_DATE,
                  Orders.MARKETPLACE_ID,
                  Orders.SELLER_ID,
                  SellerMetricsTable.METRIC,
                  SellerMetricsTable.CHANNEL
                },
                "left")
            .withColumn(SellerMetricsTable.NUMERATOR, numerator)
            .withColumn(SellerMetricsTable.DENOMINATOR, denominator);

    Column num = col(SellerMetricsTable.NUMERATOR);
    Column den = col(SellerMetricsTable.DENOMINATOR);
    Column status =
        when(not(hasData), lit(MetricStatus.NO_DATA.name()))
            .otherwise(
                Rates.status(
                    num,
                    den,
                    col(SellerMetricsTable.TARGET_CONDITION),
                    col(PolicyAtDates.TARGET_EXACT),
                    col(PolicyAtDates.LOWER_IS_BETTER),
                    col(PolicyAtDates.AT_RISK_USE)));
    return counted
        .withColumn(SellerMetricsTable.STATUS, status)
        .withColumn(SellerMetricsTable.RATE, Rates.rate(num, den));
  }

  /**
   * The {@code seller_metrics} rows of {@link #judge}d rows, with the SPEC §4.1 columns: the breach
   * rows' recovery dates, and each row's rank among its peers.
   *
   * @param daily {@link DailyCounts}
   */
  public static Dataset<Row> withLookahead(Dataset<Row> judged, Dataset<Row> daily) {
    Column num = col(SellerMetricsTable.NUMERATOR);
    Column den = col(SellerMetricsTable.DENOMINATOR);
    return SellerMetricsTable.OUTPUT.project(
        judged.join(Recovery.recoversOn(judged, daily), Recovery.ROW_KEY, "left"),
        Map.of(
            SellerMetricsTable.NUMERATOR,
            num.cast("long"),
            SellerMetricsTable.DENOMINATOR,
            den.cast("long"),
            SellerMetricsTable.RATE_LOW,
            Rates.wilsonLow(num, den),
            SellerMetricsTable.RATE_HIGH,
            Rates.wilsonHigh(num, den),
            SellerMetricsTable.PEER_BETTER_PCT,
            Peers.betterPct()));
  }
}
