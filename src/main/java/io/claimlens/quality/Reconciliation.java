package io.claimlens.quality;

import io.claimlens.schema.OutputTables;
import java.time.LocalDate;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * Where every input row of one dataset went (SPEC §1.2): read = used + quarantined + notYetKnown +
 * duplicates + outOfScope.
 */
public record Reconciliation(
    String dataset,
    boolean present,
    long read,
    long used,
    long quarantined,
    long notYetKnown,
    long duplicates,
    long outOfScope) {

  /** The counts of a dataset whose folder was absent. */
  public static Reconciliation absent(String dataset) {
    return new Reconciliation(dataset, false, 0, 0, 0, 0, 0, 0);
  }

  /** The counts of a dataset present but without a single row. */
  public static Reconciliation empty(String dataset) {
    return new Reconciliation(dataset, true, 0, 0, 0, 0, 0, 0);
  }

  /** The as-of date of a row of {@link ValidatedDataset#counts}. */
  public static LocalDate asOf(Row r) {
    Object d = r.getAs(OutputTables.AS_OF_DATE);
    return d instanceof java.sql.Date sql ? sql.toLocalDate() : (LocalDate) d;
  }

  /** From a row of {@link ValidatedDataset#counts}. */
  public static Reconciliation of(Row r) {
    return new Reconciliation(
        r.getString(0),
        r.getBoolean(1),
        r.getLong(2),
        r.getLong(3),
        r.getLong(4),
        r.getLong(5),
        r.getLong(6),
        r.getLong(7));
  }

  /** Whether the counts add up: nothing lost, nothing counted twice. */
  public boolean balances() {
    return read == used + quarantined + notYetKnown + duplicates + outOfScope;
  }

  /** As a row of the manifest's dataset struct, fields in the order of {@link #of}. */
  public Row toRow() {
    return RowFactory.create(
        dataset, present, read, used, quarantined, notYetKnown, duplicates, outOfScope);
  }
}
