package io.claimlens.asof;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_min;
import static org.apache.spark.sql.functions.array_sort;
import static org.apache.spark.sql.functions.array_union;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.filter;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.transform;

import io.claimlens.config.AsOfDates;
import io.claimlens.schema.OutputTables;
import java.time.LocalDate;
import java.util.List;
import java.util.TreeSet;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.functions;

/**
 * The as-of dates a run judges rows at, and a row judged once for the dates on which its verdict
 * cannot change.
 *
 * <p>A row's verdict at D depends on D only through which rows are known at D (SPEC §1.1): its own
 * and those it is judged against (its order's, the other rows of its key). It can change only on
 * the days those rows become known, its <em>change days</em>. So a row is judged at the first date
 * and at the first date from each change day on, and each judgement stands {@link #UNTIL} the next:
 * a night judges most rows once instead of at D and D−7, a backfill once instead of at each date.
 */
public final class JudgedDates {
  /**
   * The first later date a judgement no longer stands for (the row's next judgement), null when it
   * stands for every later date; the judgement's own date is {@link OutputTables#AS_OF_DATE}.
   */
  public static final String UNTIL = "_judged_until";

  /** The dates, ascending. */
  private final List<LocalDate> dates;

  private JudgedDates(List<LocalDate> dates) {
    this.dates = dates;
  }

  /** The distinct {@code dates}, in any order. */
  public static JudgedDates of(List<LocalDate> dates) {
    if (dates.isEmpty()) {
      throw new IllegalArgumentException("no as-of dates to judge rows at");
    }
    return new JudgedDates(List.copyOf(new TreeSet<>(dates)));
  }

  /** The dates, ascending. */
  public List<LocalDate> dates() {
    return dates;
  }

  /** Whether there is more than one date: only then can a judgement stand for others. */
  public boolean several() {
    return dates.size() > 1;
  }

  /** A generator of every date: the row once per date, each judged on its own. */
  public Column each() {
    return explode(all());
  }

  /**
   * The dates a row with {@code changeDays} (an array of dates) is judged at, ascending: the first
   * date, and the first date on or after each change day.
   */
  public Column judgedAt(Column changeDays) {
    Column firstOnOrAfter =
        transform(
            filter(changeDays, day -> day.leq(lit(last()))),
            day -> array_min(filter(all(), d -> d.geq(day))));
    return array_sort(array_union(array(lit(dates.get(0))), firstOnOrAfter));
  }

  /**
   * The dates of {@code judgedAt} (a {@link #judgedAt} array) that fall in a judgement of another
   * row made at {@code from} and standing until {@code until} (both null: no such judgement, every
   * date).
   */
  public static Column during(Column judgedAt, Column from, Column until) {
    return filter(judgedAt, d -> stands(from, until, d));
  }

  /** {@link #UNTIL} of the row judged at its as-of date among {@code judgedAt}. */
  public static Column until(Column judgedAt) {
    Column asOf = KnownAt.asOf();
    return array_min(filter(judgedAt, d -> d.gt(asOf)));
  }

  /** A generator of the dates a judged row stands for: its own and those until {@link #UNTIL}. */
  public Column expand() {
    return expand(KnownAt.asOf(), functions.col(UNTIL));
  }

  /** A generator of the dates a judgement made at {@code from} stands for until {@code until}. */
  public Column expand(Column from, Column until) {
    return explode(filter(all(), d -> stands(from, until, d)));
  }

  /** These dates within {@code range}; there must be one. */
  public JudgedDates within(AsOfDates range) {
    return of(
        dates.stream()
            .filter(d -> !d.isBefore(range.first()) && !d.isAfter(range.last()))
            .toList());
  }

  /** Whether a judgement made at the row's date, until {@link #UNTIL}, stands for one of these. */
  public Column standsForAny() {
    Column until = functions.col(UNTIL);
    return KnownAt.asOf().leq(lit(last())).and(until.isNull().or(until.gt(lit(dates.get(0)))));
  }

  /**
   * Whether a judgement made at {@code judgedAt}, standing until {@code until}, stands for the
   * row's as-of date: the condition to join a row judged at every date to rows judged once per
   * change.
   */
  public static Column standsFor(Column judgedAt, Column until) {
    return stands(judgedAt, until, KnownAt.asOf());
  }

  private static Column stands(Column from, Column until, Column date) {
    return coalesce(from.leq(date), lit(true)).and(coalesce(date.lt(until), lit(true)));
  }

  private LocalDate last() {
    return dates.get(dates.size() - 1);
  }

  private Column all() {
    return array(dates.stream().map(functions::lit).toArray(Column[]::new));
  }
}
