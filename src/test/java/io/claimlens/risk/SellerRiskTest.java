package io.claimlens.risk;

import static io.claimlens.metrics.MetricStatus.AT_RISK;
import static io.claimlens.metrics.MetricStatus.BREACH;
import static io.claimlens.metrics.MetricStatus.GOOD;
import static io.claimlens.metrics.MetricStatus.NO_DATA;
import static io.claimlens.testing.Fixtures.JP;
import static io.claimlens.testing.Fixtures.UNLISTED;
import static io.claimlens.testing.Fixtures.US;
import static io.claimlens.testing.RowAssertions.assertRows;
import static io.claimlens.testing.RowAssertions.assertSameRows;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.types.DataTypes.BooleanType;
import static org.apache.spark.sql.types.DataTypes.DateType;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.claimlens.attribution.RootCause;
import io.claimlens.config.Policy;
import io.claimlens.config.PolicyParser;
import io.claimlens.io.PolicySource;
import io.claimlens.metrics.MetricStatus;
import io.claimlens.metrics.Rates;
import io.claimlens.schema.ClaimAttributionTable;
import io.claimlens.schema.ClaimsAwaitingResponseTable;
import io.claimlens.schema.OutputTables;
import io.claimlens.schema.SellerMetricsTable;
import io.claimlens.schema.SellerRiskTable;
import io.claimlens.schema.SkuMetricsTable;
import io.claimlens.testing.SparkTestBase;
import java.nio.charset.StandardCharsets;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * seller_risk from hand-made rows of the other tables (SPEC §4), against expectations worked out by
 * hand from docs/risk.md. Wilson bounds are the table's own (Rates, z = 1.96); the ones a test
 * relies on are written out in its comments, to four decimals.
 */
class SellerRiskTest extends SparkTestBase {
  private static final String D = "2026-06-30";
  private static final String D_1 = "2026-06-29";

  private static final Policy SHIPPED = PolicySource.load(Optional.empty(), new Configuration());

  private static final String SHIP_ON_TIME =
      "Ship on time: confirm shipment by the ship-by date, set an order cut-off time you can meet,"
          + " or lengthen the handling time";

  private static final String RESOLVE_BEFORE_CLAIM =
      "Resolve buyers' problems before they file claims: answer messages within 24 hours, and"
          + " refund or replace items that failed";

  /**
   * Unlisted ids take the default entry (ODR {@code < 0.01}); the listed ones each change one
   * thing. NOODR drops ODR from its catalog (a marketplace cannot set an inherited target to null:
   * the merge removes the key, and a metric without a target key is an error).
   */
  private static final Policy CUSTOM =
      PolicyParser.parse(
          "custom.json",
          ("{\"default\": {\"time_zone\": \"UTC\", \"claim_response_window_hours\": 48,"
                  + " \"refund_deadline_days\": 2,"
                  + " \"sku_window\": {\"window_days\": 90, \"lag_days\": 14},"
                  + " \"hotspot\": {\"min_quality_claim_orders\": 3, \"rate_multiple\": 3},"
                  + " \"metrics\": {\"ODR\": {\"window_days\": 60, \"lag_days\": 14,"
                  + " \"target\": \"< 0.01\", \"channels\": [\"ALL\", \"MFN\", \"AFN\"]},"
                  + " \"CLAIM_RATE\": {\"window_days\": 60, \"lag_days\": 14, \"target\": null,"
                  + " \"channels\": [\"ALL\"]}}},"
                  + " \"marketplaces\": {"
                  + " \"LE\": {\"metrics\": {\"ODR\": {\"target\": \"<= 0.01\"}}},"
                  + " \"HALF\": {\"metrics\": {\"ODR\": {\"weight\": 0.5}}},"
                  + " \"W7\": {\"metrics\": {\"ODR\": {\"weight\": 0.07}}},"
                  + " \"LT7\": {\"metrics\": {\"ODR\": {\"target\": \"< 0.07\"}}},"
                  + " \"LE29\": {\"metrics\": {\"ODR\": {\"target\": \"<= 0.29\"}}},"
                  + " \"LE1\": {\"metrics\": {\"ODR\": {\"target\": \"<= 1\"}}},"
                  + " \"HI\": {\"metrics\": {\"ODR\": {\"target\": \"> 0.5\"}}},"
                  + " \"NOODR\": {\"metrics\": {\"ODR\": null}},"
                  + " \"CUSTOM\": {\"claim_response_window_hours\": 72, \"refund_deadline_days\": 1,"
                  + " \"risk\": {\"medium_from\": 30, \"high_from\": 50, \"critical_from\": 80,"
                  + " \"signature_confirmation_above\": 500}}}}")
              .getBytes(StandardCharsets.UTF_8));

  private static final StructType METRIC_ROWS =
      new StructType()
          .add(OutputTables.AS_OF_DATE, DateType)
          .add(SellerMetricsTable.MARKETPLACE_ID, StringType)
          .add(SellerMetricsTable.SELLER_ID, StringType)
          .add(SellerMetricsTable.METRIC, StringType)
          .add(SellerMetricsTable.CHANNEL, StringType)
          .add(SellerMetricsTable.WINDOW_START, DateType)
          .add(SellerMetricsTable.WINDOW_END, DateType)
          .add(SellerMetricsTable.NUMERATOR, LongType)
          .add(SellerMetricsTable.DENOMINATOR, LongType)
          .add(SellerMetricsTable.TARGET_CONDITION, StringType)
          .add(SellerMetricsTable.TARGET_VALUE, DoubleType)
          .add(SellerMetricsTable.STATUS, StringType);

