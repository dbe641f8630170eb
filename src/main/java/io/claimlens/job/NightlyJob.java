package io.claimlens.job;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.claimlens.asof.KnownAt;
import io.claimlens.attribution.AttributionRules;
import io.claimlens.attribution.ClaimAttribution;
import io.claimlens.attribution.ClaimEvidence;
import io.claimlens.attribution.ClaimsAwaitingResponse;
import io.claimlens.config.AsOfDates;
import io.claimlens.config.JobConfig;
import io.claimlens.config.MarketplacePolicy;
import io.claimlens.config.MetricId;
import io.claimlens.config.MetricPolicy;
import io.claimlens.config.Policy;
import io.claimlens.facts.OrderFacts;
import io.claimlens.facts.ReturnFacts;
import io.claimlens.facts.ShippingFacts;
import io.claimlens.facts.SkuFacts;
import io.claimlens.facts.SnapshotState;
import io.claimlens.io.CatalogTables;
import io.claimlens.io.InputReader;
import io.claimlens.io.OutputWriter;
import io.claimlens.io.RunLock;
import io.claimlens.metrics.DailyCounts;
import io.claimlens.metrics.MetricCatalog;
import io.claimlens.metrics.SellerMetrics;
import io.claimlens.metrics.SkuMetrics;
import io.claimlens.policy.PolicyFrames;
import io.claimlens.quality.QualityGate;
import io.claimlens.quality.Reconciliation;
import io.claimlens.quality.ValidatedDataset;
import io.claimlens.report.RiskReport;
import io.claimlens.risk.OdrProjection;
import io.claimlens.risk.SellerRisk;
import io.claimlens.schema.Chargebacks;
import io.claimlens.schema.ClaimAttributionTable;
import io.claimlens.schema.Claims;
import io.claimlens.schema.ClaimsAwaitingResponseTable;
import io.claimlens.schema.DatasetSchema;
import io.claimlens.schema.Feedback;
import io.claimlens.schema.InputDatasets;
import io.claimlens.schema.OrderItems;
import io.claimlens.schema.Orders;
import io.claimlens.schema.OutputTable;
import io.claimlens.schema.OutputTables;
import io.claimlens.schema.QuarantineTable;
import io.claimlens.schema.Returns;
import io.claimlens.schema.RunManifestTable;
import io.claimlens.schema.SellerMetricsTable;
import io.claimlens.schema.SellerRiskTable;
import io.claimlens.schema.Shipments;
import io.claimlens.schema.SkuMetricsTable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.spark.network.util.JavaUtils;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

/**
 * The run for one as-of date, or for every date of a backfill in one job: read and check the
 * inputs, sort rows through the quality gate, attribute claims, measure and score sellers and SKUs,
 * then stage and publish every table with the run manifest, and write the HTML report.
 *
 * <p>The as-of date is a column throughout ({@link OutputTables#AS_OF_DATE}): the quality gate
 * judges each distinct input row once per date, and every later step keys on the date, so a night
 * is a backfill of one date and a backfill equals its nights run one by one. The seller's ODR a
 * week earlier, as known then, comes from the same steps at the dates seven days before.
 */
public final class NightlyJob {
  /** The datasets the ODR reads: what the week-earlier ODR is computed from. */
  private static final Set<String> ODR_DATASETS =
      Set.of(Orders.NAME, Claims.NAME, Feedback.NAME, Chargebacks.NAME);

  private static final String ODR_WINDOW_START = "_odr_window_start";
  private static final String ODR_WINDOW_END = "_odr_window_end";

  private final SparkSession spark;
  private final JobConfig config;
  private final Policy policy;
  private final Progress progress;

  /** The policy as frames at the run's dates. */
  private final PolicyFrames frames;

  /** The same at the run's dates and the week-earlier ones that odr_change_7d compares with. */
  private final PolicyFrames withWeekBefore;

  public NightlyJob(SparkSession spark, JobConfig config, Policy policy) {
    this.spark = spark;
    this.config = config;
    this.policy = policy;
    this.progress = new Progress(config.asOf());
    this.frames = new PolicyFrames(spark, policy, config.asOf());
    this.withWeekBefore = new PolicyFrames(spark, policy, datesWithWeekBefore(config.asOf()));
  }

