package io.claimlens.risk;

import static io.claimlens.testing.Fixtures.claim;
import static io.claimlens.testing.Fixtures.order;
import static io.claimlens.testing.Fixtures.utcPolicy;
import static io.claimlens.testing.RowAssertions.assertRows;

import io.claimlens.config.Policy;
import io.claimlens.schema.Claims;
import io.claimlens.schema.Claims.Reason;
import io.claimlens.schema.Claims.Status;
import io.claimlens.schema.Orders;
import io.claimlens.testing.Rec;
import io.claimlens.testing.Scenario;
import io.claimlens.testing.SparkTestBase;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * seller_risk.odr_change_7d (SPEC §4): today's ODR minus the ODR as of D−7, each with what was
 * known on its day, worked out by hand over a whole run.
 *
 * <p>The policy: UTC days; ODR (channel ALL) with W = 10, L = 3, and a longer metric (perfect
 * orders, W = 30) so that a seller can have orders in the longest window at D−7 and none in its ODR
 * window. D = 2026-06-30: the ODR window is Jun 18 … Jun 27; at D−7 = Jun 23 it is Jun 11 … Jun 20,
 * and the longest window Jun 4 … Jun 23.
 */
class OdrChangeTest extends SparkTestBase {
  private static final String D = "2026-06-30";
  private static final String MARKET = "XODRCHANGE";

  private static final Policy POLICY =
      utcPolicy(
          "odr-change.json",
          "\"metrics\": {"
              + " \"ODR\": {\"window_days\": 10, \"lag_days\": 3, \"target\": \"< 0.2\","
              + " \"channels\": [\"ALL\"]},"
              + " \"PERFECT_ORDER_PERCENTAGE\": {\"window_days\": 30, \"lag_days\": 0,"
              + " \"target\": \">= 0.95\", \"channels\": [\"ALL\"]}}");

  @TempDir Path dir;

  private final List<Rec> orders = new ArrayList<>();
  private final List<Rec> claims = new ArrayList<>();
  private int next;

  /**
   * CHANGE at D−7: Jun 12 defective (claim filed Jun 14), Jun 13 good, Jun 15 good as known then
   * (its claim is filed Jun 25): 1/3; at D: Jun 21 good three times, Jun 22 defective (claim filed
   * Jun 24): 1/4. Change 0.25 − 1/3. OUTSIDE has orders in the longest window at D−7 (Jun 5, Jun
   * 22) but none in its ODR window: no ODR then, so no change (0/2 today: Jun 21 and Jun 22). NEW's
   * one order is of Jun 25: 0/1 today, no change.
   */
  @Test
  void todaysOdrMinusTheOdrKnownAWeekEarlier() {
    defective("CHANGE", "2026-06-12", "2026-06-14");
    good("CHANGE", "2026-06-13");
    defective("CHANGE", "2026-06-15", "2026-06-25");
    for (int i = 0; i < 3; i++) {
      good("CHANGE", "2026-06-21");
    }
    defective("CHANGE", "2026-06-22", "2026-06-24");
    good("OUTSIDE", "2026-06-05");
    good("OUTSIDE", "2026-06-22");
    good("OUTSIDE", "2026-06-21");
    good("NEW", "2026-06-25");

    Scenario s =
        new Scenario(spark, dir)
            .policy(POLICY)
            .add(Orders.SCHEMA, orders.toArray(new Rec[0]))
            .add(Claims.SCHEMA, claims.toArray(new Rec[0]));

    assertRows(
        s.run(D).table("seller_risk"),
        List.of("seller_id", "odr", "odr_change_7d"),
        new Object[] {"CHANGE", 0.25, 0.25 - 1.0 / 3},
        new Object[] {"NEW", 0.0, null},
        new Object[] {"OUTSIDE", 0.0, null});
  }

  private String good(String seller, String day) {
    String id = "o" + (++next);
    orders.add(order(id, MARKET, seller, day + "T12:00:00Z"));
    return id;
  }

  private void defective(String seller, String day, String filed) {
    String id = good(seller, day);
    claims.add(claim("c-" + id, id, Reason.ITEM_NOT_RECEIVED, Status.OPEN, filed + "T00:00:00Z"));
  }
}
