package io.claimlens.job;

import static io.claimlens.testing.Fixtures.claim;
import static io.claimlens.testing.Fixtures.item;
import static io.claimlens.testing.Fixtures.order;
import static io.claimlens.testing.Fixtures.utcPolicy;
import static io.claimlens.testing.RowAssertions.assertRows;
import static io.claimlens.testing.RowAssertions.assertSameRows;

import io.claimlens.config.Policy;
import io.claimlens.schema.Claims;
import io.claimlens.schema.Claims.Reason;
import io.claimlens.schema.Claims.Status;
import io.claimlens.schema.OrderItems;
import io.claimlens.schema.Orders;
import io.claimlens.schema.OutputTables;
import io.claimlens.schema.SellerRiskTable;
import io.claimlens.testing.Published;
import io.claimlens.testing.Rec;
import io.claimlens.testing.Scenario;
import io.claimlens.testing.SparkTestBase;
import java.nio.file.Path;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A backfill over a marketplace whose policy entry does not report ODR (SPEC §2.2: every number is
 * a policy setting; {@code "ODR": null} removes it) writes what its nights write. A backfill counts
 * each order once per range of the dates it stands for, and an entry without ODR has no
 * week-earlier ODR window to range over: its orders need counting only at the run's own dates, as a
 * night counts them ({@link BackfillTest} covers the shipped policy, where every entry reports
 * ODR).
 *
 * <p>UTC days, ODR and the claim rate with the SPEC's default windows (W = 60, L = 14), dates
 * 2026-06-29 and 2026-06-30: the ODR windows are Apr 17 … Jun 15 and Apr 18 … Jun 16, a week
 * earlier Apr 10 … Jun 8 and Apr 11 … Jun 9. Each seller has the same orders: Apr 12 (in the
 * week-earlier windows only) defective by a claim of Apr 20, May 20 good, Jun 10 defective by a
 * claim filed on Jun 29 (after the week-earlier dates), Jun 16 good (in the last date's window
 * only) and Jun 28 good (in the 10-day SKU window only).
 */
class BackfillWithoutOdrTest extends SparkTestBase {
  private static final String WITH_ODR = "XWITHODR0001";
  private static final String WITHOUT_ODR = "XNOODR000001";
  private static final LocalDate FIRST = LocalDate.parse("2026-06-29");
  private static final LocalDate LAST = LocalDate.parse("2026-06-30");

  private static final Policy POLICY =
      utcPolicy(
          "without-odr.json",
          "\"metrics\": {"
              + " \"ODR\": {\"window_days\": 60, \"lag_days\": 14, \"target\": \"< 0.01\","
              + " \"channels\": [\"ALL\"]},"
              + " \"CLAIM_RATE\": {\"window_days\": 60, \"lag_days\": 14, \"target\": null,"
              + " \"channels\": [\"ALL\"]}}",
          "{\"" + WITHOUT_ODR + "\": {\"metrics\": {\"ODR\": null}}}");

  @TempDir static Path dir;
  private static Scenario nights;
  private static Scenario backfill;

  @BeforeAll
  static void runBothWays() {
    nights = scenario(dir.resolve("nights"));
    backfill = scenario(dir.resolve("backfill"));
    for (LocalDate d = FIRST; !d.isAfter(LAST); d = d.plusDays(1)) {
      nights.run(d.toString());
    }
    backfill.backfill(FIRST.toString(), LAST.toString());
  }

  @Test
  void everyTableEqualsTheNightlyRunsDateByDate() {
    for (String table : OutputTables.ALL) {
      assertSameRows(table(nights, table), table(backfill, table));
    }
  }

  /**
   * The seller whose entry reports ODR has it at both dates: 1 of 2 orders at Jun 29 (Apr 17 … Jun
   * 15: May 20, and Jun 10, its claim filed that day), 1 of 3 at Jun 30 (and Jun 16); a week
   * earlier, at Jun 22 and Jun 23, 1 of 2 (Apr 12, defective by then, and May 20): changes 0 and
   * 1/3 − 1/2. The other seller has neither.
   */
  @Test
  void odrAndItsChangeOnlyWhereTheEntryReportsOdr() {
    assertRows(
        table(backfill, OutputTables.SELLER_RISK),
        List.of(
            OutputTables.AS_OF_DATE,
            Orders.SELLER_ID,
            SellerRiskTable.ODR,
            SellerRiskTable.ODR_CHANGE_7D),
        new Object[] {Date.valueOf(FIRST), "S-ODR", 0.5, 0.0},
        new Object[] {Date.valueOf(LAST), "S-ODR", 1.0 / 3, 1.0 / 3 - 0.5},
        new Object[] {Date.valueOf(FIRST), "S-NO", null, null},
        new Object[] {Date.valueOf(LAST), "S-NO", null, null});
  }

  private static Scenario scenario(Path root) {
    List<Rec> orders = new ArrayList<>();
    List<Rec> items = new ArrayList<>();
    List<Rec> claims = new ArrayList<>();
    for (String[] seller : new String[][] {{WITH_ODR, "S-ODR"}, {WITHOUT_ODR, "S-NO"}}) {
      String id = seller[1];
      orders.add(order(id + "-apr12", seller[0], id, "2026-04-12T12:00:00Z"));
      claims.add(
          claim(id + "-c1", id + "-apr12", Reason.DAMAGED, Status.OPEN, "2026-04-20T10:00:00Z"));
      orders.add(order(id + "-may20", seller[0], id, "2026-05-20T12:00:00Z"));
      orders.add(order(id + "-jun10", seller[0], id, "2026-06-10T12:00:00Z"));
      claims.add(
          claim(id + "-c2", id + "-jun10", Reason.DAMAGED, Status.OPEN, "2026-06-29T10:00:00Z"));
      orders.add(order(id + "-jun16", seller[0], id, "2026-06-16T12:00:00Z"));
      orders.add(order(id + "-jun28", seller[0], id, "2026-06-28T12:00:00Z"));
      items.add(item(id + "-jun28", id + "-i1", id + "-SKU"));
    }
    return new Scenario(spark, root)
        .policy(POLICY)
        .add(Orders.SCHEMA, orders.toArray(Rec[]::new))
        .add(OrderItems.SCHEMA, items.toArray(Rec[]::new))
        .add(Claims.SCHEMA, claims.toArray(Rec[]::new));
  }

  /** The whole table over all dates ({@link Published#everyDate}). */
  private static Dataset<Row> table(Scenario scenario, String table) {
    return Published.everyDate(spark, scenario.outputRoot(), table);
  }
}
