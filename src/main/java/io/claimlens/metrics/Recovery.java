package io.claimlens.metrics;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.monotonically_increasing_id;
import static org.apache.spark.sql.functions.negate;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.claimlens.asof.KnownAt;
import io.claimlens.config.Channel;
import io.claimlens.io.Distributed;
import io.claimlens.policy.PolicyAtDates;
import io.claimlens.schema.Orders;
import io.claimlens.schema.OutputTables;
import io.claimlens.schema.SellerMetricsTable;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * {@code seller_metrics.recovers_on} (SPEC §4.1): for a BREACH row, the first date D′ in D+1 …
 * D+W+L on which the row would no longer breach if nothing new happened, the units known at D
 * keeping their window day and their state at D.
 *
 * <p>Between D+1 and D+W+L the window [D′−L−W+1, D′−L] only changes when a day's units enter it (a
 * lag day d, at D′ = d + L) or leave it (any day d, at D′ = d + L + W). So the row's counts are a
 * running sum of those few events over today's counts, and only event dates can end a breach: per
 * breach row at most two events per window day, never one row per candidate date. Counts stay
 * counts; the status is judged exactly as the row's own ({@link Rates#noLongerBreaches}).
 */
final class Recovery {
  private static final String EVENT_DAY = "_event_day";
  private static final String NUMERATOR_CHANGE = "_numerator_change";
  private static final String DENOMINATOR_CHANGE = "_denominator_change";
  private static final String EVENT = "_event";
  private static final String NUMERATOR_THEN = "_numerator_then";
  private static final String DENOMINATOR_THEN = "_denominator_then";
  private static final String BREACH_ROW = "_breach_row";

  private Recovery() {}

