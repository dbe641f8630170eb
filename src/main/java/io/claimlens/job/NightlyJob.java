package io.claimlens.job;

import io.claimlens.config.AsOfDates;
import io.claimlens.config.JobConfig;
import io.claimlens.config.Policy;
import io.claimlens.io.CatalogTables;
import io.claimlens.io.InputReader;
import io.claimlens.io.OutputWriter;
import io.claimlens.io.RunLock;
import io.claimlens.io.SideBySide;
import io.claimlens.quality.Reconciliation;
import io.claimlens.report.RiskReport;
import io.claimlens.schema.DatasetSchema;
import io.claimlens.schema.InputDatasets;
import io.claimlens.schema.OutputTables;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.apache.spark.network.util.JavaUtils;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The run for one as-of date, or for every date of a backfill in one job: read and check the
 * inputs, sort rows through the quality gate, attribute claims, measure and score sellers and SKUs,
 * then stage and publish every table with the run manifest, and write the HTML report.
 *
 * <p>The as-of date is a column throughout ({@link OutputTables#AS_OF_DATE}): the quality gate
 * gives each distinct input row its verdict at each date (judging it again only when something it
 * depends on became known), and every later step keys on the date, so a night is a backfill of one
 * date and a backfill equals its nights run one by one. The seller's ODR a week earlier, as known
 * then, comes from the same steps at the dates seven days before.
 */
public final class NightlyJob {
  private final SparkSession spark;
  private final JobConfig config;
  private final RunContext run;
  private final Progress progress;

  public NightlyJob(SparkSession spark, JobConfig config, Policy policy) {
    this.spark = spark;
    this.config = config;
    this.run = RunContext.of(spark, config, policy);
    this.progress = new Progress(config.asOf());
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
      InputScale scale =
          InputScale.of(spark, ShufflePartitions.inputBytes(inputs.values()), config.asOf().size());
      describe("lock the output root");
      try (RunLock lock = lockOutput(runId);
          RunSettings settings = RunSettings.open(spark)) {
        ShufflePartitions.chooseFor(spark, settings, scale);
        scale.chooseFor(settings);
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

  /**
   * The stages in order, each a small record of lazy plans over what the one before it kept: gate,
   * facts, attribution, metrics, then the tables, written and published together.
   */
  private RunSummary run(
      String runId, Instant started, Map<String, Dataset<Row>> inputs, RunLock lock) {
    AsOfDates dates = run.dates();
    try (Materialized kept = new Materialized();
        SideBySide side = SideBySide.of(spark)) {
      describe("quality gate");
      Judged judged = Judged.of(run, inputs, kept, side);
      describe("reconcile input rows");
      Map<LocalDate, List<Reconciliation>> datasetCounts = judged.reconcile(dates);
      describe("attribute claims, measure and score sellers");
      Facts facts = Facts.of(run, judged, kept, side);
      SideBySide.Both<Attributed, Measured> steps =
          side.both(
              () -> Attributed.of(run, facts, kept, side),
              () -> Measured.of(run, judged, facts, kept));
      Attributed attributed = steps.first();
      Measured measured = steps.second();
      Map<String, Dataset<Row>> tables =
          Tables.of(run, judged, datasetCounts, facts, attributed, measured);

      OutputWriter writer =
          new OutputWriter(spark, config.output(), runId, dates, config.tableFormat());
      try {
        describe("write tables");
        Map<String, Supplier<Map<LocalDate, Long>>> writes = new LinkedHashMap<>();
        tables.forEach((table, rows) -> writes.put(table, () -> write(writer, table, rows)));
        // a night's small writes leave the cores idle between their stages, so they go side by
        // side; a backfill's each keep both cores busy, and side by side they took turns stage by
        // stage: 125.0 s against 102.9 s one after another (30 dates at 1,000,000 orders)
        Map<String, Map<LocalDate, Long>> written =
            dates.isSingle() ? side.all(writes) : SideBySide.inTurn(writes);
        write(
            writer,
            OutputTables.RUN_MANIFEST,
            RunManifest.of(
                run, runId, started, Instant.now(), datasetCounts, written, judged.present()));
        describe("publish outputs");
        lock.verifyHeld();
        writer.publish();
        progress.published();
        registerTables();
        List<String> reports = writeReports(side);
        return new RunSummary(
            runId, dates, datasetCounts, written, reports, started, Instant.now());
      } catch (Exception e) {
        // a store's IOException too (S3 gone mid-write), which Spark throws undeclared
        writer.abort();
        throw e;
      }
    }
  }

  /**
   * After publishing: the HTML report of each as-of date, from the published tables, in the dates'
   * order. The reports' queries take every date of a pass at once (a backfill's dates cost one
   * report's queries, not one per date); each is small and its time mostly the driver planning it,
   * so they run in two halves side by side. Results are bounded, so two at once need no more
   * memory.
   */
  private List<String> writeReports(SideBySide side) {
    describe(config.asOf().size() == 1 ? "write the report" : "write the reports");
    return RiskReport.write(spark, config.output(), config.asOf().dates(), side);
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

  /** Stages one table, on its own line of the log: a night's tables are written side by side. */
  private Map<LocalDate, Long> write(OutputWriter writer, String table, Dataset<Row> rows) {
    String step = "write " + table;
    nameJobs(step);
    long started = System.nanoTime();
    Map<LocalDate, Long> counts = writer.stage(table, rows);
    progress.wrote(step, counts, System.nanoTime() - started);
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
    nameJobs(step);
  }

  /** Names the Spark jobs this thread starts from now on, for the UI. */
  private void nameJobs(String step) {
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
