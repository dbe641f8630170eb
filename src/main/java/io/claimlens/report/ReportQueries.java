package io.claimlens.report;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.count_if;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.round;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;

import io.claimlens.config.Channel;
import io.claimlens.config.MetricId;
import io.claimlens.io.SideBySide;
import io.claimlens.metrics.MetricStatus;
import io.claimlens.risk.RiskTier;
import io.claimlens.schema.ClaimAttributionTable;
import io.claimlens.schema.ClaimsAwaitingResponseTable;
import io.claimlens.schema.OutputTables;
import io.claimlens.schema.SellerMetricsTable;
import io.claimlens.schema.SellerRiskTable;
import io.claimlens.schema.SkuMetricsTable;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;

/**
 * The report's data step: aggregates and top-N lists of the published tables, computed in Spark;
 * only their bounded results reach the driver, as a {@link ReportData}. Each transform is a pure
 * function of its input Dataset; {@link #collect} runs them.
 */
public final class ReportQueries {
  /** Sellers in the top-risk table. */
  public static final int TOP_SELLERS = 20;

  /** SKU hotspots listed. */
  public static final int TOP_HOTSPOTS = 20;

  /** Claims listed among those about to miss their response window. */
  public static final int DUE_CLAIMS = 50;

  /** A claim awaiting response is listed when fewer hours than this are left (or it is overdue). */
  public static final double DUE_WITHIN_HOURS = 24.0;

  /** The ODR target when seller_metrics does not give a single one (SPEC §2.2: ODR < 0.01). */
  public static final double ODR_TARGET_DEFAULT = 0.01;

  /** Histogram bins per target width: 4 bins of 0.25% below a 1% target. */
  public static final int BINS_PER_TARGET = 4;

  /** Histogram bins: 12 up to three times the target, then one open bin for everything above. */
  public static final int ODR_BINS = 3 * BINS_PER_TARGET + 1;

  /** Risk tiers, most severe first (the values SellerRiskTable.RISK_TIER documents). */
  public static final List<String> TIERS =
      Stream.of(RiskTier.values()).sorted(Comparator.reverseOrder()).map(RiskTier::name).toList();

  static final String SELLERS = "sellers";
  static final String BIN = "bin";
  static final String MIN_TARGET = "min_target";
  static final String MAX_TARGET = "max_target";
  static final String BREACH = "breach";
  static final String AT_RISK = "at_risk";
  static final String CLAIMS = "claims";
  static final String COUNTING = "counting";
  static final String DUE = "_due";
  static final String OVERDUE = "_overdue";
  static final String HOTSPOTS = "_hotspots";

  private ReportQueries() {}

  /**
   * Runs every aggregate of the reports over {@code in} and collects the bounded results, for all
   * of its dates at once: each query groups or ranks by {@link OutputTables#AS_OF_DATE}, so a
   * backfill's reports cost one report's queries, not one report's per date. Each table is scanned
   * once per kind of result: seller_metrics' statuses, targets and marketplaces in one aggregate,
   * seller_risk's tiers, histogram and marketplaces in another.
   *
   * @return the report data of each date of {@code in}, by date
   */
  public static SortedMap<LocalDate, ReportData> collect(ReportInputs in, SideBySide side) {
    SideBySide.Both<Overview, Ranked> both = side.both(() -> overview(in), () -> ranked(in));
    Overview overview = both.first();
    Ranked ranked = both.second();
    SortedMap<LocalDate, ReportData> reports = new TreeMap<>();
    for (LocalDate d : in.dates()) {
      List<Row> metrics = overview.metrics().at(d);
      List<Row> risk = overview.risk().at(d);
      double target = overview.targets().get(d);
      List<Row> due = overview.due().at(d);
      List<Row> hotspots = ranked.hotspots().at(d);
      reports.put(
          d,
          new ReportData(
              d,
              marketplaces(metrics, risk),
              Map.of(),
              tierCountsOf(risk),
              target,
              histogramOf(risk, target),
              metricStatusOf(metrics),
              rootCausesOf(overview.causes().at(d)),
              ranked.top().getOrDefault(d, List.of()),
              records(ranked(hotspots), ReportData.SkuHotspot.class),
              firstCount(hotspots, HOTSPOTS),
              records(ranked(due), ReportData.DueClaim.class),
              firstCount(due, DUE),
              firstCount(due, OVERDUE),
              in.missingTables(d)));
    }
    return reports;
  }