  /**
   * The {@link SellerMetrics#ROW_KEY} and {@link SellerMetricsTable#RECOVERS_ON} of every BREACH
   * row of {@code rows} that recovers within its range; rows that do not are absent.
   *
   * @param rows seller_metrics rows before the final select: the key, window, counts, status and
   *     the {@link PolicyAtDates#metricWindows} target columns
   * @param daily {@link DailyCounts}
   */
  static Dataset<Row> recoversOn(Dataset<Row> rows, Dataset<Row> daily) {
    Column status = col(SellerMetricsTable.STATUS);
    Dataset<Row> breaches =
        rows.filter(status.equalTo(lit(MetricStatus.BREACH.name())))
            .select(
                KnownAt.asOf(),
                col(SellerMetricsTable.MARKETPLACE_ID),
                col(SellerMetricsTable.SELLER_ID),
                col(SellerMetricsTable.METRIC),
                col(SellerMetricsTable.CHANNEL),
                col(SellerMetricsTable.WINDOW_START),
                col(SellerMetricsTable.WINDOW_END),
                col(SellerMetricsTable.NUMERATOR),
                col(SellerMetricsTable.DENOMINATOR),
                col(SellerMetricsTable.TARGET_CONDITION),
                col(PolicyAtDates.TARGET_EXACT),
                // unique within the run, and the same in a retried task: the kept rows are read in
                // the order they were stored
                monotonically_increasing_id().as(BREACH_ROW));

    Column day = col(DailyCounts.DAY);
    Column windowStart = col(SellerMetricsTable.WINDOW_START);
    Column windowEnd = col(SellerMetricsTable.WINDOW_END);
    Column channel = col(SellerMetricsTable.CHANNEL);
    Column metric = col(SellerMetricsTable.METRIC);
    // the units of every day from today's window start to D: later days hold nothing known at D
    Dataset<Row> days =
        Distributed.hashedInJoins(breaches)
            .join(
                daily.drop(PolicyAtDates.POLICY_KEY),
                new String[] {
                  OutputTables.AS_OF_DATE,
                  SellerMetricsTable.MARKETPLACE_ID,
                  SellerMetricsTable.SELLER_ID
                },
                "inner")
            .filter(
                channel
                    .equalTo(lit(Channel.ALL.name()))
                    .or(channel.equalTo(col(Orders.FULFILLMENT_CHANNEL)))
                    .and(day.between(windowStart, KnownAt.asOf())));

    Column n = MetricCatalog.numerator(metric);
    Column m = MetricCatalog.denominator(metric);
    Column lag = datediff(KnownAt.asOf(), windowEnd);
    Column lagAndWindow = datediff(KnownAt.asOf(), windowStart).plus(1);
    // a lag day enters the window on d + L; every day leaves it on d + L + W
    Column enters =
        when(
            day.gt(windowEnd),
            struct(
                date_add(day, lag).as(EVENT_DAY),
                n.as(NUMERATOR_CHANGE),
                m.as(DENOMINATOR_CHANGE)));
    Column leaves =
        struct(
            date_add(day, lagAndWindow).as(EVENT_DAY),
            negate(n).as(NUMERATOR_CHANGE),
            negate(m).as(DENOMINATOR_CHANGE));
    Column[] rowColumns = {
      col(BREACH_ROW),
      KnownAt.asOf(),
      col(SellerMetricsTable.MARKETPLACE_ID),
      col(SellerMetricsTable.SELLER_ID),
      metric,
      channel,
      col(SellerMetricsTable.NUMERATOR),
      col(SellerMetricsTable.DENOMINATOR),
      col(SellerMetricsTable.TARGET_CONDITION),
      col(PolicyAtDates.TARGET_EXACT)
    };
    Dataset<Row> events =
        days.select(concat(rowColumns, explode(array(enters, leaves)).as(EVENT)))
            // an event that changes neither count cannot end a breach, nor move the day one does
            .filter(
                col(EVENT + "." + NUMERATOR_CHANGE)
                    .notEqual(0)
                    .or(col(EVENT + "." + DENOMINATOR_CHANGE).notEqual(0)));

    // a range frame: the counts after every event up to and including its day, the events of one
    // day being peers. Adding them up per day first was a hash aggregation keyed by every column of
    // the row, which shrank a 10-date backfill's 4.7 M events at 1,000,000 orders to 3.6 M days.
    // A breach row's own number first: the window sorts by its partition columns in this order, and
    // a sort compares rows by a prefix of the first one, which the number decides for all but the
    // events of one row. Keyed by the row (seller first), the prefix left every pair of one
    // seller's events to a comparison of the whole key, strings and all: most of the sort's time.
    // The seller beside it keeps the rows where they lie, distributed by seller.
    Column eventDay = col(EVENT + "." + EVENT_DAY);
    WindowSpec upToEventDay =
        Window.partitionBy(col(BREACH_ROW), col(SellerMetricsTable.SELLER_ID))
            .orderBy(eventDay)
            .rangeBetween(Window.unboundedPreceding(), Window.currentRow());
    Map<String, Column> then = new LinkedHashMap<>();
    then.put(
        NUMERATOR_THEN,
        col(SellerMetricsTable.NUMERATOR)
            .plus(sum(col(EVENT + "." + NUMERATOR_CHANGE)).over(upToEventDay)));
    then.put(
        DENOMINATOR_THEN,
        col(SellerMetricsTable.DENOMINATOR)
            .plus(sum(col(EVENT + "." + DENOMINATOR_CHANGE)).over(upToEventDay)));
    // an empty window is no recovery: the row would be NO_DATA, the seller gone, not better
    return events
        .withColumns(then)
        .filter(
            col(DENOMINATOR_THEN)
                .gt(0)
                .and(
                    Rates.noLongerBreaches(
                        col(NUMERATOR_THEN),
                        col(DENOMINATOR_THEN),
                        col(SellerMetricsTable.TARGET_CONDITION),
                        col(PolicyAtDates.TARGET_EXACT))))
        .groupBy(SellerMetrics.rowKey())
        .agg(min(eventDay).as(SellerMetricsTable.RECOVERS_ON));
  }

  private static Column[] concat(Column[] columns, Column last) {
    Column[] all = java.util.Arrays.copyOf(columns, columns.length + 1);
    all[columns.length] = last;
    return all;
  }
}
