package io.claimlens.policy;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.date_sub;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.types.DataTypes.BooleanType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.createStructField;
import static org.apache.spark.sql.types.DataTypes.createStructType;

import io.claimlens.asof.JudgedDates;
import io.claimlens.asof.KnownAt;
import io.claimlens.config.AsOfDates;
import io.claimlens.config.Channel;
import io.claimlens.config.MarketplacePolicy;
import io.claimlens.config.MetricId;
import io.claimlens.config.MetricPolicy;
import io.claimlens.config.Policy;
import io.claimlens.config.Target;
import io.claimlens.config.WindowSpec;
import io.claimlens.schema.Orders;
import io.claimlens.schema.SellerMetricsTable;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import scala.Option;

/**
 * The policy resolved for the run's as-of dates, as columns of the rows it applies to: each row's
 * entry is found by its {@link #POLICY_KEY} in a CASE expression, and its windows by date
 * arithmetic on its as-of date. A policy has a handful of entries; as joined frames they cost a
 * broadcast, a Spark job of its own, each time a step read them (seven of a night's stages).
 */
public final class PolicyAtDates {
  /** The policy entry a row's marketplace uses (a listed id, or the default key). */
  public static final String POLICY_KEY = "policy_key";

  /**
   * First purchase day of the longest metric window, lag included: sellers ordered from then on.
   */
  public static final String METRICS_SPAN_START = "metrics_span_start";

  /**
   * First purchase day of the longest window over the catalog and the SKU window, lag included: the
   * claims of orders bought from then on are attributed.
   */
  public static final String CLAIMS_SPAN_START = "claims_span_start";

  /** The instant D ends in the marketplace's time zone: the start of D+1 there. */
  public static final String DAY_END = "day_end";

  /** The claim response window, in seconds. */
  public static final String RESPONSE_WINDOW_SECONDS = "response_window_seconds";

  /** The refund deadline after a return is received, in seconds. */
  public static final String REFUND_DEADLINE_SECONDS = "refund_deadline_seconds";

  public static final String SKU_WINDOW_START = "sku_window_start";
  public static final String SKU_WINDOW_END = "sku_window_end";
  public static final String HOTSPOT_MIN_ORDERS = "hotspot_min_orders";
  public static final String HOTSPOT_RATE_MULTIPLE = "hotspot_rate_multiple";

  /** The target value as an exact decimal. */
  public static final String TARGET_EXACT = "target_exact";

  public static final String LOWER_IS_BETTER = "lower_is_better";

  /**
   * Used allowance (as a rate) from which a passing rate is AT_RISK: warning fraction × allowance.
   */
  public static final String AT_RISK_USE = "at_risk_use";

  /** False when a dataset the metric needs is absent: its rows are NO_DATA. */
  public static final String MEASURABLE = "measurable";

  /** The smallest denominator of a peer row (SPEC §4.1 peer_better_pct). */
  public static final String PEER_MIN_DENOMINATOR = "peer_min_denominator";

  /** The fewest peers for a peer_better_pct (SPEC §4.1). */
  public static final String MIN_PEERS = "min_peers";

  /** The metric, channel and window of a policy entry's catalog, exploded per row. */
  private static final String WINDOW = "_metric_window";

  /**
   * A metric window of a catalog: the columns {@link #withMetricWindows} adds, in order, null only
   * where a metric has no target (as in the frame of them this replaces). seller_metrics' own
   * columns take their types from its declaration.
   */
  private static final StructType WINDOW_TYPE =
      createStructType(
          List.of(
              required(SellerMetricsTable.METRIC),
              required(SellerMetricsTable.CHANNEL),
              required(SellerMetricsTable.WINDOW_START),
              required(SellerMetricsTable.WINDOW_END),
              optional(SellerMetricsTable.TARGET_CONDITION),
              optional(SellerMetricsTable.TARGET_VALUE),
              createStructField(TARGET_EXACT, ExactDecimals.FRACTION, true),
              createStructField(LOWER_IS_BETTER, BooleanType, true),
              createStructField(AT_RISK_USE, ExactDecimals.FRACTION, true),
              createStructField(MEASURABLE, BooleanType, false),
              createStructField(PEER_MIN_DENOMINATOR, LongType, false),
              createStructField(MIN_PEERS, LongType, false)));

  private static final DataType RATE_MULTIPLE = DataTypes.createDecimalType(18, 9);

  private final Policy policy;
  private final List<LocalDate> dates;
  private final KnownAt knownAt;

