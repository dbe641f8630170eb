package io.claimlens.job;

import static org.apache.spark.sql.functions.lit;

import io.claimlens.asof.KnownAt;
import io.claimlens.config.AsOfDates;
import io.claimlens.config.Channel;
import io.claimlens.config.MetricId;
import io.claimlens.metrics.MetricCatalog;
import io.claimlens.metrics.SellerMetrics;
import io.claimlens.policy.PolicyAtDates;
import io.claimlens.risk.SellerRisk;
import io.claimlens.schema.Orders;
import java.util.function.Predicate;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The sellers' metrics stage: daily counts, then every metric of the catalog per seller over its
 * window (SPEC §2).
 *
 * <p>The ODR family is measured at the week-earlier dates too, in the same pass as the run's own
 * dates; every other metric at the run's dates only.
 *
 * @param daily per seller, day and date, the counts every metric adds up (kept: the metrics and the
 *     ODR projection read them)
 * @param measured the metrics at the run's dates, and the ODR of channel ALL at the week-earlier
 *     ones (kept)
 */
record Measured(Dataset<Row> daily, Dataset<Row> measured) {

  static Measured of(RunContext run, Judged judged, Facts facts, Materialized kept) {
    AsOfDates dates = run.dates();
    Predicate<MetricId> measurable = m -> MetricCatalog.measurable(m, judged.present());
    PolicyAtDates.WindowChoice measuredWindows =
        (asOf, metric, channel) ->
            !asOf.isBefore(dates.first()) || (metric == MetricId.ODR && channel == Channel.ALL);
    // by seller, the layout named: the metrics' groupings and joins, all by seller and more, read
    // the daily counts and the judged rows where they lie
    Dataset<Row> daily =
        kept.keepDistributedBy("daily counts", facts.dailyCounts(run), Orders.SELLER_ID);
    Dataset<Row> judgedRates =
        kept.keepDistributedBy(
            "metrics over their windows",
            SellerMetrics.judge(daily, run.withWeekBefore(), measurable, measuredWindows),
            Orders.SELLER_ID);
    // still by seller: the look-ahead's results are joined to the judged rows where they lie, and
    // seller_risk folds these rows by seller first
    return new Measured(
        daily,
        kept.keepDistributedBy(
            "look-ahead and peers",
            SellerMetrics.withLookahead(judgedRates, daily),
            Orders.SELLER_ID));
  }

  /** The seller_metrics table: the metrics at the run's dates. */
  Dataset<Row> sellerMetrics(AsOfDates dates) {
    return measured.filter(KnownAt.asOf().geq(lit(dates.first())));
  }

  /** The measured rows odr_change_7d compares with: up to a week before the run's last date. */
  Dataset<Row> weekBefore(AsOfDates dates) {
    return measured.filter(
        KnownAt.asOf().leq(lit(dates.last().minusDays(SellerRisk.ODR_CHANGE_DAYS))));
  }
}
