package io.claimlens.asof;

import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.timestamp_micros;
import static org.apache.spark.sql.functions.unix_micros;

import org.apache.spark.sql.Column;

/**
 * Instant arithmetic on epoch microseconds, so deadlines do not depend on the session time zone or
 * on daylight-saving days: a 48-hour window is 48 elapsed hours.
 */
public final class Durations {
  private static final long MICROS_PER_SECOND = 1_000_000L;
  private static final double MICROS_PER_HOUR = 3_600_000_000.0;

  private Durations() {}

  /** The instant {@code seconds} (a long column) after {@code ts}. */
  public static Column plusSeconds(Column ts, Column seconds) {
    return timestamp_micros(unix_micros(ts).plus(seconds.multiply(lit(MICROS_PER_SECOND))));
  }

  /** Hours from {@code from} to {@code to}, negative when {@code to} is earlier. */
  public static Column hoursBetween(Column from, Column to) {
    return unix_micros(to).minus(unix_micros(from)).cast("double").divide(lit(MICROS_PER_HOUR));
  }
}
