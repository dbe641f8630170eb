package io.claimlens.metrics;

import static io.claimlens.config.MetricId.LATE_SHIPMENT_RATE;
import static io.claimlens.config.MetricId.ON_TIME_DELIVERY_RATE;
import static io.claimlens.config.MetricId.PERFECT_ORDER_PERCENTAGE;
import static io.claimlens.config.MetricId.PRE_FULFILLMENT_CANCEL_RATE;
import static io.claimlens.config.MetricId.RETURN_DISSATISFACTION_RATE;
import static io.claimlens.config.MetricId.VALID_TRACKING_RATE;
import static io.claimlens.metrics.MetricStatus.AT_RISK;
import static io.claimlens.metrics.MetricStatus.BREACH;
import static io.claimlens.metrics.MetricStatus.GOOD;
import static io.claimlens.metrics.MetricStatus.NO_DATA;
import static io.claimlens.testing.Fixtures.US;
import static io.claimlens.testing.Fixtures.chargeback;
import static io.claimlens.testing.Fixtures.claim;
import static io.claimlens.testing.Fixtures.feedback;
import static io.claimlens.testing.Fixtures.order;
import static io.claimlens.testing.Fixtures.returned;
import static io.claimlens.testing.Fixtures.shipment;
import static io.claimlens.testing.RowAssertions.assertRows;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;

import io.claimlens.config.MetricId;
import io.claimlens.schema.Chargebacks;
import io.claimlens.schema.Claims;
import io.claimlens.schema.Feedback;
import io.claimlens.schema.OrderItems;
import io.claimlens.schema.Orders;
import io.claimlens.schema.Returns;
import io.claimlens.schema.RunManifestTable;
import io.claimlens.schema.SellerMetricsTable;
import io.claimlens.schema.Shipments;
import io.claimlens.testing.Rec;
import io.claimlens.testing.Scenario;
import io.claimlens.testing.SparkTestBase;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipping, cancellation, return and perfect-order metrics of seller_metrics against
 * hand-worked expectations (SPEC §1.1, §2, §2.2, §4). Every run is for D = 2026-06-30 in Amazon US:
 * Los Angeles is UTC-7 in summer, so a local day X runs from X 07:00:00Z to X+1 06:59:59Z, and D
 * ends at 2026-07-01T07:00:00Z. With the shipped policy the windows at D are:
 *
 * <ul>
 *   <li>LATE_SHIPMENT_RATE, VALID_TRACKING_RATE (MFN, W 30, L 0): purchase days Jun 1 … Jun 30;
 *   <li>PRE_FULFILLMENT_CANCEL_RATE (MFN, W 7, L 0): purchase days Jun 24 … Jun 30;
 *   <li>ON_TIME_DELIVERY_RATE (MFN, W 14, L 7): purchase days Jun 10 … Jun 23;
 *   <li>RETURN_DISSATISFACTION_RATE (ALL, W 60, L 0): request days May 2 … Jun 30;
 *   <li>PERFECT_ORDER_PERCENTAGE (ALL, W 90, L 14): purchase days Mar 19 … Jun 16.
 * </ul>
 *
 * A seller gets rows for every metric when it has an order bought Mar 19 … Jun 30 (104 days).
 */
class CatalogMetricsTest extends SparkTestBase {
  private static final String D = "2026-06-30";

  /** The channel and window of each metric's row at D. */
  private record Window(String channel, LocalDate start, LocalDate end) {
    Window(String channel, String start, String end) {
      this(channel, LocalDate.parse(start), LocalDate.parse(end));
    }
  }

  private static final Map<MetricId, Window> WINDOWS =
      Map.of(
          LATE_SHIPMENT_RATE, new Window("MFN", "2026-06-01", "2026-06-30"),
          PRE_FULFILLMENT_CANCEL_RATE, new Window("MFN", "2026-06-24", "2026-06-30"),
          VALID_TRACKING_RATE, new Window("MFN", "2026-06-01", "2026-06-30"),
          ON_TIME_DELIVERY_RATE, new Window("MFN", "2026-06-10", "2026-06-23"),
          RETURN_DISSATISFACTION_RATE, new Window("ALL", "2026-05-02", "2026-06-30"),
          PERFECT_ORDER_PERCENTAGE, new Window("ALL", "2026-03-19", "2026-06-16"));

  private static final List<String> COUNTS =
      List.of(
          SellerMetricsTable.SELLER_ID,
          SellerMetricsTable.METRIC,
          SellerMetricsTable.CHANNEL,
          SellerMetricsTable.WINDOW_START,
          SellerMetricsTable.WINDOW_END,
          SellerMetricsTable.NUMERATOR,
          SellerMetricsTable.DENOMINATOR,
          SellerMetricsTable.STATUS);

  /** A package's first carrier scan, for packages confirmed at {@link #CONFIRMED}. */
  private static final String SCANNED = "2026-06-11T20:00:00Z";

  private static final String CONFIRMED = "2026-06-11T16:00:00Z";

  @TempDir static Path dir;

  /**
   * One run for the cases that need every dataset. Their sellers are distinct and each test reads
   * only its own sellers' rows, which no other seller's orders can change. A run costs seconds
   * whatever its rows: six runs of a few orders each were most of this class's time.
   */
  private static Scenario.Output all;

  @BeforeAll
  static void runTheCasesTogether() {
    Scenario s = new Scenario(spark, dir.resolve("all")).add(Claims.SCHEMA);
    shipTimesAndScans(s);
    deliveries(s);
    cancellations(s);
    returnsAndRefunds(s);
    perfectOrders(s);
    statusLines(s);
    all = s.run(D);
  }

