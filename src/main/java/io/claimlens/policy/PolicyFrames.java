package io.claimlens.policy;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.date_sub;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.types.DataTypes.BooleanType;
import static org.apache.spark.sql.types.DataTypes.DateType;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;
import static org.apache.spark.sql.types.DataTypes.createStructField;
import static org.apache.spark.sql.types.DataTypes.createStructType;

import io.claimlens.asof.KnownAt;
import io.claimlens.config.AsOfDates;
import io.claimlens.config.Channel;
import io.claimlens.config.MarketplacePolicy;
import io.claimlens.config.MetricId;
import io.claimlens.config.MetricPolicy;
import io.claimlens.config.Policy;
import io.claimlens.config.Target;
import io.claimlens.schema.OutputTables;
import io.claimlens.schema.SellerMetricsTable;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The policy resolved for the run's as-of dates as small tables, joined (broadcast) to the counts:
 * one row per policy entry and date with its windows and thresholds, and one per (entry, date,
 * metric, channel).
 */
public final class PolicyFrames {
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

  static final StructType SETTINGS_SCHEMA =
      createStructType(
          List.of(
              createStructField(POLICY_KEY, StringType, false),
              createStructField(OutputTables.AS_OF_DATE, DateType, false),
              createStructField(METRICS_SPAN_START, DateType, false),
              createStructField(CLAIMS_SPAN_START, DateType, false),
              createStructField(DAY_END, TimestampType, false),
              createStructField(RESPONSE_WINDOW_SECONDS, LongType, false),
              createStructField(REFUND_DEADLINE_SECONDS, LongType, false),
              createStructField(SKU_WINDOW_START, DateType, false),
              createStructField(SKU_WINDOW_END, DateType, false),
              createStructField(HOTSPOT_MIN_ORDERS, LongType, false),
              createStructField(HOTSPOT_RATE_MULTIPLE, DataTypes.createDecimalType(18, 9), false)));

  static final StructType METRIC_WINDOWS_SCHEMA =
      createStructType(
          List.of(
              createStructField(POLICY_KEY, StringType, false),
              createStructField(OutputTables.AS_OF_DATE, DateType, false),
              createStructField(SellerMetricsTable.METRIC, StringType, false),
              createStructField(SellerMetricsTable.CHANNEL, StringType, false),
              createStructField(SellerMetricsTable.WINDOW_START, DateType, false),
              createStructField(SellerMetricsTable.WINDOW_END, DateType, false),
              createStructField(SellerMetricsTable.TARGET_CONDITION, StringType, true),
              createStructField(SellerMetricsTable.TARGET_VALUE, DoubleType, true),
              createStructField(TARGET_EXACT, ExactDecimals.FRACTION, true),
              createStructField(LOWER_IS_BETTER, BooleanType, true),
              createStructField(AT_RISK_USE, ExactDecimals.FRACTION, true),
              createStructField(MEASURABLE, BooleanType, false),
              createStructField(PEER_MIN_DENOMINATOR, LongType, false),
              createStructField(MIN_PEERS, LongType, false)));

  private final SparkSession spark;
  private final Policy policy;
  private final List<LocalDate> dates;

  /** Built once: the facts and the attribution stages both join it. */
  private final Dataset<Row> settings;

  /** Frames for {@code dates}, in any order, not necessarily consecutive. */
  public PolicyFrames(SparkSession spark, Policy policy, List<LocalDate> dates) {
    this.spark = spark;
    this.policy = policy;
    this.dates = List.copyOf(dates);
    this.settings = settingsFrame();
  }

  /** Frames for every date of {@code dates}. */
  public PolicyFrames(SparkSession spark, Policy policy, AsOfDates dates) {
    this(spark, policy, dates.dates());
  }

  /**
   * The dates as a generator of {@link OutputTables#AS_OF_DATE}: a row selected with it becomes one
   * row per date, as the quality gate judges rows. A literal, not a frame to join: each join of a
   * frame cost a broadcast, a Spark job of its own, per input dataset.
   */
  public Column eachDate() {
    return explode(array(dates.stream().map(functions::lit).toArray(Column[]::new)));
  }