  /** Collected rows by their {@link OutputTables#AS_OF_DATE}, each date's in query order. */
  record ByDate(Map<LocalDate, List<Row>> rows) {
    static ByDate of(List<Row> collected) {
      Map<LocalDate, List<Row>> rows = new HashMap<>();
      for (Row r : collected) {
        rows.computeIfAbsent(RecordRows.date(r, OutputTables.AS_OF_DATE), d -> new ArrayList<>())
            .add(r);
      }
      return new ByDate(rows);
    }

    static final ByDate NONE = new ByDate(Map.of());

    List<Row> at(LocalDate asOf) {
      return rows.getOrDefault(asOf, List.of());
    }
  }

  /**
   * The reports' summaries and the claims due, four queries, which {@link #collect} runs beside
   * {@link Ranked}'s four: each is a small scan whose time is mostly the driver planning it.
   */
  private record Overview(
      ByDate metrics, Map<LocalDate, Double> targets, ByDate risk, ByDate causes, ByDate due) {}

  /** The top sellers (three queries: the sellers, their look-ahead, their history) and SKUs. */
  private record Ranked(Map<LocalDate, List<ReportData.TopSeller>> top, ByDate hotspots) {}

  private static Overview overview(ReportInputs in) {
    // bounded: dates × metrics × marketplaces
    ByDate metrics =
        in.sellerMetrics()
            .map(m -> ByDate.of(metricSummary(m).collectAsList()))
            .orElse(ByDate.NONE);
    Map<LocalDate, Double> targets = new HashMap<>();
    in.dates().forEach(d -> targets.put(d, odrTarget(metrics.at(d))));
    // bounded: dates × marketplaces × tiers × (ODR_BINS + 1)
    ByDate risk =
        in.sellerRisk()
            .map(r -> ByDate.of(riskSummary(r, targets).collectAsList()))
            .orElse(ByDate.NONE);
    // bounded: dates × root causes × parties of the attribution rules
    ByDate causes =
        in.claimAttribution()
            .map(c -> ByDate.of(rootCauseMix(c).collectAsList()))
            .orElse(ByDate.NONE);
    // bounded: dates × DUE_CLAIMS
    ByDate due =
        in.claimsAwaitingResponse()
            .map(c -> ByDate.of(dueClaims(c, DUE_CLAIMS).collectAsList()))
            .orElse(ByDate.NONE);
    return new Overview(metrics, targets, risk, causes, due);
  }

  private static Ranked ranked(ReportInputs in) {
    Map<LocalDate, List<ReportData.TopSeller>> top =
        in.sellerRisk()
            .map(
                r ->
                    topSellersOf(
                        // bounded: dates × TOP_SELLERS
                        ByDate.of(topSellers(r, TOP_SELLERS).collectAsList()),
                        in.sellerMetrics(),
                        in.sellerRiskHistory()))
            .orElse(Map.of());
    // bounded: dates × TOP_HOTSPOTS
    ByDate hotspots =
        in.skuMetrics()
            .map(s -> ByDate.of(hotspots(s, TOP_HOTSPOTS).collectAsList()))
            .orElse(ByDate.NONE);
    return new Ranked(top, hotspots);
  }