  /** Policy columns for {@code dates}, in any order, not necessarily consecutive. */
  public PolicyAtDates(Policy policy, List<LocalDate> dates) {
    this.policy = policy;
    this.dates = List.copyOf(dates);
    this.knownAt = KnownAt.of(policy);
  }

  /** Policy columns for every date of {@code dates}. */
  public PolicyAtDates(Policy policy, AsOfDates dates) {
    this(policy, dates.dates());
  }

  /** Which metric windows of the catalog a step measures at an as-of date. */
  @FunctionalInterface
  public interface WindowChoice {
    boolean measures(LocalDate asOf, MetricId metric, Channel channel);
  }

  /** The dates the quality gate judges rows at. */
  public JudgedDates judgedDates() {
    return JudgedDates.of(dates);
  }

  /**
   * The rows (with a {@link #POLICY_KEY} and an as-of date) at these dates, each with its entry's
   * windows and thresholds at its D: CASE expressions on the key, not a joined frame, which cost a
   * broadcast job each time a step joined it.
   */
  public Dataset<Row> withSettings(Dataset<Row> rows) {
    Map<String, Column> settings = new LinkedHashMap<>();
    settings.put(
        METRICS_SPAN_START, perDate((m, d) -> lit(d.minusDays(m.longestMetricSpan() - 1L))));
    settings.put(CLAIMS_SPAN_START, perDate((m, d) -> lit(d.minusDays(claimsSpan(m) - 1L))));
    settings.put(
        DAY_END,
        perDate(
            (m, d) -> lit(Timestamp.from(d.plusDays(1).atStartOfDay(m.timeZone()).toInstant()))));
    settings.put(RESPONSE_WINDOW_SECONDS, byEntry(m -> lit(m.claimResponseWindow().toSeconds())));
    settings.put(
        REFUND_DEADLINE_SECONDS,
        byEntry(m -> lit(Duration.ofDays(m.refundDeadlineDays()).toSeconds())));
    settings.putAll(skuSettings(col(POLICY_KEY)));
    return atDates(rows).withColumns(settings);
  }

  /**
   * The rows (with a marketplace id and an as-of date) at these dates, each with the SKU window and
   * hotspot thresholds of {@link #withSettings} alone, its entry found by the marketplace.
   */
  public Dataset<Row> withSkuSettings(Dataset<Row> rows) {
    return atDates(rows).withColumns(skuSettings(col(Orders.MARKETPLACE_ID)));
  }

  /** The SKU settings of the entry that {@code key} (a policy key or a marketplace id) chooses. */
  private Map<String, Column> skuSettings(Column key) {
    Map<String, Column> settings = new LinkedHashMap<>();
    settings.put(SKU_WINDOW_START, perDate(key, (m, d) -> lit(m.skuWindow().start(d))));
    settings.put(SKU_WINDOW_END, perDate(key, (m, d) -> lit(m.skuWindow().end(d))));
    settings.put(HOTSPOT_MIN_ORDERS, byEntry(key, m -> lit(m.hotspot().minQualityClaimOrders())));
    settings.put(
        HOTSPOT_RATE_MULTIPLE,
        byEntry(
            key,
            m ->
                lit(m.hotspot().rateMultiple().setScale(9, RoundingMode.HALF_UP))
                    .cast(RATE_MULTIPLE)));
    return settings;
  }

  /**
   * The rows at these dates, each repeated once per metric and reported channel of its entry's
   * catalog, with {@link SellerMetricsTable#METRIC}, {@link SellerMetricsTable#CHANNEL}, the window
   * at its D ({@link SellerMetricsTable#WINDOW_START}, {@link SellerMetricsTable#WINDOW_END}), the
   * target and status settings, and {@link #MEASURABLE}: whether {@code measurable} holds for the
   * metric (the metrics package knows which datasets each metric needs, and which of them the run
   * has). Only the windows {@code chosen} at a row's D: left out of the literal, not filtered after
   * it, since every row is repeated once per window (a night's week-earlier rows measure one window
   * of some eighteen).
   */
  public Dataset<Row> withMetricWindows(
      Dataset<Row> rows, Predicate<MetricId> measurable, WindowChoice chosen) {
    Column window = col(WINDOW);
    Map<String, Column> columns = new LinkedHashMap<>();
    for (String field : WINDOW_TYPE.fieldNames()) {
      columns.put(field, window.getField(field));
    }
    return atDates(rows)
        .withColumn(WINDOW, explode(perDate((m, d) -> catalog(m, d, measurable, chosen))))
        .withColumns(columns)
        .drop(WINDOW);
  }

