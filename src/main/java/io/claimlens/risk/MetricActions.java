package io.claimlens.risk;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_contains;
import static org.apache.spark.sql.functions.array_distinct;
import static org.apache.spark.sql.functions.array_max;
import static org.apache.spark.sql.functions.ceil;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.exists;
import static org.apache.spark.sql.functions.filter;
import static org.apache.spark.sql.functions.flatten;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.transform;
import static org.apache.spark.sql.functions.when;

import io.claimlens.config.MetricId;
import io.claimlens.config.MetricPolicy;
import io.claimlens.config.Policy;
import io.claimlens.policy.PolicyColumns;
import io.claimlens.schema.SellerMetricsTable;
import io.claimlens.schema.SellerRiskTable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.types.DataTypes;

/**
 * The actions of a seller's metrics in BREACH or AT_RISK (SPEC §4 {@code actions}), as array
 * expressions over the seller's metric rows folded into its seller_risk row: which metrics are
 * flagged, what each calls for ({@link RiskAction#forMetric}) and how many orders each part
 * concerns. Also how candidates from every source are merged and cut.
 */
final class MetricActions {
  private MetricActions() {}

  /** Column: the most defects (bad units) of {@code metric} over the seller's rows. */
  private static String defectsColumn(MetricId metric) {
    return "_defects_" + metric.name();
  }

  /** Column: the metric's weight in the risk score (SPEC §4.1). */
  private static String weightColumn(MetricId metric) {
    return "_weight_" + metric.name();
  }

  /** Column: the largest denominator of {@code metric} over the seller's rows. */
  private static String denominatorColumn(MetricId metric) {
    return "_denominator_" + metric.name();
  }

  /**
   * Per seller_metrics row, the columns {@link #aggregates} fold per seller: null unless the row is
   * of that metric. The metrics' weights are not among them: a weight is the marketplace's, and
   * {@link #weights} adds it once per seller after the fold instead of carrying it on every row.
   *
   * @param badUnits the row's defects
   */
  static List<Column> perRow(Column badUnits) {
    Column metric = col(SellerMetricsTable.METRIC);
    List<Column> columns = new ArrayList<>();
    for (MetricId m : MetricId.values()) {
      Column is = metric.equalTo(lit(m.name()));
      columns.add(when(is, badUnits).cast(DataTypes.LongType).as(defectsColumn(m)));
      columns.add(
          when(is, col(SellerMetricsTable.DENOMINATOR))
              .cast(DataTypes.LongType)
              .as(denominatorColumn(m)));
    }
    return columns;
  }

  /** The per-seller folds of {@link #perRow}: the largest counts. */
  static List<Column> aggregates() {
    List<Column> columns = new ArrayList<>();
    for (MetricId m : MetricId.values()) {
      columns.add(coalesce(max(col(defectsColumn(m))), lit(0L)).as(defectsColumn(m)));
      columns.add(coalesce(max(col(denominatorColumn(m))), lit(0L)).as(denominatorColumn(m)));
    }
    return columns;
  }

  /**
   * Per seller row of the fold, each metric's weight in its marketplace (SPEC §4.1) as an exact
   * decimal, for counts times weights that are rounded up: in doubles 100 × 0.07 is
   * 7.000000000000001, whose ceiling is 8. Null for a metric the marketplace's catalog does not
   * hold, which no seller can have flagged.
   */
  static Map<String, Column> weights(Policy policy) {
    Map<String, Column> columns = new LinkedHashMap<>();
    for (MetricId m : MetricId.values()) {
      columns.put(
          weightColumn(m),
          PolicyColumns.setting(
                  policy,
                  col(SellerRiskTable.MARKETPLACE_ID),
                  marketplace -> marketplace.metric(m).map(MetricPolicy::weight).orElse(null))
              .cast(DataTypes.createDecimalType(19, 9)));
    }
    return columns;
  }

