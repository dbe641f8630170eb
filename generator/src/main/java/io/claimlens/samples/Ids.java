package io.claimlens.samples;

/** Formats the sample's ids: a letter prefix and a zero-padded sequence number. */
final class Ids {
  /** Digits of the sequence part of order, claim, feedback, chargeback and return ids. */
  static final int WIDTH = 10;

  private Ids() {}

  /** {@code value} left-padded with zeros to {@code width} digits (never truncated). */
  static String pad(long value, int width) {
    String digits = Long.toString(value);
    if (digits.length() >= width) {
      return digits;
    }
    StringBuilder sb = new StringBuilder(width);
    for (int i = digits.length(); i < width; i++) {
      sb.append('0');
    }
    return sb.append(digits).toString();
  }

  /** {@code prefix} followed by {@code value} padded to {@link #WIDTH} digits, e.g. O0000000042. */
  static String of(String prefix, long value) {
    return prefix + pad(value, WIDTH);
  }
}