  /**
   * The rows at these dates whose purchase {@code day} is in the window of {@code metric} and
   * {@code channel} at their D, by their entry's catalog (none where the catalog does not report
   * it).
   */
  public Dataset<Row> inWindow(Dataset<Row> rows, MetricId metric, Channel channel, Column day) {
    return atDates(rows).filter(isInWindow(metric, channel, day));
  }

  /**
   * Whether {@code day} is in the window of {@code metric} and {@code channel} at the row's D, by
   * its entry's catalog (none where the catalog does not report it). A window is a range of ages (D
   * minus the day), the same at every date, so entries with the same window share one expression:
   * with one catalog for all marketplaces, as by default, no branch on the key at all ({@link
   * PolicyColumns#perEntry}).
   */
  public Column isInWindow(MetricId metric, Channel channel, Column day) {
    Column age = datediff(KnownAt.asOf(), day);
    return byEntry(
        m ->
            m.metric(metric)
                .filter(p -> p.channels().contains(channel))
                .map(p -> age.between(lit(p.window().lagDays()), lit(p.window().spanWithLag() - 1)))
                .orElse(lit(false)));
  }

  /**
   * The as-of dates at which purchase {@code day} is in the window of {@code metric} and {@code
   * channel} ({@link #isInWindow}), as a range: from {@code from} until {@code until} (exclusive),
   * both null where the row's entry does not report the window. For rows that stand for a range of
   * dates rather than one.
   */
  public DateRange datesInWindow(MetricId metric, Channel channel, Column day) {
    return datesIn(
        m -> m.metric(metric).filter(p -> p.channels().contains(channel)).map(p -> p.window()),
        day);
  }

  /**
   * The as-of dates at which purchase {@code day} is in the SKU window of the row's entry, as a
   * range ({@link #datesInWindow}).
   */
  public DateRange datesInSkuWindow(Column day) {
    return datesIn(m -> Optional.of(m.skuWindow()), day);
  }

  private DateRange datesIn(Function<MarketplacePolicy, Optional<WindowSpec>> window, Column day) {
    Function<Function<WindowSpec, Integer>, Column> after =
        offset ->
            byEntry(
                m ->
                    window
                        .apply(m)
                        .map(w -> date_add(day, offset.apply(w)))
                        .orElse(lit(null).cast("date")));
    return new DateRange(after.apply(WindowSpec::lagDays), after.apply(WindowSpec::spanWithLag));
  }

  /** A range of dates: from {@code from} until {@code until}, exclusive. */
  public record DateRange(Column from, Column until) {}

  /** A metric and channel that some entry's catalog measures at some of these dates. */
  public record Slot(MetricId metric, Channel channel) {}

  /**
   * The metrics and channels that {@code chosen} measures in any entry's catalog, in catalog order.
   */
  public List<Slot> slots(WindowChoice chosen) {
    Set<Slot> slots = new LinkedHashSet<>();
    for (MarketplacePolicy m : policy.allEntries()) {
      for (MetricPolicy metric : m.metrics()) {
        for (Channel channel : metric.channels()) {
          if (dates.stream().anyMatch(d -> chosen.measures(d, metric.metric(), channel))) {
            slots.add(new Slot(metric.metric(), channel));
          }
        }
      }
    }
    return List.copyOf(slots);
  }

  /**
   * Whether a daily row of purchase (or request) {@code day} counts in {@code slot} at its D: its
   * channel is the slot's (or the slot's is ALL), {@code chosen} measures the slot at D, and the
   * day is in the slot's window ({@link #isInWindow}).
   */
  public Column countsIn(Slot slot, Column day, Column fulfillmentChannel, WindowChoice chosen) {
    List<LocalDate> measuredAt =
        dates.stream().filter(d -> chosen.measures(d, slot.metric(), slot.channel())).toList();
    Column atDate =
        measuredAt.size() == dates.size() ? lit(true) : KnownAt.asOf().isin(measuredAt.toArray());
    Column channel =
        slot.channel() == Channel.ALL
            ? lit(true)
            : fulfillmentChannel.equalTo(lit(slot.channel().name()));
    return channel.and(atDate).and(isInWindow(slot.metric(), slot.channel(), day));
  }

  /** What is known at a row's D, by its time zone, for the policy's zones. */
  public KnownAt knownAt() {
    return knownAt;
  }

  /** The rows whose as-of date is one of these dates. */
  public Dataset<Row> atDates(Dataset<Row> rows) {
    return rows.filter(KnownAt.asOf().isin(dates.toArray()));
  }

  private Column byEntry(Function<MarketplacePolicy, Column> expression) {
    return byEntry(col(POLICY_KEY), expression);
  }

