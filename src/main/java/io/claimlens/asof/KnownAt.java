package io.claimlens.asof;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_from_unix_date;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.from_utc_timestamp;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.unix_seconds;

import io.claimlens.config.AsOfDates;
import io.claimlens.schema.OutputTables;
import org.apache.spark.sql.Column;

/**
 * What is known at the as-of date (SPEC §1.1): a timestamp is known at D when it falls before the
 * start of D+1 in the marketplace's time zone, that is, when its local calendar day is at most D.
 *
 * <p>D is a column of the row ({@link OutputTables#AS_OF_DATE}), not a constant: a nightly run's
 * rows all carry the same date, a backfill's rows one per as-of date of the range, and the same
 * expressions judge both.
 */
public final class KnownAt {
  /**
   * The IANA time zone of the row's marketplace (a child's: its order's), set by the quality gate.
   */
  public static final String TIME_ZONE = "_time_zone";

  private static final long SECONDS_PER_DAY = 86_400L;

  private KnownAt() {}

  /**
   * The calendar day of instant {@code ts} in time zone {@code zone} (a column of IANA ids).
   *
   * <p>from_utc_timestamp shifts the instant by the zone's offset at that instant (DST included);
   * the day is then taken from the shifted epoch seconds, not with to_date, so the result does not
   * depend on spark.sql.session.timeZone.
   */
  public static Column localDay(Column ts, Column zone) {
    return date_from_unix_date(
        floor(unix_seconds(from_utc_timestamp(ts, zone)).divide(lit(SECONDS_PER_DAY))).cast("int"));
  }

  /** The row's as-of date D. */
  public static Column asOf() {
    return col(OutputTables.AS_OF_DATE);
  }

  /** Whether the row's as-of date is one of {@code dates} (a run's dates are a range). */
  public static Column isAt(AsOfDates dates) {
    return asOf().between(lit(dates.first()), lit(dates.last()));
  }

  /** Whether {@code ts} is set and known at the row's D: its local day is at most D. */
  public static Column isKnown(Column ts, Column zone) {
    return ts.isNotNull().and(localDay(ts, zone).leq(asOf()));
  }

  /** Whether {@code ts} is set but only after the row's D locally. */
  public static Column isAfter(Column ts, Column zone) {
    return ts.isNotNull().and(localDay(ts, zone).gt(asOf()));
  }
}