  /**
   * seller_risk in one aggregate: sellers per date, marketplace, risk tier and ODR bin: as_of_date,
   * marketplace_id, risk_tier, bin, sellers. The bin is null for sellers without ODR orders or
   * without an ODR; bin i holds ODRs in [i, i+1) × target / {@link #BINS_PER_TARGET}, the last bin
   * everything from three times the target up, with the target of the row's date in {@code
   * targets}. The ODR is rounded to 9 digits in bin units first, so that an ODR of exactly the
   * target (1/100 is not exact in binary) lands in the bin at the target, on the breach side of the
   * line.
   */
  public static Dataset<Row> riskSummary(Dataset<Row> sellerRisk, Map<LocalDate, Double> targets) {
    Column date = col(OutputTables.AS_OF_DATE);
    Column width = lit(null).cast(DataTypes.DoubleType);
    for (Map.Entry<LocalDate, Double> t : targets.entrySet()) {
      width =
          when(date.equalTo(lit(t.getKey())), lit(t.getValue() / BINS_PER_TARGET)).otherwise(width);
    }
    Column odr = col(SellerRiskTable.ODR);
    Column bin =
        when(
            col(SellerRiskTable.ODR_ORDERS).gt(0).and(odr.isNotNull()),
            least(floor(round(odr.divide(width), 9)), lit(ODR_BINS - 1))
                .cast(DataTypes.IntegerType));
    return sellerRisk
        .groupBy(
            date, col(SellerRiskTable.MARKETPLACE_ID), col(SellerRiskTable.RISK_TIER), bin.as(BIN))
        .agg(count(lit(1)).as(SELLERS));
  }

  /**
   * seller_metrics in one aggregate, per date, metric and marketplace: the sellers with the metric
   * in BREACH and in AT_RISK in any channel, and the least and the greatest target of its ODR rows
   * of channel ALL (null without one): as_of_date, metric, marketplace_id, breach, at_risk,
   * min_target, max_target. A seller is in one marketplace's rows only, so its sellers add up
   * across marketplaces.
   */
  public static Dataset<Row> metricSummary(Dataset<Row> sellerMetrics) {
    Column status = col(SellerMetricsTable.STATUS);
    Column odrTarget =
        when(
            col(SellerMetricsTable.METRIC)
                .equalTo(MetricId.ODR.name())
                .and(col(SellerMetricsTable.CHANNEL).equalTo(Channel.ALL.name())),
            col(SellerMetricsTable.TARGET_VALUE));
    // a seller counts in a status when any of its rows has it, so only the rows in BREACH or
    // AT_RISK need their seller's own group: the others of a metric and marketplace fold into one
    // (seller null), which keeps their targets and the marketplace. A group per seller and metric
    // was most of a backfill's reports: 10.4 M rows into millions of groups at 1,000,000 orders
    Column flagged = status.isin(MetricStatus.BREACH.name(), MetricStatus.AT_RISK.name());
    return sellerMetrics
        .groupBy(
            col(OutputTables.AS_OF_DATE),
            col(SellerMetricsTable.METRIC),
            col(SellerMetricsTable.MARKETPLACE_ID),
            when(flagged, col(SellerMetricsTable.SELLER_ID)).as(SellerMetricsTable.SELLER_ID))
        .agg(
            max(status.equalTo(MetricStatus.BREACH.name())).as(BREACH),
            max(status.equalTo(MetricStatus.AT_RISK.name())).as(AT_RISK),
            min(odrTarget).as(MIN_TARGET),
            max(odrTarget).as(MAX_TARGET))
        .groupBy(
            col(OutputTables.AS_OF_DATE),
            col(SellerMetricsTable.METRIC),
            col(SellerMetricsTable.MARKETPLACE_ID))
        .agg(
            count_if(col(BREACH)).as(BREACH),
            count_if(col(AT_RISK)).as(AT_RISK),
            min(col(MIN_TARGET)).as(MIN_TARGET),
            max(col(MAX_TARGET)).as(MAX_TARGET));
  }

  /**
   * The one ODR target all marketplaces' ODR rows of channel ALL agree on, else the SPEC default,
   * from {@link #metricSummary}'s rows.
   */
  static double odrTarget(List<Row> metrics) {
    TreeSet<Double> distinct = new TreeSet<>();
    for (Row r : metrics) {
      for (String bound : List.of(MIN_TARGET, MAX_TARGET)) {
        Double t = r.getAs(bound);
        if (t != null) {
          distinct.add(t);
        }
      }
    }
    return distinct.size() == 1 ? distinct.first() : ODR_TARGET_DEFAULT;
  }