  /**
   * Runs the job and returns what it did; outputs are published only if every step succeeds. The
   * run holds the output root's lock throughout, and first puts back what a dead run left.
   */
  public RunSummary run() {
    Instant started = Instant.now();
    String runId = UUID.randomUUID().toString();
    progress.begin(runId, config.output());
    try {
      // schemas first (no rows are read): a run refused for its input leaves no trace in the root
      Map<String, Dataset<Row>> inputs = readInputs();
      long inputBytes = ShufflePartitions.inputBytes(inputs.values());
      ShufflePartitions.sizeFor(spark, inputBytes);
      describe("lock the output root");
      try (RunLock lock = lockOutput(runId);
          RunSettings settings = RunSettings.open(spark)) {
        // a backfill judges every row once per date: its row work is a night's times the dates
        CodeGeneration.chooseFor(spark, settings, inputBytes * config.asOf().size());
        describe("recover what earlier runs left");
        OutputWriter.recover(spark.sparkContext().hadoopConfiguration(), config.output());
        RunSummary summary = run(runId, started, inputs, lock);
        progress.finish();
        return summary;
      }
    } catch (Exception e) {
      // Exception, not RuntimeException: Spark's writes throw the store's IOException unchecked
      progress.failed(e);
      throw e;
    }
  }

  private RunSummary run(
      String runId, Instant started, Map<String, Dataset<Row>> inputs, RunLock lock) {
    AsOfDates dates = config.asOf();
    try (Materialized kept = new Materialized()) {
      describe("quality gate");
      Map<String, ValidatedDataset> validated = validate(inputs, dates, kept);
      Map<String, ValidatedDataset> current = restrict(validated, dates);
      Map<LocalDate, List<Reconciliation>> datasetCounts = reconcile(current);
      describe("attribute claims, measure and score sellers");
      Map<String, Dataset<Row>> tables = transform(validated, current, kept);

      OutputWriter writer =
          new OutputWriter(spark, config.output(), runId, dates, config.tableFormat());
      try {
        Map<String, Map<LocalDate, Long>> written = new LinkedHashMap<>();
        tables.forEach((table, rows) -> written.put(table, write(writer, table, rows)));
        Instant finished = Instant.now();
        write(
            writer,
            OutputTables.RUN_MANIFEST,
            manifest(runId, started, finished, datasetCounts, written, validated.keySet()));
        describe("publish outputs");
        lock.verifyHeld();
        writer.publish();
        progress.published();
        registerTables();
        List<String> reports = writeReports();
        return new RunSummary(
            runId, dates, datasetCounts, written, reports, started, Instant.now());
      } catch (Exception e) {
        // a store's IOException too (S3 gone mid-write), which Spark throws undeclared
        writer.abort();
        throw e;
      }
    }
  }

  /** After publishing: the HTML report of each as-of date, from the published tables. */
  private List<String> writeReports() {
    List<String> reports = new ArrayList<>();
    for (LocalDate d : config.asOf().dates()) {
      describe("write the report of " + d);
      reports.add(RiskReport.write(spark, config.output(), d));
    }
    return reports;
  }

  /** Last step, when asked: the published tables and D's partitions in the Spark catalog. */
  private void registerTables() {
    config
        .registerTables()
        .ifPresent(
            database -> {
              describe("register tables in " + database);
              CatalogTables.register(
                  spark, database, config.output(), config.asOf(), OutputTables.ALL);
            });
  }

  /** Step 1: every dataset read and checked against its schema before any work starts. */
  private Map<String, Dataset<Row>> readInputs() {
    describe("read inputs");
    InputReader reader = new InputReader(spark, config.input());
    Map<String, Dataset<Row>> inputs = new LinkedHashMap<>();
    for (DatasetSchema schema : InputDatasets.ALL) {
      reader.read(schema).ifPresent(rows -> inputs.put(schema.name(), rows));
    }
    return inputs;
  }

