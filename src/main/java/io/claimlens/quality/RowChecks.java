package io.claimlens.quality;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import io.claimlens.schema.ColumnSpec;
import io.claimlens.schema.DatasetSchema;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;

/**
 * Row-level checks of SPEC §1.2 derived from the declared columns. Each check is a column that is
 * null when the row passes and otherwise says, in words, what is wrong with it.
 */
final class RowChecks {

  private RowChecks() {}

  /** MISSING_REQUIRED: names the first required column that is null. */
  static Column missingRequired(DatasetSchema schema) {
    List<Column> checks = new ArrayList<>();
    for (ColumnSpec c : schema.columns()) {
      if (c.isRequired()) {
        checks.add(when(col(c.name()).isNull(), lit("required column " + c.name() + " is null")));
      }
    }
    return firstProblem(checks);
  }

  /** INVALID_VALUE: an unknown enum value or a number outside its declared range. */
  static Column invalidValue(DatasetSchema schema) {
    List<Column> checks = new ArrayList<>();
    for (ColumnSpec c : schema.columns()) {
      Column value = col(c.name());
      if (!c.allowedValues().isEmpty()) {
        checks.add(
            when(
                value.isNotNull().and(value.isin(c.allowedValues().toArray()).unary_$bang()),
                concat(
                    lit(c.name() + ": '"),
                    value,
                    lit("' is not one of " + String.join(", ", c.allowedValues())))));
      }
      if (c.min() != null) {
        checks.add(
            when(
                value.lt(lit(c.min())),
                concat(lit(c.name() + ": "), value.cast("string"), lit(" is below " + c.min()))));
      }
      if (c.max() != null) {
        checks.add(
            when(
                value.gt(lit(c.max())),
                concat(lit(c.name() + ": "), value.cast("string"), lit(" is above " + c.max()))));
      }
    }
    return firstProblem(checks);
  }

  /** The first non-null problem, or null when every check passes. */
  static Column firstProblem(List<Column> checks) {
    if (checks.isEmpty()) {
      return lit(null).cast("string");
    }
    return coalesce(checks.toArray(new Column[0]));
  }
}
