package io.claimlens.schema;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One declared input column: its name and type, and the row-level rules the quality step enforces
 * on it (required, allowed values, numeric range). Personal columns are read but never written out;
 * checked-only columns are written out only in a quarantined row's record.
 */
public final class ColumnSpec {
  private final String name;
  private final ColumnType type;
  private final boolean required;
  private final boolean personal;
  private final boolean checkedOnly;
  private final Set<String> allowedValues;
  private final Long min;
  private final Long max;

  private ColumnSpec(
      String name,
      ColumnType type,
      boolean required,
      boolean personal,
      boolean checkedOnly,
      Set<String> allowedValues,
      Long min,
      Long max) {
    this.name = name;
    this.type = type;
    this.required = required;
    this.personal = personal;
    this.checkedOnly = checkedOnly;
    this.allowedValues = allowedValues;
    this.min = min;
    this.max = max;
  }

  /** A column that must be non-null in every row (null → MISSING_REQUIRED). */
  public static ColumnSpec required(String name, ColumnType type) {
    return new ColumnSpec(name, type, true, false, false, Set.of(), null, null);
  }

  /** A column that may be null or absent from the files. */
  public static ColumnSpec optional(String name, ColumnType type) {
    return new ColumnSpec(name, type, false, false, false, Set.of(), null, null);
  }

  /** This column restricted to the names of an enum (other values → INVALID_VALUE). */
  public ColumnSpec oneOf(Class<? extends Enum<?>> values) {
    Set<String> names =
        Arrays.stream(values.getEnumConstants())
            .map(Enum::name)
            .collect(Collectors.toCollection(LinkedHashSet::new));
    return new ColumnSpec(name, type, required, personal, checkedOnly, names, min, max);
  }

  /** This column restricted to {@code [min, max]}; null bounds are open. */
  public ColumnSpec between(Long min, Long max) {
    return new ColumnSpec(name, type, required, personal, checkedOnly, allowedValues, min, max);
  }

  /** This column marked as personal data: never copied to any output. */
  public ColumnSpec personal() {
    return new ColumnSpec(name, type, required, true, checkedOnly, allowedValues, min, max);
  }

  /**
   * This column marked as read by the quality gate alone (its checks, keys and a quarantined row's
   * record) and by no fact or metric: the judged rows the later steps read leave it out.
   */
  public ColumnSpec checkedOnly() {
    return new ColumnSpec(name, type, required, personal, true, allowedValues, min, max);
  }

  public String name() {
    return name;
  }

  public ColumnType type() {
    return type;
  }

  /** Whether a null here is MISSING_REQUIRED, and a missing column a schema error. */
  public boolean isRequired() {
    return required;
  }

  /** Whether the column is personal data, kept out of every output. */
  public boolean isPersonal() {
    return personal;
  }

  /** Whether only the quality gate reads the column ({@link #checkedOnly}). */
  public boolean isCheckedOnly() {
    return checkedOnly;
  }

  /** Allowed values, or empty when any value is allowed. */
  public Set<String> allowedValues() {
    return allowedValues;
  }

  /** Smallest allowed value, or null. */
  public Long min() {
    return min;
  }

  /** Largest allowed value, or null. */
  public Long max() {
    return max;
  }
}
