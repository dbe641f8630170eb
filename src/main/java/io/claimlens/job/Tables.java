package io.claimlens.job;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.claimlens.asof.KnownAt;
import io.claimlens.attribution.ClaimAttribution;
import io.claimlens.config.Channel;
import io.claimlens.config.MetricId;
import io.claimlens.facts.OrderFacts;
import io.claimlens.policy.PolicyAtDates;
import io.claimlens.quality.Reconciliation;
import io.claimlens.risk.OdrProjection;
import io.claimlens.risk.SellerRisk;
import io.claimlens.schema.ClaimAttributionTable;
import io.claimlens.schema.ClaimsAwaitingResponseTable;
import io.claimlens.schema.OutputTable;
import io.claimlens.schema.QuarantineTable;
import io.claimlens.schema.SellerMetricsTable;
import io.claimlens.schema.SellerRiskTable;
import io.claimlens.schema.SkuMetricsTable;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The last stage: the sellers scored (SPEC §4), and every data table of the run as a lazy plan,
 * each sorted within its write tasks for compact files. The tables are written side by side in this
 * order, seller_risk first: its plan is the widest (the sellers' metrics, claims, SKUs and
 * projection), and the others are written beside it. They publish in {@link
 * io.claimlens.schema.OutputTables#ALL}'s order whatever order they were written in.
 */
final class Tables {

  private Tables() {}

  static Map<String, Dataset<Row>> of(
      RunContext run,
      Judged judged,
      Map<LocalDate, List<Reconciliation>> datasetCounts,
      Facts facts,
      Attributed attributed,
      Measured measured) {
    Dataset<Row> sellerMetrics = measured.sellerMetrics(run.dates());
    Dataset<Row> sellerRisk =
        SellerRisk.table(
            new SellerRisk.Inputs(
                sellerMetrics,
                measured.weekBefore(run.dates()),
                ClaimAttribution.table(inOdrWindow(attributed.attributed(), run.atDates())),
                attributed.skuMetrics(),
                attributed.awaiting(),
                Optional.of(odrProjection(run, facts, measured))),
            run.policy());
    Map<String, Dataset<Row>> tables = new LinkedHashMap<>();
    put(tables, SellerRiskTable.OUTPUT, sellerRisk);
    put(tables, SellerMetricsTable.OUTPUT, sellerMetrics);
    put(tables, SkuMetricsTable.OUTPUT, attributed.skuMetrics());
    put(tables, ClaimAttributionTable.OUTPUT, ClaimAttribution.table(attributed.attributed()));
    put(tables, ClaimsAwaitingResponseTable.OUTPUT, attributed.awaiting());
    put(tables, QuarantineTable.OUTPUT, judged.quarantine(datasetCounts));
    return tables;
  }

  /**
   * The sellers' projected ODR defects at the run's dates (SPEC §4.1), from the marketplace's
   * reference orders' defect ages and the sellers' daily defective orders.
   */
  private static Dataset<Row> odrProjection(RunContext run, Facts facts, Measured measured) {
    Column runDates = KnownAt.asOf().geq(lit(run.dates().first()));
    Dataset<Row> referenceAges =
        OdrProjection.referenceAges(
            facts.orders().filter(runDates),
            facts.claims().filter(runDates),
            facts.feedback().map(f -> f.filter(runDates)),
            facts.chargebacks().map(c -> c.filter(runDates)),
            run.policy(),
            run.dates());
    return OdrProjection.projectedDefects(
        measured.daily(), run.atDates(), referenceAges, run.policy());
  }

  /** Attributed claims whose order falls in the ODR window (channel ALL) of their as-of date. */
  private static Dataset<Row> inOdrWindow(Dataset<Row> attributed, PolicyAtDates policy) {
    return policy.inWindow(attributed, MetricId.ODR, Channel.ALL, col(OrderFacts.PURCHASE_DAY));
  }

  /** Adds {@code rows} as {@code table}, sorted within each write task for compact files. */
  private static void put(Map<String, Dataset<Row>> tables, OutputTable table, Dataset<Row> rows) {
    tables.put(table.name(), rows.sortWithinPartitions(table.sortOrder()));
  }
}