  /**
   * LATE_SHIPMENT_RATE and VALID_TRACKING_RATE (purchase days Jun 1 … Jun 30).
   *
   * <p>Seller EDGE_LS, the window edges: e1 bought Jun 1 00:00:00 local (07:00:00Z) is in, e2 one
   * second earlier (May 31) is out, e3 bought Jun 30 23:59 local is in, e4 bought Jul 1 00:00 local
   * does not exist at D. e1 is confirmed 1 s after its ship-by time (late) and scanned; e2 is on
   * time and scanned; e3 is confirmed at 2026-07-01T06:59:59Z = Jun 30 23:59:59 local (known at D),
   * 29 s after its ship-by time (late), and not scanned. Late: e1, e3 = 2/2; valid: e1 = 1/2. (A
   * window one day early would give late 1/2 and valid 2/2.)
   *
   * <p>Seller SHIP, ship time = the latest ship_confirm_ts of the packages known at D; ship-by Jun
   * 12 16:00Z. s1 is confirmed exactly at it (not late: late is after it); s2 has packages
   * confirmed Jun 11 and Jun 12 16:00:01Z (late: the latest counts); s3 has no ship-by time (not
   * late); s4's only package is confirmed Jul 1 00:00 local, after D (not shipped at D: not in the
   * denominator); s5's second package is confirmed after D (its ship time is the first, on time);
   * s6's package has no ship_confirm_ts (never counts: not shipped); s7 is AFN (MFN only). Late 1
   * (s2) of 4 shipped (s1, s2, s3, s5). No package is scanned: valid 0/4.
   *
   * <p>Seller TRACK, valid tracking = every package known at D has a non-blank tracking id and a
   * first scan known at D; 8 orders shipped Jun 11, none late. t1: one package, scanned; t2: two
   * packages, both scanned; t3: two packages, one not scanned (invalid); t4: scanned Jul 1 00:00
   * local, after D (invalid at D); t5: scanned Jun 30 23:59:59 local (valid); t6: blank tracking
   * id; t7: no tracking id; t8: one package scanned and one without ship_confirm_ts or scan (that
   * one never counts: valid). Valid 4/8 (t1, t2, t5, t8). Late 0/8 is GOOD: 0 used < 0.75 × 0.04 ×
   * 8 = 0.24.
   *
   * <p>Every rate here but TRACK's late rate fails its target: {@code < 0.04} or {@code > 0.95}.
   */
  @Test
  void lateShipmentAndValidTrackingFollowShipTimesAndScansKnownAtD() {
    assertRows(
        metrics(List.of("EDGE_LS", "SHIP", "TRACK"), LATE_SHIPMENT_RATE, VALID_TRACKING_RATE),
        COUNTS,
        row("EDGE_LS", LATE_SHIPMENT_RATE, 2, 2, BREACH),
        row("EDGE_LS", VALID_TRACKING_RATE, 1, 2, BREACH),
        row("SHIP", LATE_SHIPMENT_RATE, 1, 4, BREACH),
        row("SHIP", VALID_TRACKING_RATE, 0, 4, BREACH),
        row("TRACK", LATE_SHIPMENT_RATE, 0, 8, GOOD),
        row("TRACK", VALID_TRACKING_RATE, 4, 8, BREACH));
  }

  /** The sellers of {@link #lateShipmentAndValidTrackingFollowShipTimesAndScansKnownAtD()}. */
  private static void shipTimesAndScans(Scenario s) {
    String bought = "2026-06-10T16:00:00Z";
    String shipBy = "2026-06-12T16:00:00Z";
    String afterD = "2026-07-01T07:00:00Z";
    s.add(
            Orders.SCHEMA,
            order("e1", US, "EDGE_LS", "2026-06-01T07:00:00Z")
                .set(Orders.LATEST_SHIP_TS, "2026-06-02T07:00:00Z"),
            order("e2", US, "EDGE_LS", "2026-06-01T06:59:59Z")
                .set(Orders.LATEST_SHIP_TS, "2026-06-02T07:00:00Z"),
            order("e3", US, "EDGE_LS", "2026-07-01T06:59:00Z")
                .set(Orders.LATEST_SHIP_TS, "2026-07-01T06:59:30Z"),
            order("e4", US, "EDGE_LS", afterD).set(Orders.LATEST_SHIP_TS, "2026-07-01T07:30:00Z"),
            order("s1", US, "SHIP", bought).set(Orders.LATEST_SHIP_TS, shipBy),
            order("s2", US, "SHIP", bought).set(Orders.LATEST_SHIP_TS, shipBy),
            order("s3", US, "SHIP", bought),
            order("s4", US, "SHIP", bought).set(Orders.LATEST_SHIP_TS, shipBy),
            order("s5", US, "SHIP", bought).set(Orders.LATEST_SHIP_TS, shipBy),
            order("s6", US, "SHIP", bought).set(Orders.LATEST_SHIP_TS, shipBy),
            order("s7", US, "SHIP", bought)
                .set(Orders.LATEST_SHIP_TS, shipBy)
                .set(Orders.FULFILLMENT_CHANNEL, "AFN"),
            order("t1", US, "TRACK", bought),
            order("t2", US, "TRACK", bought),
            order("t3", US, "TRACK", bought),
            order("t4", US, "TRACK", bought),
            order("t5", US, "TRACK", bought),
            order("t6", US, "TRACK", bought),
            order("t7", US, "TRACK", bought),
            order("t8", US, "TRACK", bought))
        .add(
            Shipments.SCHEMA,
            pkg("e1", "e1-a", "2026-06-02T07:00:01Z", "2026-06-02T12:00:00Z", null),
            pkg("e2", "e2-a", "2026-06-02T06:00:00Z", "2026-06-02T12:00:00Z", null),
            shipment("e3", "e3-a", "2026-07-01T06:59:59Z"),
            pkg("e4", "e4-a", "2026-07-01T08:00:00Z", "2026-07-01T09:00:00Z", null),
            shipment("s1", "s1-a", shipBy),
            shipment("s2", "s2-a", "2026-06-11T16:00:00Z"),
            shipment("s2", "s2-b", "2026-06-12T16:00:01Z"),
            shipment("s3", "s3-a", "2026-06-25T16:00:00Z"),
            shipment("s4", "s4-a", afterD),
            shipment("s5", "s5-a", "2026-06-11T16:00:00Z"),
            shipment("s5", "s5-b", afterD),
            shipment("s6", "s6-a", null),
            shipment("s7", "s7-a", "2026-06-20T16:00:00Z"),
            pkg("t1", "t1-a", CONFIRMED, SCANNED, null),
            pkg("t2", "t2-a", CONFIRMED, SCANNED, null),
            pkg("t2", "t2-b", CONFIRMED, SCANNED, null),
            pkg("t3", "t3-a", CONFIRMED, SCANNED, null),
            pkg("t3", "t3-b", CONFIRMED, null, null),
            pkg("t4", "t4-a", CONFIRMED, afterD, null),
            pkg("t5", "t5-a", CONFIRMED, "2026-07-01T06:59:59Z", null),
            pkg("t6", "t6-a", CONFIRMED, SCANNED, null).set(Shipments.TRACKING_ID, "  "),
            pkg("t7", "t7-a", CONFIRMED, SCANNED, null).set(Shipments.TRACKING_ID, null),
            pkg("t8", "t8-a", CONFIRMED, SCANNED, null),
            pkg("t8", "t8-b", null, null, null));
  }

