package io.claimlens.io;

import java.util.Map;
import org.apache.spark.sql.Observation;

/** What a finished action counted into an {@link Observation}, for every step that observes. */
public final class Observations {
  private Observations() {}

  /** The observed values by name; available as soon as the action over the rows has ended. */
  public static Map<String, Object> values(Observation observed) {
    try {
      return observed.getAsJava();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(
          "interrupted while reading the counts observed as " + observed.name(), e);
    }
  }

  /** One observed count. */
  public static long count(Observation observed, String name) {
    return ((Number) values(observed).get(name)).longValue();
  }
}