  private static final StructType CLAIM_ROWS =
      new StructType()
          .add(OutputTables.AS_OF_DATE, DateType)
          .add(ClaimAttributionTable.MARKETPLACE_ID, StringType)
          .add(ClaimAttributionTable.SELLER_ID, StringType)
          .add(ClaimAttributionTable.CLAIM_ID, StringType)
          .add(ClaimAttributionTable.COUNTS_AS_DEFECT, BooleanType)
          .add(ClaimAttributionTable.ROOT_CAUSE, StringType)
          .add(ClaimAttributionTable.LATE_RESPONSE, BooleanType);

  private static final StructType SKU_ROWS =
      new StructType()
          .add(OutputTables.AS_OF_DATE, DateType)
          .add(SkuMetricsTable.MARKETPLACE_ID, StringType)
          .add(SkuMetricsTable.SELLER_ID, StringType)
          .add(SkuMetricsTable.SKU, StringType)
          .add(SkuMetricsTable.ORDERS, LongType)
          .add(SkuMetricsTable.DEFECTIVE_ORDERS, LongType)
          .add(SkuMetricsTable.QUALITY_CLAIM_ORDERS, LongType)
          .add(SkuMetricsTable.HOTSPOT, BooleanType)
          .add(SkuMetricsTable.TOP_ROOT_CAUSE, StringType);

  private static final StructType AWAITING_ROWS =
      new StructType()
          .add(OutputTables.AS_OF_DATE, DateType)
          .add(ClaimsAwaitingResponseTable.MARKETPLACE_ID, StringType)
          .add(ClaimsAwaitingResponseTable.SELLER_ID, StringType)
          .add(ClaimsAwaitingResponseTable.CLAIM_ID, StringType)
          .add(ClaimsAwaitingResponseTable.HOURS_LEFT, DoubleType)
          .add(ClaimsAwaitingResponseTable.OVERDUE, BooleanType);

  private final List<Row> metrics = new ArrayList<>();
  private final List<Row> weekBefore = new ArrayList<>();
  private final List<Row> claims = new ArrayList<>();
  private final List<Row> skus = new ArrayList<>();
  private final List<Row> awaiting = new ArrayList<>();

  /**
   * With a {@code <} target the ODR breaches at ceil(target × orders) defects, with {@code <=} at
   * floor(target × orders) + 1; the products are exact decimals.
   */
  @Test
  void defectsToBreachIsExactForLessThanAndLessOrEqualTargets() {
    String lt = UNLISTED; // < 0.01
    metrics.add(odr(D, lt, "N0", 0, 0, NO_DATA)); // no orders: null
    metrics.add(odr(D, lt, "N1", 0, 1, GOOD)); // ceil(0.01) = 1
    metrics.add(odr(D, lt, "N300", 0, 300, GOOD)); // ceil(3) = 3
    metrics.add(odr(D, lt, "N300D2", 2, 300, GOOD)); // 3 - 2 = 1
    metrics.add(odr(D, lt, "N300D3", 3, 300, BREACH)); // 3 - 3 = 0: breaching already
    metrics.add(odr(D, lt, "N300D5", 5, 300, BREACH)); // max(0, 3 - 5) = 0
    metrics.add(odr(D, lt, "N250", 0, 250, GOOD)); // ceil(2.5) = 3
    metrics.add(odr(D, "LE", "L300", 0, 300, GOOD)); // floor(3) + 1 = 4: 3 of 300 is 1%, passes
    metrics.add(odr(D, "LE", "L300D3", 3, 300, AT_RISK)); // 4 - 3 = 1
    metrics.add(odr(D, "LE", "L250", 0, 250, GOOD)); // floor(2.5) + 1 = 3
    // in doubles 0.07 × 100 = 7.000000000000001, whose ceiling 8 is one too many: 7 of 100 is 7%
    metrics.add(odr(D, "LT7", "T100", 0, 100, GOOD));
    // in doubles 0.29 × 100 = 28.999999999999996, floor + 1 = 29 is one too few: 29% passes <= 29%
    metrics.add(odr(D, "LE29", "T29", 0, 100, GOOD));
    metrics.add(odr(D, "LE1", "NEVER", 0, 100, GOOD)); // <= 1: no number of defects breaches
    metrics.add(odr(D, "HI", "HIGHER", 0, 100, BREACH)); // higher-is-better ODR: null
    metrics.add(odr(D, "NOODR", "NOTARGET", 0, 100, GOOD)); // the policy has no ODR target: null
    metrics.add(metric(D, lt, "NO_ODR_ROW", "LATE_SHIPMENT_RATE", "MFN", 0L, 10, "<", 0.04, GOOD));

    assertEquals(8.0, Math.ceil(0.07 * 100), "the double product the decimals avoid");
    assertEquals(29.0, Math.floor(0.29 * 100) + 1, "the double product the decimals avoid");
    assertRows(
        score(CUSTOM),
        List.of(
            SellerRiskTable.SELLER_ID,
            SellerRiskTable.ODR_ORDERS,
            SellerRiskTable.ODR_DEFECTS,
            SellerRiskTable.DEFECTS_TO_BREACH),
        new Object[] {"N0", 0L, 0L, null},
        new Object[] {"N1", 1L, 0L, 1L},
        new Object[] {"N300", 300L, 0L, 3L},
        new Object[] {"N300D2", 300L, 2L, 1L},
        new Object[] {"N300D3", 300L, 3L, 0L},
        new Object[] {"N300D5", 300L, 5L, 0L},
        new Object[] {"N250", 250L, 0L, 3L},
        new Object[] {"L300", 300L, 0L, 4L},
        new Object[] {"L300D3", 300L, 3L, 1L},
        new Object[] {"L250", 250L, 0L, 3L},
        new Object[] {"T100", 100L, 0L, 7L},
        new Object[] {"T29", 100L, 0L, 30L},
        new Object[] {"NEVER", 100L, 0L, null},
        new Object[] {"HIGHER", 100L, 0L, null},
        new Object[] {"NOTARGET", 100L, 0L, null},
        new Object[] {"NO_ODR_ROW", 0L, 0L, null});
  }

