package io.claimlens.config;

import java.math.BigDecimal;

/**
 * A metric's target, such as {@code < 0.01}: the rate passes when {@code rate <op> value}. Values
 * are exact decimals so that a rate on a boundary is judged without floating-point drift.
 */
public record Target(Comparison comparison, BigDecimal value) {

  /** The comparison a passing rate satisfies. */
  public enum Comparison {
    LT("<"),
    LE("<="),
    GT(">"),
    GE(">=");

    private final String symbol;

    Comparison(String symbol) {
      this.symbol = symbol;
    }

    /** The comparison as written in policies and in seller_metrics.target_condition. */
    public String symbol() {
      return symbol;
    }

    /** Whether smaller rates are better ({@code <} and {@code <=}). */
    public boolean lowerIsBetter() {
      return this == LT || this == LE;
    }

    /** The comparison spelled {@code symbol}, or null. */
    public static Comparison ofSymbol(String symbol) {
      for (Comparison c : values()) {
        if (c.symbol.equals(symbol)) {
          return c;
        }
      }
      return null;
    }
  }

  /**
   * The allowance a passing rate may use up (SPEC §2.2): the target itself when lower is better, 1
   * - target when higher is better.
   */
  public BigDecimal allowance() {
    return comparison.lowerIsBetter() ? value : BigDecimal.ONE.subtract(value);
  }

  @Override
  public String toString() {
    return comparison.symbol() + " " + value.toPlainString();
  }
}
