package io.claimlens.job;

import io.claimlens.asof.JudgedDates;
import io.claimlens.config.AsOfDates;
import io.claimlens.facts.SnapshotState;
import io.claimlens.io.SideBySide;
import io.claimlens.quality.QualityGate;
import io.claimlens.quality.Reconciliation;
import io.claimlens.quality.ValidatedDataset;
import io.claimlens.schema.Chargebacks;
import io.claimlens.schema.Claims;
import io.claimlens.schema.DatasetSchema;
import io.claimlens.schema.Feedback;
import io.claimlens.schema.InputDatasets;
import io.claimlens.schema.Orders;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The quality gate's stage: every input dataset's rows judged (SPEC §1), kept once a run.
 *
 * @param withWeekBefore each dataset as judged at the run's dates, and the ODR's datasets at the
 *     week-earlier dates too, for odr_change_7d
 * @param atRunDates each dataset as judged at the run's dates only
 */
record Judged(
    Map<String, ValidatedDataset> withWeekBefore, Map<String, ValidatedDataset> atRunDates) {

  /** The datasets the ODR reads: what the week-earlier ODR is computed from. */
  private static final Set<String> ODR_DATASETS =
      Set.of(Orders.NAME, Claims.NAME, Feedback.NAME, Chargebacks.NAME);

  /**
   * Judges {@code inputs} (present datasets only), orders first since children are judged against
   * them, then the children side by side.
   */
  static Judged of(
      RunContext run, Map<String, Dataset<Row>> inputs, Materialized kept, SideBySide side) {
    AsOfDates dates = run.dates();
    JudgedDates current = run.atDates().judgedDates();
    JudgedDates withWeekBefore = run.withWeekBefore().judgedDates();
    Map<String, ValidatedDataset> validated = new LinkedHashMap<>();
    // a night counts each dataset's rows as the gate computes them; a backfill queries its counts
    UnaryOperator<ValidatedDataset> counted =
        v -> dates.isSingle() ? v.countedAt(dates.first()) : v;
    ValidatedDataset orders =
        counted
            .apply(
                QualityGate.orders(
                    inputs.get(Orders.NAME),
                    run.policy(),
                    run.config().marketplaces(),
                    withWeekBefore))
            .keptBy(byOrder(kept, Orders.NAME));
    validated.put(Orders.NAME, orders);
    Dataset<Row> orderReference =
        kept.keepDistributedBy(
            "order reference", QualityGate.orderReference(orders), QualityGate.REF_ORDER_ID);
    Dataset<Row> referenceAtDates = QualityGate.referenceAt(orderReference, dates);
    Map<String, Supplier<ValidatedDataset>> children = new LinkedHashMap<>();
    for (DatasetSchema schema : InputDatasets.ALL) {
      Dataset<Row> raw = inputs.get(schema.name());
      if (raw != null && schema.kind() != DatasetSchema.Kind.ORDERS) {
        boolean odr = ODR_DATASETS.contains(schema.name());
        children.put(
            schema.name(),
            () ->
                counted
                    .apply(
                        QualityGate.children(
                            raw,
                            schema,
                            odr ? orderReference : referenceAtDates,
                            run.policy(),
                            odr ? withWeekBefore : current))
                    .keptBy(byOrder(kept, schema.name())));
      }
    }
    validated.putAll(side.all(children));
    Map<String, ValidatedDataset> atRunDates = new LinkedHashMap<>();
    validated.forEach((name, v) -> atRunDates.put(name, v.at(dates)));
    return new Judged(validated, atRunDates);
  }

  /**
   * Keeps judged rows, their layout by order id named where the gate's plan ended with it (orders,
   * items, shipments: their keys hold the order id): the joins and distributions by order id after
   * the gate then read them where they lie.
   */
  private static UnaryOperator<Dataset<Row>> byOrder(Materialized kept, String dataset) {
    return rows -> kept.keepDistributedBy(dataset, rows, Orders.ORDER_ID);
  }

  /** The names of the datasets the run has. */
  Set<String> present() {
    return atRunDates.keySet();
  }

  /**
   * Per as-of date and dataset: read = used + quarantined + not yet known + duplicates (+ out of
   * scope). Fails the run when they do not add up: a bug in the gate, never a data problem.
   */
  Map<LocalDate, List<Reconciliation>> reconcile(AsOfDates dates) {
    Map<LocalDate, Map<String, Reconciliation>> byDate = new TreeMap<>();
    if (dates.isSingle()) {
      Map<String, Reconciliation> night = new LinkedHashMap<>();
      atRunDates.forEach((name, v) -> night.put(name, v.observedCounts().orElseThrow()));
      byDate.put(dates.first(), night);
    } else {
      // bounded: one row per input dataset and as-of date
      for (Row r : ValidatedDataset.counts(atRunDates.values(), dates).collectAsList()) {
        Reconciliation c = Reconciliation.of(r);
        byDate
            .computeIfAbsent(Reconciliation.asOf(r), d -> new LinkedHashMap<>())
            .put(c.dataset(), c);
      }
    }
    for (Map<String, Reconciliation> counts : byDate.values()) {
      for (Reconciliation c : counts.values()) {
        if (!c.balances()) {
          // refuse to publish numbers built on it
          throw new IllegalStateException("input rows do not reconcile: " + c);
        }
      }
    }
    Map<LocalDate, List<Reconciliation>> all = new TreeMap<>();
    for (LocalDate d : dates.dates()) {
      Map<String, Reconciliation> byName = byDate.getOrDefault(d, Map.of());
      List<Reconciliation> row = new ArrayList<>();
      for (DatasetSchema schema : InputDatasets.ALL) {
        String name = schema.name();
        row.add(
            byName.getOrDefault(
                name,
                atRunDates.containsKey(name)
                    ? Reconciliation.empty(name)
                    : Reconciliation.absent(name)));
      }
      all.put(d, row);
    }
    return all;
  }

  /**
   * The quarantine table's rows: every dataset's at the run's dates. A dataset whose {@link
   * #reconcile} counts quarantined no row is left unread (an empty plan of the same columns): its
   * rows were counted from the same judgements, and reading them all again to find none was the
   * costliest write of a clean night (10.9 s at 5,000,000 orders).
   */
  Dataset<Row> quarantine(Map<LocalDate, List<Reconciliation>> counts) {
    Set<String> withQuarantined = new HashSet<>();
    counts.values().stream()
        .flatMap(List::stream)
        .filter(c -> c.quarantined() > 0)
        .forEach(c -> withQuarantined.add(c.dataset()));
    return atRunDates.entrySet().stream()
        .map(
            e -> {
              Dataset<Row> rows = e.getValue().quarantine();
              return withQuarantined.contains(e.getKey()) ? rows : rows.limit(0);
            })
        .reduce(Dataset::union)
        .orElseThrow();
  }

  /**
   * The valid rows of {@code dataset} at the run's dates, when the run has it, distributed by order
   * id, each with the dates it stands for and marked where it is its order's only one ({@link
   * ValidatedDataset#validStandingMarkingAlone}).
   */
  Optional<Dataset<Row>> validStandingByOrder(String dataset) {
    return Optional.ofNullable(atRunDates.get(dataset))
        .map(v -> v.validStandingMarkingAlone(Orders.ORDER_ID));
  }

  /**
   * The values of some columns of each judgement of {@code dataset}'s valid rows at the run's
   * dates, with the dates it stands for, when the run has it ({@link
   * ValidatedDataset#validStanding}, which says when their distinct values are exact).
   */
  Optional<Dataset<Row>> validStanding(String dataset, String first, String... more) {
    return Optional.ofNullable(atRunDates.get(dataset)).map(v -> v.validStanding(first, more));
  }

  /** The state of each entity of {@code schema} at the run's dates, when the run has it. */
  Optional<Dataset<Row>> state(DatasetSchema schema) {
    return state(atRunDates, schema);
  }

  /** The same, at the week-earlier dates too (the ODR's datasets). */
  Optional<Dataset<Row>> stateWithWeekBefore(DatasetSchema schema) {
    return state(withWeekBefore, schema);
  }

  private static Optional<Dataset<Row>> state(
      Map<String, ValidatedDataset> validated, DatasetSchema schema) {
    return valid(validated, schema.name()).map(rows -> SnapshotState.latest(rows, schema));
  }

  private static Optional<Dataset<Row>> valid(
      Map<String, ValidatedDataset> validated, String dataset) {
    return Optional.ofNullable(validated.get(dataset)).map(ValidatedDataset::valid);
  }
}
