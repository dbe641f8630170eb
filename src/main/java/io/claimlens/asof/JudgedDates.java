package io.claimlens.asof;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_union;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.date_sub;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.get;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lag;
import static org.apache.spark.sql.functions.lead;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.posexplode_outer;
import static org.apache.spark.sql.functions.sequence;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.sort_array;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.claimlens.config.AsOfDates;
import io.claimlens.schema.OutputTables;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
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

  // the dates a row is judged at, and the sets of dates its change days are seen at, while they are
  // gathered
  private static final String JUDGED_AT = "_judged_at";
  // a standing row's key and dates, named apart from those of the rows it is joined to
  private static final String STANDING_KEY = "_standing_key";
  private static final String STANDING_FROM = "_standing_from";
  private static final String STANDING_UNTIL = "_standing_until";
  private static final String SEEN_AT_PREFIX = "_seen_at_";
  private static final String CHANGE_DAY_PREFIX = "_change_day_";

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

  /**
   * Every date: the row once per date, each judged on its own. For one date a literal, not a
   * generator: Spark knows nothing of the order of a generator's rows, so a row sorted by order id
   * before it was sorted again for the join to its order.
   */
  public Column each() {
    return several() ? explode(all()) : lit(dates.get(0));
  }

  /**
   * The first of these dates on or after {@code day}, null after the last: the date a change on
   * that day is first seen at. A CASE of literals, which Spark compiles (a lambda over the dates it
   * would interpret row by row, and with it the generator that reads it).
   */
  public Column firstOnOrAfter(Column day) {
    Column first = null;
    for (LocalDate d : dates) {
      Column branch = day.leq(lit(d));
      first = first == null ? when(branch, lit(d)) : first.when(branch, lit(d));
    }
    return first;
  }

  /** The first of these dates after {@code day}, null on or after the last. */
  public Column firstAfter(Column day) {
    return firstOnOrAfter(date_add(day, 1));
  }

  /**
   * The dates at which {@code rows}, at most one per {@code key} and date of these, change for
   * their key: each date with a row whose {@code values} differ from those of the key's row at the
   * date before, or that has no row at the date before; and the date after a row's when the key has
   * no row there. A row of the key and {@link OutputTables#AS_OF_DATE} per change.
   *
   * <p>For facts made per date (an order's defects, its returns), so that a reader of their values
   * at a date can judge them once per interval between changes instead. The window's columns are
   * named before they are read: each reference to a window expression is a window function of its
   * own.
   */
  public Dataset<Row> changes(Dataset<Row> rows, String key, String... values) {
    WindowSpec byDate = Window.partitionBy(col(key)).orderBy(KnownAt.asOf());
    Column date = KnownAt.asOf();
    Column value =
        values.length == 0
            ? lit(true)
            : struct(Stream.of(values).map(functions::col).toArray(Column[]::new));
    String previous = "_previous_date";
    String previousValue = "_previous_value";
    String next = "_next_date";
    Column after = firstAfter(date);
    Column starts =
        col(previous)
            .isNull()
            .or(firstAfter(col(previous)).notEqual(date))
            .or(not(col(previousValue).eqNullSafe(value)));
    Column ends = after.isNotNull().and(coalesce(col(next).notEqual(after), lit(true)));
    return rows.withColumn(previous, lag(date, 1).over(byDate))
        .withColumn(previousValue, lag(value, 1).over(byDate))
        .withColumn(next, lead(date, 1).over(byDate))
        .select(
            col(key),
            explode(array(when(starts, date), when(ends, after))).as(OutputTables.AS_OF_DATE))
        .filter(date.isNotNull());
  }

  /**
   * {@code rows}, one per date each is judged at, with the date it stands {@link #UNTIL}: the first
   * date, and the {@link #firstOnOrAfter} each of {@code changeDays} of every row of its {@code
   * key} (nulls, beyond the last date, are left out). {@code alsoOverKey} are more columns over
   * {@code key}, computed in the same pass.
   *
   * <p>Each change day's set of dates is a named column before it is read: the four references
   * below to one window expression were four window functions, each building its set of every row
   * (Spark extracts a window expression per reference). So is each change day itself, before {@link
   * #firstOnOrAfter} compares it with every date: a local day is a CASE over the policy's time
   * zones, and written into that CASE once per date it made a 30-date backfill's plans so large
   * that building and planning the gate's queries took seconds (docs/benchmarks-log.md, item 125).
   */
  public Dataset<Row> judgedOnChange(
      Dataset<Row> rows, WindowSpec key, Map<String, Column> alsoOverKey, Column... changeDays) {
    Map<String, Column> days = new LinkedHashMap<>();
    Map<String, Column> overKey = new LinkedHashMap<>(alsoOverKey);
    List<String> seenAt = new ArrayList<>();
    for (Column day : changeDays) {
      String dayName = CHANGE_DAY_PREFIX + seenAt.size();
      String name = SEEN_AT_PREFIX + seenAt.size();
      days.put(dayName, day);
      overKey.put(name, collect_set(firstOnOrAfter(col(dayName))).over(key));
      seenAt.add(name);
    }
    String position = "_judged_position";
    Column judgedAt = col(JUDGED_AT);
    // the rows' columns, those over the key asked for, the date and until, in one last projection:
    // each Dataset call analyses the whole plan again, which small runs (the tests) pay for
    List<Column> kept = new ArrayList<>();
    Stream.concat(Stream.of(rows.columns()), alsoOverKey.keySet().stream())
        .forEach(c -> kept.add(col(c)));
    kept.add(col(OutputTables.AS_OF_DATE));
    kept.add(get(judgedAt, col(position).plus(1)).as(UNTIL));
    // the outer generator gives the same rows, as the array always holds the first date; for the
    // plain one Spark infers a filter on the array's size and pushes it below this projection,
    // which evaluated the dates twice per row
    return rows.withColumns(days)
        .withColumns(overKey)
        .withColumn(JUDGED_AT, judgedAt(seenAt.stream().map(functions::col).toList()))
        .select(
            col("*"),
            posexplode_outer(judgedAt).as(new String[] {position, OutputTables.AS_OF_DATE}))
        .select(kept.toArray(Column[]::new));
  }

  /**
   * The dates a row is judged at, ascending, from the sets of dates its change days are seen at.
   */
  private Column judgedAt(List<Column> seenAt) {
    Column first = lit(dates.get(0));
    Column all = array(first);
    Column firstAlone = lit(true);
    for (Column c : seenAt) {
      all = array_union(all, c);
      firstAlone =
          firstAlone.and(
              size(c).equalTo(0).or(size(c).equalTo(1).and(get(c, lit(0)).equalTo(first))));
    }
    // most rows are judged at the first date alone: they skip the union's hash set and the sort
    // (sort_array, not array_sort, whose comparator lambda kept every row out of generated code)
    return when(firstAlone, array(first)).otherwise(sort_array(all));
  }

  /**
   * {@code judged} rows spread over the dates each stands for: from {@code from} until {@code
   * until} (exclusive; null: every later date), as {@link OutputTables#AS_OF_DATE}. The days
   * between as a sequence, kept where they are one of these dates: an expression of one size for
   * any number of dates (a CASE per date made a 30-date backfill's plans large enough for Spark to
   * warn).
   *
   * <p>The sequence counts days from the first date as integers, turned into dates after the
   * generator: Spark steps a sequence of dates through microseconds in the session's time zone,
   * with two zone conversions per element, where integers are a plain loop.
   */
  public Dataset<Row> spread(Dataset<Row> judged, Column from, Column until) {
    Column through = least(coalesce(date_sub(until, 1), lit(last())), lit(last()));
    String offset = "_days_after_first";
    Column date = col(OutputTables.AS_OF_DATE);
    return judged
        .withColumn(offset, explode(candidates(from, through)))
        .withColumn(OutputTables.AS_OF_DATE, date_add(lit(dates.get(0)), col(offset)))
        .drop(offset)
        .filter(date.isin(dates.toArray()));
  }

  /**
   * The days from {@code from} through {@code through} that can be one of these dates, as days
   * after the first date: every {@link #step}th day from the first date on, none before it. A
   * night's dates are D−7 and D (and D alone for most reads), and a judgement made at D−7 was
   * spread over the eight days to D to keep two, or one (a night at 1,000,000 orders generated 7.1
   * M rows to keep 0.9 M).
   */
  private Column candidates(Column from, Column through) {
    int step = step();
    Column first = lit(dates.get(0));
    Column start = greatest(datediff(from, first), lit(0));
    Column end = datediff(through, first);
    // the first day on or after start that is a whole number of steps after the first date
    Column aligned = step == 1 ? start : start.plus(pmod(start.multiply(-1), lit(step)));
    return when(aligned.leq(end), sequence(aligned, end, lit(step)));
  }

  /** The largest number of days that divides every gap between these dates (1 for one date). */
  private int step() {
    long step = 0;
    for (LocalDate d : dates) {
      step = gcd(step, ChronoUnit.DAYS.between(dates.get(0), d));
    }
    return step == 0 ? 1 : Math.toIntExact(step);
  }

  private static long gcd(long a, long b) {
    return b == 0 ? a : gcd(b, a % b);
  }

  /**
   * The sums of {@code counts} per {@code keys} at each of these dates, from {@code ranges}: rows
   * that each count from their {@link OutputTables#AS_OF_DATE} {@link #UNTIL} (exclusive; null:
   * every later date). A row of the date, the keys and the sums (longs) per key and date where a
   * sum is not 0. Ranges distributed by one of the keys are summed where they lie, and the result
   * lies as they do.
   *
   * <p>Summed from their changes rather than spread: each range adds its counts at its first date
   * and takes them away at its end, the changes are summed per key and date (those that cancel,
   * where one range hands over to the next, are dropped), added up over the dates in order by one
   * window, and each sum is spread over the dates until the key's next change. For ranges that
   * stand for many dates that is a row per change, not one per range and date.
   */
  public Dataset<Row> sumsAtEachDate(Dataset<Row> ranges, List<String> keys, List<String> counts) {
    String change = "_change";
    String changeDate = "_change_date";
    String sign = "_sign";
    String nextChange = "_next_change";
    Column until = col(UNTIL);
    Column changes =
        explode(
            array(
                struct(KnownAt.asOf().as(changeDate), lit(1).as(sign)),
                when(until.leq(lit(last())), struct(until.as(changeDate), lit(-1).as(sign)))));
    List<Column> signed = new ArrayList<>(columns(keys));
    signed.add(col(change + "." + changeDate).as(changeDate));
    List<Column> changeSums = new ArrayList<>();
    Column changed = lit(false);
    for (String c : counts) {
      signed.add(col(c).multiply(col(change + "." + sign)).as(c));
      changeSums.add(sum(col(c)).cast("long").as(c));
      changed = changed.or(col(c).notEqual(0));
    }
    List<Column> byChangeDate = new ArrayList<>(columns(keys));
    byChangeDate.add(col(changeDate));
    Dataset<Row> summedChanges =
        ranges
            .select(col("*"), changes.as(change))
            .filter(col(change).isNotNull())
            .select(signed.toArray(Column[]::new))
            .groupBy(byChangeDate.toArray(Column[]::new))
            .agg(changeSums.get(0), changeSums.subList(1, changeSums.size()).toArray(Column[]::new))
            .filter(changed);

    WindowSpec byKey =
        Window.partitionBy(columns(keys).toArray(Column[]::new)).orderBy(col(changeDate));
    WindowSpec upToChange = byKey.rowsBetween(Window.unboundedPreceding(), Window.currentRow());
    Map<String, Column> totals = new LinkedHashMap<>();
    Column some = lit(false);
    for (String c : counts) {
      totals.put(c, sum(col(c)).over(upToChange));
      some = some.or(col(c).notEqual(0));
    }
    totals.put(nextChange, lead(col(changeDate), 1).over(byKey));
    List<Column> result = new ArrayList<>();
    result.add(KnownAt.asOf());
    result.addAll(columns(keys));
    result.addAll(columns(counts));
    return spread(summedChanges.withColumns(totals).filter(some), col(changeDate), col(nextChange))
        .select(result.toArray(Column[]::new));
  }

  private static List<Column> columns(List<String> names) {
    return names.stream().map(functions::col).toList();
  }

  /**
   * The day after the row's {@link OutputTables#AS_OF_DATE}: the {@link #UNTIL} of a row that
   * stands for its own date alone.
   */
  public static Column dayAfter() {
    return date_add(KnownAt.asOf(), 1);
  }

  /** Judged rows spread over their dates: from their own until {@link #UNTIL}. */
  public Dataset<Row> spread(Dataset<Row> judged) {
    return spread(judged, KnownAt.asOf(), col(UNTIL)).drop(UNTIL);
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
    return standsForAny(KnownAt.asOf(), col(UNTIL));
  }

  /**
   * Whether a judgement made at {@code judgedAt}, standing until {@code until}, stands for one of
   * these dates.
   */
  public Column standsForAny(Column judgedAt, Column until) {
    return judgedAt.leq(lit(last())).and(until.isNull().or(until.gt(lit(dates.get(0)))));
  }

  /**
   * Whether a judgement made at {@code judgedAt}, standing until {@code until}, stands for the
   * row's as-of date: the condition to join a row judged at every date to rows judged once per
   * change.
   */
  public static Column standsFor(Column judgedAt, Column until) {
    return stands(judgedAt, until, KnownAt.asOf());
  }

  /**
   * {@code rows}, one per {@code key} and as-of date, joined ({@code joinType}) to the {@code
   * standing} rows of their key that stand for their date: rows with the key, the date each was
   * judged at ({@link OutputTables#AS_OF_DATE}) and {@link #UNTIL}, joined as they stand rather
   * than spread over their dates first, which sorted a copy per date for the join (a 10-date
   * backfill at 1,000,000 orders sorted 12.5 M copies of 1.3 M order items' SKUs, 8.1 M of 0.8 M
   * packages). The standing rows' other columns are added; their key and dates are not.
   */
  public static Dataset<Row> joinStanding(
      Dataset<Row> rows, Dataset<Row> standing, String key, String joinType) {
    Dataset<Row> named =
        standing.withColumnsRenamed(
            Map.of(
                key, STANDING_KEY, OutputTables.AS_OF_DATE, STANDING_FROM, UNTIL, STANDING_UNTIL));
    return rows.join(
            named,
            col(key)
                .equalTo(col(STANDING_KEY))
                .and(standsFor(col(STANDING_FROM), col(STANDING_UNTIL))),
            joinType)
        .drop(STANDING_KEY, STANDING_FROM, STANDING_UNTIL);
  }

  /**
   * Whether a judgement made at {@code judgedAt}, standing until {@code until}, stands for {@code
   * date}.
   */
  public static Column standsFor(Column judgedAt, Column until, LocalDate date) {
    return stands(judgedAt, until, lit(date));
  }

  private static Column stands(Column from, Column until, Column date) {
    return coalesce(from.leq(date), lit(true)).and(coalesce(date.lt(until), lit(true)));
  }

  /** The last date. */
  public LocalDate last() {
    return dates.get(dates.size() - 1);
  }

  private Column all() {
    return array(dates.stream().map(functions::lit).toArray(Column[]::new));
  }
}