  /**
   * Step 2: the quality gate, orders first since children are judged against them. The datasets of
   * the ODR are judged at the week-earlier dates too.
   */
  private Map<String, ValidatedDataset> validate(
      Map<String, Dataset<Row>> inputs, AsOfDates dates, Materialized kept) {
    Dataset<Row> current = frames.dates();
    Dataset<Row> allDates = withWeekBefore.dates();
    Map<String, ValidatedDataset> validated = new LinkedHashMap<>();
    ValidatedDataset orders =
        QualityGate.orders(inputs.get(Orders.NAME), policy, config.marketplaces(), allDates)
            .keptBy(kept::keep);
    validated.put(Orders.NAME, orders);
    Dataset<Row> orderReference = kept.keep(QualityGate.orderReference(orders));
    // a dataset judged at the run's dates joins the orders' states at those dates only: the join
    // cannot tell that the week-earlier rows never match, and shuffled them all for each dataset
    Dataset<Row> referenceAtDates = orderReference.filter(KnownAt.isAt(dates));
    for (DatasetSchema schema : InputDatasets.ALL) {
      Dataset<Row> raw = inputs.get(schema.name());
      if (raw != null && schema.kind() != DatasetSchema.Kind.ORDERS) {
        boolean odr = ODR_DATASETS.contains(schema.name());
        validated.put(
            schema.name(),
            QualityGate.children(
                    raw,
                    schema,
                    odr ? orderReference : referenceAtDates,
                    policy,
                    odr ? allDates : current)
                .keptBy(kept::keep));
      }
    }
    return validated;
  }

  /** The validated datasets as judged at {@code dates} only. */
  private static Map<String, ValidatedDataset> restrict(
      Map<String, ValidatedDataset> validated, AsOfDates dates) {
    Map<String, ValidatedDataset> restricted = new LinkedHashMap<>();
    validated.forEach((name, v) -> restricted.put(name, v.at(dates)));
    return restricted;
  }

  /**
   * Step 3: read = used + quarantined + not yet known + duplicates (+ out of scope), per dataset
   * and as-of date.
   */
  private Map<LocalDate, List<Reconciliation>> reconcile(Map<String, ValidatedDataset> validated) {
    describe("reconcile input rows");
    Dataset<Row> counts = ValidatedDataset.counts(validated.values());
    Map<LocalDate, Map<String, Reconciliation>> byDate = new TreeMap<>();
    // bounded: one row per input dataset and as-of date
    for (Row r : counts.collectAsList()) {
      Reconciliation c = Reconciliation.of(r);
      if (!c.balances()) {
        // a bug in the quality gate, never a data problem: refuse to publish numbers built on it
        throw new IllegalStateException("input rows do not reconcile: " + c);
      }
      byDate
          .computeIfAbsent(Reconciliation.asOf(r), d -> new LinkedHashMap<>())
          .put(c.dataset(), c);
    }
    Map<LocalDate, List<Reconciliation>> all = new TreeMap<>();
    for (LocalDate d : config.asOf().dates()) {
      Map<String, Reconciliation> byName = byDate.getOrDefault(d, Map.of());
      List<Reconciliation> row = new ArrayList<>();
      for (DatasetSchema schema : InputDatasets.ALL) {
        String name = schema.name();
        row.add(
            byName.getOrDefault(
                name,
                validated.containsKey(name)
                    ? Reconciliation.empty(name)
                    : Reconciliation.absent(name)));
      }
      all.put(d, row);
    }
    return all;
  }

