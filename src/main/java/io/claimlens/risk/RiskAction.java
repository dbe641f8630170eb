package io.claimlens.risk;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.replace;
import static org.apache.spark.sql.functions.when;

import io.claimlens.attribution.RootCause;
import io.claimlens.config.MarketplacePolicy;
import io.claimlens.config.MetricId;
import io.claimlens.config.Policy;
import io.claimlens.policy.PolicyColumns;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.types.DataTypes;

/**
 * The next steps seller_risk can advise (SPEC §4 {@code actions}), worded once, with the policy's
 * own numbers filled in: the whole catalogue, from the root causes ({@link #forRootCause}) and from
 * the metrics in BREACH or AT_RISK ({@link #forMetric}). Each action concerns a number of claims or
 * orders (or orders with quality claims, for a SKU): the more, the more pressing. Between actions
 * concerning as many, the order of the constants decides: open claims first, since an unanswered
 * claim is lost by default.
 *
 * <p>Placeholders: {@code {count}} the claims concerned, {@code {sku}} the SKU, {@code {hours}} the
 * claim response window, {@code {days}} the refund deadline, {@code {amount}} the order total above
 * which signature confirmation is advised. docs/risk.md lists the catalogue.
 */
public enum RiskAction {
  /** Claims awaiting the seller's response at D. */
  ANSWER_OPEN_CLAIMS(
      "Answer the claims awaiting a response within the {hours}-hour window ({count} open)"),
  /** Claims of the ODR window answered after their due time, or not at all. */
  ANSWER_ON_TIME(
      "Answer claims within the {hours}-hour response window ({count} late or unanswered)"),
  /** A quality hotspot SKU (SPEC §3); also what PRODUCT_QUALITY claims call for. */
  FIX_SKU("Fix SKU {sku}: inspect the stock, listing and packaging behind its quality claims"),
  SHIP_OR_CANCEL("Ship or cancel every order before its ship-by date"),
  SHIP_ON_TIME(
      "Ship on time: confirm shipment by the ship-by date, set an order cut-off time you can meet,"
          + " or lengthen the handling time"),
  TRACK_EVERY_PACKAGE(
      "Ship with carriers that scan every parcel, and upload the tracking id when you confirm"
          + " shipment"),
  SIGNATURE_CONFIRMATION("Add signature confirmation to orders above {amount}"),
  REVIEW_CARRIER("Review the carrier or shipping service: parcels arrive late or get lost"),
  CHECK_PICKING("Check picking and labelling: buyers receive the wrong item"),
  IMPROVE_PACKAGING("Improve packaging: items arrive damaged"),
  INSPECT_STOCK("Inspect stock for defects and pull faulty batches"),
  CHECK_KITTING("Check that every package holds all the parts the listing names"),
  FIX_LISTINGS("Correct listings so that titles, photos and specifications match the item"),
  REFUND_ON_TIME("Refund within {days} of receiving a return"),
  ACCEPT_RETURNS("Accept returns that meet the return policy: refused returns turn into claims"),
  /** Claims are the bulk of the ODR: most start as a buyer's problem nobody solved in time. */
  RESOLVE_BEFORE_CLAIM(
      "Resolve buyers' problems before they file claims: answer messages within 24 hours, and"
          + " refund or replace items that failed"),
  FOLLOW_UP_FEEDBACK(
      "Follow up on negative feedback: solve the buyer's problem, and ask the platform to remove"
          + " feedback that breaks its rules"),
  ANSWER_CHARGEBACKS(
      "Answer chargebacks with proof of delivery, and ship high-value orders with tracking and"
          + " signature"),
  SYNC_STOCK(
      "Keep stock in sync on every channel you sell on, so that no order is cancelled for lack of"
          + " stock"),
  PROMISE_DELIVERY(
      "Promise delivery dates you can meet: set transit times per region, or use a faster shipping"
          + " service"),
  ANSWER_RETURNS(
      "Answer return requests within 48 hours, and refund within {days} of receiving the return"),
  CUT_RETURNS("Find out why buyers return orders: check the listings and items returned most"),
  /** Perfect orders fail for reasons the other metrics' windows may not show: the last resort. */
  RAISE_PERFECT_ORDERS(
      "Find what spoils your orders (claims, feedback, chargebacks, cancellations, late shipments,"
          + " returns) and fix the most frequent first");

