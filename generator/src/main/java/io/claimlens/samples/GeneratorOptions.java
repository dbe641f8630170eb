package io.claimlens.samples;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/** The sample generator's command line, parsed and checked. */
record GeneratorOptions(
    String output, long orders, long seed, LocalDate endDate, int days, boolean badRows) {

  /** Seed used when {@code --seed} is not given. */
  static final long SEED_DEFAULT = 42;

  /**
   * Last purchase day when {@code --end-date} is not given: ten days after the as-of 2026-06-30.
   */
  static final LocalDate END_DATE_DEFAULT = LocalDate.of(2026, 7, 10);

  /** Purchase days when {@code --days} is not given: the 104-day lookback plus some history. */
  static final int DAYS_DEFAULT = 150;

  /** The usage line printed with an argument error. */
  static final String USAGE =
      "usage: SampleGenerator --output DIR_OR_URI --orders N [--seed S] [--end-date YYYY-MM-DD]"
          + " [--days D] [--bad-rows]";

  /** Parses {@code args}; throws IllegalArgumentException with a message naming the bad value. */
  static GeneratorOptions parse(String[] args) {
    String output = null;
    Long orders = null;
    long seed = SEED_DEFAULT;
    LocalDate endDate = END_DATE_DEFAULT;
    int days = DAYS_DEFAULT;
    boolean badRows = false;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      switch (arg) {
        case "--bad-rows":
          badRows = true;
          break;
        case "--output":
          output = value(args, ++i, arg);
          if (output.isBlank()) {
            throw new IllegalArgumentException("--output must not be empty");
          }
          break;
        case "--orders":
          orders = number(value(args, ++i, arg), arg);
          if (orders < 1) {
            throw new IllegalArgumentException("--orders must be at least 1, got " + orders);
          }
          break;
        case "--seed":
          seed = number(value(args, ++i, arg), arg);
          break;
        case "--end-date":
          String date = value(args, ++i, arg);
          try {
            endDate = LocalDate.parse(date);
          } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("--end-date must be YYYY-MM-DD, got '" + date + "'");
          }
          break;
        case "--days":
          long d = number(value(args, ++i, arg), arg);
          if (d < 1 || d > 3660) {
            throw new IllegalArgumentException("--days must be between 1 and 3660, got " + d);
          }
          days = (int) d;
          break;
        default:
          throw new IllegalArgumentException("unknown argument '" + arg + "'");
      }
    }
    if (output == null) {
      throw new IllegalArgumentException("--output is required");
    }
    if (orders == null) {
      throw new IllegalArgumentException("--orders is required");
    }
    return new GeneratorOptions(output, orders, seed, endDate, days, badRows);
  }

  private static String value(String[] args, int i, String option) {
    if (i >= args.length) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return args[i];
  }

  private static long number(String text, String option) {
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + " must be a whole number, got '" + text + "'");
    }
  }
}