  /**
   * The calibrated score (SPEC §4.1, docs/risk.md): a BREACH on at least min_defects defects scores
   * high_from + 30 × min(1, u_sure); AT_RISK, or a BREACH on fewer defects, medium_from + 29 ×
   * (u_point − 0.75) / 0.25 (u_point capped at 1); GOOD 39 × u_point / 0.75; times the metric's
   * weight. The shipped policy: ODR weight 1, min_defects 3; LATE_SHIPMENT_RATE 0.8 and 5;
   * VALID_TRACKING_RATE 0.6 and 5; tiers from 40, 70, 90. Target {@code < 0.01} unless said.
   */
  @Test
  void scoreWeighsTheStatusTheEvidenceAndTheMetric() {
    // 100 of 4,000: counted; Wilson low 0.0206, u_sure 2.06 -> 1: 70 + 30 = 100
    metrics.add(odr(D, US, "BIG", 100, 4000, BREACH));
    // 3 of 200: 1.5%, counted (3 >= 3); Wilson low 0.005114, u_sure 0.5114: 70 + 15.34 -> 85
    metrics.add(odr(D, US, "COUNTED", 3, 200, BREACH));
    // 1 of 40, 1 of 20, 1 of 100, 1 of 1: breaches on 1 defect (< 3) score as AT_RISK at most,
    // u_point >= 1: 40 + 29 × 1 = 69, MEDIUM whatever the rate
    metrics.add(odr(D, US, "SMALL", 1, 40, BREACH));
    metrics.add(odr(D, US, "TWENTY", 1, 20, BREACH));
    metrics.add(odr(D, US, "HUNDRED", 1, 100, BREACH));
    metrics.add(odr(D, US, "ONE_BAD", 1, 1, BREACH));
    // 8 of 1,000: 0.8%, AT_RISK; u_point 0.8: 40 + 29 × (0.8 - 0.75) / 0.25 = 45.8 -> 46
    metrics.add(odr(D, US, "WARNED", 8, 1000, AT_RISK));
    // 5 of 1,000: 0.5%, GOOD; u_point 0.5: 39 × 0.5 / 0.75 = 26
    metrics.add(odr(D, US, "HALFWAY", 5, 1000, GOOD));
    metrics.add(odr(D, US, "CLEAN", 0, 40, GOOD)); // rate 0: 0
    metrics.add(odr(D, US, "ONE", 0, 1, GOOD)); // 0
    metrics.add(odr(D, US, "NONE", 0, 0, NO_DATA)); // no rate: nothing scored, 0
    // higher is better, > 0.95: 18 of 20 is a breach on 2 defects (< 5): 0.6 × 69 = 41.4 -> 41
    metrics.add(odr(D, US, "TRACK", 0, 20, GOOD));
    metrics.add(metric(D, US, "TRACK", "VALID_TRACKING_RATE", "MFN", 18L, 20, ">", 0.95, BREACH));
    // 9 of 200 late (4.5% >= 4%, 9 >= 5): Wilson low 0.023852, u_sure 0.5963:
    // 0.8 × (70 + 17.89) = 70.31 -> 70, HIGH
    metrics.add(odr(D, US, "LATE", 0, 200, GOOD));
    metrics.add(metric(D, US, "LATE", "LATE_SHIPMENT_RATE", "MFN", 9L, 200, "<", 0.04, BREACH));
    // NO_DATA rows (the dataset is absent: null numerator) and rows without a target are ignored
    metrics.add(odr(D, US, "IGNORED", 0, 50, GOOD));
    metrics.add(metric(D, US, "IGNORED", "LATE_SHIPMENT_RATE", "MFN", null, 0, "<", 0.04, NO_DATA));
    metrics.add(metric(D, US, "IGNORED", "CLAIM_RATE", "ALL", 10L, 50, null, null, GOOD));

    assertRows(
        score(SHIPPED),
        List.of(SellerRiskTable.SELLER_ID, SellerRiskTable.RISK_SCORE, SellerRiskTable.RISK_TIER),
        new Object[] {"BIG", 100, "CRITICAL"},
        new Object[] {"COUNTED", 85, "HIGH"},
        new Object[] {"SMALL", 69, "MEDIUM"},
        new Object[] {"TWENTY", 69, "MEDIUM"},
        new Object[] {"HUNDRED", 69, "MEDIUM"},
        new Object[] {"ONE_BAD", 69, "MEDIUM"},
        new Object[] {"WARNED", 46, "MEDIUM"},
        new Object[] {"HALFWAY", 26, "LOW"},
        new Object[] {"CLEAN", 0, "LOW"},
        new Object[] {"ONE", 0, "LOW"},
        new Object[] {"NONE", 0, "LOW"},
        new Object[] {"TRACK", 41, "MEDIUM"},
        new Object[] {"LATE", 70, "HIGH"},
        new Object[] {"IGNORED", 0, "LOW"});
  }

  /**
   * SPEC §4.1: an ODR (ALL) breach on at least min_defects defects is HIGH or above even where the
   * policy weighs the ODR less. HALF weighs it 0.5: 4 of 300 (Wilson low 0.005197) would score 0.5
   * × (70 + 15.59) = 42.8, and is lifted to HIGH's 70; 2 of 100 is a breach on 2 defects (< 3), 0.5
   * × 69 = 34.5 -> 35, LOW; a counted breach of MFN alone is not lifted: 42.8 -> 43.
   */
  @Test
  void odrBreachOnEnoughDefectsIsHighAtLeast() {
    metrics.add(odr(D, "HALF", "COUNTED", 4, 300, BREACH));
    metrics.add(odr(D, "HALF", "FEW", 2, 100, BREACH));
    metrics.add(odr(D, "HALF", "MFN_ONLY", 4, 600, GOOD));
    metrics.add(metric(D, "HALF", "MFN_ONLY", "ODR", "MFN", 4L, 300, "<", 0.01, BREACH));

    assertRows(
        score(CUSTOM),
        List.of(SellerRiskTable.SELLER_ID, SellerRiskTable.RISK_SCORE, SellerRiskTable.RISK_TIER),
        new Object[] {"COUNTED", 70, "HIGH"},
        new Object[] {"FEW", 35, "LOW"},
        new Object[] {"MFN_ONLY", 43, "MEDIUM"});
  }

