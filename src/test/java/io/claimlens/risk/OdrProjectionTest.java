package io.claimlens.risk;

import static io.claimlens.testing.Fixtures.utcPolicy;
import static io.claimlens.testing.RowAssertions.assertRows;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.types.DataTypes.DateType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;

import io.claimlens.asof.KnownAt;
import io.claimlens.config.AsOfDates;
import io.claimlens.config.Policy;
import io.claimlens.config.PolicyParser;
import io.claimlens.facts.OrderFacts;
import io.claimlens.metrics.DailyCounts;
import io.claimlens.policy.PolicyAtDates;
import io.claimlens.schema.Claims;
import io.claimlens.schema.Orders;
import io.claimlens.schema.OutputTables;
import io.claimlens.schema.SellerRiskTable;
import io.claimlens.testing.SparkTestBase;
import java.nio.charset.StandardCharsets;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * odr_projected and odr_projected_status (SPEC §4.1) from hand-made daily counts and reference
 * defect ages, against values worked out by hand.
 *
 * <p>The policy: UTC, ODR (ALL) with W = 10, L = 3 and target {@code < 0.2} (warning 0.75: AT_RISK
 * from 0.15); horizon H = 5, minimum reference defects M = 4. At D = 2026-06-30 the ODR window is
 * Jun 18 … Jun 27, so the seller's purchase days are 3 to 12 days old.
 */
class OdrProjectionTest extends SparkTestBase {
  private static final LocalDate D = LocalDate.parse("2026-06-30");

  private static final Policy POLICY =
      utcPolicy(
          "projection.json",
          "\"risk\": {\"odr_projection\": {\"horizon_days\": 5, \"reference_days\": 30,"
              + " \"min_reference_defects\": 4}},"
              + " \"metrics\": {"
              + " \"ODR\": {\"window_days\": 10, \"lag_days\": 3, \"target\": \"< 0.2\","
              + " \"channels\": [\"ALL\"]}}");

  private static final StructType DAILY =
      new StructType()
          .add(OutputTables.AS_OF_DATE, DateType)
          .add(PolicyAtDates.POLICY_KEY, StringType)
          .add(Orders.MARKETPLACE_ID, StringType)
          .add(Orders.SELLER_ID, StringType)
          .add(Orders.FULFILLMENT_CHANNEL, StringType)
          .add(DailyCounts.DAY, DateType)
          .add(DailyCounts.DEFECTIVE_ORDERS, LongType);

  private static final StructType AGES =
      new StructType()
          .add(OutputTables.AS_OF_DATE, DateType)
          .add(Orders.MARKETPLACE_ID, StringType)
          .add(OdrProjection.AGE, IntegerType)
          .add(OdrProjection.REFERENCE_DEFECTS, LongType);

  private final List<Row> daily = new ArrayList<>();
  private final List<Row> ages = new ArrayList<>();