  /**
   * ON_TIME_DELIVERY_RATE (purchase days Jun 10 … Jun 23: the 7-day lag ends the window at D-7):
   * orders with valid tracking, delivered by latest_delivery_ts, over orders with valid tracking.
   *
   * <p>Seller EDGE_OTD: each order has one package confirmed 1 h, scanned 2 h and delivered 48 h
   * after purchase. d1 bought Jun 10 00:00:00 local (in) and d3 bought Jun 23 23:59:59 local (in)
   * are promised 72 h after purchase (on time); d2 bought Jun 9 23:59:59 local (out) and d4 bought
   * Jun 24 00:00:00 local (in the lag: out) are promised 24 h after purchase (late). On time 2/2
   * (d1, d3): GOOD, 0 used. A window one day early or late would give 1/2.
   *
   * <p>Seller DELIV: bought Jun 15, confirmed and scanned Jun 16, promised by Jun 20 07:00:00Z. n1
   * delivered Jun 19 (on time); n2 delivered exactly at the promise (on time: late is after it); n3
   * delivered 1 s after it (late); n4 has two packages, one delivered, one not (not delivered: not
   * on time); n5 has two packages delivered Jun 18 and Jun 21 (delivery time is the latest: late);
   * n6 is delivered Jul 1 00:00 local, after D (not delivered at D); n7 has no promise (on time);
   * n8 is not scanned and n9 has a second package not scanned (invalid tracking: out of the
   * denominator, though delivered on time); n10 has a second package without ship_confirm_ts, scan
   * or delivery (it never counts: delivered, on time). On time 4 (n1, n2, n7, n10) of 8 (n1 … n7,
   * n10): 0.5 is not above 0.90, BREACH.
   */
  @Test
  void onTimeDeliveryCountsValidTrackingOrdersDeliveredByThePromiseWithALag() {
    assertRows(
        metrics(List.of("EDGE_OTD", "DELIV"), ON_TIME_DELIVERY_RATE),
        COUNTS,
        row("EDGE_OTD", ON_TIME_DELIVERY_RATE, 2, 2, GOOD),
        row("DELIV", ON_TIME_DELIVERY_RATE, 4, 8, BREACH));
  }

  /**
   * The sellers of {@link #onTimeDeliveryCountsValidTrackingOrdersDeliveredByThePromiseWithALag()}.
   */
  private static void deliveries(Scenario s) {
    String bought = "2026-06-15T16:00:00Z";
    String confirmed = "2026-06-16T16:00:00Z";
    String scanned = "2026-06-16T20:00:00Z";
    String promise = "2026-06-20T07:00:00Z";
    String delivered = "2026-06-19T18:00:00Z";
    s.add(
            Orders.SCHEMA,
            order("d1", US, "EDGE_OTD", "2026-06-10T07:00:00Z")
                .set(Orders.LATEST_DELIVERY_TS, "2026-06-13T07:00:00Z"),
            order("d2", US, "EDGE_OTD", "2026-06-10T06:59:59Z")
                .set(Orders.LATEST_DELIVERY_TS, "2026-06-11T06:59:59Z"),
            order("d3", US, "EDGE_OTD", "2026-06-24T06:59:59Z")
                .set(Orders.LATEST_DELIVERY_TS, "2026-06-27T06:59:59Z"),
            order("d4", US, "EDGE_OTD", "2026-06-24T07:00:00Z")
                .set(Orders.LATEST_DELIVERY_TS, "2026-06-25T07:00:00Z"),
            order("n1", US, "DELIV", bought).set(Orders.LATEST_DELIVERY_TS, promise),
            order("n2", US, "DELIV", bought).set(Orders.LATEST_DELIVERY_TS, promise),
            order("n3", US, "DELIV", bought).set(Orders.LATEST_DELIVERY_TS, promise),
            order("n4", US, "DELIV", bought).set(Orders.LATEST_DELIVERY_TS, promise),
            order("n5", US, "DELIV", bought).set(Orders.LATEST_DELIVERY_TS, promise),
            order("n6", US, "DELIV", bought).set(Orders.LATEST_DELIVERY_TS, promise),
            order("n7", US, "DELIV", bought),
            order("n8", US, "DELIV", bought).set(Orders.LATEST_DELIVERY_TS, promise),
            order("n9", US, "DELIV", bought).set(Orders.LATEST_DELIVERY_TS, promise),
            order("n10", US, "DELIV", bought).set(Orders.LATEST_DELIVERY_TS, promise))
        .add(
            Shipments.SCHEMA,
            pkg(
                "d1",
                "d1-a",
                "2026-06-10T08:00:00Z",
                "2026-06-10T09:00:00Z",
                "2026-06-12T07:00:00Z"),
            pkg(
                "d2",
                "d2-a",
                "2026-06-10T07:59:59Z",
                "2026-06-10T08:59:59Z",
                "2026-06-12T06:59:59Z"),
            pkg(
                "d3",
                "d3-a",
                "2026-06-24T07:59:59Z",
                "2026-06-24T08:59:59Z",
                "2026-06-26T06:59:59Z"),
            pkg(
                "d4",
                "d4-a",
                "2026-06-24T08:00:00Z",
                "2026-06-24T09:00:00Z",
                "2026-06-26T07:00:00Z"),
            pkg("n1", "n1-a", confirmed, scanned, delivered),
            pkg("n2", "n2-a", confirmed, scanned, promise),
            pkg("n3", "n3-a", confirmed, scanned, "2026-06-20T07:00:01Z"),
            pkg("n4", "n4-a", confirmed, scanned, "2026-06-18T18:00:00Z"),
            pkg("n4", "n4-b", confirmed, scanned, null),
            pkg("n5", "n5-a", confirmed, scanned, "2026-06-18T18:00:00Z"),
            pkg("n5", "n5-b", confirmed, scanned, "2026-06-21T18:00:00Z"),
            pkg("n6", "n6-a", confirmed, scanned, "2026-07-01T07:00:00Z"),
            pkg("n7", "n7-a", confirmed, scanned, "2026-06-29T18:00:00Z"),
            pkg("n8", "n8-a", confirmed, null, delivered),
            pkg("n9", "n9-a", confirmed, scanned, delivered),
            pkg("n9", "n9-b", confirmed, null, delivered),
            pkg("n10", "n10-a", confirmed, scanned, delivered),
            pkg("n10", "n10-b", null, null, null));
  }