  /** A score on a tier's lowest score is in that tier; one below is in the tier under it. */
  @Test
  void tiersStartAtThePolicysScores() {
    List<Row> rows = new ArrayList<>();
    int[] scores = {0, 39, 40, 69, 70, 89, 90, 100, 29, 30, 49, 50, 79, 80};
    String[] markets = {
      "X", "X", "X", "X", "X", "X", "X", "X", "CUSTOM", "CUSTOM", "CUSTOM", "CUSTOM", "CUSTOM",
      "CUSTOM"
    };
    for (int i = 0; i < scores.length; i++) {
      rows.add(RowFactory.create(markets[i], scores[i]));
    }
    Dataset<Row> frame =
        spark.createDataFrame(
            rows, new StructType().add("marketplace_id", StringType).add("score", IntegerType));
    Column tier = RiskTier.of(col("score"), CUSTOM, col("marketplace_id"));

    // default entry 40 / 70 / 90; CUSTOM 30 / 50 / 80
    assertRows(
        frame.withColumn("tier", tier),
        List.of("marketplace_id", "score", "tier"),
        new Object[] {"X", 0, "LOW"},
        new Object[] {"X", 39, "LOW"},
        new Object[] {"X", 40, "MEDIUM"},
        new Object[] {"X", 69, "MEDIUM"},
        new Object[] {"X", 70, "HIGH"},
        new Object[] {"X", 89, "HIGH"},
        new Object[] {"X", 90, "CRITICAL"},
        new Object[] {"X", 100, "CRITICAL"},
        new Object[] {"CUSTOM", 29, "LOW"},
        new Object[] {"CUSTOM", 30, "MEDIUM"},
        new Object[] {"CUSTOM", 49, "MEDIUM"},
        new Object[] {"CUSTOM", 50, "HIGH"},
        new Object[] {"CUSTOM", 79, "HIGH"},
        new Object[] {"CUSTOM", 80, "CRITICAL"});
    for (int i = 0; i < scores.length; i++) {
      assertEquals(
          frame
              .withColumn("tier", tier)
              .filter(
                  col("marketplace_id").equalTo(markets[i]).and(col("score").equalTo(scores[i])))
              .first()
              .getString(2),
          RiskTier.of(scores[i], CUSTOM.forMarketplace(markets[i]).risk()).name(),
          "the column and the Java rule agree at " + scores[i]);
    }
  }

