package io.claimlens.samples;

import java.time.Duration;
import java.util.SplittableRandom;

/**
 * The generator's source of randomness: a seeded {@link SplittableRandom} with the few draws the
 * simulation needs. Every stream is derived from the run's seed and a stable index, never from the
 * wall clock, so a seed always gives the same files.
 */
final class Dice {
  private final SplittableRandom random;

  private Dice(long seed) {
    this.random = new SplittableRandom(seed);
  }

  /**
   * The stream for item {@code index} of kind {@code stream}. Each order gets its own stream, so
   * one order's draws never shift another's and order i looks the same whatever N is.
   */
  static Dice of(long seed, long stream, long index) {
    return new Dice(mix64(mix64(seed ^ mix64(stream)) + index));
  }

  /** Stafford's variant 13 of the MurmurHash3 finalizer: spreads nearby inputs over all bits. */
  static long mix64(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  /** True with probability {@code p}. */
  boolean chance(double p) {
    return random.nextDouble() < p;
  }

  /** Uniform in [0, 1). */
  double unit() {
    return random.nextDouble();
  }

  /** Uniform in [lo, hi). */
  double between(double lo, double hi) {
    return lo + (hi - lo) * random.nextDouble();
  }

  /** Uniform integer in [lo, hi], both included. */
  int intBetween(int lo, int hi) {
    return lo + random.nextInt(hi - lo + 1);
  }

  /** Uniform integer in [0, bound). */
  int nextInt(int bound) {
    return random.nextInt(bound);
  }

  /** Index drawn with the given relative weights. */
  int weighted(double... weights) {
    double total = 0;
    for (double w : weights) {
      total += w;
    }
    double u = random.nextDouble() * total;
    for (int i = 0; i < weights.length; i++) {
      u -= weights[i];
      if (u < 0) {
        return i;
      }
    }
    return weights.length - 1;
  }

  /** One of {@code values}, uniformly. */
  @SafeVarargs
  final <T> T pick(T... values) {
    return values[random.nextInt(values.length)];
  }

  /** A duration uniform between {@code loHours} and {@code hiHours}, to the second. */
  Duration hours(double loHours, double hiHours) {
    return Duration.ofSeconds((long) (between(loHours, hiHours) * 3600));
  }

  /** A duration uniform between {@code loDays} and {@code hiDays}, to the second. */
  Duration days(double loDays, double hiDays) {
    return hours(loDays * 24, hiDays * 24);
  }
}