  /**
   * PRE_FULFILLMENT_CANCEL_RATE (purchase days Jun 24 … Jun 30): MFN orders CANCELLED by the SELLER
   * with no package shipped at D, over MFN orders.
   *
   * <p>Seller EDGE_PFC: c1 bought Jun 24 00:00:00 local (in) and c2 one second earlier (Jun 23,
   * out) are cancelled by the seller; c3 bought Jun 30 23:59:59 local (in) is not cancelled; c4
   * bought Jul 1 00:00 local, cancelled, does not exist at D. 1/2 (c1, c3); a window one day early
   * would give 2/2.
   *
   * <p>Seller CX, all bought Jun 26: x1 cancelled by the seller with no package (counts); x2
   * cancelled by the seller after a package was confirmed Jun 27 (shipped: does not count); x3
   * cancelled by the seller, its package confirmed Jul 1 00:00 local, after D (not shipped at D:
   * counts); x4 cancelled by the buyer; x5 PENDING; x6 cancelled by the seller but AFN (not in the
   * MFN row); x7 cancelled by the seller, its only package without ship_confirm_ts (a package that
   * never counts, so not shipped: counts). 3 (x1, x3, x7) of 6 MFN orders.
   *
   * <p>Both fail {@code < 0.025}: BREACH.
   */
  @Test
  void preFulfillmentCancelCountsSellerCancellationsWithNoPackageShippedAtD() {
    assertRows(
        metrics(List.of("EDGE_PFC", "CX"), PRE_FULFILLMENT_CANCEL_RATE),
        COUNTS,
        row("EDGE_PFC", PRE_FULFILLMENT_CANCEL_RATE, 1, 2, BREACH),
        row("CX", PRE_FULFILLMENT_CANCEL_RATE, 3, 6, BREACH));
  }

  /**
   * The sellers of {@link #preFulfillmentCancelCountsSellerCancellationsWithNoPackageShippedAtD()}.
   */
  private static void cancellations(Scenario s) {
    String bought = "2026-06-26T16:00:00Z";
    s.add(
            Orders.SCHEMA,
            cancelledBy("SELLER", order("c1", US, "EDGE_PFC", "2026-06-24T07:00:00Z")),
            cancelledBy("SELLER", order("c2", US, "EDGE_PFC", "2026-06-24T06:59:59Z")),
            order("c3", US, "EDGE_PFC", "2026-07-01T06:59:59Z"),
            cancelledBy("SELLER", order("c4", US, "EDGE_PFC", "2026-07-01T07:00:00Z")),
            cancelledBy("SELLER", order("x1", US, "CX", bought)),
            cancelledBy("SELLER", order("x2", US, "CX", bought)),
            cancelledBy("SELLER", order("x3", US, "CX", bought)),
            cancelledBy("BUYER", order("x4", US, "CX", bought)),
            order("x5", US, "CX", bought).set(Orders.ORDER_STATUS, "PENDING"),
            cancelledBy("SELLER", order("x6", US, "CX", bought))
                .set(Orders.FULFILLMENT_CHANNEL, "AFN"),
            cancelledBy("SELLER", order("x7", US, "CX", bought)))
        .add(
            Shipments.SCHEMA,
            shipment("x2", "x2-a", "2026-06-27T16:00:00Z"),
            shipment("x3", "x3-a", "2026-07-01T07:00:00Z"),
            shipment("x7", "x7-a", null));
  }

  /**
   * RETURN_DISSATISFACTION_RATE (ALL channels; request days May 2 … Jun 30, whatever the purchase
   * day): returns whose state at D is REJECTED or that were refunded late, over returns requested.
   * The refund deadline is 2 days (48 h) after received_ts.
   *
   * <p>Seller EDGE_RD, orders bought Apr 20 (out of a 60-day purchase-day window ending Jun 30): r1
   * requested May 2 00:00:00 local (in) and r2 one second earlier (May 1, out) are REJECTED; r3
   * requested Jun 30 23:59:59 local (in) is REQUESTED; r4 requested Jul 1 00:00 local, REJECTED, is
   * not known at D; r5, on an order bought Jan 15 (before any metric window), requested Jun 20 and
   * REJECTED, counts. 2/3 (r1, r3, r5); a window one day early would give 3/3.
   *
   * <p>Seller REFUND, orders bought Jun 1, returns requested Jun 5. f1 received Jun 10 16:00Z,
   * refunded exactly 48 h later (in time); f2 refunded 48 h and 1 s later (late); f3 received
   * 2026-06-29T07:00:00Z and not refunded: its deadline is 2026-07-01T07:00:00Z, exactly the end of
   * D, still running (not late); f4 received 1 s earlier: its deadline 2026-07-01T06:59:59Z passed
   * before the end of D (late); f5 received Jun 10, refunded Jul 2 in a state row updated after D:
   * at D its state is RECEIVED with no refund known (late); f6 is REJECTED only in a row updated
   * after D (at D it is REQUESTED: not dissatisfied); f7 AUTHORIZED, not received (no deadline); f8
   * REJECTED; f9 REJECTED, on an AFN order (channel ALL counts it). Dissatisfied 5 (f2, f4, f5, f8,
   * f9) of 9.
   *
   * <p>Both fail {@code < 0.10}: BREACH.
   */
  @Test
  void returnDissatisfactionWindowsByRequestDayAndJudgesTheRefundDeadlineAtD() {
    assertRows(
        metrics(List.of("EDGE_RD", "REFUND"), RETURN_DISSATISFACTION_RATE),
        COUNTS,
        row("EDGE_RD", RETURN_DISSATISFACTION_RATE, 2, 3, BREACH),
        row("REFUND", RETURN_DISSATISFACTION_RATE, 5, 9, BREACH));
  }

