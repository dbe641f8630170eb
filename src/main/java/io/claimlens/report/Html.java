package io.claimlens.report;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * How the report prints: HTML escaping of every data value, and one format per kind of number so
 * the same quantity reads the same everywhere (ODR as a percent with two decimals, counts with
 * thousands separators). Raw values for data- attributes come from {@link #raw}.
 */
final class Html {
  /** What a missing value prints as. */
  static final String NONE = "\u2014";

  private static final DateTimeFormatter UTC_MINUTE =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);

  private Html() {}

  /** {@code text} safe inside an element or a double- or single-quoted attribute; null is "". */
  static String escape(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  /** {@code name="value"} with the value escaped, and a leading space. */
  static String attr(String name, Object value) {
    return " " + name + "=\"" + escape(raw(value)) + "\"";
  }

  /**
   * A value as a data- attribute holds it: numbers in Java's round-trip form (a double parses back
   * to the same double in JavaScript), null as the empty string.
   */
  static String raw(Object value) {
    return value == null ? "" : String.valueOf(value);
  }

  /** A rate as a percent with two decimals: 0.0125 prints 1.25%. */
  static String percent(Double rate) {
    return rate == null ? NONE : String.format(Locale.ROOT, "%.2f%%", rate * 100);
  }

  /** A change of a rate in percentage points, signed: +0.35 pp, −0.10 pp. */
  static String points(Double change) {
    if (change == null) {
      return NONE;
    }
    String value = String.format(Locale.ROOT, "%.2f", Math.abs(change) * 100);
    if (value.equals("0.00")) {
      return "0.00 pp";
    }
    return (change > 0 ? "+" : "\u2212") + value + " pp";
  }

  /** A count with thousands separators: 12,345. */
  static String count(Long n) {
    return n == null ? NONE : String.format(Locale.ROOT, "%,d", n);
  }

  /** A count with thousands separators: 12,345. */
  static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  /** Hours with one decimal: 5.5 h. */
  static String hours(double h) {
    return String.format(Locale.ROOT, "%.1f h", h);
  }

  /** An instant to the minute, in UTC: 2026-06-30 18:05 UTC. */
  static String utc(Instant t) {
    return t == null ? NONE : UTC_MINUTE.format(t) + " UTC";
  }

  /** A code as words: NOT_SHIPPED reads "Not shipped". */
  static String words(String code) {
    if (code == null || code.isEmpty()) {
      return NONE;
    }
    String spaced = code.replace('_', ' ').toLowerCase(Locale.ROOT);
    return Character.toUpperCase(spaced.charAt(0)) + spaced.substring(1);
  }

  /** A CSS class suffix from a code: letters, digits and '_' kept, anything else dropped. */
  static String cssToken(String code) {
    return code == null ? "" : code.replaceAll("[^A-Za-z0-9_]", "");
  }
}