  /**
   * Step 4: every data table of the run, in publish order, as lazy plans over the valid rows.
   * Results read by several tables are computed once and stored by {@code kept}.
   *
   * <p>The ODR family is measured at the week-earlier dates too, in the same pass as the run's own
   * dates ({@code validated} holds the ODR datasets judged at both); every other table is built
   * from the run's dates only ({@code current}).
   */
  private Map<String, Dataset<Row>> transform(
      Map<String, ValidatedDataset> validated,
      Map<String, ValidatedDataset> current,
      Materialized kept) {
    AsOfDates dates = config.asOf();
    Dataset<Row> settings = frames.settings();
    Predicate<MetricId> measurable = m -> MetricCatalog.measurable(m, current.keySet());
    Dataset<Row> metricWindows = frames.metricWindows(measurable);
    Dataset<Row> odrFamilyWindows =
        withWeekBefore
            .metricWindows(measurable)
            .filter(KnownAt.asOf().geq(lit(dates.first())).or(SellerMetrics.isOdrOfAll()));

    Dataset<Row> orders = OrderFacts.keyed(validated.get(Orders.NAME).valid(), policy);
    // returns and claims in context are read at the run's dates only: joining them to the orders of
    // the week-earlier dates too shuffled every order for rows that cannot match
    Dataset<Row> ordersAtDates = OrderFacts.keyed(current.get(Orders.NAME).valid(), policy);
    // read by the order facts, the SKU counts and the claims in context
    Dataset<Row> claims = kept.keep(state(validated, Claims.SCHEMA).orElseThrow());
    // read by the order facts and the ODR projection
    Optional<Dataset<Row>> feedback = state(validated, Feedback.SCHEMA);
    Optional<Dataset<Row>> chargebacks = state(validated, Chargebacks.SCHEMA);
    Optional<Dataset<Row>> items = valid(current, OrderItems.NAME);
    // read by the order facts, the daily counts and the claim evidence
    Optional<Dataset<Row>> returns =
        state(current, Returns.SCHEMA)
            .map(r -> kept.keep(ReturnFacts.of(r, ordersAtDates, settings)));
    // at the week-earlier dates only the defect flags are read: shipping and returns are judged at
    // the run's dates alone, so those rows have no packages or returns to join
    // read by the daily counts, the SKU counts and the claim evidence
    Dataset<Row> orderFacts =
        kept.keep(
            OrderFacts.of(
                orders,
                new OrderFacts.Sources(
                    claims,
                    feedback,
                    chargebacks,
                    valid(current, Shipments.NAME).map(ShippingFacts::perOrder),
                    returns.map(ReturnFacts::returnedOrders)),
                frames.inAnySpan(col(OrderFacts.PURCHASE_DAY))));

    // read by the metrics (and their recovery dates) and by the ODR projection
    Dataset<Row> daily = kept.keep(DailyCounts.of(orderFacts, returns));
    Dataset<Row> judged =
        kept.keep(SellerMetrics.judge(daily, withWeekBefore.settings(), odrFamilyWindows));
    Dataset<Row> measured = kept.keep(SellerMetrics.withLookahead(judged, daily));
    Dataset<Row> sellerMetrics = measured.filter(KnownAt.asOf().geq(lit(dates.first())));
    Dataset<Row> validItems =
        items.orElseGet(() -> spark.createDataFrame(List.of(), itemsWithDate()));
    Dataset<Row> skuCounts = kept.keep(SkuFacts.counts(orderFacts, validItems, claims, settings));
    // read by the attribution, the awaiting claims and, through them, seller_risk
    Dataset<Row> claimsInContext =
        kept.keep(ClaimEvidence.claimsInContext(claims, ordersAtDates, settings));
    Dataset<Row> evidence =
        kept.keep(ClaimEvidence.fromOrders(claimsInContext, orderFacts, items, skuCounts));
    Dataset<Row> attributed =
        kept.keep(ClaimAttribution.attribute(ClaimEvidence.withReturns(evidence, returns)));
    Dataset<Row> skuMetrics =
        kept.keep(
            SkuMetrics.table(skuCounts, ClaimAttribution.topRootCauses(attributed, validItems)));
    Dataset<Row> awaiting = ClaimsAwaitingResponse.table(claimsInContext);
    Dataset<Row> sellerRisk =
        SellerRisk.table(
            new SellerRisk.Inputs(
                sellerMetrics,
                measured.filter(
                    KnownAt.asOf().leq(lit(dates.last().minusDays(SellerRisk.ODR_CHANGE_DAYS)))),
                ClaimAttribution.table(inOdrWindow(attributed, metricWindows)),
                skuMetrics,
                awaiting,
                Optional.of(
                    odrProjection(orders, claims, feedback, chargebacks, daily, metricWindows))),
            policy);

    Map<String, Dataset<Row>> tables = new LinkedHashMap<>();
    put(tables, SellerMetricsTable.OUTPUT, sellerMetrics);
    put(tables, SkuMetricsTable.OUTPUT, skuMetrics);
    put(tables, ClaimAttributionTable.OUTPUT, ClaimAttribution.table(attributed));
    put(tables, ClaimsAwaitingResponseTable.OUTPUT, awaiting);
    put(tables, SellerRiskTable.OUTPUT, sellerRisk);
    put(tables, QuarantineTable.OUTPUT, quarantine(current));
    return tables;
  }