  /** What an action's weight counts for a metric: its defects, or all its units. */
  enum Units {
    /** Bad units: the numerator, or the denominator minus it under a higher-is-better target. */
    DEFECTS,
    /** The denominator: every unit, as for returns, each of which spoils a perfect order. */
    DENOMINATOR
  }

  /**
   * An action a flagged metric calls for, weighed by the units of {@code weighedBy} it concerns.
   */
  record Part(RiskAction action, MetricId weighedBy, Units units) {}

  /**
   * The actions a metric in BREACH or AT_RISK calls for, one per part of it that can fail: ODR's
   * claims, negative feedback and chargebacks, perfect orders' every part. Each is weighed by the
   * orders of that part; a part with none is left out, and when every part has none, {@link
   * #fallbackForMetric} stands in, so a flagged metric always gets an action. Every metric is
   * decided here (the switch has no default).
   */
  static List<Part> forMetric(MetricId metric) {
    Part claims = new Part(RESOLVE_BEFORE_CLAIM, MetricId.CLAIM_RATE, Units.DEFECTS);
    Part feedback = new Part(FOLLOW_UP_FEEDBACK, MetricId.NEGATIVE_FEEDBACK_RATE, Units.DEFECTS);
    Part chargebacks = new Part(ANSWER_CHARGEBACKS, MetricId.CHARGEBACK_RATE, Units.DEFECTS);
    Part lateShipments = new Part(SHIP_ON_TIME, MetricId.LATE_SHIPMENT_RATE, Units.DEFECTS);
    Part cancellations = new Part(SYNC_STOCK, MetricId.PRE_FULFILLMENT_CANCEL_RATE, Units.DEFECTS);
    return switch (metric) {
      case ODR -> List.of(claims, feedback, chargebacks);
      case CLAIM_RATE -> List.of(claims);
      case NEGATIVE_FEEDBACK_RATE -> List.of(feedback);
      case CHARGEBACK_RATE -> List.of(chargebacks);
      case LATE_SHIPMENT_RATE -> List.of(lateShipments);
      case PRE_FULFILLMENT_CANCEL_RATE -> List.of(cancellations);
      case VALID_TRACKING_RATE ->
          List.of(new Part(TRACK_EVERY_PACKAGE, MetricId.VALID_TRACKING_RATE, Units.DEFECTS));
      case ON_TIME_DELIVERY_RATE ->
          List.of(new Part(PROMISE_DELIVERY, MetricId.ON_TIME_DELIVERY_RATE, Units.DEFECTS));
      case RETURN_DISSATISFACTION_RATE ->
          List.of(new Part(ANSWER_RETURNS, MetricId.RETURN_DISSATISFACTION_RATE, Units.DEFECTS));
      case PERFECT_ORDER_PERCENTAGE ->
          List.of(
              claims,
              feedback,
              chargebacks,
              cancellations,
              lateShipments,
              new Part(CUT_RETURNS, MetricId.RETURN_DISSATISFACTION_RATE, Units.DENOMINATOR));
    };
  }

  /**
   * The action of a flagged metric none of whose parts has a unit to show (another window, an
   * absent dataset), weighed by the metric's own defects.
   */
  static RiskAction fallbackForMetric(MetricId metric) {
    return switch (metric) {
      case PERFECT_ORDER_PERCENTAGE -> RAISE_PERFECT_ORDERS;
      default -> forMetric(metric).get(0).action();
    };
  }

  private final String template;

  RiskAction(String template) {
    this.template = template;
  }

