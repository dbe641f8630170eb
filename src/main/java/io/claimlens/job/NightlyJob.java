package io.claimlens.job;

import static org.apache.spark.sql.functions.col;

import io.claimlens.attribution.ClaimAttribution;
import io.claimlens.attribution.ClaimEvidence;
import io.claimlens.attribution.ClaimsAwaitingResponse;
import io.claimlens.config.JobConfig;
import io.claimlens.config.MarketplacePolicy;
import io.claimlens.config.MetricPolicy;
import io.claimlens.config.Policy;
import io.claimlens.io.CatalogTables;
import io.claimlens.io.InputReader;
import io.claimlens.io.OutputWriter;
import io.claimlens.metrics.DailyCounts;
import io.claimlens.metrics.MetricCatalog;
import io.claimlens.metrics.OrderFacts;
import io.claimlens.metrics.PolicyFrames;
import io.claimlens.metrics.ReturnFacts;
import io.claimlens.metrics.SellerMetrics;
import io.claimlens.metrics.ShippingFacts;
import io.claimlens.metrics.SkuMetrics;
import io.claimlens.metrics.SnapshotState;
import io.claimlens.quality.QualityGate;
import io.claimlens.quality.Reconciliation;
import io.claimlens.quality.ValidatedDataset;
import io.claimlens.schema.Chargebacks;
import io.claimlens.schema.ClaimAttributionTable;
import io.claimlens.schema.Claims;
import io.claimlens.schema.ClaimsAwaitingResponseTable;
import io.claimlens.schema.DatasetSchema;
import io.claimlens.schema.Feedback;
import io.claimlens.schema.InputDatasets;
import io.claimlens.schema.OrderItems;
import io.claimlens.schema.Orders;
import io.claimlens.schema.OutputTables;
import io.claimlens.schema.QuarantineTable;
import io.claimlens.schema.Returns;
import io.claimlens.schema.SellerMetricsTable;
import io.claimlens.schema.Shipments;
import io.claimlens.schema.SkuMetricsTable;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The nightly run for one as-of date: read and check the inputs, sort rows through the quality
 * gate, attribute claims and measure sellers and SKUs, then stage and publish every table with the
 * run manifest.
 */
public final class NightlyJob {
  private static final Logger LOG = LoggerFactory.getLogger(NightlyJob.class);

  private final SparkSession spark;
  private final JobConfig config;
  private final Policy policy;

  public NightlyJob(SparkSession spark, JobConfig config, Policy policy) {
    this.spark = spark;
    this.config = config;
    this.policy = policy;
  }

