package io.claimlens.testing;

import io.claimlens.config.AsOfDates;
import io.claimlens.config.JobConfig;
import io.claimlens.config.Policy;
import io.claimlens.io.PolicySource;
import io.claimlens.job.NightlyJob;
import io.claimlens.schema.DatasetSchema;
import io.claimlens.schema.OutputTables;
import io.claimlens.schema.RunManifestTable;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * A hand-made input folder and a run of the real job over it: the test states rows, the scenario
 * writes them as Parquet (one folder per dataset, as users lay them out), runs {@link NightlyJob}
 * and reads the published tables back.
 */
public final class Scenario {
  private final SparkSession spark;
  private final Path dir;
  private final Map<DatasetSchema, List<Row>> inputs = new LinkedHashMap<>();
  private Policy policy =
      PolicySource.load(Optional.empty(), new org.apache.hadoop.conf.Configuration());
  private Set<String> marketplaces = Set.of();

  public Scenario(SparkSession spark, Path dir) {
    this.spark = spark;
    this.dir = dir;
  }

  /** Adds rows to their dataset (an empty call still creates the dataset, with no rows). */
  public Scenario add(DatasetSchema schema, Rec... rows) {
    List<Row> list = inputs.computeIfAbsent(schema, s -> new ArrayList<>());
    for (Rec r : rows) {
      list.add(r.row());
    }
    return this;
  }

  public Scenario policy(Policy policy) {
    this.policy = policy;
    return this;
  }

  public Scenario marketplaces(Set<String> marketplaces) {
    this.marketplaces = marketplaces;
    return this;
  }

  public String inputRoot() {
    return dir.resolve("input").toString();
  }

  public String outputRoot() {
    return dir.resolve("output").toString();
  }

  /** Writes the inputs (once) and runs the job for {@code asOf}. */
  public Output run(String asOf) {
    return new Output(run(AsOfDates.of(LocalDate.parse(asOf))), asOf);
  }

  /** Writes the inputs (once) and runs the job as one backfill of {@code from} … {@code to}. */
  public NightlyJob.RunSummary backfill(String from, String to) {
    return run(new AsOfDates(LocalDate.parse(from), LocalDate.parse(to)));
  }

  private NightlyJob.RunSummary run(AsOfDates dates) {
    writeInputs();
    JobConfig config =
        new JobConfig(inputRoot(), outputRoot(), dates, Optional.empty(), marketplaces);
    return new NightlyJob(spark, config, policy).run();
  }

  private boolean written;

  /** Writes the inputs as Parquet under {@link #inputRoot()}, once. */
  public void writeInputs() {
    if (written) {
      return;
    }
    for (Map.Entry<DatasetSchema, List<Row>> e : inputs.entrySet()) {
      spark
          .createDataFrame(e.getValue(), e.getKey().sparkSchema())
          .coalesce(1)
          .write()
          .parquet(dir.resolve("input").resolve(e.getKey().name()).toString());
    }
    written = true;
  }

  /** The published tables of one run. */
  public final class Output {
    private final NightlyJob.RunSummary summary;
    private final String asOf;

    Output(NightlyJob.RunSummary summary, String asOf) {
      this.summary = summary;
      this.asOf = asOf;
    }

    public NightlyJob.RunSummary summary() {
      return summary;
    }

    /** The D partition of {@code table}, as an analyst reads it. */
    public Dataset<Row> table(String table) {
      return spark
          .read()
          .parquet(outputRoot() + "/" + table + "/" + OutputTables.AS_OF_DATE + "=" + asOf);
    }

    public Dataset<Row> sellerMetrics() {
      return table(OutputTables.SELLER_METRICS);
    }

    public Dataset<Row> skuMetrics() {
      return table(OutputTables.SKU_METRICS);
    }

    public Dataset<Row> claimAttribution() {
      return table(OutputTables.CLAIM_ATTRIBUTION);
    }

    public Dataset<Row> claimsAwaitingResponse() {
      return table(OutputTables.CLAIMS_AWAITING_RESPONSE);
    }

    public Dataset<Row> quarantine() {
      return table(OutputTables.QUARANTINE);
    }

    public Dataset<Row> manifest() {
      return table(OutputTables.RUN_MANIFEST);
    }

    /** The manifest's per-dataset counts, one row per input dataset. */
    public Dataset<Row> reconciliation() {
      return manifest()
          .select(functions.explode(functions.col(RunManifestTable.DATASETS)).as("d"))
          .select("d.*");
    }
  }
}
