package io.claimlens.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * How the output tables are stored (docs/running.md, "Choosing the table format"): Hive-partitioned
 * Parquet folders, or Delta Lake tables partitioned the same way.
 */
public enum TableFormat {
  /** {@code <table>/as_of_date=D/} folders, swapped in by renames: the default. */
  PARQUET,
  /** A Delta table per output table: one atomic commit per table and run, with time travel. */
  DELTA;

  /** The word the command line and the docs use. */
  public String word() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The format named by {@code word}, if any. */
  public static Optional<TableFormat> of(String word) {
    return Arrays.stream(values()).filter(f -> f.word().equals(word)).findFirst();
  }
}