  /**
   * The sellers of {@link
   * #returnDissatisfactionWindowsByRequestDayAndJudgesTheRefundDeadlineAtD()}.
   */
  private static void returnsAndRefunds(Scenario s) {
    String bought = "2026-06-01T16:00:00Z";
    String requested = "2026-06-05T16:00:00Z";
    String received = "2026-06-10T16:00:00Z";
    String afterD = "2026-07-02T16:00:00Z";
    Rec f5 = returned("f5", "f5", Returns.Status.REQUESTED, requested);
    Rec f6 = returned("f6", "f6", Returns.Status.REQUESTED, requested);
    s.add(Orders.SCHEMA, orders("EDGE_RD", "2026-04-20T16:00:00Z", "r1", "r2", "r3", "r4"))
        .add(Orders.SCHEMA, order("r5", US, "EDGE_RD", "2026-01-15T16:00:00Z"))
        .add(
            Orders.SCHEMA, orders("REFUND", bought, "f1", "f2", "f3", "f4", "f5", "f6", "f7", "f8"))
        .add(
            Orders.SCHEMA, order("f9", US, "REFUND", bought).set(Orders.FULFILLMENT_CHANNEL, "AFN"))
        .add(
            Returns.SCHEMA,
            returned("r1", "r1", Returns.Status.REJECTED, "2026-05-02T07:00:00Z"),
            returned("r2", "r2", Returns.Status.REJECTED, "2026-05-02T06:59:59Z"),
            returned("r3", "r3", Returns.Status.REQUESTED, "2026-07-01T06:59:59Z"),
            returned("r4", "r4", Returns.Status.REJECTED, "2026-07-01T07:00:00Z"),
            returned("r5", "r5", Returns.Status.REJECTED, "2026-06-20T16:00:00Z"),
            refunded("f1", received, "2026-06-12T16:00:00Z", requested),
            refunded("f2", received, "2026-06-12T16:00:01Z", requested),
            receivedOnly("f3", "2026-06-29T07:00:00Z", requested),
            receivedOnly("f4", "2026-06-29T06:59:59Z", requested),
            f5,
            receivedOnly("f5", received, requested),
            refunded("f5", received, afterD, requested),
            f6,
            f6.with(Returns.STATUS, "REJECTED").with(Returns.UPDATED_TS, afterD),
            returned("f7", "f7", Returns.Status.AUTHORIZED, requested)
                .set(Returns.UPDATED_TS, "2026-06-06T16:00:00Z"),
            returned("f8", "f8", Returns.Status.REJECTED, requested)
                .set(Returns.UPDATED_TS, "2026-06-08T16:00:00Z"),
            returned("f9", "f9", Returns.Status.REJECTED, requested));
  }

  /**
   * PERFECT_ORDER_PERCENTAGE (ALL channels; purchase days Mar 19 … Jun 16, a 14-day lag): orders
   * with no defect, no cancellation by the seller, no late shipment and no return requested by D.
   *
   * <p>Seller EDGE_PO: p1 bought Mar 19 00:00:00 local (in) and p2 one second earlier (Mar 18, out)
   * are perfect; p3 bought Jun 16 23:59:59 local (in) shipped 1 s late; p4 bought Jun 17 00:00:00
   * local (in the lag: out) has an open claim. 1/2 (p1, p3); a window one day early would give 1/1
   * (2/2 with p2), one day late 0/2. Seller OLD, whose only order is bought at the same instant as
   * p2, has no order in the 104 days Mar 19 … Jun 30 and so no rows.
   *
   * <p>Seller PO, bought May 20, ship-by May 22 16:00Z: q1 shipped on time (perfect); q2 an open
   * claim, q3 a 1-star feedback, q4 an open chargeback (defects); q5 cancelled by the seller before
   * shipping and q6 after shipping on time (seller cancellations, whenever); q7 cancelled by the
   * buyer (perfect); q8 shipped 1 s late; q9 a return requested Jun 1 (still REQUESTED: any return
   * spoils the order); q10 a return requested Jul 1 00:00 local, after D (perfect at D); q11 a
   * DENIED claim (perfect); q12 AFN (perfect: channel ALL). Perfect 5 (q1, q7, q10, q11, q12) of
   * 12.
   *
   * <p>Both are below {@code >= 0.95}: BREACH.
   */
  @Test
  void perfectOrderExcludesDefectsSellerCancellationsLateShipmentsAndReturns() {
    List<String> sellers = List.of("EDGE_PO", "OLD", "PO");
    assertRows(
        all.sellerMetrics()
            .filter(col(SellerMetricsTable.SELLER_ID).isin(sellers.toArray()))
            .select(SellerMetricsTable.SELLER_ID)
            .distinct(),
        List.of(SellerMetricsTable.SELLER_ID),
        new Object[] {"EDGE_PO"},
        new Object[] {"PO"});
    assertRows(
        metrics(sellers, PERFECT_ORDER_PERCENTAGE),
        COUNTS,
        row("EDGE_PO", PERFECT_ORDER_PERCENTAGE, 1, 2, BREACH),
        row("PO", PERFECT_ORDER_PERCENTAGE, 5, 12, BREACH));
  }

