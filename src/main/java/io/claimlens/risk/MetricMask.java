package io.claimlens.risk;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.filter;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import io.claimlens.config.MetricId;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.types.DataTypes;

/**
 * A set of metrics as the bits of a long, a metric's bit its place among the metrics by name: a
 * per-seller fold of which metrics are flagged is a {@code bit_or}, a fixed-width aggregate, where
 * a set of names needs an object aggregation, and a flag per metric a column and an aggregate each.
 */
final class MetricMask {
  private static final List<String> NAMES =
      Stream.of(MetricId.values()).map(MetricId::name).sorted().toList();

  private MetricMask() {}

  /** The bit of the metric named {@code metric}; null for another name. */
  static Column bit(Column metric) {
    Column bit = lit(null).cast(DataTypes.LongType);
    for (int i = 0; i < NAMES.size(); i++) {
      bit = when(metric.equalTo(lit(NAMES.get(i))), lit(1L << i)).otherwise(bit);
    }
    return bit;
  }

  /** Whether {@code mask} holds {@code metric}; null for a null mask. */
  static Column holds(Column mask, MetricId metric) {
    return mask.bitwiseAND(lit(1L << NAMES.indexOf(metric.name()))).notEqual(lit(0L));
  }

  /** The names of the metrics {@code mask} holds, by name; empty for a null mask. */
  static Column names(Column mask) {
    Column[] names = NAMES.stream().map(n -> lit(n)).toArray(Column[]::new);
    return filter(array(names), name -> mask.bitwiseAND(bit(name)).notEqual(lit(0L)));
  }
}
