package io.claimlens.samples;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The time frame of a generated data set: the purchase days it covers and the moment it was
 * exported. Nothing in the data happens after the export, as in a real extract, so recent orders
 * are still pending and recent claims still open.
 */
record Timeline(LocalDate firstDay, LocalDate lastDay) {
  /** Days between the natural as-of date and the last purchase day. */
  static final int DAYS_AFTER_AS_OF = 10;

  /** The timeline of {@code days} purchase days ending at {@code lastDay}. */
  static Timeline ending(LocalDate lastDay, int days) {
    return new Timeline(lastDay.minusDays(days - 1L), lastDay);
  }

  /** Number of purchase days. */
  int days() {
    return (int) (lastDay.toEpochDay() - firstDay.toEpochDay() + 1);
  }

  /**
   * The extract time: noon UTC the day after the last purchase day, after the end of that day in
   * every marketplace zone (Los Angeles ends it at 07:00 UTC).
   */
  Instant exportedAt() {
    return lastDay.plusDays(1).atTime(12, 0).toInstant(ZoneOffset.UTC);
  }

  /**
   * The as-of date the data set is meant to be run for (2026-06-30 with the defaults): ten days
   * before the last purchase day, so later orders and late state changes are "not yet known".
   */
  LocalDate naturalAsOf() {
    return lastDay.minusDays(DAYS_AFTER_AS_OF);
  }

  /** {@code time} on {@code day} in {@code zone}, as an instant. */
  static Instant at(LocalDate day, LocalTime time, ZoneId zone) {
    return day.atTime(time).atZone(zone).toInstant();
  }

  /** The last second of {@code day} in {@code zone}: how promised ship and delivery dates read. */
  static Instant endOfDay(LocalDate day, ZoneId zone) {
    return at(day, LocalTime.of(23, 59, 59), zone);
  }
}
