package io.claimlens.metrics;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import io.claimlens.config.MetricId;
import io.claimlens.schema.Chargebacks;
import io.claimlens.schema.Claims;
import io.claimlens.schema.Feedback;
import io.claimlens.schema.InputDatasets;
import io.claimlens.schema.Orders;
import io.claimlens.schema.Returns;
import io.claimlens.schema.Shipments;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.apache.spark.sql.Column;

/**
 * What each metric counts (SPEC §2.2): its numerator and denominator among the {@link DailyCounts},
 * the dataset it cannot be measured without, and the optional datasets it reads when present.
 */
public final class MetricCatalog {

  /**
   * A metric's counts, the dataset its numerator needs, and the datasets whose absence leaves it
   * measured on what is known (ODR without feedback counts claims and chargebacks).
   */
  record Definition(
      MetricId metric,
      String numerator,
      String denominator,
      String dataset,
      List<String> alsoReads) {

    /**
     * The run manifest's notes when datasets of this metric are absent: NO_DATA without its
     * dataset, otherwise one "measured without" per absent optional dataset.
     */
    List<String> notes(Set<String> present) {
      if (!present.contains(dataset)) {
        return List.of(metric + " is NO_DATA: " + InputDatasets.absent(dataset));
      }
      return alsoReads.stream()
          .filter(optional -> !present.contains(optional))
          .map(
              optional -> metric + " is measured without '" + optional + "': the dataset is absent")
          .toList();
    }
  }

  private static final Map<MetricId, Definition> DEFINITIONS = new EnumMap<>(MetricId.class);

  static {
    List<String> otherDefects = List.of(Feedback.NAME, Chargebacks.NAME);
    define(
        MetricId.ODR, DailyCounts.DEFECTIVE_ORDERS, DailyCounts.ORDERS, Claims.NAME, otherDefects);
    define(
        MetricId.CLAIM_RATE, DailyCounts.CLAIM_ORDERS, DailyCounts.ORDERS, Claims.NAME, List.of());
    define(
        MetricId.NEGATIVE_FEEDBACK_RATE,
        DailyCounts.NEGATIVE_FEEDBACK_ORDERS,
        DailyCounts.ORDERS,
        Feedback.NAME,
        List.of());
    define(
        MetricId.CHARGEBACK_RATE,
        DailyCounts.CHARGEBACK_ORDERS,
        DailyCounts.ORDERS,
        Chargebacks.NAME,
        List.of());
    define(
        MetricId.LATE_SHIPMENT_RATE,
        DailyCounts.LATE_SHIPMENT_ORDERS,
        DailyCounts.SHIPPED_ORDERS,
        Shipments.NAME,
        List.of());
    define(
        MetricId.PRE_FULFILLMENT_CANCEL_RATE,
        DailyCounts.PRE_FULFILLMENT_CANCELLED_ORDERS,
        DailyCounts.ORDERS,
        Orders.NAME,
        List.of(Shipments.NAME));
    define(
        MetricId.VALID_TRACKING_RATE,
        DailyCounts.VALID_TRACKING_ORDERS,
        DailyCounts.SHIPPED_ORDERS,
        Shipments.NAME,
        List.of());
    define(
        MetricId.ON_TIME_DELIVERY_RATE,
        DailyCounts.ON_TIME_DELIVERED_ORDERS,
        DailyCounts.VALID_TRACKING_ORDERS,
        Shipments.NAME,
        List.of());
    define(
        MetricId.RETURN_DISSATISFACTION_RATE,
        DailyCounts.DISSATISFIED_RETURNS,
        DailyCounts.RETURNS_REQUESTED,
        Returns.NAME,
        List.of());
    define(
        MetricId.PERFECT_ORDER_PERCENTAGE,
        DailyCounts.PERFECT_ORDERS,
        DailyCounts.ORDERS,
        Claims.NAME,
        List.of(Feedback.NAME, Chargebacks.NAME, Shipments.NAME, Returns.NAME));
  }

  private MetricCatalog() {}

  private static void define(
      MetricId metric,
      String numerator,
      String denominator,
      String dataset,
      List<String> alsoReads) {
    DEFINITIONS.put(metric, new Definition(metric, numerator, denominator, dataset, alsoReads));
  }

  /** Whether {@code metric} can be measured with the datasets in {@code present}. */
  public static boolean measurable(MetricId metric, Set<String> present) {
    return present.contains(DEFINITIONS.get(metric).dataset());
  }

  /**
   * The run manifest's notes on {@code metric} for the datasets absent from {@code present}: why it
   * is NO_DATA, or which optional datasets it was measured without; none when all are present.
   */
  public static List<String> notes(MetricId metric, Set<String> present) {
    return DEFINITIONS.get(metric).notes(present);
  }

  /** The daily-count column that {@code metric}'s numerator adds up. */
  static String numeratorOf(MetricId metric) {
    return DEFINITIONS.get(metric).numerator();
  }

  /** The daily-count column that {@code metric}'s denominator adds up. */
  static String denominatorOf(MetricId metric) {
    return DEFINITIONS.get(metric).denominator();
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