  /**
   * The sellers' projected ODR defects at the run's dates (SPEC §4.1), from the marketplace's
   * reference orders' defect ages and the sellers' daily defective orders.
   */
  private Dataset<Row> odrProjection(
      Dataset<Row> orders,
      Dataset<Row> claims,
      Optional<Dataset<Row>> feedback,
      Optional<Dataset<Row>> chargebacks,
      Dataset<Row> daily,
      Dataset<Row> metricWindows) {
    Column runDates = KnownAt.asOf().geq(lit(config.asOf().first()));
    Dataset<Row> referenceAges =
        OdrProjection.referenceAges(
            orders.filter(runDates),
            claims.filter(runDates),
            feedback.map(f -> f.filter(runDates)),
            chargebacks.map(c -> c.filter(runDates)),
            policy);
    return OdrProjection.projectedDefects(
        daily.filter(runDates), metricWindows, referenceAges, policy);
  }

  /** Attributed claims whose order falls in the ODR window (channel ALL) of their as-of date. */
  private static Dataset<Row> inOdrWindow(Dataset<Row> attributed, Dataset<Row> metricWindows) {
    Dataset<Row> odrWindow =
        metricWindows
            .filter(SellerMetrics.isOdrOfAll())
            .select(
                col(PolicyFrames.POLICY_KEY),
                KnownAt.asOf(),
                col(SellerMetricsTable.WINDOW_START).as(ODR_WINDOW_START),
                col(SellerMetricsTable.WINDOW_END).as(ODR_WINDOW_END));
    return attributed
        .join(
            broadcast(odrWindow),
            new String[] {PolicyFrames.POLICY_KEY, OutputTables.AS_OF_DATE},
            "inner")
        .filter(col(OrderFacts.PURCHASE_DAY).between(col(ODR_WINDOW_START), col(ODR_WINDOW_END)));
  }

  /** The run's dates and the week-earlier ones odr_change_7d compares with, each once, in order. */
  private static List<LocalDate> datesWithWeekBefore(AsOfDates dates) {
    TreeSet<LocalDate> all = new TreeSet<>(dates.shiftedBy(-SellerRisk.ODR_CHANGE_DAYS).dates());
    all.addAll(dates.dates());
    return List.copyOf(all);
  }

  /** Adds {@code rows} as {@code table}, sorted within each write task for compact files. */
  private static void put(Map<String, Dataset<Row>> tables, OutputTable table, Dataset<Row> rows) {
    tables.put(table.name(), rows.sortWithinPartitions(table.sortOrder()));
  }

  /** The schema of valid order_items rows, for a run without that dataset. */
  private static org.apache.spark.sql.types.StructType itemsWithDate() {
    return OrderItems.SCHEMA
        .sparkSchema()
        .add(OutputTables.AS_OF_DATE, org.apache.spark.sql.types.DataTypes.DateType)
        .add(KnownAt.TIME_ZONE, org.apache.spark.sql.types.DataTypes.StringType);
  }

  private static Dataset<Row> quarantine(Map<String, ValidatedDataset> validated) {
    return validated.values().stream()
        .map(ValidatedDataset::quarantine)
        .reduce(Dataset::union)
        .orElseThrow();
  }

  private static Optional<Dataset<Row>> state(
      Map<String, ValidatedDataset> validated, DatasetSchema schema) {
    return valid(validated, schema.name()).map(rows -> SnapshotState.latest(rows, schema));
  }

