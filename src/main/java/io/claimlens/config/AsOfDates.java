package io.claimlens.config;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * The as-of dates one run computes (SPEC §5): a single date D for the nightly run, or every date
 * from D1 to D2 for a backfill. The job treats both alike: the as-of date is a column, so a night
 * is a backfill of one day.
 *
 * @param first the first as-of date
 * @param last the last as-of date, not before {@code first}
 */
public record AsOfDates(LocalDate first, LocalDate last) {
  /** The longest backfill one run accepts: a year of dates, so a typo cannot ask for centuries. */
  public static final int MAX_DAYS = 366;

  public AsOfDates {
    if (last.isBefore(first)) {
      throw new IllegalArgumentException("last " + last + " is before first " + first);
    }
  }

  /** The nightly run's single date. */
  public static AsOfDates of(LocalDate asOf) {
    return new AsOfDates(asOf, asOf);
  }

  /** Every date from {@link #first} to {@link #last}, in order. */
  public List<LocalDate> dates() {
    return first.datesUntil(last.plusDays(1)).toList();
  }

  /** How many dates. */
  public int size() {
    return (int) ChronoUnit.DAYS.between(first, last) + 1;
  }

  /** Whether this is a single date. */
  public boolean isSingle() {
    return first.equals(last);
  }

  /** The same range moved by {@code days}. */
  public AsOfDates shiftedBy(int days) {
    return new AsOfDates(first.plusDays(days), last.plusDays(days));
  }

  @Override
  public String toString() {
    return isSingle() ? first.toString() : first + ".." + last;
  }
}
