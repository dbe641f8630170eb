package io.claimlens.metrics;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import io.claimlens.config.MetricId;
import io.claimlens.schema.Chargebacks;
import io.claimlens.schema.Claims;
import io.claimlens.schema.Feedback;
import io.claimlens.schema.SkuMetricsTable;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.apache.spark.sql.Column;

/**
 * What each metric counts (SPEC §2.2): its numerator and denominator among the daily counts of
 * {@link DailyCounts}, and the optional datasets it cannot be measured without.
 */
public final class MetricCatalog {

  /** A metric's counts and the dataset its numerator comes from. */
  record Definition(String numerator, String denominator, String dataset) {}

  private static final Map<MetricId, Definition> DEFINITIONS = new EnumMap<>(MetricId.class);

  static {
    DEFINITIONS.put(
        MetricId.ODR,
        new Definition(SkuMetricsTable.DEFECTIVE_ORDERS, SkuMetricsTable.ORDERS, Claims.NAME));
    DEFINITIONS.put(
        MetricId.CLAIM_RATE,
        new Definition(SkuMetricsTable.CLAIM_ORDERS, SkuMetricsTable.ORDERS, Claims.NAME));
    DEFINITIONS.put(
        MetricId.NEGATIVE_FEEDBACK_RATE,
        new Definition(
            SkuMetricsTable.NEGATIVE_FEEDBACK_ORDERS, SkuMetricsTable.ORDERS, Feedback.NAME));
    DEFINITIONS.put(
        MetricId.CHARGEBACK_RATE,
        new Definition(
            SkuMetricsTable.CHARGEBACK_ORDERS, SkuMetricsTable.ORDERS, Chargebacks.NAME));
  }

  private MetricCatalog() {}

  /** The dataset whose absence makes {@code metric} NO_DATA. */
  public static String requiredDataset(MetricId metric) {
    return DEFINITIONS.get(metric).dataset();
  }

  /** Whether {@code metric} can be measured with the datasets in {@code present}. */
  public static boolean measurable(MetricId metric, Set<String> present) {
    return present.contains(requiredDataset(metric));
  }

  /** The numerator of the metric named in column {@code metric}, from daily-count columns. */
  static Column numerator(Column metric) {
    return pick(metric, Definition::numerator);
  }

  /** The denominator of the metric named in column {@code metric}, from daily-count columns. */
  static Column denominator(Column metric) {
    return pick(metric, Definition::denominator);
  }

  private static Column pick(Column metric, Function<Definition, String> counts) {
    Column picked = lit(null).cast("long");
    for (Map.Entry<MetricId, Definition> e : DEFINITIONS.entrySet()) {
      String column = counts.apply(e.getValue());
      picked = when(metric.equalTo(lit(e.getKey().name())), col(column)).otherwise(picked);
    }
    return picked;
  }
}