  /**
   * One seller's full row: statuses in any channel, root causes and SKUs ranked and capped, and
   * five actions out of six candidates, the most claims first.
   */
  @Test
  void oneSellersListsAreRankedCappedAndTurnedIntoActions() {
    // ODR ALL 8 of 1,000 = 0.8%: AT_RISK (at least 0.75 of the 1% allowance): 45.8
    metrics.add(odr(D, US, "S1", 8, 1000, AT_RISK));
    // MFN 8 of 600 = 1.33%: BREACH on 8 >= 3 defects; Wilson low 0.006771, u_sure 0.6771:
    // 70 + 20.31 = 90.31
    metrics.add(metric(D, US, "S1", "ODR", "MFN", 8L, 600, "<", 0.01, BREACH));
    metrics.add(metric(D, US, "S1", "ODR", "AFN", 0L, 400, "<", 0.01, GOOD));
    // 9 of 200 = 4.5% >= 4%: BREACH on 9 >= 5; u_sure 0.5963: 0.8 × 87.89 = 70.31
    metrics.add(metric(D, US, "S1", "LATE_SHIPMENT_RATE", "MFN", 9L, 200, "<", 0.04, BREACH));
    // 8 of 100 = 8% >= 0.75 × 10%: AT_RISK, u_point 0.8: 0.5 × 45.8 = 22.9
    metrics.add(
        metric(D, US, "S1", "RETURN_DISSATISFACTION_RATE", "ALL", 8L, 100, "<", 0.10, AT_RISK));
    // the score is the highest row, ODR MFN: 90.31 -> 90, CRITICAL (no floor: ALL is AT_RISK)
    weekBefore.add(odr("2026-06-23", US, "S1", 5, 1000, GOOD)); // change 0.008 - 0.005

    // counting: DELIVERY_UNCONFIRMED 2, LATE_SHIPMENT 2, PREMATURE_CLAIM 2, DAMAGED_ON_ARRIVAL 1;
    // the three claims that do not count (NOT_SHIPPED) are left out although they are the most
    claim(US, "S1", "c1", RootCause.DELIVERY_UNCONFIRMED, true, false);
    claim(US, "S1", "c2", RootCause.DELIVERY_UNCONFIRMED, true, false);
    claim(US, "S1", "c3", RootCause.LATE_SHIPMENT, true, true); // answered late
    claim(US, "S1", "c4", RootCause.LATE_SHIPMENT, true, false);
    claim(US, "S1", "c5", RootCause.PREMATURE_CLAIM, true, false);
    claim(US, "S1", "c6", RootCause.PREMATURE_CLAIM, true, false);
    claim(US, "S1", "c7", RootCause.DAMAGED_ON_ARRIVAL, true, false);
    claim(US, "S1", "c8", RootCause.NOT_SHIPPED, false, false);
    claim(US, "S1", "c9", RootCause.NOT_SHIPPED, false, false);
    claim(US, "S1", "c10", RootCause.NOT_SHIPPED, false, false);

    // by defective orders, then rate, then SKU: B (3), C (2, 0.5), A (2, 0.2) | F (2, 0.2), D, E
    sku(US, "S1", "SKU-A", 10, 2, 0, false, "LATE_SHIPMENT");
    sku(US, "S1", "SKU-B", 8, 3, 3, true, "PRODUCT_QUALITY");
    sku(US, "S1", "SKU-C", 4, 2, 0, false, "DELIVERY_UNCONFIRMED");
    sku(US, "S1", "SKU-D", 20, 2, 0, false, null);
    sku(US, "S1", "SKU-E", 5, 0, 0, false, null);
    sku(US, "S1", "SKU-F", 10, 2, 0, false, "DAMAGED_ON_ARRIVAL");
    awaiting.add(awaitingRow(D, US, "S1", "c5", 20.0));
    awaiting.add(awaitingRow(D, US, "S1", "c6", -3.0));

    // candidates: from the flagged metrics, ODR (no CLAIM_RATE, feedback or chargeback rows: its
    // fallback RESOLVE_BEFORE_CLAIM, 8 defects × weight 1 = 8), LATE_SHIPMENT_RATE (SHIP_ON_TIME,
    // ceil(9 × 0.8) = 8, merged with the LATE_SHIPMENT claims' 2), RETURN_DISSATISFACTION_RATE
    // (ANSWER_RETURNS, ceil(8 × 0.5) = 4); FIX_SKU SKU-B 3; ANSWER_OPEN_CLAIMS 2,
    // SIGNATURE_CONFIRMATION 2; ANSWER_ON_TIME 1, IMPROVE_PACKAGING 1. Ties in catalogue order:
    // SHIP_ON_TIME before RESOLVE_BEFORE_CLAIM. The first five address every flagged metric, so
    // the cap stays at 5. PREMATURE_CLAIM calls for none.
    List<Row> expected = new ArrayList<>();
    expected.add(
        RowFactory.create(
            Date.valueOf(D),
            US,
            "S1",
            90,
            "CRITICAL",
            List.of("LATE_SHIPMENT_RATE", "ODR"),
            List.of("ODR", "RETURN_DISSATISFACTION_RATE"),
            0.008,
            1000L,
            8L,
            2L, // ceil(0.01 × 1,000) - 8
            0.008 - 0.005,
            List.of(
                cause("DELIVERY_UNCONFIRMED", 2),
                cause("LATE_SHIPMENT", 2),
                cause("PREMATURE_CLAIM", 2)),
            List.of(
                skuSummary("SKU-B", 8, 3, 0.375, true, "PRODUCT_QUALITY"),
                skuSummary("SKU-C", 4, 2, 0.5, false, "DELIVERY_UNCONFIRMED"),
                skuSummary("SKU-A", 10, 2, 0.2, false, "LATE_SHIPMENT")),
            2L,
            List.of(
                SHIP_ON_TIME,
                RESOLVE_BEFORE_CLAIM,
                "Answer return requests within 48 hours, and refund within 2 days of receiving the"
                    + " return",
                "Fix SKU SKU-B: inspect the stock, listing and packaging behind its quality claims",
                "Answer the claims awaiting a response within the 48-hour window (2 open)"),
            null,
            null));

    Dataset<Row> actual = score(SHIPPED);
    assertSameRows(spark.createDataFrame(expected, actual.schema()), actual);
  }