  /**
   * The action a counting claim of {@code cause} calls for, if any. Every root cause is decided
   * here (the switch has no default, so a new cause does not compile until it is): causes the
   * seller could not have prevented, or that need a person to read the claim, call for none; their
   * claims still show in {@link #ANSWER_OPEN_CLAIMS} and {@link #ANSWER_ON_TIME} when unanswered.
   */
  public static Optional<RiskAction> forRootCause(RootCause cause) {
    return Optional.ofNullable(
        switch (cause) {
          case NOT_SHIPPED -> SHIP_OR_CANCEL;
          case LATE_SHIPMENT -> SHIP_ON_TIME;
          case NO_VALID_TRACKING -> TRACK_EVERY_PACKAGE;
          case DELIVERY_UNCONFIRMED -> SIGNATURE_CONFIRMATION;
          // the carrier's fault, but the claims count against the seller: choosing it is theirs
          case CARRIER_DELAY_OR_LOSS -> REVIEW_CARRIER;
          case WRONG_ITEM_SENT -> CHECK_PICKING;
          case DAMAGED_ON_ARRIVAL -> IMPROVE_PACKAGING;
          case DEFECTIVE_ITEM -> INSPECT_STOCK;
          case MISSING_PARTS -> CHECK_KITTING;
          case LISTING_MISMATCH -> FIX_LISTINGS;
          case REFUND_NOT_ISSUED -> REFUND_ON_TIME;
          case RETURN_REFUSED -> ACCEPT_RETURNS;
          // R10 matched because the SKU is a hotspot today: FIX_SKU names it, from sku_metrics
          case PRODUCT_QUALITY -> null;
          // the buyer's doing: the evidence (signature, tracking, refund) answers the claim
          case DELIVERED_WITH_SIGNATURE, PREMATURE_CLAIM, REFUND_ALREADY_ISSUED -> null;
          // the return parcel is with the carrier: answered case by case with its tracking
          case RETURN_NOT_RECEIVED -> null;
          // no evidence either way: a person reads the claim
          case RETURN_DISPUTE_UNVERIFIED, UNATTRIBUTED -> null;
        });
  }

  /** {@link #forRootCause} as a column: the action's ordinal, null for a cause that has none. */
  static Column ofRootCause(Column rootCause) {
    Column action = null;
    for (RootCause cause : RootCause.values()) {
      Optional<RiskAction> a = forRootCause(cause);
      if (a.isPresent()) {
        Column is = rootCause.equalTo(lit(cause.name()));
        Column ordinal = lit(a.get().ordinal());
        action = action == null ? when(is, ordinal) : action.when(is, ordinal);
      }
    }
    return action.cast(DataTypes.IntegerType);
  }

  /**
   * The wording of the action whose ordinal is in {@code action}, filled in with {@code count},
   * {@code sku} and the settings of the row's marketplace.
   */
  static Column text(Column action, Column count, Column sku, Policy policy, Column marketplaceId) {
    Column template = null;
    for (RiskAction a : values()) {
      Column is = action.equalTo(lit(a.ordinal()));
      template = template == null ? when(is, lit(a.template)) : template.when(is, lit(a.template));
    }
    Column text = replace(template, lit("{count}"), count.cast(DataTypes.StringType));
    text = replace(text, lit("{sku}"), coalesce(sku, lit("")));
    text = replace(text, lit("{hours}"), setting(policy, marketplaceId, RiskAction::hours));
    text = replace(text, lit("{days}"), setting(policy, marketplaceId, RiskAction::days));
    return replace(text, lit("{amount}"), setting(policy, marketplaceId, RiskAction::amount));
  }

  private static Column setting(
      Policy policy, Column marketplaceId, Function<MarketplacePolicy, String> setting) {
    return PolicyColumns.setting(policy, marketplaceId, setting::apply);
  }

  private static String hours(MarketplacePolicy m) {
    return Long.toString(m.claimResponseWindow().toHours());
  }

  private static String days(MarketplacePolicy m) {
    int days = m.refundDeadlineDays();
    return days == 1 ? "1 day" : days + " days";
  }

  private static String amount(MarketplacePolicy m) {
    return m.risk().signatureConfirmationAbove().toPlainString();
  }
}