  /** {@code rows} (with a policy key and an as-of date) joined to their {@link #settings()}. */
  public static Dataset<Row> withSettings(Dataset<Row> rows, Dataset<Row> settings) {
    return rows.join(
        broadcast(settings), new String[] {POLICY_KEY, OutputTables.AS_OF_DATE}, "inner");
  }

  /** One row per policy entry and as-of date: the windows and hotspot thresholds at D. */
  public Dataset<Row> settings() {
    return settings;
  }

  private Dataset<Row> settingsFrame() {
    List<Row> rows = new ArrayList<>();
    for (MarketplacePolicy m : policy.allEntries()) {
      for (LocalDate asOf : dates) {
        rows.add(settingsRow(m, asOf));
      }
    }
    return spark.createDataFrame(rows, SETTINGS_SCHEMA);
  }

  private static Row settingsRow(MarketplacePolicy m, LocalDate asOf) {
    return RowFactory.create(
        m.id(),
        asOf,
        asOf.minusDays(m.longestMetricSpan() - 1L),
        asOf.minusDays(claimsSpan(m) - 1L),
        Timestamp.from(asOf.plusDays(1).atStartOfDay(m.timeZone()).toInstant()),
        m.claimResponseWindow().toSeconds(),
        Duration.ofDays(m.refundDeadlineDays()).toSeconds(),
        m.skuWindow().start(asOf),
        m.skuWindow().end(asOf),
        m.hotspot().minQualityClaimOrders(),
        m.hotspot().rateMultiple().setScale(9, RoundingMode.HALF_UP));
  }

  /**
   * One row per policy entry, as-of date, metric and reported channel; {@link #MEASURABLE} is
   * whether {@code measurable} holds for the metric (the metrics package knows which datasets each
   * metric needs, and which of them the run has).
   */
  public Dataset<Row> metricWindows(Predicate<MetricId> measurable) {
    List<Row> rows = new ArrayList<>();
    for (MarketplacePolicy m : policy.allEntries()) {
      for (LocalDate asOf : dates) {
        for (MetricPolicy metric : m.metrics()) {
          rows.addAll(metricWindowRows(m, metric, asOf, measurable));
        }
      }
    }
    return spark.createDataFrame(rows, METRIC_WINDOWS_SCHEMA);
  }

  private static List<Row> metricWindowRows(
      MarketplacePolicy m, MetricPolicy metric, LocalDate asOf, Predicate<MetricId> measurable) {
    List<Row> rows = new ArrayList<>();
    Target target = metric.target().orElse(null);
    for (Channel channel : metric.channels()) {
      rows.add(
          RowFactory.create(
              m.id(),
              asOf,
              metric.metric().name(),
              channel.name(),
              metric.window().start(asOf),
              metric.window().end(asOf),
              target == null ? null : target.comparison().symbol(),
              target == null ? null : target.value().doubleValue(),
              target == null ? null : fraction(target.value()),
              target == null ? null : target.comparison().lowerIsBetter(),
              target == null
                  ? null
                  : fraction(metric.warningFraction().multiply(target.allowance())),
              measurable.test(metric.metric()),
              (long) m.risk().lookahead().peerMinDenominator(),
              (long) m.risk().lookahead().minPeers()));
    }
    return rows;
  }

  /**
   * Whether purchase day {@code day} is late enough for any table at the row's as-of date to look
   * at, for pruning orders early (the windows themselves are applied later, per policy entry).
   */
  public Column inAnySpan(Column day) {
    int span = 0;
    for (MarketplacePolicy m : policy.allEntries()) {
      span = Math.max(span, claimsSpan(m));
    }
    return day.geq(date_sub(KnownAt.asOf(), span - 1));
  }

  /** Days from the first purchase day whose claims are attributed up to D (104 by default). */
  private static int claimsSpan(MarketplacePolicy m) {
    return Math.max(m.longestMetricSpan(), m.skuWindow().spanWithLag());
  }

  private static BigDecimal fraction(BigDecimal value) {
    // exact: the parser bounds targets and warning fractions to 9 decimal places each
    return value.setScale(ExactDecimals.FRACTION.scale(), RoundingMode.UNNECESSARY);
  }
}
