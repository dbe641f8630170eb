package io.claimlens.metrics;

import static io.claimlens.testing.Fixtures.US;
import static io.claimlens.testing.Fixtures.claim;
import static io.claimlens.testing.Fixtures.order;
import static io.claimlens.testing.RowAssertions.assertRows;
import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.claimlens.config.PolicyParser;
import io.claimlens.policy.ExactDecimals;
import io.claimlens.schema.Claims;
import io.claimlens.schema.Claims.Reason;
import io.claimlens.schema.Claims.Status;
import io.claimlens.schema.Orders;
import io.claimlens.testing.Rec;
import io.claimlens.testing.Scenario;
import io.claimlens.testing.SparkTestBase;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Status rules, exact boundaries and the Wilson interval (SPEC §2.2). */
class MetricStatusTest extends SparkTestBase {
  private static final String D = "2026-06-30";

  @TempDir Path dir;

  @TempDir static Path shared;

  /**
   * The ODR of the shipped policy's cases, in one run for D: their sellers are distinct and each
   * test reads only its own. A whole-job run costs seconds whatever its rows.
   */
  private static Dataset<Row> odr;

  @BeforeAll
  static void runTheShippedPolicyCasesTogether() {
    Scenario s = new Scenario(spark, shared);
    warningLine(s);
    wilson(s);
    odr = s.run(D).sellerMetrics().filter("metric = 'ODR' and channel = 'ALL'");
  }

  /**
   * ODR target {@code < 0.01}, warning fraction 0.75: the warning line is 0.0075 = 3/400 exactly.
   * 2/400 is GOOD, 3/400 is AT_RISK (on the line), 4/400 = 0.01 is BREACH (not below the target).
   */
  @Test
  void odrOnTheWarningLineIsAtRiskAndOnTheTargetIsBreach() {
    assertRows(
        odr.filter(col("seller_id").isin("S-two", "S-three", "S-four")),
        List.of(
            "seller_id", "numerator", "denominator", "target_condition", "target_value", "status"),
        new Object[] {"S-two", 2L, 400L, "<", 0.01, "GOOD"},
        new Object[] {"S-three", 3L, 400L, "<", 0.01, "AT_RISK"},
        new Object[] {"S-four", 4L, 400L, "<", 0.01, "BREACH"});
  }

  /** The sellers of {@link #odrOnTheWarningLineIsAtRiskAndOnTheTargetIsBreach()}. */
  private static void warningLine(Scenario s) {
    seller(s, "S-two", 400, 2);
    seller(s, "S-three", 400, 3);
    seller(s, "S-four", 400, 4);
  }

  /**
   * A higher-is-better target {@code > 0.5} (set on CLAIM_RATE by a test policy) has allowance 0.5;
   * with warning fraction 0.75 a passing rate is AT_RISK once 1 - rate >= 0.375, i.e. rate <=
   * 0.625. Of 8 orders: 4 fail (0.5 is not above 0.5), 5 is AT_RISK (0.625), 6 is GOOD.
   */
  @Test
  void higherIsBetterTargetUsesOneMinusTargetAsAllowance() {
    Scenario s = new Scenario(spark, dir).policy(policyWithClaimRateTarget("> 0.5"));
    seller(s, "S-four", 8, 4);
    seller(s, "S-five", 8, 5);
    seller(s, "S-six", 8, 6);

    assertRows(
        s.run(D).sellerMetrics().filter("metric = 'CLAIM_RATE' and channel = 'ALL'"),
        List.of("seller_id", "numerator", "denominator", "target_condition", "status"),
        new Object[] {"S-four", 4L, 8L, ">", "BREACH"},
        new Object[] {"S-five", 5L, 8L, ">", "AT_RISK"},
        new Object[] {"S-six", 6L, 8L, ">", "GOOD"});
  }

  /**
   * The 95% Wilson interval of 2/4 is [0.1500, 0.8500]; of 0/6, [0, 0.3903], with 0 exact. A seller
   * whose only order is in the lag has rows with denominator 0: NO_DATA, rate and bounds null.
   */
  @Test
  void wilsonBoundsAndNoDataRows() {
    List<Row> rows =
        odr.filter(col("seller_id").isin("S-half", "S-clean", "S-new"))
            .orderBy("seller_id")
            .collectAsList();

    assertEquals(
        List.of("S-clean", "S-half", "S-new"),
        rows.stream().map(r -> r.<String>getAs("seller_id")).toList());
    assertEquals(
        0.0, rows.get(0).<Double>getAs("rate_low"), 0.0, "exactly 0, not a rounding error above");
    assertEquals(0.3903, rows.get(0).<Double>getAs("rate_high"), 1e-4);
    assertEquals(0.5, rows.get(1).<Double>getAs("rate"), 1e-12);
    assertEquals(0.1500, rows.get(1).<Double>getAs("rate_low"), 1e-4);
    assertEquals(0.8500, rows.get(1).<Double>getAs("rate_high"), 1e-4);
    Row noData = rows.get(2);
    assertEquals(0L, noData.<Long>getAs("denominator"));
    assertNull(noData.getAs("rate"));
    assertNull(noData.getAs("rate_low"));
    assertNull(noData.getAs("rate_high"));
    assertEquals("NO_DATA", noData.getAs("status"));
  }