  /**
   * Two as-of dates in one call: each date's row reads only that date's rows, and its ODR change
   * compares with the ODR seven days before it.
   */
  @Test
  void everyAsOfDateIsScoredFromItsOwnRows() {
    // S1 at D-1: 1 of 40, a breach on 1 defect (69, MEDIUM, as in
    // scoreWeighsTheStatusTheEvidenceAndTheMetric); a week before 0 of 40
    metrics.add(odr(D_1, US, "S1", 1, 40, BREACH));
    weekBefore.add(odr("2026-06-22", US, "S1", 0, 40, GOOD));
    claims.add(claimRow(D_1, US, "S1", "c1", RootCause.LATE_SHIPMENT, true, false));
    awaiting.add(awaitingRow(D_1, US, "S1", "c1", 30.0));
    // S1 at D: the claim was withdrawn, 0 of 40; a week before (D-7 = 2026-06-23) 1 of 40
    metrics.add(odr(D, US, "S1", 0, 40, GOOD));
    weekBefore.add(odr("2026-06-23", US, "S1", 1, 40, BREACH));
    claims.add(claimRow(D, US, "S1", "c1", RootCause.LATE_SHIPMENT, false, false));
    // a claim that does not count but was answered late still calls for an answer on time
    claims.add(claimRow(D, US, "S1", "c4", RootCause.NOT_SHIPPED, false, true));
    // S2 only at D: 100 of 4,000 (100, CRITICAL); no ODR ALL row a week before, only MFN
    metrics.add(odr(D, US, "S2", 100, 4000, BREACH));
    weekBefore.add(metric("2026-06-23", US, "S2", "ODR", "MFN", 1L, 10, "<", 0.01, BREACH));
    claims.add(claimRow(D, US, "S2", "c2", RootCause.DELIVERY_UNCONFIRMED, true, false));
    claims.add(claimRow(D, US, "S2", "c3", RootCause.DELIVERY_UNCONFIRMED, true, false));
    skus.add(skuRow(D, US, "S2", "SKU-X", 50, 5, 4, true, "PRODUCT_QUALITY"));
    // one defective order is enough for the top SKUs; none is not
    skus.add(skuRow(D, US, "S2", "SKU-Z", 10, 1, 0, false, null));
    skus.add(skuRow(D, US, "S2", "SKU-W", 30, 0, 0, false, null));
    // rows for S2 at D-1 and for a date nobody scores make no row
    claims.add(claimRow(D_1, US, "S2", "c9", RootCause.NOT_SHIPPED, true, true));
    skus.add(skuRow("2026-06-28", US, "S1", "SKU-Y", 5, 5, 0, false, null));
    awaiting.add(awaitingRow("2026-07-01", US, "S1", "c7", 10.0));

    List<Row> expected =
        List.of(
            RowFactory.create(
                Date.valueOf(D_1),
                US,
                "S1",
                69,
                "MEDIUM",
                List.of("ODR"),
                List.of(),
                0.025,
                40L,
                1L,
                0L, // ceil(0.4) - 1
                0.025 - 0.0,
                List.of(cause("LATE_SHIPMENT", 1)),
                List.of(),
                1L,
                // all weigh 1: catalogue order; the ODR's fallback (no CLAIM_RATE row) last
                List.of(
                    "Answer the claims awaiting a response within the 48-hour window (1 open)",
                    SHIP_ON_TIME,
                    RESOLVE_BEFORE_CLAIM),
                null,
                null),
            RowFactory.create(
                Date.valueOf(D),
                US,
                "S1",
                0,
                "LOW",
                List.of(),
                List.of(),
                0.0,
                40L,
                0L,
                1L, // ceil(0.4) - 0
                0.0 - 0.025,
                List.of(),
                List.of(),
                0L,
                List.of("Answer claims within the 48-hour response window (1 late or unanswered)"),
                null,
                null),
            RowFactory.create(
                Date.valueOf(D),
                US,
                "S2",
                100,
                "CRITICAL",
                List.of("ODR"),
                List.of(),
                0.025,
                4000L,
                100L,
                0L, // max(0, 40 - 100)
                null,
                List.of(cause("DELIVERY_UNCONFIRMED", 2)),
                List.of(
                    skuSummary("SKU-X", 50, 5, 0.1, true, "PRODUCT_QUALITY"),
                    skuSummary("SKU-Z", 10, 1, 0.1, false, null)),
                0L,
                // the ODR breach's fallback weighs its 100 defects
                List.of(
                    RESOLVE_BEFORE_CLAIM,
                    "Fix SKU SKU-X: inspect the stock, listing and packaging behind its quality"
                        + " claims",
                    "Add signature confirmation to orders above 750"),
                null,
                null));

    Dataset<Row> actual = score(SHIPPED);
    assertSameRows(spark.createDataFrame(expected, actual.schema()), actual);
  }

  /** Action texts carry the marketplace's own response window, refund deadline and amount. */
  @Test
  void actionsUseTheMarketplacesOwnNumbers() {
    metrics.add(odr(D, "CUSTOM", "S1", 3, 100, BREACH));
    metrics.add(odr(D, JP, "S2", 1, 100, BREACH));
    claim("CUSTOM", "S1", "c1", RootCause.REFUND_NOT_ISSUED, true, false);
    claim("CUSTOM", "S1", "c2", RootCause.REFUND_NOT_ISSUED, true, false);
    claim("CUSTOM", "S1", "c3", RootCause.DELIVERY_UNCONFIRMED, true, false);
    awaiting.add(awaitingRow(D, "CUSTOM", "S1", "c3", 5.0));
    claim(JP, "S2", "c4", RootCause.DELIVERY_UNCONFIRMED, true, false);

    // CUSTOM: 72-hour window, 1-day refund deadline, 500. JP is not listed in CUSTOM, so it takes
    // the default entry's 750; the shipped policy's JP entry says 100000 (yen)
    assertRows(
        score(CUSTOM),
        List.of(SellerRiskTable.SELLER_ID, SellerRiskTable.ACTIONS),
        new Object[] {
          "S1",
          // the ODR breach (3 defects, no CLAIM_RATE row): RESOLVE_BEFORE_CLAIM weighs 3
          List.of(
              RESOLVE_BEFORE_CLAIM,
              "Refund within 1 day of receiving a return",
              "Answer the claims awaiting a response within the 72-hour window (1 open)",
              "Add signature confirmation to orders above 500")
        },
        // 1 claim and the ODR's 1 defect weigh the same: catalogue order
        new Object[] {
          "S2", List.of("Add signature confirmation to orders above 750", RESOLVE_BEFORE_CLAIM)
        });
    assertRows(
        score(SHIPPED).filter(col(SellerRiskTable.SELLER_ID).equalTo("S2")),
        List.of(SellerRiskTable.ACTIONS),
        new Object[] {
          List.of("Add signature confirmation to orders above 100000", RESOLVE_BEFORE_CLAIM)
        });
  }

  /**
   * Every metric in BREACH or AT_RISK keeps an action past the cap of 5: six root causes (9, 8, 7,
   * 6, 5 and 4 claims) fill the first five, and PERFECT_ORDER_PERCENTAGE, AT_RISK at 96 of 100 (4
   * imperfect orders >= 0.75 × 5), has no part to show (no other metric rows): its fallback, ceil(4
   * × 0.3) = 2, comes sixth; the sixth root cause (4 claims) is still cut.
   */
  @Test
  void everyFlaggedMetricKeepsAnActionPastTheCap() {
    metrics.add(odr(D, US, "S3", 0, 100, GOOD));
    metrics.add(
        metric(D, US, "S3", "PERFECT_ORDER_PERCENTAGE", "ALL", 96L, 100, ">=", 0.95, AT_RISK));
    RootCause[] causes = {
      RootCause.NOT_SHIPPED,
      RootCause.LATE_SHIPMENT,
      RootCause.NO_VALID_TRACKING,
      RootCause.DELIVERY_UNCONFIRMED,
      RootCause.CARRIER_DELAY_OR_LOSS,
      RootCause.WRONG_ITEM_SENT
    };
    for (int c = 0; c < causes.length; c++) {
      for (int i = 0; i < 9 - c; i++) {
        claim(US, "S3", "c" + c + "-" + i, causes[c], true, false);
      }
    }

    assertRows(
        score(SHIPPED),
        List.of(SellerRiskTable.SELLER_ID, SellerRiskTable.ACTIONS),
        new Object[] {
          "S3",
          List.of(
              "Ship or cancel every order before its ship-by date",
              SHIP_ON_TIME,
              "Ship with carriers that scan every parcel, and upload the tracking id when you"
                  + " confirm shipment",
              "Add signature confirmation to orders above 750",
              "Review the carrier or shipping service: parcels arrive late or get lost",
              "Find what spoils your orders (claims, feedback, chargebacks, cancellations, late"
                  + " shipments, returns) and fix the most frequent first")
        });
  }