  /**
   * Claims per date, root cause and responsible party, and how many of them count as ODR defects:
   * as_of_date, root_cause, responsible_party, claims, counting.
   */
  public static Dataset<Row> rootCauseMix(Dataset<Row> claimAttribution) {
    return claimAttribution
        .groupBy(
            OutputTables.AS_OF_DATE,
            ClaimAttributionTable.ROOT_CAUSE,
            ClaimAttributionTable.RESPONSIBLE_PARTY)
        .agg(
            count(lit(1)).as(CLAIMS),
            count(when(col(ClaimAttributionTable.COUNTS_AS_DEFECT), lit(1))).as(COUNTING));
  }

  /**
   * The {@code n} riskiest sellers of each date, ranked ({@link #RANK}): the calibrated risk_score
   * descending; ties by what is at stake, the fewest defects to breach first (none known last),
   * then the most ODR orders; then seller_id and marketplace_id ascending, so the order is total.
   */
  public static Dataset<Row> topSellers(Dataset<Row> sellerRisk, int n) {
    return firstOfEachDate(sellerRisk, TOP_SELLER_ORDER, n);
  }

  /** A row's place in its date's list, from 1. */
  static final String RANK = "_rank";

  /**
   * The first {@code n} rows of each date by {@code order}, with their {@link #RANK}: a rank over
   * each date's rows, which Spark limits to {@code n} in each task before it shuffles them.
   */
  private static Dataset<Row> firstOfEachDate(Dataset<Row> rows, Column[] order, int n) {
    return rows.withColumn(
            RANK,
            row_number().over(Window.partitionBy(col(OutputTables.AS_OF_DATE)).orderBy(order)))
        .where(col(RANK).leq(n));
  }

  /** The top-risk table's order (docs/report.md). */
  public static final Column[] TOP_SELLER_ORDER = {
    col(SellerRiskTable.RISK_SCORE).desc(),
    col(SellerRiskTable.DEFECTS_TO_BREACH).asc_nulls_last(),
    col(SellerRiskTable.ODR_ORDERS).desc(),
    col(SellerRiskTable.SELLER_ID).asc(),
    col(SellerRiskTable.MARKETPLACE_ID).asc()
  };

  /** The latest recovers_on among a seller's BREACH rows. */
  static final String LATEST_RECOVERY = "latest_recovery";

  /** Whether any of a seller's BREACH rows has no recovery date in its range. */
  static final String BREACH_OUTLASTS_RANGE = "breach_outlasts_range";

  /** The peer_better_pct of the seller's ODR row of channel ALL. */
  static final String ODR_PEER_BETTER_PCT = "odr_peer_better_pct";

  /** A top seller's {@link #lookahead}; {@link #NONE} without seller_metrics rows. */
  record Lookahead(
      @From(LATEST_RECOVERY) LocalDate recoversOn,
      @From(BREACH_OUTLASTS_RANGE) boolean breachOutlastsRange,
      @From(ODR_PEER_BETTER_PCT) Double odrPeerBetterPct) {
    static final Lookahead NONE = new Lookahead(null, false, null);
  }

  /**
   * Per date and seller of {@code top}, the recovery date of the seller's worst breach (the one
   * that lasts longest: the latest recovers_on, or none in range) and its ODR peer rank, from
   * seller_metrics.
   */
  static Dataset<Row> lookahead(Dataset<Row> metrics, List<Row> top) {
    Column breach = col(SellerMetricsTable.STATUS).equalTo(lit(MetricStatus.BREACH.name()));
    Column odrAll =
        col(SellerMetricsTable.METRIC)
            .equalTo(lit(MetricId.ODR.name()))
            .and(col(SellerMetricsTable.CHANNEL).equalTo(lit(Channel.ALL.name())));
    // only those rows count, and the cheap test first: the keys' lookup builds a struct per row
    return metrics
        .where(
            breach
                .or(odrAll)
                .and(
                    among(
                        top,
                        OutputTables.AS_OF_DATE,
                        SellerRiskTable.MARKETPLACE_ID,
                        SellerRiskTable.SELLER_ID)))
        .groupBy(OutputTables.AS_OF_DATE, SellerRiskTable.MARKETPLACE_ID, SellerRiskTable.SELLER_ID)
        .agg(
            max(when(breach, col(SellerMetricsTable.RECOVERS_ON))).as(LATEST_RECOVERY),
            coalesce(max(breach.and(col(SellerMetricsTable.RECOVERS_ON).isNull())), lit(false))
                .as(BREACH_OUTLASTS_RANGE),
            max(when(odrAll, col(SellerMetricsTable.PEER_BETTER_PCT))).as(ODR_PEER_BETTER_PCT));
  }