  /** The sellers of {@link #wilsonBoundsAndNoDataRows()}. */
  private static void wilson(Scenario s) {
    seller(s, "S-half", 4, 2);
    seller(s, "S-clean", 6, 0);
    s.add(Orders.SCHEMA, order("lag-only", US, "S-new", "2026-06-25T18:00:00Z"));
  }

  /** {@code orders} MFN orders of one seller in the window, the first {@code defects} claimed. */
  private static void seller(Scenario s, String seller, int orders, int defects) {
    List<Rec> orderRows = new ArrayList<>();
    List<Rec> claimRows = new ArrayList<>();
    for (int i = 0; i < orders; i++) {
      String id = seller + "-o" + i;
      orderRows.add(
          order(id, US, seller, "2026-05-" + String.format("%02d", 1 + i % 28) + "T18:00:00Z"));
      if (i < defects) {
        claimRows.add(
            claim(seller + "-c" + i, id, Reason.DEFECTIVE, Status.OPEN, "2026-06-01T10:00:00Z"));
      }
    }
    s.add(Orders.SCHEMA, orderRows.toArray(new Rec[0]));
    s.add(Claims.SCHEMA, claimRows.toArray(new Rec[0]));
  }

  private static io.claimlens.config.Policy policyWithClaimRateTarget(String target) {
    String json =
        "{\"default\": {\"time_zone\": \"UTC\", \"claim_response_window_hours\": 48,"
            + " \"refund_deadline_days\": 2, \"sku_window\": {\"window_days\": 90, \"lag_days\": 14},"
            + " \"hotspot\": {\"min_quality_claim_orders\": 3, \"rate_multiple\": 3},"
            + " \"metrics\": {\"CLAIM_RATE\": {\"window_days\": 60, \"lag_days\": 14, \"target\": \""
            + target
            + "\", \"channels\": [\"ALL\"]}}},"
            + " \"marketplaces\": {\""
            + US
            + "\": {\"time_zone\": \"America/Los_Angeles\"}}}";
    return PolicyParser.parse("test-policy.json", json.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The look-ahead's test of a replayed row is the status's own for every count with a nonzero
   * denominator: each symbol, no target, and a symbol of none of the four, on and around targets of
   * 0, 1/4 and 1/2, either direction and allowance.
   */
  @Test
  void noLongerBreachingIsAnyStatusButBreach() {
    List<Row> cases = new ArrayList<>();
    for (String condition : new String[] {"<", "<=", ">", ">=", null, "="}) {
      for (String target : new String[] {"0", "0.25", "0.5"}) {
        for (long den = 1; den <= 4; den++) {
          for (long num = 0; num <= den; num++) {
            cases.add(
                RowFactory.create(
                    num,
                    den,
                    condition,
                    new BigDecimal(target),
                    num % 2 == 0,
                    new BigDecimal("0.75")));
          }
        }
      }
    }
    StructType schema =
        new StructType()
            .add("n", DataTypes.LongType)
            .add("m", DataTypes.LongType)
            .add("condition", DataTypes.StringType)
            .add("target", ExactDecimals.FRACTION)
            .add("lower_is_better", DataTypes.BooleanType)
            .add("at_risk_use", ExactDecimals.FRACTION);
    Column[] args = {col("n"), col("m"), col("condition"), col("target")};
    List<Row> judged =
        spark
            .createDataFrame(cases, schema)
            .select(
                Rates.status(
                        args[0],
                        args[1],
                        args[2],
                        args[3],
                        col("lower_is_better"),
                        col("at_risk_use"))
                    .as("status"),
                Rates.noLongerBreaches(args[0], args[1], args[2], args[3]).as("no_longer"))
            .collectAsList();
    assertEquals(cases.size(), judged.size());
    long breaches = judged.stream().filter(r -> r.getString(0).equals("BREACH")).count();
    assertTrue(breaches > 0 && breaches < judged.size(), "both verdicts occur: " + breaches);
    for (Row r : judged) {
      assertEquals(!r.getString(0).equals("BREACH"), r.getBoolean(1), r.toString());
    }
  }
}