  private static Optional<Dataset<Row>> valid(
      Map<String, ValidatedDataset> validated, String dataset) {
    return Optional.ofNullable(validated.get(dataset)).map(ValidatedDataset::valid);
  }

  private Dataset<Row> manifest(
      String runId,
      Instant started,
      Instant finished,
      Map<LocalDate, List<Reconciliation>> datasetCounts,
      Map<String, Map<LocalDate, Long>> written,
      Set<String> present) {
    List<Row> rows = new ArrayList<>();
    List<String> notes = notes(present);
    for (LocalDate d : config.asOf().dates()) {
      List<Row> tables = new ArrayList<>();
      written.forEach((table, perDate) -> tables.add(RowFactory.create(table, perDate.get(d))));
      rows.add(
          RunManifest.row(
              d,
              runId,
              started,
              finished,
              policy.source(),
              policy.digest(),
              List.copyOf(new TreeSet<>(config.marketplaces())),
              datasetCounts.get(d).stream().map(Reconciliation::toRow).toList(),
              tables,
              notes));
    }
    return spark.createDataFrame(rows, RunManifestTable.OUTPUT.staged()).coalesce(1);
  }

  /**
   * Why metrics are NO_DATA or partial, and claims unattributed, for the data engineer: the notes
   * of each metric the policy measures, of the attribution rules and of sku_metrics, sorted.
   */
  private List<String> notes(Set<String> present) {
    TreeSet<String> notes = new TreeSet<>();
    for (MarketplacePolicy m : policy.allEntries()) {
      for (MetricPolicy metric : m.metrics()) {
        notes.addAll(MetricCatalog.notes(metric.metric(), present));
      }
    }
    notes.addAll(AttributionRules.notes(present));
    notes.addAll(SkuMetrics.notes(present));
    return List.copyOf(notes);
  }

  private Map<LocalDate, Long> write(OutputWriter writer, String table, Dataset<Row> rows) {
    describe("write " + table);
    Map<LocalDate, Long> counts = writer.stage(table, rows);
    progress.rows(counts);
    return counts;
  }

  /** The output root's lock for this run; exit 4 when a live run holds it. */
  private RunLock lockOutput(String runId) {
    Duration timeout =
        Duration.ofSeconds(
            JavaUtils.timeStringAsSec(spark.conf().get(RunLock.TIMEOUT, RunLock.TIMEOUT_DEFAULT)));
    return RunLock.acquire(
        spark.sparkContext().hadoopConfiguration(),
        config.output(),
        runId,
        timeout,
        Clock.systemUTC());
  }

  /** Starts a step: names the Spark jobs that follow in the UI, and logs the step that ended. */
  private void describe(String step) {
    progress.step(step);
    spark.sparkContext().setJobDescription("claimlens " + config.asOf() + ": " + step);
  }

  /**
   * What a run did, for the one-line summary.
   *
   * @param datasets the reconciliation of each as-of date
   * @param rowsWritten rows per table and as-of date
   * @param reports the HTML report of each as-of date
   */
  public record RunSummary(
      String runId,
      AsOfDates asOf,
      Map<LocalDate, List<Reconciliation>> datasets,
      Map<String, Map<LocalDate, Long>> rowsWritten,
      List<String> reports,
      Instant started,
      Instant finished) {

    /** Input rows read: the same at every date, so the last date's count. */
    public long rowsRead() {
      return lastDate().stream().mapToLong(Reconciliation::read).sum();
    }

    /** Input rows quarantined at the last date. */
    public long rowsQuarantined() {
      return lastDate().stream().mapToLong(Reconciliation::quarantined).sum();
    }

    /** Rows written to the data tables over all dates (the manifest rows not counted). */
    public long rowsOut() {
      return rowsWritten.entrySet().stream()
          .flatMap(e -> e.getValue().values().stream())
          .mapToLong(Long::longValue)
          .sum();
    }

    private List<Reconciliation> lastDate() {
      return datasets.get(asOf.last());
    }
  }
}