  /** The history rows of the given sellers that have an ODR. */
  static Dataset<Row> odrHistory(Dataset<Row> history, List<Row> sellers) {
    return history
        .where(
            col(SellerRiskTable.ODR)
                .isNotNull()
                .and(among(sellers, SellerRiskTable.MARKETPLACE_ID, SellerRiskTable.SELLER_ID)))
        .select(
            SellerRiskTable.MARKETPLACE_ID,
            SellerRiskTable.SELLER_ID,
            OutputTables.AS_OF_DATE,
            SellerRiskTable.ODR);
  }

  /**
   * Rows whose {@code columns} hold the values of one of {@code keys} (their columns of the same
   * names). The keys are the few top sellers of each date: a set of literals, which Spark looks
   * rows up in, where a joined frame of them cost a broadcast job, and the top sellers as a plan
   * were computed again for each query that read them.
   */
  private static Column among(List<Row> keys, String... columns) {
    Column key = struct(Arrays.stream(columns).map(functions::col).toArray(Column[]::new));
    Object[] values =
        keys.stream()
            .map(
                k ->
                    struct(
                        Arrays.stream(columns)
                            .map(c -> lit(k.getAs(c)).as(c))
                            .toArray(Column[]::new)))
            .distinct()
            .toArray();
    return values.length == 0 ? lit(false) : key.isin(values);
  }

  /**
   * The {@code n} hotspots of each date with the most quality-claim orders, then the highest defect
   * rate, then by marketplace, seller and SKU, ranked ({@link #RANK}), each with its date's
   * hotspots counted ({@link #HOTSPOTS}).
   */
  public static Dataset<Row> hotspots(Dataset<Row> skuMetrics, int n) {
    return firstOfEachDate(
        skuMetrics
            .where(col(SkuMetricsTable.HOTSPOT).equalTo(true))
            .withColumn(
                HOTSPOTS, count(lit(1)).over(Window.partitionBy(col(OutputTables.AS_OF_DATE)))),
        new Column[] {
          col(SkuMetricsTable.QUALITY_CLAIM_ORDERS).desc(),
          col(SkuMetricsTable.DEFECT_RATE).desc_nulls_last(),
          col(SkuMetricsTable.MARKETPLACE_ID).asc(),
          col(SkuMetricsTable.SELLER_ID).asc(),
          col(SkuMetricsTable.SKU).asc()
        },
        n);
  }

  /**
   * The {@code n} claims awaiting response of each date with under {@link #DUE_WITHIN_HOURS} hours
   * left: overdue first, then by hours left ascending (the most overdue, then the soonest due),
   * ranked ({@link #RANK}), each with its date's claims due ({@link #DUE}) and overdue ({@link
   * #OVERDUE}) counted. An overdue claim has hours_left below 0 (SPEC §3), so it is among those due
   * and counted there.
   */
  public static Dataset<Row> dueClaims(Dataset<Row> awaiting, int n) {
    WindowSpec sameDate = Window.partitionBy(col(OutputTables.AS_OF_DATE));
    return firstOfEachDate(
        awaiting
            .where(col(ClaimsAwaitingResponseTable.HOURS_LEFT).lt(DUE_WITHIN_HOURS))
            .withColumn(DUE, count(lit(1)).over(sameDate))
            .withColumn(OVERDUE, count_if(col(ClaimsAwaitingResponseTable.OVERDUE)).over(sameDate)),
        new Column[] {
          col(ClaimsAwaitingResponseTable.OVERDUE).desc(),
          col(ClaimsAwaitingResponseTable.HOURS_LEFT).asc(),
          col(ClaimsAwaitingResponseTable.CLAIM_ID).asc(),
          col(ClaimsAwaitingResponseTable.MARKETPLACE_ID).asc()
        },
        n);
  }