  /**
   * The sellers of {@link
   * #perfectOrderExcludesDefectsSellerCancellationsLateShipmentsAndReturns()}.
   */
  private static void perfectOrders(Scenario s) {
    String bought = "2026-05-20T16:00:00Z";
    String shipBy = "2026-05-22T16:00:00Z";
    String onTime = "2026-05-21T16:00:00Z";
    String later = "2026-06-01T16:00:00Z";
    s.add(
            Orders.SCHEMA,
            order("p1", US, "EDGE_PO", "2026-03-19T07:00:00Z"),
            order("p2", US, "EDGE_PO", "2026-03-19T06:59:59Z"),
            order("p3", US, "EDGE_PO", "2026-06-17T06:59:59Z")
                .set(Orders.LATEST_SHIP_TS, "2026-06-17T10:00:00Z"),
            order("p4", US, "EDGE_PO", "2026-06-17T07:00:00Z"),
            order("old", US, "OLD", "2026-03-19T06:59:59Z"))
        .add(
            Orders.SCHEMA,
            withShipBy(
                shipBy, orders("PO", bought, "q1", "q2", "q3", "q4", "q8", "q9", "q10", "q11")))
        .add(
            Orders.SCHEMA,
            cancelledBy("SELLER", order("q5", US, "PO", bought)),
            cancelledBy("SELLER", order("q6", US, "PO", bought)).set(Orders.LATEST_SHIP_TS, shipBy),
            cancelledBy("BUYER", order("q7", US, "PO", bought)),
            order("q12", US, "PO", bought).set(Orders.FULFILLMENT_CHANNEL, "AFN"))
        .add(
            Shipments.SCHEMA,
            shipment("p3", "p3-a", "2026-06-17T10:00:01Z"),
            shipment("q1", "q1-a", onTime),
            shipment("q6", "q6-a", onTime),
            shipment("q8", "q8-a", "2026-05-22T16:00:01Z"))
        .add(
            Claims.SCHEMA,
            claim("k4", "p4", Claims.Reason.DAMAGED, Claims.Status.OPEN, "2026-06-20T16:00:00Z"),
            claim("k2", "q2", Claims.Reason.DAMAGED, Claims.Status.OPEN, later),
            claim("k11", "q11", Claims.Reason.DAMAGED, Claims.Status.DENIED, later))
        .add(Feedback.SCHEMA, feedback("fb3", "q3", 1, later))
        .add(Chargebacks.SCHEMA, chargeback("cb4", "q4", Chargebacks.Status.OPEN, later))
        .add(
            Returns.SCHEMA,
            returned("rt9", "q9", Returns.Status.REQUESTED, later),
            returned("rt10", "q10", Returns.Status.REQUESTED, "2026-07-01T07:00:00Z"));
  }

  /**
   * Status lines, judged exactly. VALID_TRACKING_RATE {@code > 0.95}: allowance 0.05, a passing
   * seller is AT_RISK once the invalid orders reach 0.75 × 0.05 × 80 = 3 of 80. VT76 has 76/80 =
   * 0.95, not above: BREACH; VT77 has 77/80, 3 used, on the line: AT_RISK; VT78 has 78/80, 2 used:
   * GOOD.
   *
   * <p>PERFECT_ORDER_PERCENTAGE {@code >= 0.95}: of 20 orders TWENTY has one shipped 1 s late and
   * never scanned, so 19/20 = 0.95 passes {@code >=} with 1 used >= 0.75 × 0.05 × 20 = 0.75:
   * AT_RISK, while its VALID_TRACKING_RATE 19/20 = 0.95 is BREACH for {@code > 0.95} and its
   * LATE_SHIPMENT_RATE 1/20 = 0.05 is BREACH for {@code < 0.04}. PO18 has 2 returns in 20 orders:
   * 18/20 = 0.90, BREACH; with nothing shipped, its shipping rows have denominator 0: NO_DATA.
   *
   * <p>A lower-is-better line, RETURN_DISSATISFACTION_RATE {@code < 0.10} over 40 returns: AT_RISK
   * from 0.75 × 0.10 × 40 = 3. RD2 with 2 rejected: GOOD; RD3 with 3: AT_RISK (on the line); RD4
   * with 4 = 0.10, not below: BREACH.
   */
  @Test
  void statusLinesForHigherAndLowerIsBetterTargetsAreExact() {
    assertRows(
        metrics(all, VALID_TRACKING_RATE).filter(col("seller_id").startsWith("VT")),
        COUNTS,
        row("VT76", VALID_TRACKING_RATE, 76, 80, BREACH),
        row("VT77", VALID_TRACKING_RATE, 77, 80, AT_RISK),
        row("VT78", VALID_TRACKING_RATE, 78, 80, GOOD));
    assertRows(
        metrics(all, LATE_SHIPMENT_RATE, VALID_TRACKING_RATE, PERFECT_ORDER_PERCENTAGE)
            .filter(col("seller_id").isin("TWENTY", "PO18")),
        COUNTS,
        row("TWENTY", LATE_SHIPMENT_RATE, 1, 20, BREACH),
        row("TWENTY", VALID_TRACKING_RATE, 19, 20, BREACH),
        row("TWENTY", PERFECT_ORDER_PERCENTAGE, 19, 20, AT_RISK),
        row("PO18", LATE_SHIPMENT_RATE, 0, 0, NO_DATA),
        row("PO18", VALID_TRACKING_RATE, 0, 0, NO_DATA),
        row("PO18", PERFECT_ORDER_PERCENTAGE, 18, 20, BREACH));
    assertRows(
        metrics(all, RETURN_DISSATISFACTION_RATE).filter(col("seller_id").startsWith("RD")),
        COUNTS,
        row("RD2", RETURN_DISSATISFACTION_RATE, 2, 40, GOOD),
        row("RD3", RETURN_DISSATISFACTION_RATE, 3, 40, AT_RISK),
        row("RD4", RETURN_DISSATISFACTION_RATE, 4, 40, BREACH));
  }

  /** The sellers of {@link #statusLinesForHigherAndLowerIsBetterTargetsAreExact()}. */
  private static void statusLines(Scenario s) {
    trackedOrders(s, "VT76", 80, 4);
    trackedOrders(s, "VT77", 80, 3);
    trackedOrders(s, "VT78", 80, 2);
    String shipBy = "2026-06-12T16:00:00Z";
    s.add(
        Orders.SCHEMA,
        withShipBy(shipBy, ordersOf("TWENTY", 20, "2026-06-10T16:00:00Z").toArray(new Rec[0])));
    s.add(Shipments.SCHEMA, shipment("TWENTY-0", "TWENTY-0-a", "2026-06-12T16:00:01Z"));
    for (int i = 1; i < 20; i++) {
      s.add(Shipments.SCHEMA, pkg("TWENTY-" + i, "TWENTY-" + i + "-a", CONFIRMED, SCANNED, null));
    }
    s.add(Orders.SCHEMA, ordersOf("PO18", 20, "2026-06-10T16:00:00Z").toArray(new Rec[0]));
    s.add(
        Returns.SCHEMA,
        returned("PO18-r0", "PO18-0", Returns.Status.REQUESTED, "2026-06-20T16:00:00Z"),
        returned("PO18-r1", "PO18-1", Returns.Status.REQUESTED, "2026-06-20T16:00:00Z"));
    returnedOrders(s, "RD2", 40, 2, Returns.Status.REJECTED);
    returnedOrders(s, "RD3", 40, 3, Returns.Status.REJECTED);
    returnedOrders(s, "RD4", 40, 4, Returns.Status.REJECTED);
  }