  /**
   * A metric's weight is exact: in W7 the ODR weighs 0.07. In BREACH at 100 of 200 with no part to
   * show (no CLAIM_RATE row), its fallback weighs ceil(100 × 0.07) = 7, not the 8 of the double
   * product 7.000000000000001. It ties with the 7 NOT_SHIPPED claims, and the tie goes to the
   * earlier action: SHIP_OR_CANCEL first.
   */
  @Test
  void aWeightedActionIsRoundedUpFromTheExactProduct() {
    metrics.add(odr(D, "W7", "S4", 100, 200, BREACH));
    for (int i = 0; i < 7; i++) {
      claim("W7", "S4", "ns-" + i, RootCause.NOT_SHIPPED, true, false);
    }
    assertEquals(8.0, Math.ceil(100 * 0.07), "the double product the decimals avoid");

    assertRows(
        score(CUSTOM),
        List.of(SellerRiskTable.SELLER_ID, SellerRiskTable.ACTIONS),
        new Object[] {
          "S4", List.of("Ship or cancel every order before its ship-by date", RESOLVE_BEFORE_CLAIM)
        });
  }

  /** Every root cause has an action or, on purpose, none; no two causes share one. */
  @Test
  void everyRootCauseIsDecided() {
    Set<RootCause> none = EnumSet.noneOf(RootCause.class);
    Set<RiskAction> used = new HashSet<>();
    for (RootCause cause : RootCause.values()) {
      Optional<RiskAction> action = RiskAction.forRootCause(cause);
      if (action.isEmpty()) {
        none.add(cause);
      } else {
        assertTrue(used.add(action.get()), action.get() + " answers two causes");
      }
    }
    assertEquals(
        EnumSet.of(
            RootCause.PRODUCT_QUALITY,
            RootCause.DELIVERED_WITH_SIGNATURE,
            RootCause.PREMATURE_CLAIM,
            RootCause.REFUND_ALREADY_ISSUED,
            RootCause.RETURN_NOT_RECEIVED,
            RootCause.RETURN_DISPUTE_UNVERIFIED,
            RootCause.UNATTRIBUTED),
        none,
        "the causes docs/risk.md says call for no action of their own");
  }

  /** The output is as_of_date and SellerRiskTable.SCHEMA: names and types, nesting included. */
  @Test
  void outputHasTheDeclaredColumns() {
    metrics.add(odr(D, US, "S1", 1, 40, BREACH));
    List<StructField> fields = new ArrayList<>();
    fields.add(new StructField(OutputTables.AS_OF_DATE, DateType, true, Metadata.empty()));
    fields.addAll(Arrays.asList(SellerRiskTable.SCHEMA.fields()));
    StructType wanted = new StructType(fields.toArray(StructField[]::new));

    // catalogString leaves nullability out: a computed column's nullability is Spark's to infer
    assertEquals(wanted.catalogString(), score(SHIPPED).schema().catalogString());
  }

  /**
   * Over many sellers of three marketplaces and two dates, with claims, SKUs and awaiting claims of
   * sellers that have no metrics: one row per (date, marketplace, seller) of seller_metrics, scores
   * in 0..100, the tier the policy gives the score, and lists within their caps.
   */
  @Test
  void oneRowPerSellerAndDateWithAScoreAndItsTier() {
    Random random = new Random(20260630L);
    String[] markets = {US, JP, UNLISTED};
    String[] dates = {D_1, D};
    Set<String> keys = new HashSet<>();
    RootCause[] causes = RootCause.values();
    for (int i = 0; i < 300; i++) {
      String date = dates[random.nextInt(2)];
      String market = markets[random.nextInt(3)];
      String seller = "P" + random.nextInt(120);
      if (random.nextInt(10) > 0) {
        keys.add(date + "/" + market + "/" + seller);
        long orders = random.nextInt(5) == 0 ? 0 : random.nextInt(3000);
        long defects = orders == 0 ? 0 : random.nextInt((int) Math.min(orders, 60) + 1);
        MetricStatus status = defects * 100 >= orders && orders > 0 ? BREACH : GOOD;
        metrics.add(odr(date, market, seller, defects, orders, orders == 0 ? NO_DATA : status));
        long shipped = random.nextInt(200);
        metrics.add(
            metric(
                date,
                market,
                seller,
                "VALID_TRACKING_RATE",
                "MFN",
                shipped == 0 ? 0L : (long) random.nextInt((int) shipped + 1),
                shipped,
                ">",
                0.95,
                shipped == 0 ? NO_DATA : GOOD));
      }
      for (int c = random.nextInt(8); c > 0; c--) {
        claims.add(
            claimRow(
                date,
                market,
                seller,
                "c" + i + "-" + c,
                causes[random.nextInt(causes.length)],
                random.nextBoolean(),
                random.nextBoolean()));
      }
      for (int s = random.nextInt(6); s > 0; s--) {
        long orders = 1 + random.nextInt(30);
        skus.add(
            skuRow(
                date,
                market,
                seller,
                "SKU-" + i + "-" + s,
                orders,
                random.nextInt((int) orders + 1),
                random.nextInt(4),
                random.nextInt(4) == 0,
                null));
      }
      if (random.nextBoolean()) {
        awaiting.add(awaitingRow(date, market, seller, "a" + i, random.nextGaussian() * 24));
      }
    }

    Dataset<Row> out = score(SHIPPED);
    // bounded: at most 2 dates × 3 marketplaces × 120 sellers
    List<Row> rows = out.collectAsList();
    Set<String> seen = new HashSet<>();
    for (Row r : rows) {
      String key = r.getDate(0) + "/" + r.getString(1) + "/" + r.getString(2);
      assertTrue(seen.add(key), "one row per key: " + key);
      int score = r.getInt(3);
      assertTrue(score >= 0 && score <= 100, key + " score " + score);
      assertEquals(
          RiskTier.of(score, SHIPPED.forMarketplace(r.getString(1)).risk()).name(),
          r.getString(4),
          key + " tier of " + score);
      assertTrue(r.getList(12).size() <= 3, key + " top_root_causes");
      assertTrue(r.getList(13).size() <= 3, key + " top_skus");
      assertTrue(r.getList(15).size() <= 5, key + " actions");
    }
    assertEquals(keys, seen);
    assertEquals(
        keys.stream().map(k -> k.split("/")[0]).collect(Collectors.toSet()),
        Set.of(D_1, D),
        "both dates scored");
  }

