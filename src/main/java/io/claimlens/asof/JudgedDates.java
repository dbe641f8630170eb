package io.claimlens.asof;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_min;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.filter;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import io.claimlens.schema.OutputTables;
import java.time.LocalDate;
import java.util.List;
import java.util.TreeSet;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.functions;

/**
 * The as-of dates a run judges rows at, and a row's judgement carried over the dates on which it
 * cannot change.
 *
 * <p>A row's verdict at D depends on D only through which rows are known at D (SPEC §1.1): its own
 * and those it is judged against (its order's, its key's). From the day the last of them becomes
 * known, its <em>settled day</em>, the verdict is the same at every later date. Such a row is
 * judged at each date before that day and once more at the first date from it; that last judgement
 * is marked {@link #CARRIED} and stands for every later date. A night judges most rows once instead
 * of at D and D−7, a backfill once instead of at each date.
 */
public final class JudgedDates {
  /** Whether a judged row also stands for the dates after its {@link OutputTables#AS_OF_DATE}. */
  public static final String CARRIED = "_carried";

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

  /** A generator of every date: the row once per date, each judged on its own. */
  public Column each() {
    return explode(all());
  }

  /**
   * A generator of the dates a row settled on {@code settledDay} is judged at: each date before
   * that day, and the first date from it. A null settled day means the row never changes: it is
   * judged at the first date only.
   */
  public Column until(Column settledDay) {
    Column settled = orFirst(settledDay);
    Column firstSettled = array_min(filter(all(), d -> d.geq(settled)));
    return explode(filter(all(), d -> d.lt(settled).or(d.equalTo(firstSettled))));
  }

  /**
   * The same for a row that is paired with one judgement of another, made at {@code judgedAt}: a
   * judgement for that date alone ({@code judgedAtCarried} false) pairs with that date alone; a
   * carried one (or none: a null {@code judgedAt}) with the dates {@link #until} gives from its
   * date on.
   */
  public Column until(Column settledDay, Column judgedAt, Column judgedAtCarried) {
    Column settled = orFirst(settledDay);
    Column firstSettled = array_min(filter(all(), d -> d.geq(settled)));
    Column from = coalesce(judgedAt, lit(dates.get(0)));
    return explode(
        filter(
            all(),
            d ->
                when(judgedAtCarried, d.geq(from).and(d.lt(settled).or(d.equalTo(firstSettled))))
                    .otherwise(d.equalTo(judgedAt))));
  }

  /** Whether the judgement at the row's date is carried to the later dates ({@link #until}). */
  public Column carriedFrom(Column settledDay) {
    return KnownAt.asOf().geq(orFirst(settledDay));
  }

  /**
   * A generator of the dates a judged row stands for: its own, and when it is {@link #CARRIED},
   * every later date.
   */
  public Column expand() {
    Column asOf = KnownAt.asOf();
    return explode(when(col(CARRIED), filter(all(), d -> d.geq(asOf))).otherwise(array(asOf)));
  }

  /**
   * Whether a judgement made at {@code judgedAt}, carried or not, stands for the row's as-of date:
   * the condition to join a row judged at every date to rows judged with {@link #until}.
   */
  public static Column standsFor(Column judgedAt, Column carried) {
    Column asOf = KnownAt.asOf();
    return judgedAt.equalTo(asOf).or(carried.and(judgedAt.lt(asOf)));
  }

  private Column orFirst(Column settledDay) {
    return coalesce(settledDay, lit(dates.get(0)));
  }

  private Column all() {
    return array(dates.stream().map(functions::lit).toArray(Column[]::new));
  }
}
