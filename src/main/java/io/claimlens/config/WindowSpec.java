package io.claimlens.config;

import java.time.LocalDate;

/**
 * A rolling window of purchase days (SPEC §2): for as-of date D, {@code days} W and {@code lagDays}
 * L, the days [D - L - W + 1, D - L], both ends included.
 */
public record WindowSpec(int days, int lagDays) {

  /** First day of the window for as-of date {@code asOf}. */
  public LocalDate start(LocalDate asOf) {
    return asOf.minusDays((long) lagDays + days - 1);
  }

  /** Last day of the window for as-of date {@code asOf}. */
  public LocalDate end(LocalDate asOf) {
    return asOf.minusDays(lagDays);
  }

  /** Days from the window's first day up to D itself: W + L. */
  public int spanWithLag() {
    return days + lagDays;
  }
}