  /** {@link PolicyColumns#perEntry}, by a policy key or a marketplace id, which choose alike. */
  private Column byEntry(Column key, Function<MarketplacePolicy, Column> expression) {
    return PolicyColumns.perEntry(policy, key, expression);
  }

  private Column perDate(BiFunction<MarketplacePolicy, LocalDate, Column> expression) {
    return perDate(col(POLICY_KEY), expression);
  }

  /**
   * An expression per policy entry and as-of date, by the row's {@code key} and D. The rows are at
   * these dates ({@link #atDates}), so the last date's expression is the fallback: a setting made
   * of literals is then never null, as the frames' columns were not.
   */
  private Column perDate(Column key, BiFunction<MarketplacePolicy, LocalDate, Column> expression) {
    return byEntry(
        key,
        m -> {
          Column asOf = KnownAt.asOf();
          Column byDate = null;
          for (LocalDate d : dates.subList(0, dates.size() - 1)) {
            Column branch = asOf.equalTo(lit(d));
            Column value = expression.apply(m, d);
            byDate = byDate == null ? when(branch, value) : byDate.when(branch, value);
          }
          Column last = expression.apply(m, dates.get(dates.size() - 1));
          return byDate == null ? last : byDate.otherwise(last);
        });
  }

  /**
   * The entry's catalog at {@code asOf} as one array literal of {@link #WINDOW_TYPE} structs, one
   * per metric and reported channel. One literal node: built from a struct of literals per window,
   * the catalogs were some 14,000 expression nodes that Spark's analyser walked again in each step
   * of the query that reads them, half a second of the driver's time on the sample.
   */
  private static Column catalog(
      MarketplacePolicy m, LocalDate asOf, Predicate<MetricId> measurable, WindowChoice chosen) {
    List<Row> windows = new ArrayList<>();
    for (MetricPolicy metric : m.metrics()) {
      Optional<Target> target = metric.target();
      for (Channel channel : metric.channels()) {
        if (!chosen.measures(asOf, metric.metric(), channel)) {
          continue;
        }
        windows.add(
            RowFactory.create(
                metric.metric().name(),
                channel.name(),
                metric.window().start(asOf),
                metric.window().end(asOf),
                target.map(t -> t.comparison().symbol()).orElse(null),
                target.map(t -> t.value().doubleValue()).orElse(null),
                target.map(t -> fraction(t.value())).orElse(null),
                target.map(t -> t.comparison().lowerIsBetter()).orElse(null),
                target
                    .map(t -> fraction(metric.warningFraction().multiply(t.allowance())))
                    .orElse(null),
                measurable.test(metric.metric()),
                (long) m.risk().lookahead().peerMinDenominator(),
                (long) m.risk().lookahead().minPeers()));
      }
    }
    return new Column(
        org.apache.spark.sql.internal.Literal.apply(
            windows,
            Option.apply(DataTypes.createArrayType(WINDOW_TYPE, false)),
            org.apache.spark.sql.internal.Literal.apply$default$3()));
  }

  /**
   * Whether purchase day {@code day} is late enough for any table at the row's as-of date to look
   * at, for pruning orders early (the windows themselves are applied later, per policy entry).
   */
  public Column inAnySpan(Column day) {
    return day.geq(date_sub(KnownAt.asOf(), longestSpan() - 1));
  }

  /**
   * The first as-of date at which purchase {@code day} is out of every span ({@link #inAnySpan}).
   */
  public Column endOfAnySpan(Column day) {
    return date_add(day, longestSpan());
  }

  private int longestSpan() {
    int span = 0;
    for (MarketplacePolicy m : policy.allEntries()) {
      span = Math.max(span, claimsSpan(m));
    }
    return span;
  }

  /** Days from the first purchase day whose claims are attributed up to D (104 by default). */
  private static int claimsSpan(MarketplacePolicy m) {
    return Math.max(m.longestMetricSpan(), m.skuWindow().spanWithLag());
  }

  private static BigDecimal fraction(BigDecimal value) {
    // exact: the parser bounds targets and warning fractions to 9 decimal places each
    return value.setScale(ExactDecimals.FRACTION.scale(), RoundingMode.UNNECESSARY);
  }

  private static StructField required(String sellerMetricsColumn) {
    return declared(sellerMetricsColumn, false);
  }

  private static StructField optional(String sellerMetricsColumn) {
    return declared(sellerMetricsColumn, true);
  }

  private static StructField declared(String sellerMetricsColumn, boolean nullable) {
    StructField f = SellerMetricsTable.OUTPUT.fields(sellerMetricsColumn).get(0);
    return createStructField(f.name(), f.dataType(), nullable);
  }
}
