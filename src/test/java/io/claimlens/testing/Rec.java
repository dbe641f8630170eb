package io.claimlens.testing;

import io.claimlens.schema.ColumnSpec;
import io.claimlens.schema.ColumnType;
import io.claimlens.schema.DatasetSchema;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * A test row of an input dataset, built by column name: timestamps from ISO instants
 * ("2026-06-01T10:00:00Z"), decimals from strings; unset columns are null.
 */
public final class Rec {
  private final DatasetSchema schema;
  private final Map<String, Object> values = new HashMap<>();

  private Rec(DatasetSchema schema) {
    this.schema = schema;
  }

  public static Rec of(DatasetSchema schema) {
    return new Rec(schema);
  }

  /** Sets {@code column}; strings are converted to the column's declared type. */
  public Rec set(String column, Object value) {
    ColumnSpec spec =
        schema
            .column(column)
            .orElseThrow(() -> new IllegalArgumentException("no column " + column));
    values.put(column, convert(spec.type(), value));
    return this;
  }

  /** A copy with {@code column} changed. */
  public Rec with(String column, Object value) {
    Rec copy = new Rec(schema);
    copy.values.putAll(values);
    return copy.set(column, value);
  }

  public Row row() {
    Object[] fields = new Object[schema.columns().size()];
    for (int i = 0; i < fields.length; i++) {
      fields[i] = values.get(schema.columns().get(i).name());
    }
    return RowFactory.create(fields);
  }

  public DatasetSchema schema() {
    return schema;
  }

  private static Object convert(ColumnType type, Object value) {
    if (!(value instanceof String)) {
      return value;
    }
    String s = (String) value;
    switch (type) {
      case TIMESTAMP:
        return java.sql.Timestamp.from(Instant.parse(s));
      case DECIMAL:
        return new BigDecimal(s);
      case INT:
        return Integer.valueOf(s);
      case BOOLEAN:
        return Boolean.valueOf(s);
      default:
        return s;
    }
  }
}
