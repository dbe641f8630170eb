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
import static org.apache.spark.sql.functions.when;

import io.claimlens.config.Channel;
import io.claimlens.config.MetricId;
import io.claimlens.io.Observations;
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
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Observation;
import org.apache.spark.sql.Row;
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
  static final String DUE = "due";
  static final String OVERDUE = "overdue";
  static final String HOTSPOTS = "hotspots";

  private ReportQueries() {}

  /**
   * Runs every aggregate of the report over {@code in} and collects the bounded results. Each table
   * is scanned once per kind of result: seller_metrics' statuses, targets and marketplaces in one
   * aggregate, seller_risk's tiers, histogram and marketplaces in another.
   */
  public static ReportData collect(ReportInputs in, LocalDate asOf, SideBySide side) {
    SideBySide.Both<Overview, Ranked> both = side.both(() -> overview(in), () -> ranked(in));
    Overview overview = both.first();
    Ranked ranked = both.second();
    return new ReportData(
        asOf,
        marketplaces(overview.metrics(), overview.risk()),
        Map.of(),
        tierCountsOf(overview.risk()),
        overview.target(),
        histogramOf(overview.risk(), overview.target()),
        metricStatusOf(overview.metrics()),
        overview.causes(),
        ranked.top(),
        ranked.hotspots(),
        ranked.hotspotCount(),
        overview.due(),
        overview.dueCount(),
        overview.overdueCount(),
        in.missingTables());
  }

  /**
   * The report's summaries and the claims due, four queries, which {@link #collect} runs beside
   * {@link Ranked}'s four: each is a small scan whose time is mostly the driver planning it.
   */
  private record Overview(
      List<Row> metrics,
      double target,
      List<Row> risk,
      List<ReportData.RootCauseCount> causes,
      List<ReportData.DueClaim> due,
      long dueCount,
      long overdueCount) {}

  /** The top sellers (three queries: the sellers, their look-ahead, their history) and SKUs. */
  private record Ranked(
      List<ReportData.TopSeller> top, List<ReportData.SkuHotspot> hotspots, long hotspotCount) {}

  private static Overview overview(ReportInputs in) {
    // bounded: metrics × marketplaces
    List<Row> metrics =
        in.sellerMetrics().map(m -> metricSummary(m).collectAsList()).orElse(List.of());
    double target = odrTarget(metrics);
    // bounded: marketplaces × tiers × (ODR_BINS + 1)
    List<Row> risk =
        in.sellerRisk().map(r -> riskSummary(r, target).collectAsList()).orElse(List.of());
    List<ReportData.RootCauseCount> causes =
        in.claimAttribution().map(c -> rootCausesOf(rootCauseMix(c))).orElse(List.of());
    // the counts beside each top-N list come from the same scan, observed under its filter
    Observation dueCounts = new Observation("due");
    List<ReportData.DueClaim> due =
        in.claimsAwaitingResponse()
            .map(
                c ->
                    RecordRows.collect(
                        dueClaims(observeDueCounts(c, dueCounts), DUE_CLAIMS),
                        ReportData.DueClaim.class))
            .orElse(List.of());
    boolean awaiting = in.claimsAwaitingResponse().isPresent();
    return new Overview(
        metrics,
        target,
        risk,
        causes,
        due,
        awaiting ? Observations.count(dueCounts, DUE) : 0,
        awaiting ? Observations.count(dueCounts, OVERDUE) : 0);
  }

  private static Ranked ranked(ReportInputs in) {
    List<ReportData.TopSeller> top =
        in.sellerRisk()
            .map(
                r ->
                    topSellersOf(
                        // bounded: n sellers
                        topSellers(r, TOP_SELLERS).collectAsList(),
                        in.sellerMetrics(),
                        in.sellerRiskHistory()))
            .orElse(List.of());
    Observation hotspotCounts = new Observation("hotspots");
    List<ReportData.SkuHotspot> hotspots =
        in.skuMetrics()
            .map(
                s ->
                    RecordRows.collect(
                        hotspots(s.observe(hotspotCounts, hotspotCount()), TOP_HOTSPOTS),
                        ReportData.SkuHotspot.class))
            .orElse(List.of());
    return new Ranked(
        top,
        hotspots,
        in.skuMetrics().isPresent() ? Observations.count(hotspotCounts, HOTSPOTS) : 0);
  }

  /**
   * seller_risk in one aggregate: sellers per marketplace, risk tier and ODR bin: marketplace_id,
   * risk_tier, bin, sellers. The bin is null for sellers without ODR orders or without an ODR; bin
   * i holds ODRs in [i, i+1) × target / {@link #BINS_PER_TARGET}, the last bin everything from
   * three times the target up. The ODR is rounded to 9 digits in bin units first, so that an ODR of
   * exactly the target (1/100 is not exact in binary) lands in the bin at the target, on the breach
   * side of the line.
   */
  public static Dataset<Row> riskSummary(Dataset<Row> sellerRisk, double target) {
    double width = target / BINS_PER_TARGET;
    Column odr = col(SellerRiskTable.ODR);
    Column bin =
        when(
            col(SellerRiskTable.ODR_ORDERS).gt(0).and(odr.isNotNull()),
            least(floor(round(odr.divide(width), 9)), lit(ODR_BINS - 1))
                .cast(DataTypes.IntegerType));
    return sellerRisk
        .groupBy(col(SellerRiskTable.MARKETPLACE_ID), col(SellerRiskTable.RISK_TIER), bin.as(BIN))
        .agg(count(lit(1)).as(SELLERS));
  }

  /**
   * seller_metrics in one aggregate, per metric and marketplace: the sellers with the metric in
   * BREACH and in AT_RISK in any channel, and the least and the greatest target of its ODR rows of
   * channel ALL (null without one): metric, marketplace_id, breach, at_risk, min_target,
   * max_target. A seller is in one marketplace's rows only, so its sellers add up across
   * marketplaces.
   */
  public static Dataset<Row> metricSummary(Dataset<Row> sellerMetrics) {
    Column status = col(SellerMetricsTable.STATUS);
    Column odrTarget =
        when(
            col(SellerMetricsTable.METRIC)
                .equalTo(MetricId.ODR.name())
                .and(col(SellerMetricsTable.CHANNEL).equalTo(Channel.ALL.name())),
            col(SellerMetricsTable.TARGET_VALUE));
    return sellerMetrics
        .groupBy(
            col(SellerMetricsTable.METRIC),
            col(SellerMetricsTable.MARKETPLACE_ID),
            col(SellerMetricsTable.SELLER_ID))
        .agg(
            max(status.equalTo(MetricStatus.BREACH.name())).as(BREACH),
            max(status.equalTo(MetricStatus.AT_RISK.name())).as(AT_RISK),
            min(odrTarget).as(MIN_TARGET),
            max(odrTarget).as(MAX_TARGET))
        .groupBy(col(SellerMetricsTable.METRIC), col(SellerMetricsTable.MARKETPLACE_ID))
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
   * Claims per root cause and responsible party, and how many of them count as ODR defects:
   * root_cause, responsible_party, claims, counting.
   */
  public static Dataset<Row> rootCauseMix(Dataset<Row> claimAttribution) {
    return claimAttribution
        .groupBy(ClaimAttributionTable.ROOT_CAUSE, ClaimAttributionTable.RESPONSIBLE_PARTY)
        .agg(
            count(lit(1)).as(CLAIMS),
            count(when(col(ClaimAttributionTable.COUNTS_AS_DEFECT), lit(1))).as(COUNTING));
  }

  /**
   * The {@code n} riskiest sellers: the calibrated risk_score descending; ties by what is at stake,
   * the fewest defects to breach first (none known last), then the most ODR orders; then seller_id
   * and marketplace_id ascending, so the order is total.
   */
  public static Dataset<Row> topSellers(Dataset<Row> sellerRisk, int n) {
    return sellerRisk.orderBy(TOP_SELLER_ORDER).limit(n);
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
   * Per seller of {@code top}, the recovery date of its worst breach (the one that lasts longest:
   * the latest recovers_on, or none in range) and its ODR peer rank, from seller_metrics.
   */
  static Dataset<Row> lookahead(Dataset<Row> metrics, List<Row> top) {
    Column breach = col(SellerMetricsTable.STATUS).equalTo(lit(MetricStatus.BREACH.name()));
    Column odrAll =
        col(SellerMetricsTable.METRIC)
            .equalTo(lit(MetricId.ODR.name()))
            .and(col(SellerMetricsTable.CHANNEL).equalTo(lit(Channel.ALL.name())));
    return metrics
        .where(ofSellers(top))
        .groupBy(SellerRiskTable.MARKETPLACE_ID, SellerRiskTable.SELLER_ID)
        .agg(
            max(when(breach, col(SellerMetricsTable.RECOVERS_ON))).as(LATEST_RECOVERY),
            coalesce(max(breach.and(col(SellerMetricsTable.RECOVERS_ON).isNull())), lit(false))
                .as(BREACH_OUTLASTS_RANGE),
            max(when(odrAll, col(SellerMetricsTable.PEER_BETTER_PCT))).as(ODR_PEER_BETTER_PCT));
  }

  /** The history rows of the given sellers that have an ODR. */
  static Dataset<Row> odrHistory(Dataset<Row> history, List<Row> sellers) {
    return history
        .where(col(SellerRiskTable.ODR).isNotNull().and(ofSellers(sellers)))
        .select(
            SellerRiskTable.MARKETPLACE_ID,
            SellerRiskTable.SELLER_ID,
            OutputTables.AS_OF_DATE,
            SellerRiskTable.ODR);
  }

  /**
   * Rows of the given sellers' keys (marketplace_id, seller_id). The keys are the few top sellers:
   * a predicate of literals, where a joined frame of them cost a broadcast job, and the top sellers
   * as a plan were computed again for each query that read them.
   */
  private static Column ofSellers(List<Row> sellers) {
    Column listed = lit(false);
    for (Row seller : sellers) {
      listed =
          listed.or(
              col(SellerRiskTable.MARKETPLACE_ID)
                  .equalTo(lit(seller.getAs(SellerRiskTable.MARKETPLACE_ID)))
                  .and(
                      col(SellerRiskTable.SELLER_ID)
                          .equalTo(lit(seller.getAs(SellerRiskTable.SELLER_ID)))));
    }
    return listed;
  }

  /** Hotspot rows of sku_metrics. */
  public static Dataset<Row> hotspotRows(Dataset<Row> skuMetrics) {
    return skuMetrics.where(isHotspot());
  }

  /** The hotspot rows among sku_metrics' rows: hotspots. */
  static Column hotspotCount() {
    return count_if(isHotspot()).as(HOTSPOTS);
  }

  private static Column isHotspot() {
    return col(SkuMetricsTable.HOTSPOT).equalTo(true);
  }

  /**
   * The {@code n} hotspots with the most quality-claim orders, then the highest defect rate, then
   * by marketplace, seller and SKU.
   */
  public static Dataset<Row> hotspots(Dataset<Row> skuMetrics, int n) {
    return hotspotRows(skuMetrics)
        .orderBy(
            col(SkuMetricsTable.QUALITY_CLAIM_ORDERS).desc(),
            col(SkuMetricsTable.DEFECT_RATE).desc_nulls_last(),
            col(SkuMetricsTable.MARKETPLACE_ID).asc(),
            col(SkuMetricsTable.SELLER_ID).asc(),
            col(SkuMetricsTable.SKU).asc())
        .limit(n);
  }

  /**
   * The {@code n} claims awaiting response with under {@link #DUE_WITHIN_HOURS} hours left: overdue
   * first, then by hours left ascending (the most overdue, then the soonest due).
   */
  public static Dataset<Row> dueClaims(Dataset<Row> awaiting, int n) {
    return awaiting
        .where(col(ClaimsAwaitingResponseTable.HOURS_LEFT).lt(DUE_WITHIN_HOURS))
        .orderBy(
            col(ClaimsAwaitingResponseTable.OVERDUE).desc(),
            col(ClaimsAwaitingResponseTable.HOURS_LEFT).asc(),
            col(ClaimsAwaitingResponseTable.CLAIM_ID).asc(),
            col(ClaimsAwaitingResponseTable.MARKETPLACE_ID).asc())
        .limit(n);
  }

  /**
   * {@code awaiting}, counting as it is read the claims due within the day (due) and the overdue
   * ones (overdue) into {@code counts}.
   */
  public static Dataset<Row> observeDueCounts(Dataset<Row> awaiting, Observation counts) {
    return awaiting.observe(
        counts,
        count_if(col(ClaimsAwaitingResponseTable.HOURS_LEFT).lt(DUE_WITHIN_HOURS)).as(DUE),
        count_if(col(ClaimsAwaitingResponseTable.OVERDUE)).as(OVERDUE));
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
  private static List<ReportData.RootCauseCount> rootCausesOf(Dataset<Row> mix) {
    return RecordRows.collect(mix, ReportData.RootCauseCount.class).stream()
        .sorted(
            Comparator.comparingLong(ReportData.RootCauseCount::counting)
                .reversed()
                .thenComparing(
                    Comparator.comparingLong(ReportData.RootCauseCount::claims).reversed())
                .thenComparing(c -> String.valueOf(c.rootCause()))
                .thenComparing(c -> String.valueOf(c.responsibleParty())))
        .toList();
  }

  // bounded: n sellers, their lookahead, then n × history days points
  private static List<ReportData.TopSeller> topSellersOf(
      List<Row> rows, Optional<Dataset<Row>> metrics, Optional<Dataset<Row>> history) {
    Map<String, Lookahead> ahead = new HashMap<>();
    if (metrics.isPresent() && !rows.isEmpty()) {
      for (Row a : lookahead(metrics.get(), rows).collectAsList()) {
        ahead.put(key(a), RecordRows.of(a, Lookahead.class));
      }
    }
    Map<String, List<ReportData.OdrPoint>> points = new HashMap<>();
    if (history.isPresent() && !rows.isEmpty()) {
      for (Row p : odrHistory(history.get(), rows).collectAsList()) {
        points
            .computeIfAbsent(key(p), k -> new ArrayList<>())
            .add(RecordRows.of(p, ReportData.OdrPoint.class));
      }
    }
    return rows.stream()
        .map(
            r -> {
              Lookahead a = ahead.getOrDefault(key(r), Lookahead.NONE);
              return RecordRows.of(
                  r,
                  ReportData.TopSeller.class,
                  a.recoversOn(),
                  a.breachOutlastsRange(),
                  a.odrPeerBetterPct(),
                  points.getOrDefault(key(r), List.of()).stream()
                      .sorted(Comparator.comparing(ReportData.OdrPoint::asOf))
                      .toList());
            })
        .toList();
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
}