  /** Runs the job and returns what it did; outputs are published only if every step succeeds. */
  public RunSummary run() {
    Instant started = Instant.now();
    String runId = UUID.randomUUID().toString();
    Map<String, Dataset<Row>> inputs = readInputs();
    Map<String, ValidatedDataset> validated = validate(inputs);
    List<Dataset<Row>> cached = new ArrayList<>();
    try {
      List<Reconciliation> datasetCounts = reconcile(validated);
      Map<String, Dataset<Row>> tables = transform(validated, cached);

      OutputWriter writer = new OutputWriter(spark, config.output(), runId, config.asOf());
      try {
        Map<String, Long> written = new LinkedHashMap<>();
        tables.forEach((table, rows) -> written.put(table, write(writer, table, rows)));
        Instant finished = Instant.now();
        write(
            writer,
            OutputTables.RUN_MANIFEST,
            manifest(runId, started, finished, datasetCounts, written, validated.keySet()));
        describe("publish outputs");
        writer.publish();
        registerTables();
        return new RunSummary(runId, config.asOf(), datasetCounts, written, started, Instant.now());
      } catch (RuntimeException e) {
        writer.abort();
        throw e;
      }
    } finally {
      cached.forEach(Dataset::unpersist);
      validated.values().forEach(ValidatedDataset::unpersist);
    }
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

  /** Step 2: the quality gate, orders first since children are judged against them. */
  private Map<String, ValidatedDataset> validate(Map<String, Dataset<Row>> inputs) {
    Map<String, ValidatedDataset> validated = new LinkedHashMap<>();
    ValidatedDataset orders =
        QualityGate.orders(inputs.get(Orders.NAME), policy, config.marketplaces(), config.asOf())
            .persist();
    validated.put(Orders.NAME, orders);
    for (DatasetSchema schema : InputDatasets.ALL) {
      Dataset<Row> raw = inputs.get(schema.name());
      if (raw != null && schema.kind() != DatasetSchema.Kind.ORDERS) {
        validated.put(
            schema.name(),
            QualityGate.children(raw, schema, orders, policy, config.asOf()).persist());
      }
    }
    return validated;
  }

  /**
   * Step 3: read = used + quarantined + not yet known + duplicates (+ out of scope), per dataset.
   */
  private List<Reconciliation> reconcile(Map<String, ValidatedDataset> validated) {
    describe("reconcile input rows");
    Dataset<Row> counts =
        validated.values().stream()
            .map(ValidatedDataset::counts)
            .reduce(Dataset::union)
            .orElseThrow();
    Map<String, Reconciliation> byName = new LinkedHashMap<>();
    // bounded: one row per input dataset
    for (Row r : counts.collectAsList()) {
      Reconciliation c = Reconciliation.of(r);
      if (!c.balances()) {
        // a bug in the quality gate, never a data problem: refuse to publish numbers built on it
        throw new IllegalStateException("input rows do not reconcile: " + c);
      }
      byName.put(c.dataset(), c);
    }
    List<Reconciliation> all = new ArrayList<>();
    for (DatasetSchema schema : InputDatasets.ALL) {
      all.add(byName.getOrDefault(schema.name(), Reconciliation.absent(schema.name())));
    }
    return all;
  }

  /**
   * Step 4: every data table of the run, in publish order, as lazy plans over the valid rows.
   * Results read by two tables are cached in {@code cached}, for the caller to release.
   */
  private Map<String, Dataset<Row>> transform(
      Map<String, ValidatedDataset> validated, List<Dataset<Row>> cached) {
    LocalDate asOf = config.asOf();
    PolicyFrames frames = new PolicyFrames(spark, policy, asOf);
    Dataset<Row> settings = frames.settings();
    Dataset<Row> orders = OrderFacts.keyed(validated.get(Orders.NAME).valid(), policy);
    Dataset<Row> claims = state(validated, Claims.SCHEMA).orElseThrow();
    Optional<Dataset<Row>> items = valid(validated, OrderItems.NAME);
    Optional<Dataset<Row>> returns =
        state(validated, Returns.SCHEMA).map(r -> ReturnFacts.of(r, orders, settings, asOf));
    Dataset<Row> orderFacts =
        OrderFacts.of(
            orders,
            new OrderFacts.Sources(
                claims,
                state(validated, Feedback.SCHEMA),
                state(validated, Chargebacks.SCHEMA),
                valid(validated, Shipments.NAME).map(s -> ShippingFacts.perOrder(s, asOf)),
                returns.map(ReturnFacts::returnedOrders)),
            frames.earliestDay());

    Dataset<Row> sellerMetrics =
        SellerMetrics.compute(
            DailyCounts.of(orderFacts, returns),
            settings,
            frames.metricWindows(validated.keySet()));
    Dataset<Row> validItems =
        items.orElseGet(() -> spark.createDataFrame(List.of(), OrderItems.SCHEMA.sparkSchema()));
    Dataset<Row> skuCounts =
        cache(SkuMetrics.counts(orderFacts, validItems, claims, settings), cached);
    Dataset<Row> claimsInContext = ClaimEvidence.claimsInContext(claims, orders, settings, asOf);
    Dataset<Row> attributed =
        cache(
            ClaimAttribution.attribute(
                ClaimEvidence.of(claimsInContext, orderFacts, items, skuCounts, returns, asOf)),
            cached);

    Map<String, Dataset<Row>> tables = new LinkedHashMap<>();
    tables.put(
        OutputTables.SELLER_METRICS,
        sellerMetrics.sortWithinPartitions(
            col(SellerMetricsTable.MARKETPLACE_ID),
            col(SellerMetricsTable.SELLER_ID),
            col(SellerMetricsTable.METRIC),
            col(SellerMetricsTable.CHANNEL)));
    tables.put(
        OutputTables.SKU_METRICS,
        SkuMetrics.table(skuCounts, ClaimAttribution.topRootCauses(attributed, validItems))
            .sortWithinPartitions(
                col(SkuMetricsTable.MARKETPLACE_ID),
                col(SkuMetricsTable.SELLER_ID),
                col(SkuMetricsTable.SKU)));
    tables.put(
        OutputTables.CLAIM_ATTRIBUTION,
        ClaimAttribution.table(attributed)
            .sortWithinPartitions(
                col(ClaimAttributionTable.MARKETPLACE_ID),
                col(ClaimAttributionTable.SELLER_ID),
                col(ClaimAttributionTable.CLAIM_ID)));
    tables.put(
        OutputTables.CLAIMS_AWAITING_RESPONSE,
        ClaimsAwaitingResponse.table(claimsInContext, asOf)
            .sortWithinPartitions(
                col(ClaimsAwaitingResponseTable.MARKETPLACE_ID),
                col(ClaimsAwaitingResponseTable.SELLER_ID),
                col(ClaimsAwaitingResponseTable.RESPONSE_DUE_TS)));
    tables.put(OutputTables.QUARANTINE, quarantine(validated));
    return tables;
  }

  private static Dataset<Row> cache(Dataset<Row> rows, List<Dataset<Row>> cached) {
    Dataset<Row> persisted = rows.persist(StorageLevel.MEMORY_AND_DISK());
    cached.add(persisted);
    return persisted;
  }

  private Dataset<Row> quarantine(Map<String, ValidatedDataset> validated) {
    return validated.values().stream()
        .map(ValidatedDataset::quarantine)
        .reduce(Dataset::union)
        .orElseThrow()
        .sortWithinPartitions(col(QuarantineTable.DATASET), col(QuarantineTable.RECORD_ID));
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
      List<Reconciliation> datasetCounts,
      Map<String, Long> written,
      Set<String> present) {
    List<Row> tables = new ArrayList<>();
    written.forEach((table, rows) -> tables.add(RowFactory.create(table, rows)));
    Row row =
        RunManifest.row(
            runId,
            started,
            finished,
            policy.source(),
            policy.digest(),
            List.copyOf(new TreeSet<>(config.marketplaces())),
            datasetCounts.stream().map(Reconciliation::toRow).toList(),
            tables,
            notes(present));
    return spark.createDataFrame(List.of(row), RunManifest.SCHEMA).coalesce(1);
  }

  /** Why metrics are NO_DATA or partial, and claims unattributed, for the data engineer. */
  private List<String> notes(Set<String> present) {
    TreeSet<String> notes = new TreeSet<>();
    for (MarketplacePolicy m : policy.allEntries()) {
      for (MetricPolicy metric : m.metrics()) {
        String dataset = MetricCatalog.requiredDataset(metric.metric());
        if (!present.contains(dataset)) {
          notes.add(metric.metric() + " is NO_DATA: dataset '" + dataset + "' is absent");
          continue;
        }
        for (String optional : MetricCatalog.optionalDatasets(metric.metric())) {
          if (!present.contains(optional)) {
            notes.add(
                metric.metric() + " is measured without '" + optional + "': the dataset is absent");
          }
        }
      }
    }
    if (!present.contains(Shipments.NAME)) {
      notes.add("ITEM_NOT_RECEIVED claims are UNATTRIBUTED (R99): dataset 'shipments' is absent");
    }
    if (!present.contains(Returns.NAME)) {
      notes.add(
          "REFUND_NOT_RECEIVED claims are UNATTRIBUTED (R99) and RETURN_REFUSED claims"
              + " RETURN_DISPUTE_UNVERIFIED (R31): dataset 'returns' is absent");
    }
    if (!present.contains(OrderItems.NAME)) {
      notes.add("sku_metrics is empty and no claim has a SKU: dataset 'order_items' is absent");
    }
    return List.copyOf(notes);
  }

  private long write(OutputWriter writer, String table, Dataset<Row> rows) {
    describe("write " + table);
    long count = writer.stage(table, rows);
    LOG.info("staged {}: {} rows", table, count);
    return count;
  }

  /** Names the Spark jobs that follow in the UI and logs. */
  private void describe(String step) {
    spark.sparkContext().setJobDescription("claimlens " + config.asOf() + ": " + step);
  }

  /** What a run did, for the one-line summary. */
  public record RunSummary(
      String runId,
      LocalDate asOf,
      List<Reconciliation> datasets,
      Map<String, Long> rowsWritten,
      Instant started,
      Instant finished) {

    /** Input rows read over all datasets. */
    public long rowsRead() {
      return datasets.stream().mapToLong(Reconciliation::read).sum();
    }

    /** Input rows quarantined over all datasets. */
    public long rowsQuarantined() {
      return datasets.stream().mapToLong(Reconciliation::quarantined).sum();
    }

    /** Rows written to the data tables (the manifest row not counted). */
    public long rowsOut() {
      return rowsWritten.values().stream().mapToLong(Long::longValue).sum();
    }
  }
}