  /**
   * Without a {@code shipments} folder (feedback, chargebacks, items and returns present, if
   * empty): LATE_SHIPMENT_RATE, VALID_TRACKING_RATE and ON_TIME_DELIVERY_RATE cannot be measured:
   * NO_DATA with a null numerator and rate, and the manifest says so. The metrics that also read
   * shipments are measured on what is known, and the manifest says which dataset they could not
   * see: PRE_FULFILLMENT_CANCEL_RATE counts every seller cancellation as unshipped (n1 plain, n2
   * cancelled by the seller, both Jun 26: 1/2); PERFECT_ORDER_PERCENTAGE sees no late shipment (n3
   * with a rejected return, n4 plain, both Jun 10: 1/2). RETURN_DISSATISFACTION_RATE is measured as
   * usual: n3's rejected return, 1/1.
   */
  @Test
  void withoutShipmentsShippingMetricsAreNoDataAndTheManifestSaysWhy() {
    Scenario s =
        new Scenario(spark, dir.resolve("without-shipments"))
            .add(
                Orders.SCHEMA,
                order("n1", US, "NS", "2026-06-26T16:00:00Z"),
                cancelledBy("SELLER", order("n2", US, "NS", "2026-06-26T16:00:00Z")),
                order("n3", US, "NS", "2026-06-10T16:00:00Z"),
                order("n4", US, "NS", "2026-06-10T16:00:00Z"))
            .add(
                Returns.SCHEMA,
                returned("rn3", "n3", Returns.Status.REJECTED, "2026-06-12T16:00:00Z"))
            .add(Claims.SCHEMA)
            .add(Feedback.SCHEMA)
            .add(Chargebacks.SCHEMA)
            .add(OrderItems.SCHEMA);

    Scenario.Output out = s.run(D);

    assertRows(
        metrics(out, LATE_SHIPMENT_RATE, VALID_TRACKING_RATE, ON_TIME_DELIVERY_RATE),
        List.of("seller_id", "metric", "numerator", "rate", "status"),
        new Object[] {"NS", "LATE_SHIPMENT_RATE", null, null, "NO_DATA"},
        new Object[] {"NS", "VALID_TRACKING_RATE", null, null, "NO_DATA"},
        new Object[] {"NS", "ON_TIME_DELIVERY_RATE", null, null, "NO_DATA"});
    assertRows(
        metrics(
            out,
            PRE_FULFILLMENT_CANCEL_RATE,
            PERFECT_ORDER_PERCENTAGE,
            RETURN_DISSATISFACTION_RATE),
        COUNTS,
        row("NS", PRE_FULFILLMENT_CANCEL_RATE, 1, 2, BREACH),
        row("NS", PERFECT_ORDER_PERCENTAGE, 1, 2, BREACH),
        row("NS", RETURN_DISSATISFACTION_RATE, 1, 1, BREACH));
    assertRows(
        catalogNotes(out),
        List.of("note"),
        new Object[] {"LATE_SHIPMENT_RATE is NO_DATA: dataset 'shipments' is absent"},
        new Object[] {"VALID_TRACKING_RATE is NO_DATA: dataset 'shipments' is absent"},
        new Object[] {"ON_TIME_DELIVERY_RATE is NO_DATA: dataset 'shipments' is absent"},
        new Object[] {
          "PRE_FULFILLMENT_CANCEL_RATE is measured without 'shipments': the dataset is absent"
        },
        new Object[] {
          "PERFECT_ORDER_PERCENTAGE is measured without 'shipments': the dataset is absent"
        });
  }

  /**
   * Without a {@code returns} folder: RETURN_DISSATISFACTION_RATE is NO_DATA with a null numerator
   * and rate, and the manifest says so; PERFECT_ORDER_PERCENTAGE is measured without returns (and
   * the manifest says so). The shipping metrics are measured as usual: m1 shipped on time and m2 1
   * s late, both bought Jun 10, scanned and delivered by their promise: late 1/2, valid 2/2, on
   * time 2/2, perfect 1/2. PRE_FULFILLMENT_CANCEL_RATE has no order in its window: denominator 0,
   * so NO_DATA too, but with numerator 0: no data, not no dataset.
   */
  @Test
  void withoutReturnsReturnDissatisfactionIsNoDataAndTheManifestSaysWhy() {
    String bought = "2026-06-10T16:00:00Z";
    String shipBy = "2026-06-12T16:00:00Z";
    String promise = "2026-06-15T07:00:00Z";
    Scenario s =
        new Scenario(spark, dir.resolve("without-returns"))
            .add(
                Orders.SCHEMA,
                order("m1", US, "NR", bought)
                    .set(Orders.LATEST_SHIP_TS, shipBy)
                    .set(Orders.LATEST_DELIVERY_TS, promise),
                order("m2", US, "NR", bought)
                    .set(Orders.LATEST_SHIP_TS, shipBy)
                    .set(Orders.LATEST_DELIVERY_TS, promise))
            .add(
                Shipments.SCHEMA,
                pkg("m1", "m1-a", CONFIRMED, SCANNED, "2026-06-13T16:00:00Z"),
                pkg("m2", "m2-a", "2026-06-12T16:00:01Z", "2026-06-12T20:00:00Z", promise))
            .add(Claims.SCHEMA)
            .add(Feedback.SCHEMA)
            .add(Chargebacks.SCHEMA)
            .add(OrderItems.SCHEMA);

    Scenario.Output out = s.run(D);

    assertRows(
        metrics(out, RETURN_DISSATISFACTION_RATE),
        List.of("seller_id", "metric", "numerator", "rate", "status"),
        new Object[] {"NR", "RETURN_DISSATISFACTION_RATE", null, null, "NO_DATA"});
    assertRows(
        metrics(
            out,
            LATE_SHIPMENT_RATE,
            VALID_TRACKING_RATE,
            ON_TIME_DELIVERY_RATE,
            PERFECT_ORDER_PERCENTAGE,
            PRE_FULFILLMENT_CANCEL_RATE),
        COUNTS,
        row("NR", LATE_SHIPMENT_RATE, 1, 2, BREACH),
        row("NR", VALID_TRACKING_RATE, 2, 2, GOOD),
        row("NR", ON_TIME_DELIVERY_RATE, 2, 2, GOOD),
        row("NR", PERFECT_ORDER_PERCENTAGE, 1, 2, BREACH),
        row("NR", PRE_FULFILLMENT_CANCEL_RATE, 0, 0, NO_DATA));
    assertRows(
        catalogNotes(out),
        List.of("note"),
        new Object[] {"RETURN_DISSATISFACTION_RATE is NO_DATA: dataset 'returns' is absent"},
        new Object[] {
          "PERFECT_ORDER_PERCENTAGE is measured without 'returns': the dataset is absent"
        });
  }