  // ---- collecting: every list below is bounded by a limit or by a small key space

  /** The marketplaces of seller_metrics and seller_risk, sorted. */
  private static List<String> marketplaces(List<Row> metrics, List<Row> risk) {
    TreeSet<String> ids = new TreeSet<>();
    metrics.forEach(r -> ids.add(r.getAs(SellerMetricsTable.MARKETPLACE_ID)));
    risk.forEach(r -> ids.add(r.getAs(SellerRiskTable.MARKETPLACE_ID)));
    return List.copyOf(ids);
  }

  /** Sellers per marketplace and tier, from {@link #riskSummary}'s rows. */
  private static List<ReportData.TierCount> tierCountsOf(List<Row> risk) {
    Map<List<String>, Long> sellers = new HashMap<>();
    for (Row r : risk) {
      // a list that takes nulls, as the columns do
      List<String> key =
          Arrays.asList(
              r.getAs(SellerRiskTable.MARKETPLACE_ID), r.getAs(SellerRiskTable.RISK_TIER));
      sellers.merge(key, r.<Long>getAs(SELLERS), Long::sum);
    }
    return sellers.entrySet().stream()
        .map(e -> new ReportData.TierCount(e.getKey().get(0), e.getKey().get(1), e.getValue()))
        .sorted(
            Comparator.comparing(ReportData.TierCount::marketplaceId)
                .thenComparing(t -> tierRank(t.tier())))
        .toList();
  }

  /** The ODR histogram, every bin, from {@link #riskSummary}'s rows. */
  private static List<ReportData.OdrBin> histogramOf(List<Row> risk, double target) {
    long[] sellers = new long[ODR_BINS];
    for (Row r : risk) {
      Integer bin = r.getAs(BIN);
      if (bin != null) {
        sellers[bin] += r.<Long>getAs(SELLERS);
      }
    }
    List<ReportData.OdrBin> histogram = new ArrayList<>();
    for (int i = 0; i < ODR_BINS; i++) {
      // target * i / BINS_PER_TARGET is exactly the target at i = BINS_PER_TARGET
      double lower = target * i / BINS_PER_TARGET;
      Double upper = i == ODR_BINS - 1 ? null : target * (i + 1) / BINS_PER_TARGET;
      histogram.add(new ReportData.OdrBin(lower, upper, sellers[i]));
    }
    return histogram;
  }

  /**
   * Per metric with a seller in BREACH or AT_RISK, those sellers, added up over the marketplaces of
   * {@link #metricSummary}'s rows.
   */
  static List<ReportData.MetricStatusCount> metricStatusOf(List<Row> metrics) {
    Map<String, long[]> sellers = new TreeMap<>();
    for (Row r : metrics) {
      long[] counts = sellers.computeIfAbsent(r.getAs(SellerMetricsTable.METRIC), m -> new long[2]);
      counts[0] += r.<Long>getAs(BREACH);
      counts[1] += r.<Long>getAs(AT_RISK);
    }
    return sellers.entrySet().stream()
        .filter(e -> e.getValue()[0] + e.getValue()[1] > 0)
        .map(e -> new ReportData.MetricStatusCount(e.getKey(), e.getValue()[0], e.getValue()[1]))
        .sorted(
            Comparator.comparingLong(ReportData.MetricStatusCount::breach)
                .reversed()
                .thenComparing(
                    Comparator.comparingLong(ReportData.MetricStatusCount::atRisk).reversed())
                .thenComparing(ReportData.MetricStatusCount::metric))
        .toList();
  }