  /**
   * Marketplace M: four defective reference orders, two first defective at age 4, two at age 6
   * (past H: they count in n_ref = 4 only). F(3) = 0, F(4) = 2/4 = 0.5, F(a) = 1 for a >= 5.
   *
   * <p>S1 (20 orders): 1 defective order bought Jun 27 (age 3: F = 0 on a day with defects, so
   * 1/n_ref stands in: 1 × 4 = 4), 1 on Jun 26 (age 4: 1 / 0.5 = 2), 2 on Jun 20 (age 10 >= H: 2)
   * and 1 on Jun 29, a lag day outside the window: 8 projected defects, 8 / 20 = 0.4, BREACH. S2
   * (40 orders): 1 on Jun 20 only: 1 / 40 = 0.025, GOOD; S3 (40 orders): 3 on Jun 26: 6 / 40 =
   * 0.15, AT_RISK. S4 has orders but no defect: 0, GOOD; S5 has no orders in the window: null.
   *
   * <p>Marketplace FEW: n_ref = 3 < M: null, whatever the seller's defects.
   */
  @Test
  void projectionDevelopsEachPurchaseDayByTheMarketplacesCurve() {
    ages.add(age("M", 4, 2));
    ages.add(age("M", 6, 2));
    ages.add(age("FEW", 0, 3));
    day("M", "S1", "MFN", "2026-06-27", 1);
    day("M", "S1", "AFN", "2026-06-26", 1);
    day("M", "S1", "MFN", "2026-06-20", 2);
    day("M", "S1", "MFN", "2026-06-29", 1);
    day("M", "S2", "MFN", "2026-06-20", 1);
    day("M", "S3", "MFN", "2026-06-26", 3);
    day("M", "S4", "MFN", "2026-06-26", 0);
    day("FEW", "F1", "MFN", "2026-06-20", 2);

    Dataset<Row> projected =
        OdrProjection.projectedDefects(
            spark.createDataFrame(daily, DAILY),
            new PolicyAtDates(POLICY, List.of(D)),
            spark.createDataFrame(ages, AGES),
            POLICY);
    List<Row> sellers = new ArrayList<>();
    sellers.add(seller("M", "S1", 20));
    sellers.add(seller("M", "S2", 40));
    sellers.add(seller("M", "S3", 40));
    sellers.add(seller("M", "S4", 10));
    sellers.add(seller("M", "S5", 0));
    sellers.add(seller("FEW", "F1", 20));
    Dataset<Row> withOrders =
        spark
            .createDataFrame(
                sellers,
                new StructType()
                    .add(OutputTables.AS_OF_DATE, DateType)
                    .add(Orders.MARKETPLACE_ID, StringType)
                    .add(Orders.SELLER_ID, StringType)
                    .add(SellerRiskTable.ODR_ORDERS, LongType))
            .join(
                projected,
                new String[] {OutputTables.AS_OF_DATE, Orders.MARKETPLACE_ID, Orders.SELLER_ID},
                "left");
    Column marketplace = col(Orders.MARKETPLACE_ID);
    Column value =
        OdrProjection.projected(
            col(OdrProjection.PROJECTED_DEFECTS),
            col(OdrProjection.N_REF),
            col(SellerRiskTable.ODR_ORDERS),
            POLICY,
            marketplace);

    assertRows(
        withOrders.select(
            col(Orders.SELLER_ID),
            col(OdrProjection.PROJECTED_DEFECTS),
            col(OdrProjection.N_REF),
            value.as(SellerRiskTable.ODR_PROJECTED),
            OdrProjection.status(value, POLICY, marketplace)
                .as(SellerRiskTable.ODR_PROJECTED_STATUS)),
        List.of(
            Orders.SELLER_ID,
            OdrProjection.PROJECTED_DEFECTS,
            OdrProjection.N_REF,
            SellerRiskTable.ODR_PROJECTED,
            SellerRiskTable.ODR_PROJECTED_STATUS),
        new Object[] {"S1", 8.0, 4L, 0.4, "BREACH"},
        new Object[] {"S2", 1.0, 4L, 0.025, "GOOD"},
        new Object[] {"S3", 6.0, 4L, 0.15, "AT_RISK"},
        new Object[] {"S4", 0.0, 4L, 0.0, "GOOD"},
        new Object[] {"S5", null, null, null, null},
        new Object[] {"F1", 2.0, 3L, null, null});
  }

