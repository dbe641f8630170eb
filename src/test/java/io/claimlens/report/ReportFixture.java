package io.claimlens.report;

import static org.apache.spark.sql.types.DataTypes.BooleanType;
import static org.apache.spark.sql.types.DataTypes.DateType;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;

import io.claimlens.schema.OutputTables;
import io.claimlens.schema.SellerRiskTable;
import io.claimlens.testing.Fixtures;
import java.nio.file.Path;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * A small published output root written by hand, as the job lays it out ({@code
 * <table>/as_of_date=D/part-*.parquet}): 34 sellers in three marketplaces at {@link #AS_OF}, with
 * seller_risk at earlier (and one later) dates for the sparklines, and the day's seller_metrics,
 * claim_attribution, sku_metrics and claims_awaiting_response. The values are chosen so that each
 * report rule has a case: ties in the top-seller order, an ODR of exactly the target, a seller
 * without orders, partitions just outside the 30-day history, claims at the 24-hour edge.
 */
final class ReportFixture {
  static final LocalDate AS_OF = LocalDate.parse("2026-06-30");
  static final String US = Fixtures.US;
  static final String UK = "A1F83G8C2ARO7P";
  static final String JP = Fixtures.JP;

  /** A next step with characters that must be escaped; the page must show it literally. */
  static final String ESCAPED_ACTION =
      "Check the listing of \"Mug <12oz>\" & its photos: 3 claims say the lid is missing";

  /** End of D in UTC: claims' due times are counted from it. */
  private static final Instant END_OF_DAY = Instant.parse("2026-07-01T00:00:00Z");

  static final StructType SELLER_METRICS =
      new StructType()
          .add("marketplace_id", StringType)
          .add("seller_id", StringType)
          .add("metric", StringType)
          .add("channel", StringType)
          .add("window_start", DateType)
          .add("window_end", DateType)
          .add("numerator", LongType)
          .add("denominator", LongType)
          .add("rate", DoubleType)
          .add("rate_low", DoubleType)
          .add("rate_high", DoubleType)
          .add("target_condition", StringType)
          .add("target_value", DoubleType)
          .add("status", StringType)
          .add("recovers_on", DateType)
          .add("peer_better_pct", DoubleType);

  static final StructType SKU_METRICS =
      new StructType()
          .add("marketplace_id", StringType)
          .add("seller_id", StringType)
          .add("sku", StringType)
          .add("window_start", DateType)
          .add("window_end", DateType)
          .add("orders", LongType)
          .add("defective_orders", LongType)
          .add("claim_orders", LongType)
          .add("negative_feedback_orders", LongType)
          .add("chargeback_orders", LongType)
          .add("quality_claim_orders", LongType)
          .add("defect_rate", DoubleType)
          .add("rate_low", DoubleType)
          .add("rate_high", DoubleType)
          .add("hotspot", BooleanType)
          .add("top_root_cause", StringType);

  static final StructType CLAIM_ATTRIBUTION =
      new StructType()
          .add("marketplace_id", StringType)
          .add("seller_id", StringType)
          .add("claim_id", StringType)
          .add("order_id", StringType)
          .add("sku", StringType)
          .add("filed_ts", TimestampType)
          .add("reason", StringType)
          .add("status", StringType)
          .add("counts_as_defect", BooleanType)
          .add("root_cause", StringType)
          .add("responsible_party", StringType)
          .add("rule_id", StringType)
          .add("response_due_ts", TimestampType)
          .add("late_response", BooleanType)
          .add("shipped", BooleanType)
          .add("late_shipment", BooleanType)
          .add("valid_tracking", BooleanType)
          .add("delivered", BooleanType)
          .add("signed", BooleanType)
          .add("return_received", BooleanType)
          .add("refund_late", BooleanType)
          .add("hotspot_sku", BooleanType);

  static final StructType CLAIMS_AWAITING_RESPONSE =
      new StructType()
          .add("marketplace_id", StringType)
          .add("seller_id", StringType)
          .add("claim_id", StringType)
          .add("order_id", StringType)
          .add("filed_ts", TimestampType)
          .add("response_due_ts", TimestampType)
          .add("hours_left", DoubleType)
          .add("overdue", BooleanType);

  /** A seller of the fixture at D. */
  record Seller(
      String marketplace,
      String id,
      int score,
      String tier,
      long orders,
      long defects,
      Long defectsToBreach,
      Double change7d,
      List<String> breached,
      List<String> atRisk,
      long awaiting,
      List<String> actions) {
    Double odr() {
      return orders == 0 ? null : (double) defects / orders;
    }
  }

  /** The named sellers, riskiest first, then 24 generated low-risk ones. */
  static List<Seller> sellers() {
    List<Seller> sellers = new ArrayList<>();
    sellers.add(
        new Seller(
            US,
            "S0101",
            96,
            "CRITICAL",
            90,
            4,
            0L,
            0.0222,
            List.of("LATE_SHIPMENT_RATE", "ODR"),
            List.of(),
            2,
            List.of(
                "Add signature confirmation above $75: 3 of 4 defects are unconfirmed deliveries",
                "Answer the 2 claims awaiting response today")));
    sellers.add(
        new Seller(
            UK,
            "S0207",
            91,
            "CRITICAL",
            140,
            3,
            0L,
            0.0071,
            List.of("ODR"),
            List.of(),
            1,
            List.of(ESCAPED_ACTION)));
    sellers.add(
        new Seller(
            US,
            "S0142",
            78,
            "HIGH",
            100,
            2,
            0L,
            0.004,
            List.of("ODR"),
            List.of(),
            0,
            List.of("Ship within the handling time: 2 claims cite late shipment")));
    sellers.add(
        new Seller(
            JP,
            "S0311",
            78,
            "HIGH",
            100,
            3,
            0L,
            0.01,
            List.of("ODR"),
            List.of(),
            1,
            List.of("Check the quality of JP-CABLE-USB (3 defective-item claims)")));
    sellers.add(
        new Seller(
            US, "S0155", 64, "HIGH", 100, 1, 0L, 0.0, List.of("ODR"), List.of(), 0, List.of()));
    sellers.add(
        new Seller(
            US,
            "S0150",
            64,
            "HIGH",
            100,
            1,
            0L,
            -0.002,
            List.of("ODR"),
            List.of(),
            1,
            List.of("Use carrier tracking on every package")));
    sellers.add(
        new Seller(
            UK,
            "S0230",
            52,
            "MEDIUM",
            400,
            3,
            1L,
            -0.0012,
            List.of(),
            List.of("ODR"),
            1,
            List.of("One more defect breaches the ODR: answer open claims first")));
    sellers.add(
        new Seller(
            JP,
            "S0333",
            45,
            "MEDIUM",
            250,
            2,
            1L,
            0.0012,
            List.of(),
            List.of("LATE_SHIPMENT_RATE", "ODR"),
            0,
            List.of()));
    sellers.add(
        new Seller(
            US, "S0170", 41, "MEDIUM", 205, 1, 2L, null, List.of(), List.of(), 0, List.of()));
    sellers.add(
        new Seller(UK, "S0244", 12, "LOW", 0, 0, null, null, List.of(), List.of(), 0, List.of()));
    List<String> markets = List.of(US, UK, JP);
    for (int i = 1; i <= 24; i++) {
      // 12 with no defect (bin 0), 12 with 1 in 400 = 0.25% exactly (bin 1, its lower edge)
      sellers.add(
          new Seller(
              markets.get(i % 3),
              String.format(Locale.ROOT, "S04%02d", i),
              30 - i,
              "LOW",
              400,
              i % 2,
              i % 2 == 0 ? 4L : 3L,
              0.0,
              List.of(),
              List.of(),
              0,
              List.of()));
    }
    return sellers;
  }

  /** Days before D with a seller_risk partition: two of them outside [D-29, D]. */
  static final List<Integer> HISTORY_OFFSETS = List.of(-40, -21, -14, -7, -1, 1);

  /** Offsets of the partitions inside the 30 as-of dates ending at D, D included. */
  static final List<Integer> OFFSETS_IN_WINDOW = List.of(-21, -14, -7, -1, 0);

  /** Writes the output root under {@code dir}; returns its path. */
  static String write(SparkSession spark, Path dir) {
    String root = dir.resolve("output").toString();
    List<Seller> sellers = sellers();
    List<Row> risk = new ArrayList<>();
    sellers.forEach(s -> risk.add(sellerRisk(s, s.odr())));
    partition(spark, root, OutputTables.SELLER_RISK, AS_OF, SellerRiskTable.SCHEMA, risk);
    for (int offset : HISTORY_OFFSETS) {
      List<Row> rows = new ArrayList<>();
      for (Seller s : sellers) {
        // S0207 is new today: it has no earlier partition (its sparkline is one point)
        if (s.odr() == null || s.id().equals("S0207")) {
          continue;
        }
        rows.add(sellerRisk(s, historicOdr(s, offset)));
      }
      partition(
          spark,
          root,
          OutputTables.SELLER_RISK,
          AS_OF.plusDays(offset),
          SellerRiskTable.SCHEMA,
          rows);
    }
    partition(spark, root, OutputTables.SELLER_METRICS, AS_OF, SELLER_METRICS, sellerMetrics());
    partition(
        spark, root, OutputTables.CLAIM_ATTRIBUTION, AS_OF, CLAIM_ATTRIBUTION, claimAttribution());
    partition(spark, root, OutputTables.SKU_METRICS, AS_OF, SKU_METRICS, skuMetrics());
    partition(
        spark,
        root,
        OutputTables.CLAIMS_AWAITING_RESPONSE,
        AS_OF,
        CLAIMS_AWAITING_RESPONSE,
        claimsAwaitingResponse());
    return root;
  }

  /**
   * A seller's ODR at D + offset: lower in the past, rising to today's; outside the window a value
   * no real ODR has (0.9), so a point from there would be obvious.
   */
  static double historicOdr(Seller s, int offset) {
    if (offset < -29 || offset > 0) {
      return 0.9;
    }
    return Math.max(0, s.odr() + offset * 0.0005);
  }

  static void partition(
      SparkSession spark,
      String root,
      String table,
      LocalDate date,
      StructType schema,
      List<Row> rows) {
    spark
        .createDataFrame(rows, schema)
        .coalesce(1)
        .write()
        .parquet(root + "/" + table + "/" + OutputTables.AS_OF_DATE + "=" + date);
  }

  private static Row sellerRisk(Seller s, Double odr) {
    return RowFactory.create(
        s.marketplace(),
        s.id(),
        s.score(),
        s.tier(),
        s.breached(),
        s.atRisk(),
        odr,
        s.orders(),
        s.defects(),
        s.defectsToBreach(),
        s.change7d(),
        s.defects() == 0
            ? List.of()
            : List.of(RowFactory.create("DELIVERY_UNCONFIRMED", s.defects())),
        List.of(RowFactory.create("SKU-" + s.id(), s.orders(), s.defects(), odr, false, null)),
        s.awaiting(),
        s.actions(),
        projected(odr),
        projected(odr) == null
            ? null
            : projected(odr) >= 0.01 ? "BREACH" : projected(odr) >= 0.0075 ? "AT_RISK" : "GOOD");
  }

  /** The fixture's odr_projected: half as much again as the ODR, as if claims were still due. */
  private static Double projected(Double odr) {
    return odr == null ? null : odr * 1.5;
  }

  /** ODR rows (ALL, and MFN for S0101 in breach in both), and LATE_SHIPMENT_RATE rows. */
  private static List<Row> sellerMetrics() {
    List<Row> rows = new ArrayList<>();
    for (Seller s : sellers()) {
      String status;
      if (s.odr() == null) {
        status = "NO_DATA";
      } else if (s.odr() >= 0.01) {
        status = "BREACH";
      } else if (s.odr() >= 0.0075) {
        status = "AT_RISK";
      } else {
        status = "GOOD";
      }
      rows.add(metric(s, "ODR", "ALL", s.defects(), s.orders(), "<", 0.01, status));
      if (s.id().equals("S0101")) {
        rows.add(metric(s, "ODR", "MFN", s.defects(), s.orders(), "<", 0.01, status));
      }
      String late = s.id().equals("S0101") ? "BREACH" : s.id().equals("S0333") ? "AT_RISK" : "GOOD";
      rows.add(metric(s, "LATE_SHIPMENT_RATE", "MFN", 0, Math.max(1, s.orders()), "<", 0.04, late));
    }
    return rows;
  }

  private static Row metric(
      Seller s,
      String metric,
      String channel,
      long numerator,
      long denominator,
      String condition,
      double target,
      String status) {
    Double rate = denominator == 0 ? null : (double) numerator / denominator;
    // a breach ends 10 days after D per defect, S0101's late shipments not within their range
    LocalDate recovers =
        !status.equals("BREACH") || (s.id().equals("S0101") && metric.equals("LATE_SHIPMENT_RATE"))
            ? null
            : AS_OF.plusDays(10L * Math.max(1, numerator));
    // a peer rank for the ODR rows on 50 orders or more
    Double peers =
        metric.equals("ODR") && channel.equals("ALL") && denominator >= 50
            ? (double) (denominator % 100)
            : null;
    return RowFactory.create(
        s.marketplace(),
        s.id(),
        metric,
        channel,
        Date.valueOf(AS_OF.minusDays(73)),
        Date.valueOf(AS_OF.minusDays(14)),
        numerator,
        denominator,
        rate,
        rate,
        rate,
        condition,
        target,
        status,
        recovers == null ? null : Date.valueOf(recovers),
        peers);
  }

  /**
   * 16 claims: 13 count as defects. Per root cause (counting of all): DELIVERY_UNCONFIRMED 4/5,
   * NOT_SHIPPED 3/3, PRODUCT_QUALITY 3/3, CARRIER_DELAY_OR_LOSS 2/2, RETURN_DISPUTE_UNVERIFIED 1/1,
   * PREMATURE_CLAIM 0/2.
   */
  private static List<Row> claimAttribution() {
    List<Row> rows = new ArrayList<>();
    int[] n = {0};
    java.util.function.BiConsumer<Object[], Boolean> add =
        (cause, counts) -> {
          n[0]++;
          Instant filed = END_OF_DAY.minus(Duration.ofDays(10 + n[0]));
          rows.add(
              RowFactory.create(
                  US,
                  "S0101",
                  "C" + (1000 + n[0]),
                  "O" + (5000 + n[0]),
                  "US-KETTLE-2L",
                  Timestamp.from(filed),
                  cause[0],
                  counts ? "GRANTED" : "DENIED",
                  counts,
                  cause[1],
                  cause[2],
                  cause[3],
                  Timestamp.from(filed.plus(Duration.ofHours(48))),
                  false,
                  true,
                  false,
                  true,
                  true,
                  false,
                  false,
                  false,
                  false));
        };
    Object[] unconfirmed = {"ITEM_NOT_RECEIVED", "DELIVERY_UNCONFIRMED", "SELLER", "R05"};
    Object[] notShipped = {"ITEM_NOT_RECEIVED", "NOT_SHIPPED", "SELLER", "R01"};
    Object[] quality = {"DEFECTIVE", "PRODUCT_QUALITY", "SELLER", "R10"};
    Object[] carrier = {"ITEM_NOT_RECEIVED", "CARRIER_DELAY_OR_LOSS", "CARRIER", "R06"};
    Object[] dispute = {"RETURN_REFUSED", "RETURN_DISPUTE_UNVERIFIED", "UNKNOWN", "R31"};
    Object[] premature = {"ITEM_NOT_RECEIVED", "PREMATURE_CLAIM", "BUYER", "R07"};
    for (int i = 0; i < 4; i++) {
      add.accept(unconfirmed, true);
    }
    add.accept(unconfirmed, false);
    for (int i = 0; i < 3; i++) {
      add.accept(notShipped, true);
      add.accept(quality, true);
    }
    add.accept(carrier, true);
    add.accept(carrier, true);
    add.accept(dispute, true);
    add.accept(premature, false);
    add.accept(premature, false);
    return rows;
  }

  /** Four hotspots (quality-claim orders 5, 4, 3 at 12%, 3 at 10%) and two ordinary SKUs. */
  private static List<Row> skuMetrics() {
    return List.of(
        sku(US, "S0101", "US-KETTLE-2L", 40, 6, 5, true, "PRODUCT_QUALITY"),
        sku(UK, "S0207", "MUG-12OZ", 60, 4, 4, true, "MISSING_PARTS"),
        sku(JP, "S0311", "JP-CABLE-USB", 30, 3, 3, true, "DEFECTIVE_ITEM"),
        sku(US, "S0142", "US-LAMP-01", 25, 3, 3, true, "PRODUCT_QUALITY"),
        sku(US, "S0101", "US-FILTER-3PK", 50, 1, 0, false, "DELIVERY_UNCONFIRMED"),
        sku(UK, "S0230", "UK-TEA-TIN", 80, 1, 1, false, null));
  }

  private static Row sku(
      String marketplace,
      String seller,
      String sku,
      long orders,
      long defective,
      long quality,
      boolean hotspot,
      String topRootCause) {
    double rate = (double) defective / orders;
    return RowFactory.create(
        marketplace,
        seller,
        sku,
        Date.valueOf(AS_OF.minusDays(103)),
        Date.valueOf(AS_OF.minusDays(14)),
        orders,
        defective,
        defective,
        0L,
        0L,
        quality,
        rate,
        rate,
        rate,
        hotspot,
        topRootCause);
  }

  /** Six claims: hours left -30.5, -2, 3.25, 23.9 (listed, in that order), 24 and 40 (not). */
  private static List<Row> claimsAwaitingResponse() {
    return List.of(
        awaiting(UK, "S0230", "C2006", 40.0),
        awaiting(US, "S0101", "C2003", 3.25),
        awaiting(US, "S0150", "C2005", 24.0),
        awaiting(JP, "S0311", "C2004", 23.9),
        awaiting(UK, "S0207", "C2002", -2.0),
        awaiting(US, "S0101", "C2001", -30.5));
  }

  private static Row awaiting(String marketplace, String seller, String claim, double hoursLeft) {
    Instant due = END_OF_DAY.plusSeconds(Math.round(hoursLeft * 3600));
    return RowFactory.create(
        marketplace,
        seller,
        claim,
        "O" + claim.substring(1),
        Timestamp.from(due.minus(Duration.ofHours(48))),
        Timestamp.from(due),
        hoursLeft,
        hoursLeft < 0);
  }

  private ReportFixture() {}
}
