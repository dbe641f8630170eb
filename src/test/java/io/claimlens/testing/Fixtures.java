package io.claimlens.testing;

import io.claimlens.config.Policy;
import io.claimlens.config.PolicyParser;
import io.claimlens.schema.Chargebacks;
import io.claimlens.schema.Claims;
import io.claimlens.schema.DatasetSchema;
import io.claimlens.schema.Feedback;
import io.claimlens.schema.InputDatasets;
import io.claimlens.schema.OrderItems;
import io.claimlens.schema.Orders;
import io.claimlens.schema.Returns;
import io.claimlens.schema.Shipments;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** Small valid input rows with the columns a test rarely cares about filled in. */
public final class Fixtures {
  /** Amazon US: America/Los_Angeles. */
  public static final String US = "ATVPDKIKX0DER";

  /** Amazon JP: Asia/Tokyo. */
  public static final String JP = "A1VC38T7YXB528";

  /** Not in the shipped policy: gets the default entry, UTC. */
  public static final String UNLISTED = "XMKT00000001";

  private Fixtures() {}

  /**
   * A policy of one default entry on UTC days, with a 48-hour response window, a 2-day refund
   * deadline, a 10-day SKU window with no lag and hotspots from 3 quality claims at 3 times the
   * marketplace's rate; {@code members} are the entry's other members as JSON ({@code "metrics":
   * {...}}, and {@code "risk": {...}} where a test sets it).
   */
  public static Policy utcPolicy(String name, String members) {
    return utcPolicy(name, members, "{}");
  }

  /**
   * {@link #utcPolicy(String, String)} with {@code marketplaces}, a JSON object of the entries
   * merged over the default one by marketplace id.
   */
  public static Policy utcPolicy(String name, String members, String marketplaces) {
    String json =
        "{\"default\": {\"time_zone\": \"UTC\", \"claim_response_window_hours\": 48,"
            + " \"refund_deadline_days\": 2,"
            + " \"sku_window\": {\"window_days\": 10, \"lag_days\": 0},"
            + " \"hotspot\": {\"min_quality_claim_orders\": 3, \"rate_multiple\": 3}, "
            + members
            + "}, \"marketplaces\": "
            + marketplaces
            + "}";
    return PolicyParser.parse(name, json.getBytes(StandardCharsets.UTF_8));
  }

  /** The names of every input dataset but {@code absent}: a run's present datasets. */
  public static Set<String> datasetsWithout(String... absent) {
    return InputDatasets.ALL.stream()
        .map(DatasetSchema::name)
        .filter(name -> !List.of(absent).contains(name))
        .collect(Collectors.toSet());
  }

  /** A seller-fulfilled order. */
  public static Rec order(String id, String marketplace, String seller, String purchaseTs) {
    return Rec.of(Orders.SCHEMA)
        .set(Orders.ORDER_ID, id)
        .set(Orders.MARKETPLACE_ID, marketplace)
        .set(Orders.SELLER_ID, seller)
        .set(Orders.BUYER_ID, "buyer-of-" + id)
        .set(Orders.PURCHASE_TS, purchaseTs)
        .set(Orders.FULFILLMENT_CHANNEL, Orders.Channel.MFN.name())
        .set(Orders.ORDER_STATUS, Orders.Status.SHIPPED.name())
        .set(Orders.ORDER_TOTAL, "25.00")
        .set(Orders.CURRENCY, "USD");
  }

  /** A claim state row, seller-funded, updated when filed. */
  public static Rec claim(
      String id, String orderId, Claims.Reason reason, Claims.Status status, String ts) {
    return Rec.of(Claims.SCHEMA)
        .set(Claims.CLAIM_ID, id)
        .set(Orders.ORDER_ID, orderId)
        .set(Claims.FILED_TS, ts)
        .set(Claims.REASON, reason.name())
        .set(Claims.BUYER_COMMENT, "where is my parcel, call me at 555-0100")
        .set(Claims.AMOUNT, "25.00")
        .set(Claims.STATUS, status.name())
        .set(Claims.UPDATED_TS, ts);
  }

  /** A feedback state row, updated when given. */
  public static Rec feedback(String id, String orderId, int rating, String ts) {
    return Rec.of(Feedback.SCHEMA)
        .set(Feedback.FEEDBACK_ID, id)
        .set(Orders.ORDER_ID, orderId)
        .set(Feedback.RATING, rating)
        .set(Feedback.COMMENT, "personal words")
        .set(Feedback.FEEDBACK_TS, ts)
        .set(Feedback.REMOVED, false)
        .set(Feedback.UPDATED_TS, ts);
  }

  /** A chargeback state row, updated when filed. */
  public static Rec chargeback(String id, String orderId, Chargebacks.Status status, String ts) {
    return Rec.of(Chargebacks.SCHEMA)
        .set(Chargebacks.CHARGEBACK_ID, id)
        .set(Orders.ORDER_ID, orderId)
        .set(Chargebacks.FILED_TS, ts)
        .set(Chargebacks.REASON, Chargebacks.Reason.SERVICE.name())
        .set(Chargebacks.STATUS, status.name())
        .set(Chargebacks.UPDATED_TS, ts);
  }

  /** A package confirmed at {@code confirmTs} with a tracking id, not yet scanned or delivered. */
  public static Rec shipment(String orderId, String packageId, String confirmTs) {
    return Rec.of(Shipments.SCHEMA)
        .set(Orders.ORDER_ID, orderId)
        .set(Shipments.PACKAGE_ID, packageId)
        .set(Shipments.CARRIER, "UPS")
        .set(Shipments.TRACKING_ID, "1Z-" + packageId)
        .set(Shipments.SHIP_CONFIRM_TS, confirmTs)
        .set(Shipments.SIGNATURE_CONFIRMED, false)
        .set(Shipments.BUY_SHIPPING, true);
  }

  /** A return state row, updated when requested. */
  public static Rec returned(String id, String orderId, Returns.Status status, String ts) {
    return Rec.of(Returns.SCHEMA)
        .set(Returns.RETURN_ID, id)
        .set(Orders.ORDER_ID, orderId)
        .set(Returns.REQUESTED_TS, ts)
        .set(Returns.STATUS, status.name())
        .set(Returns.UPDATED_TS, ts);
  }

  /** One line of an order. */
  public static Rec item(String orderId, String itemId, String sku) {
    return Rec.of(OrderItems.SCHEMA)
        .set(Orders.ORDER_ID, orderId)
        .set(OrderItems.ORDER_ITEM_ID, itemId)
        .set(OrderItems.SKU, sku)
        .set(OrderItems.QUANTITY, 1)
        .set(OrderItems.ITEM_PRICE, "25.00");
  }
}