  // bounded: root causes × parties of the attribution rules
  private static List<ReportData.RootCauseCount> rootCausesOf(List<Row> mix) {
    return records(mix, ReportData.RootCauseCount.class).stream()
        .sorted(
            Comparator.comparingLong(ReportData.RootCauseCount::counting)
                .reversed()
                .thenComparing(
                    Comparator.comparingLong(ReportData.RootCauseCount::claims).reversed())
                .thenComparing(c -> String.valueOf(c.rootCause()))
                .thenComparing(c -> String.valueOf(c.responsibleParty())))
        .toList();
  }

  /** {@code rows} as {@code type} records, in their order. */
  private static <R extends Record> List<R> records(List<Row> rows, Class<R> type) {
    return rows.stream().map(r -> RecordRows.of(r, type)).toList();
  }

  /** A date's rows of a {@link #firstOfEachDate} list, in {@link #RANK} order. */
  private static List<Row> ranked(List<Row> rows) {
    return rows.stream().sorted(Comparator.comparingInt(r -> r.<Integer>getAs(RANK))).toList();
  }

  /** The count every row of a date's list carries in {@code column}; 0 without rows. */
  private static long firstCount(List<Row> rows, String column) {
    return rows.isEmpty() ? 0 : rows.get(0).<Long>getAs(column);
  }

  // bounded: dates × n sellers, their lookahead, then their history points
  private static Map<LocalDate, List<ReportData.TopSeller>> topSellersOf(
      ByDate top, Optional<Dataset<Row>> metrics, Optional<Dataset<Row>> history) {
    List<Row> all = top.rows().values().stream().flatMap(List::stream).toList();
    Map<String, Lookahead> ahead = new HashMap<>();
    if (metrics.isPresent() && !all.isEmpty()) {
      for (Row a : lookahead(metrics.get(), all).collectAsList()) {
        ahead.put(dateKey(a), RecordRows.of(a, Lookahead.class));
      }
    }
    Map<String, List<Row>> points = new HashMap<>();
    if (history.isPresent() && !all.isEmpty()) {
      for (Row p : odrHistory(history.get(), all).collectAsList()) {
        points.computeIfAbsent(key(p), k -> new ArrayList<>()).add(p);
      }
    }
    Map<LocalDate, List<ReportData.TopSeller>> sellers = new HashMap<>();
    for (Map.Entry<LocalDate, List<Row>> date : top.rows().entrySet()) {
      LocalDate asOf = date.getKey();
      LocalDate first = asOf.minusDays(ReportData.HISTORY_DAYS - 1L);
      sellers.put(
          asOf,
          ranked(date.getValue()).stream()
              .map(
                  r -> {
                    Lookahead a = ahead.getOrDefault(dateKey(r), Lookahead.NONE);
                    return RecordRows.of(
                        r,
                        ReportData.TopSeller.class,
                        a.recoversOn(),
                        a.breachOutlastsRange(),
                        a.odrPeerBetterPct(),
                        points.getOrDefault(key(r), List.of()).stream()
                            .map(p -> RecordRows.of(p, ReportData.OdrPoint.class))
                            // the sparkline of D: the history days ending at D
                            .filter(p -> !p.asOf().isBefore(first) && !p.asOf().isAfter(asOf))
                            .sorted(Comparator.comparing(ReportData.OdrPoint::asOf))
                            .toList());
                  })
              .toList());
    }
    return sellers;
  }

  /** Position of a tier in {@link #TIERS}; an unknown tier after them. */
  static int tierRank(String tier) {
    int i = TIERS.indexOf(tier);
    return i < 0 ? TIERS.size() : i;
  }

  private static String key(Row r) {
    return r.<String>getAs(SellerRiskTable.MARKETPLACE_ID)
        + "\u0000"
        + r.<String>getAs(SellerRiskTable.SELLER_ID);
  }

  private static String dateKey(Row r) {
    return RecordRows.date(r, OutputTables.AS_OF_DATE) + "\u0000" + key(r);
  }
}