  /** The shared run's seller_metrics rows of {@code metrics} for {@code sellers}. */
  private static Dataset<Row> metrics(List<String> sellers, MetricId... metrics) {
    return metrics(all, metrics).filter(col(SellerMetricsTable.SELLER_ID).isin(sellers.toArray()));
  }

  /** The seller_metrics rows of {@code metrics}. */
  private static Dataset<Row> metrics(Scenario.Output out, MetricId... metrics) {
    Object[] names = Arrays.stream(metrics).map(MetricId::name).toArray();
    return out.sellerMetrics().filter(col(SellerMetricsTable.METRIC).isin(names));
  }

  /** The manifest notes about the six metrics under test, one row each. */
  private static Dataset<Row> catalogNotes(Scenario.Output out) {
    Dataset<Row> notes = out.manifest().select(explode(col(RunManifestTable.NOTES)).as("note"));
    return notes.filter(
        col("note")
            .rlike(
                "^(LATE_SHIPMENT_RATE|PRE_FULFILLMENT_CANCEL_RATE|VALID_TRACKING_RATE"
                    + "|ON_TIME_DELIVERY_RATE|RETURN_DISSATISFACTION_RATE|PERFECT_ORDER_PERCENTAGE) "));
  }

  /** An expected {@link #COUNTS} row, with the metric's channel and window at D. */
  private static Object[] row(
      String seller, MetricId metric, long numerator, long denominator, MetricStatus status) {
    Window w = WINDOWS.get(metric);
    return new Object[] {
      seller, metric.name(), w.channel(), w.start(), w.end(), numerator, denominator, status.name()
    };
  }

  /** A package confirmed, first scanned and delivered at the given instants (null: not yet). */
  private static Rec pkg(
      String orderId, String packageId, String confirmTs, String scanTs, String deliveredTs) {
    return shipment(orderId, packageId, confirmTs)
        .set(Shipments.FIRST_SCAN_TS, scanTs)
        .set(Shipments.DELIVERED_TS, deliveredTs);
  }

  /** {@code order} CANCELLED by {@code who} (SELLER or BUYER). */
  private static Rec cancelledBy(String who, Rec order) {
    return order.set(Orders.ORDER_STATUS, "CANCELLED").set(Orders.CANCELLED_BY, who);
  }

  /** {@code orders} with ship-by time {@code shipBy}. */
  private static Rec[] withShipBy(String shipBy, Rec... orders) {
    for (Rec o : orders) {
      o.set(Orders.LATEST_SHIP_TS, shipBy);
    }
    return orders;
  }

  /** MFN orders of {@code seller} with the given ids, all bought at {@code purchaseTs}. */
  private static Rec[] orders(String seller, String purchaseTs, String... ids) {
    return Arrays.stream(ids).map(id -> order(id, US, seller, purchaseTs)).toArray(Rec[]::new);
  }

  /**
   * {@code n} MFN orders of {@code seller}, ids {@code seller-0} …, bought at {@code purchaseTs}.
   */
  private static List<Rec> ordersOf(String seller, int n, String purchaseTs) {
    List<Rec> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      rows.add(order(seller + "-" + i, US, seller, purchaseTs));
    }
    return rows;
  }

  /** A return (id = its order's id) received and refunded, its state row updated at the refund. */
  private static Rec refunded(String id, String receivedTs, String refundedTs, String requestedTs) {
    return returned(id, id, Returns.Status.REFUNDED, requestedTs)
        .set(Returns.RECEIVED_TS, receivedTs)
        .set(Returns.REFUNDED_TS, refundedTs)
        .set(Returns.UPDATED_TS, refundedTs);
  }

  /** A return (id = its order's id) received and not refunded, its state row updated at receipt. */
  private static Rec receivedOnly(String id, String receivedTs, String requestedTs) {
    return returned(id, id, Returns.Status.RECEIVED, requestedTs)
        .set(Returns.RECEIVED_TS, receivedTs)
        .set(Returns.UPDATED_TS, receivedTs);
  }

  /**
   * {@code n} MFN orders of {@code seller} bought Jun 10 and shipped Jun 11 on time, one package
   * each; all but the first {@code unscanned} packages have a first scan.
   */
  private static void trackedOrders(Scenario s, String seller, int n, int unscanned) {
    s.add(Orders.SCHEMA, ordersOf(seller, n, "2026-06-10T16:00:00Z").toArray(new Rec[0]));
    for (int i = 0; i < n; i++) {
      String id = seller + "-" + i;
      s.add(Shipments.SCHEMA, pkg(id, id + "-a", CONFIRMED, i < unscanned ? null : SCANNED, null));
    }
  }

  /**
   * {@code n} MFN orders of {@code seller} bought Jun 1, each with a return requested Jun 5: the
   * first {@code k} in {@code status}, the others REQUESTED.
   */
  private static void returnedOrders(
      Scenario s, String seller, int n, int k, Returns.Status status) {
    s.add(Orders.SCHEMA, ordersOf(seller, n, "2026-06-01T16:00:00Z").toArray(new Rec[0]));
    for (int i = 0; i < n; i++) {
      String id = seller + "-" + i;
      s.add(
          Returns.SCHEMA,
          returned(
              id + "-r", id, i < k ? status : Returns.Status.REQUESTED, "2026-06-05T16:00:00Z"));
    }
  }
}