  // ---------------------------------------------------------------------------------------------

  private Dataset<Row> score(Policy policy) {
    return SellerRisk.table(
        new SellerRisk.Inputs(
            metricFrame(metrics),
            metricFrame(weekBefore),
            spark.createDataFrame(claims, CLAIM_ROWS),
            spark
                .createDataFrame(skus, SKU_ROWS)
                .withColumn(
                    SkuMetricsTable.DEFECT_RATE,
                    Rates.rate(col(SkuMetricsTable.DEFECTIVE_ORDERS), col(SkuMetricsTable.ORDERS))),
            spark.createDataFrame(awaiting, AWAITING_ROWS)),
        policy);
  }

  /** seller_metrics rows, with rate and Wilson bounds derived as the table derives them. */
  private static Dataset<Row> metricFrame(List<Row> rows) {
    Column num = col(SellerMetricsTable.NUMERATOR);
    Column den = col(SellerMetricsTable.DENOMINATOR);
    return spark
        .createDataFrame(rows, METRIC_ROWS)
        .withColumn(SellerMetricsTable.RATE, Rates.rate(num, den))
        .withColumn(SellerMetricsTable.RATE_LOW, Rates.wilsonLow(num, den))
        .withColumn(SellerMetricsTable.RATE_HIGH, Rates.wilsonHigh(num, den));
  }

  /** The ODR row of channel ALL, target {@code < 0.01}. */
  private static Row odr(
      String asOf, String marketplace, String seller, long defects, long orders, MetricStatus s) {
    return metric(asOf, marketplace, seller, "ODR", "ALL", defects, orders, "<", 0.01, s);
  }

  private static Row metric(
      String asOf,
      String marketplace,
      String seller,
      String metric,
      String channel,
      Long numerator,
      long denominator,
      String condition,
      Double target,
      MetricStatus status) {
    LocalDate d = LocalDate.parse(asOf);
    return RowFactory.create(
        Date.valueOf(d),
        marketplace,
        seller,
        metric,
        channel,
        Date.valueOf(d.minusDays(73)),
        Date.valueOf(d.minusDays(14)),
        numerator,
        denominator,
        condition,
        target,
        status.name());
  }

  /** A claim_attribution row at D. */
  private void claim(
      String marketplace,
      String seller,
      String id,
      RootCause cause,
      boolean countsAsDefect,
      boolean lateResponse) {
    claims.add(claimRow(D, marketplace, seller, id, cause, countsAsDefect, lateResponse));
  }

  private static Row claimRow(
      String asOf,
      String marketplace,
      String seller,
      String id,
      RootCause cause,
      boolean countsAsDefect,
      boolean lateResponse) {
    return RowFactory.create(
        Date.valueOf(asOf), marketplace, seller, id, countsAsDefect, cause.name(), lateResponse);
  }

  /** A sku_metrics row at D. */
  private void sku(
      String marketplace,
      String seller,
      String sku,
      long orders,
      long defective,
      long qualityClaimOrders,
      boolean hotspot,
      String topRootCause) {
    skus.add(
        skuRow(
            D,
            marketplace,
            seller,
            sku,
            orders,
            defective,
            qualityClaimOrders,
            hotspot,
            topRootCause));
  }

  private static Row skuRow(
      String asOf,
      String marketplace,
      String seller,
      String sku,
      long orders,
      long defective,
      long qualityClaimOrders,
      boolean hotspot,
      String topRootCause) {
    return RowFactory.create(
        Date.valueOf(asOf),
        marketplace,
        seller,
        sku,
        orders,
        defective,
        qualityClaimOrders,
        hotspot,
        topRootCause);
  }

  private static Row awaitingRow(
      String asOf, String marketplace, String seller, String claimId, double hoursLeft) {
    return RowFactory.create(
        Date.valueOf(asOf), marketplace, seller, claimId, hoursLeft, hoursLeft < 0);
  }

  private static Row cause(String rootCause, long claims) {
    return RowFactory.create(rootCause, claims);
  }

  private static Row skuSummary(
      String sku, long orders, long defective, double rate, boolean hotspot, String topCause) {
    return RowFactory.create(sku, orders, defective, rate, hotspot, topCause);
  }
}