  /**
   * The candidates of every flagged metric, each naming the metric it addresses. A candidate weighs
   * the orders its part concerns times the flagged metric's weight, rounded up: the returns that
   * spoil perfect orders (weight 0.3) rank below as many ODR claims (weight 1).
   *
   * @param flagged the {@link MetricMask} of the seller's metrics in BREACH or AT_RISK
   */
  static Column candidates(Column flagged) {
    Column noSku = lit(null).cast(DataTypes.StringType);
    List<Column> all = new ArrayList<>();
    for (MetricId metric : MetricId.values()) {
      Column isFlagged = MetricMask.holds(flagged, metric);
      Column addresses = array(lit(metric.name()));
      Column anyPart = lit(false);
      for (RiskAction.Part part : RiskAction.forMetric(metric)) {
        Column units =
            col(
                part.units() == RiskAction.Units.DEFECTS
                    ? defectsColumn(part.weighedBy())
                    : denominatorColumn(part.weighedBy()));
        all.add(
            when(
                isFlagged.and(units.gt(0)),
                SellerRisk.candidate(
                    lit(part.action().ordinal()), weighed(units, metric), noSku, addresses)));
        anyPart = anyPart.or(units.gt(0));
      }
      // no part to show (another window, an absent dataset): the metric still gets its action
      Column own = weighed(greatest(col(defectsColumn(metric)), lit(1L)), metric);
      all.add(
          when(
              isFlagged.and(not(anyPart)),
              SellerRisk.candidate(
                  lit(RiskAction.fallbackForMetric(metric).ordinal()), own, noSku, addresses)));
    }
    // most sellers have no metric flagged (57,263 of 92,945 at 5,000,000 orders): they skip
    // building a candidate per metric part, evaluated interpreted under the lambda, only to drop
    // every one
    return when(
            flagged.notEqual(lit(0L)),
            filter(array(all.toArray(new Column[0])), c -> c.isNotNull()))
        .otherwise(array());
  }

  /** ceil(units × the metric's weight), at least 1: a flagged metric's action never weighs 0. */
  private static Column weighed(Column units, MetricId metric) {
    Column exact =
        units.cast(DataTypes.createDecimalType(20, 0)).multiply(col(weightColumn(metric)));
    return greatest(lit(1L), coalesce(ceil(exact).cast(DataTypes.LongType), lit(1L)));
  }

  /**
   * One candidate per action and SKU: an action from several sources (a root cause and a metric)
   * keeps its largest weight and every metric it addresses.
   */
  static Column merged(Column candidates) {
    Column keys =
        array_distinct(
            transform(
                candidates,
                c ->
                    struct(
                        c.getField(SellerRisk.CANDIDATE_ACTION).as(SellerRisk.CANDIDATE_ACTION),
                        c.getField(SellerRiskTable.SKU).as(SellerRiskTable.SKU))));
    return transform(
        keys,
        k -> {
          Column same =
              filter(
                  candidates,
                  c ->
                      c.getField(SellerRisk.CANDIDATE_ACTION)
                          .equalTo(k.getField(SellerRisk.CANDIDATE_ACTION))
                          .and(
                              c.getField(SellerRiskTable.SKU)
                                  .eqNullSafe(k.getField(SellerRiskTable.SKU))));
          return SellerRisk.candidate(
              k.getField(SellerRisk.CANDIDATE_ACTION),
              array_max(transform(same, c -> c.getField(SellerRisk.CANDIDATE_WEIGHT))),
              k.getField(SellerRiskTable.SKU),
              array_distinct(
                  flatten(transform(same, c -> c.getField(SellerRisk.CANDIDATE_REQUIRED_FOR)))));
        });
  }

  /**
   * The first {@code n} of {@code ranked}, then each later one that is the first to address some
   * flagged metric: every flagged metric keeps an action, the list grows only as far as needed.
   */
  static Column capped(Column ranked, int n) {
    return filter(
        ranked,
        (c, i) ->
            i.lt(n)
                .or(
                    exists(
                        c.getField(SellerRisk.CANDIDATE_REQUIRED_FOR),
                        m ->
                            not(
                                exists(
                                    filter(ranked, (earlier, j) -> j.lt(i)),
                                    e ->
                                        array_contains(
                                            e.getField(SellerRisk.CANDIDATE_REQUIRED_FOR), m))))));
  }
}