  /**
   * The reference orders of two marketplaces with different look-aheads: the default (H = 5, R =
   * 30, so at D purchase days May 27 … Jun 25) and LONG (H = 10, R = 40: May 12 … Jun 20). Each
   * keeps the orders of its own window, up to both ends: the earliest day of LONG's window lies
   * before any day of the default's, and the latest of the default's after any of LONG's.
   *
   * <p>M: o1 bought May 27, first claim Jun 1 (age 5; its second claim, Jun 10, is later); o2
   * bought Jun 25, claim Jun 25 (age 0); o3 (May 26) and o4 (Jun 26) are outside; o5's only claim
   * was denied. LONG: l1 bought May 12, claim Jun 1 (age 20); l2 bought Jun 20, claim Jun 22 (age
   * 2); l3 (Jun 21) and l4 (May 11) are outside LONG's window, though inside the default's or next
   * to it.
   */
  @Test
  void referenceOrdersAreThoseOfEachMarketplacesOwnWindow() {
    Policy policy =
        PolicyParser.parse(
            "reference.json",
            ("{\"default\": {\"time_zone\": \"UTC\", \"claim_response_window_hours\": 48,"
                    + " \"refund_deadline_days\": 2,"
                    + " \"sku_window\": {\"window_days\": 10, \"lag_days\": 0},"
                    + " \"hotspot\": {\"min_quality_claim_orders\": 3, \"rate_multiple\": 3},"
                    + " \"risk\": {\"odr_projection\": {\"horizon_days\": 5,"
                    + " \"reference_days\": 30, \"min_reference_defects\": 4}},"
                    + " \"metrics\": {\"ODR\": {\"window_days\": 10, \"lag_days\": 3,"
                    + " \"target\": \"< 0.2\", \"channels\": [\"ALL\"]}}},"
                    + " \"marketplaces\": {\"LONG\": {\"risk\": {\"odr_projection\":"
                    + " {\"horizon_days\": 10, \"reference_days\": 40}}}}}")
                .getBytes(StandardCharsets.UTF_8));
    List<Row> orders = new ArrayList<>();
    List<Row> claims = new ArrayList<>();
    for (String[] o :
        new String[][] {
          {"o1", "M", "2026-05-27"},
          {"o2", "M", "2026-06-25"},
          {"o3", "M", "2026-05-26"},
          {"o4", "M", "2026-06-26"},
          {"o5", "M", "2026-06-01"},
          {"l1", "LONG", "2026-05-12"},
          {"l2", "LONG", "2026-06-20"},
          {"l3", "LONG", "2026-06-21"},
          {"l4", "LONG", "2026-05-11"}
        }) {
      orders.add(
          RowFactory.create(Date.valueOf(D), o[0], o[1], Date.valueOf(LocalDate.parse(o[2]))));
    }
    claim(claims, "o1", "2026-06-10T12:00:00Z", "OPEN");
    claim(claims, "o1", "2026-06-01T12:00:00Z", "OPEN");
    claim(claims, "o2", "2026-06-25T12:00:00Z", "OPEN");
    claim(claims, "o3", "2026-06-01T12:00:00Z", "OPEN");
    claim(claims, "o4", "2026-06-27T12:00:00Z", "OPEN");
    claim(claims, "o5", "2026-06-03T12:00:00Z", "DENIED");
    claim(claims, "l1", "2026-06-01T12:00:00Z", "OPEN");
    claim(claims, "l2", "2026-06-22T12:00:00Z", "OPEN");
    claim(claims, "l3", "2026-06-22T12:00:00Z", "OPEN");
    claim(claims, "l4", "2026-06-01T12:00:00Z", "OPEN");

    Dataset<Row> ages =
        OdrProjection.referenceAges(
            spark.createDataFrame(
                orders,
                new StructType()
                    .add(OutputTables.AS_OF_DATE, DateType)
                    .add(Orders.ORDER_ID, StringType)
                    .add(Orders.MARKETPLACE_ID, StringType)
                    .add(OrderFacts.PURCHASE_DAY, DateType)),
            spark.createDataFrame(
                claims,
                new StructType()
                    .add(OutputTables.AS_OF_DATE, DateType)
                    .add(Orders.ORDER_ID, StringType)
                    .add(Claims.FILED_TS, TimestampType)
                    .add(Claims.STATUS, StringType)
                    .add(Claims.FUNDED_BY, StringType)
                    .add(KnownAt.TIME_ZONE, StringType)),
            Optional.empty(),
            Optional.empty(),
            policy,
            AsOfDates.of(D));

    assertRows(
        ages,
        List.of(Orders.MARKETPLACE_ID, OdrProjection.AGE, OdrProjection.REFERENCE_DEFECTS),
        new Object[] {"M", 5, 1L},
        new Object[] {"M", 0, 1L},
        new Object[] {"LONG", 20, 1L},
        new Object[] {"LONG", 2, 1L});
  }

  private static void claim(List<Row> claims, String order, String filed, String status) {
    claims.add(
        RowFactory.create(
            Date.valueOf(D), order, Timestamp.from(Instant.parse(filed)), status, "SELLER", "UTC"));
  }

  private void day(String market, String seller, String channel, String day, long defective) {
    daily.add(
        RowFactory.create(
            Date.valueOf(D),
            "default",
            market,
            seller,
            channel,
            Date.valueOf(LocalDate.parse(day)),
            defective));
  }

  private static Row age(String market, int age, long orders) {
    return RowFactory.create(Date.valueOf(D), market, age, orders);
  }

  private static Row seller(String market, String seller, long orders) {
    return RowFactory.create(Date.valueOf(D), market, seller, orders);
  }
}
