package io.claimlens.report;

import java.lang.reflect.Constructor;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * Collected rows as report records: each component annotated {@link From} is read from the column
 * it names and converted to the component's type, so a record says once which column each of its
 * values comes from, and the mapping is not spelled out field by field per query.
 *
 * <p>Spark's bean encoder would do this for JavaBeans, but not for records (Spark 4.2 builds a bean
 * through a no-argument constructor and setters); the report's values are records.
 *
 * <p>Conversions: numbers to the component's number type, dates (java.sql.Date or LocalDate) to
 * LocalDate, timestamps (Timestamp or Instant) to Instant, arrays of strings to a List without
 * nulls (a null array to an empty one). A null into a primitive component fails with the column's
 * name.
 */
final class RecordRows {
  private RecordRows() {}

  /** The columns {@code type}'s annotated components read, in order: a select list. */
  static Column[] columns(Class<? extends Record> type) {
    return annotated(type).stream()
        .map(c -> functions.col(c.getAnnotation(From.class).value()))
        .toArray(Column[]::new);
  }

  /** The rows of {@code rows} (bounded: the caller limits them) as {@code type} records. */
  static <R extends Record> List<R> collect(Dataset<Row> rows, Class<R> type) {
    return rows.select(columns(type)).collectAsList().stream().map(r -> of(r, type)).toList();
  }

  /**
   * A {@code type} record of {@code row}'s columns; the components without {@link From}, which come
   * after the annotated ones, take {@code rest} in order.
   */
  static <R extends Record> R of(Row row, Class<R> type, Object... rest) {
    RecordComponent[] components = type.getRecordComponents();
    Object[] values = new Object[components.length];
    int next = 0;
    for (int i = 0; i < components.length; i++) {
      From from = components[i].getAnnotation(From.class);
      values[i] = from == null ? rest[next++] : value(row, from.value(), components[i]);
    }
    try {
      Constructor<R> canonical =
          type.getDeclaredConstructor(
              Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new));
      return canonical.newInstance(values);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot build " + type.getSimpleName() + " from a row", e);
    }
  }

  /**
   * The date in {@code column} of {@code row}, whichever of Java's date types the session gives.
   */
  static LocalDate date(Row row, String column) {
    return LocalDate.parse(row.getAs(column).toString());
  }

  private static List<RecordComponent> annotated(Class<? extends Record> type) {
    return Arrays.stream(type.getRecordComponents())
        .filter(c -> c.isAnnotationPresent(From.class))
        .toList();
  }

  private static Object value(Row row, String column, RecordComponent component) {
    int i = row.fieldIndex(column);
    Class<?> type = component.getType();
    if (row.isNullAt(i)) {
      if (type == List.class) {
        return List.of();
      }
      if (type.isPrimitive()) {
        throw new IllegalStateException(
            "column " + column + " is null, but " + component.getName() + " cannot be");
      }
      return null;
    }
    Object value = row.get(i);
    if (type == long.class || type == Long.class) {
      return ((Number) value).longValue();
    }
    if (type == int.class || type == Integer.class) {
      return ((Number) value).intValue();
    }
    if (type == double.class || type == Double.class) {
      return ((Number) value).doubleValue();
    }
    if (type == boolean.class || type == Boolean.class) {
      return (Boolean) value;
    }
    if (type == LocalDate.class) {
      return LocalDate.parse(value.toString());
    }
    if (type == Instant.class) {
      return value instanceof Instant instant ? instant : ((Timestamp) value).toInstant();
    }
    if (type == List.class && isListOfStrings(component)) {
      List<String> values = new ArrayList<>(row.<String>getList(i));
      values.removeIf(Objects::isNull);
      return List.copyOf(values);
    }
    if (type == String.class) {
      return (String) value;
    }
    throw new IllegalStateException(
        component.getName() + ": a report record cannot hold " + component.getGenericType());
  }

  private static boolean isListOfStrings(RecordComponent component) {
    return component.getGenericType() instanceof ParameterizedType p
        && p.getActualTypeArguments()[0] == String.class;
  }
}
