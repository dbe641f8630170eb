package io.claimlens.job;

import static org.apache.spark.sql.functions.col;

import io.claimlens.config.JobConfig;
import io.claimlens.config.MarketplacePolicy;
import io.claimlens.config.MetricPolicy;
import io.claimlens.config.Policy;
import io.claimlens.io.CatalogTables;
import io.claimlens.io.InputReader;
import io.claimlens.io.OutputWriter;
import io.claimlens.metrics.MetricCatalog;
import io.claimlens.metrics.OrderFacts;
import io.claimlens.metrics.PolicyFrames;
import io.claimlens.metrics.SellerMetrics;
import io.claimlens.metrics.SkuMetrics;
import io.claimlens.metrics.SnapshotState;
import io.claimlens.quality.QualityGate;
import io.claimlens.quality.Reconciliation;
import io.claimlens.quality.ValidatedDataset;
import io.claimlens.schema.Chargebacks;
import io.claimlens.schema.Claims;
import io.claimlens.schema.DatasetSchema;
import io.claimlens.schema.Feedback;
import io.claimlens.schema.InputDatasets;
import io.claimlens.schema.OrderItems;
import io.claimlens.schema.Orders;
import io.claimlens.schema.OutputTables;
import io.claimlens.schema.QuarantineTable;
import io.claimlens.schema.SellerMetricsTable;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The nightly run for one as-of date: read and check the inputs, sort rows through the quality
 * gate, measure sellers and SKUs, then stage and publish every table with the run manifest.
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
    try {
      List<Reconciliation> datasetCounts = reconcile(validated);
      PolicyFrames frames = new PolicyFrames(spark, policy, config.asOf());
      Dataset<Row> claims = state(validated, Claims.SCHEMA).orElseThrow();
      Dataset<Row> orderFacts = orderFacts(validated, claims, frames);
      Dataset<Row> sellerMetrics = measureSellers(orderFacts, frames, validated.keySet());
      Dataset<Row> skuMetrics = measureSkus(orderFacts, validated, claims, frames);
      Dataset<Row> quarantine = quarantine(validated);

      OutputWriter writer = new OutputWriter(spark, config.output(), runId, config.asOf());
      try {
        Map<String, Long> written = new LinkedHashMap<>();
        written.put(
            OutputTables.SELLER_METRICS, write(writer, OutputTables.SELLER_METRICS, sellerMetrics));
        written.put(OutputTables.SKU_METRICS, write(writer, OutputTables.SKU_METRICS, skuMetrics));
        written.put(OutputTables.QUARANTINE, write(writer, OutputTables.QUARANTINE, quarantine));
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

  /** Step 4: one row per order with its purchase day and defects known at D. */
  private Dataset<Row> orderFacts(
      Map<String, ValidatedDataset> validated, Dataset<Row> claims, PolicyFrames frames) {
    return OrderFacts.of(
        validated.get(Orders.NAME).valid(),
        claims,
        state(validated, Feedback.SCHEMA),
        state(validated, Chargebacks.SCHEMA),
        policy,
        frames.earliestDay());
  }

  /** Step 5: seller_metrics. */
  private Dataset<Row> measureSellers(
      Dataset<Row> orderFacts, PolicyFrames frames, Set<String> present) {
    return SellerMetrics.compute(
            SellerMetrics.dailyCounts(orderFacts), frames.settings(), frames.metricWindows(present))
        .sortWithinPartitions(
            col(SellerMetricsTable.MARKETPLACE_ID),
            col(SellerMetricsTable.SELLER_ID),
            col(SellerMetricsTable.METRIC),
            col(SellerMetricsTable.CHANNEL));
  }

  /** Step 6: sku_metrics (no SKUs without order_items). */
  private Dataset<Row> measureSkus(
      Dataset<Row> orderFacts,
      Map<String, ValidatedDataset> validated,
      Dataset<Row> claims,
      PolicyFrames frames) {
    ValidatedDataset items = validated.get(OrderItems.NAME);
    Dataset<Row> validItems =
        items != null
            ? items.valid()
            : spark.createDataFrame(List.of(), OrderItems.SCHEMA.sparkSchema());
    return SkuMetrics.compute(orderFacts, validItems, claims, frames.settings())
        .sortWithinPartitions(
            col(SkuMetricsTable.MARKETPLACE_ID),
            col(SkuMetricsTable.SELLER_ID),
            col(SkuMetricsTable.SKU));
  }

  private Dataset<Row> quarantine(Map<String, ValidatedDataset> validated) {
    return validated.values().stream()
        .map(ValidatedDataset::quarantine)
        .reduce(Dataset::union)
        .orElseThrow()
        .sortWithinPartitions(col(QuarantineTable.DATASET), col(QuarantineTable.RECORD_ID));
  }

  private Optional<Dataset<Row>> state(
      Map<String, ValidatedDataset> validated, DatasetSchema schema) {
    return Optional.ofNullable(validated.get(schema.name()))
        .map(v -> SnapshotState.latest(v.valid(), schema));
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

  /** Why metrics are NO_DATA or partial, for the data engineer reading the manifest. */
  private List<String> notes(Set<String> present) {
    TreeSet<String> notes = new TreeSet<>();
    for (MarketplacePolicy m : policy.allEntries()) {
      for (MetricPolicy metric : m.metrics()) {
        String dataset = MetricCatalog.requiredDataset(metric.metric());
        if (!present.contains(dataset)) {
          notes.add(metric.metric() + " is NO_DATA: dataset '" + dataset + "' is absent");
        }
      }
    }
    for (String dataset : List.of(Feedback.NAME, Chargebacks.NAME)) {
      if (!present.contains(dataset)) {
        notes.add("ODR counts no defects from '" + dataset + "': the dataset is absent");
      }
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
