package io.claimlens.attribution;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;

import io.claimlens.facts.ReturnFacts;
import io.claimlens.schema.ClaimAttributionTable;
import io.claimlens.schema.Claims;
import io.claimlens.schema.Claims.Reason;
import java.util.List;
import org.apache.spark.sql.Column;

/**
 * The ordered rule list of SPEC §3, as data: the first rule whose condition holds decides a claim's
 * root cause. Policy settings reach the rules through the evidence (response window, refund
 * deadline, hotspot thresholds and SKU window), so the list itself never changes per marketplace.
 *
 * <p>Evidence from an absent dataset is null and matches no rule that reads it, so without
 * shipments an item-not-received claim is UNATTRIBUTED (R99) rather than blamed on the seller.
 */
public final class AttributionRules {
  /** The rule that matches when no other does. */
  public static final String FALLBACK_RULE_ID = "R99";

  private static final List<AttributionRule> RULES =
      List.of(
          rule(
              "R01",
              "ITEM_NOT_RECEIVED, order not shipped",
              notReceived().and(not(col(ClaimAttributionTable.SHIPPED))),
              RootCause.NOT_SHIPPED),
          rule(
              "R02",
              "ITEM_NOT_RECEIVED, ship time > latest_ship_ts",
              notReceived().and(col(ClaimAttributionTable.LATE_SHIPMENT)),
              RootCause.LATE_SHIPMENT),
          rule(
              "R03",
              "ITEM_NOT_RECEIVED, no valid tracking",
              notReceived().and(not(col(ClaimAttributionTable.VALID_TRACKING))),
              RootCause.NO_VALID_TRACKING),
          rule(
              "R04",
              "ITEM_NOT_RECEIVED, delivered and signed",
              notReceived()
                  .and(col(ClaimAttributionTable.DELIVERED))
                  .and(col(ClaimAttributionTable.SIGNED)),
              RootCause.DELIVERED_WITH_SIGNATURE),
          rule(
              "R05",
              "ITEM_NOT_RECEIVED, delivered, not signed",
              notReceived()
                  .and(col(ClaimAttributionTable.DELIVERED))
                  .and(not(col(ClaimAttributionTable.SIGNED))),
              RootCause.DELIVERY_UNCONFIRMED),
          rule(
              "R06",
              "ITEM_NOT_RECEIVED, not delivered, latest_delivery_ts before the end of D",
              notReceived()
                  .and(not(col(ClaimAttributionTable.DELIVERED)))
                  .and(col(ClaimEvidence.DELIVERY_PROMISE_PASSED)),
              RootCause.CARRIER_DELAY_OR_LOSS),
          rule(
              "R07",
              "ITEM_NOT_RECEIVED, otherwise",
              notReceived().and(col(ClaimAttributionTable.SHIPPED).isNotNull()),
              RootCause.PREMATURE_CLAIM),
          rule(
              "R10",
              "quality reason (NOT_AS_DESCRIBED, DAMAGED, DEFECTIVE, MISSING_PARTS, WRONG_ITEM)"
                  + " on a hotspot SKU",
              col(Claims.REASON)
                  .isin(Claims.QUALITY_REASONS.stream().map(Enum::name).toArray())
                  .and(col(ClaimAttributionTable.HOTSPOT_SKU)),
              RootCause.PRODUCT_QUALITY),
          rule("R11", "WRONG_ITEM", reason(Reason.WRONG_ITEM), RootCause.WRONG_ITEM_SENT),
          rule("R12", "DAMAGED", reason(Reason.DAMAGED), RootCause.DAMAGED_ON_ARRIVAL),
          rule("R13", "DEFECTIVE", reason(Reason.DEFECTIVE), RootCause.DEFECTIVE_ITEM),
          rule("R14", "MISSING_PARTS", reason(Reason.MISSING_PARTS), RootCause.MISSING_PARTS),
          rule(
              "R15",
              "NOT_AS_DESCRIBED",
              reason(Reason.NOT_AS_DESCRIBED),
              RootCause.LISTING_MISMATCH),
          rule(
              "R20",
              "REFUND_NOT_RECEIVED, a return of the order received, refunded late or not at all",
              refundNotReceived().and(col(ClaimAttributionTable.REFUND_LATE)),
              RootCause.REFUND_NOT_ISSUED),
          rule(
              "R21",
              "REFUND_NOT_RECEIVED, no return of the order received",
              refundNotReceived().and(not(col(ClaimAttributionTable.RETURN_RECEIVED))),
              RootCause.RETURN_NOT_RECEIVED),
          rule(
              "R22",
              "REFUND_NOT_RECEIVED, otherwise (refunded in time)",
              refundNotReceived().and(col(ClaimAttributionTable.RETURN_RECEIVED).isNotNull()),
              RootCause.REFUND_ALREADY_ISSUED),
          rule(
              "R30",
              "RETURN_REFUSED, a return of the order REJECTED",
              reason(Reason.RETURN_REFUSED).and(col(ReturnFacts.RETURN_REJECTED)),
              RootCause.RETURN_REFUSED),
          rule(
              "R31",
              "RETURN_REFUSED, otherwise",
              reason(Reason.RETURN_REFUSED),
              RootCause.RETURN_DISPUTE_UNVERIFIED),
          rule(FALLBACK_RULE_ID, "anything else", lit(true), RootCause.UNATTRIBUTED));

  private AttributionRules() {}

  /** The rules in the order they are tried. */
  public static List<AttributionRule> ordered() {
    return RULES;
  }

  /**
   * The first matching rule as a struct of {@code rule_id}, {@code root_cause} and {@code
   * responsible_party}: one CASE expression, so every claim is decided in a single projection.
   */
  public static Column firstMatch() {
    Column decided = null;
    for (AttributionRule r : RULES) {
      Column outcome =
          struct(
              lit(r.id()).as(ClaimAttributionTable.RULE_ID),
              lit(r.rootCause().name()).as(ClaimAttributionTable.ROOT_CAUSE),
              lit(r.rootCause().responsibleParty().name())
                  .as(ClaimAttributionTable.RESPONSIBLE_PARTY));
      decided =
          decided == null ? when(r.condition(), outcome) : decided.when(r.condition(), outcome);
    }
    return decided;
  }

  private static AttributionRule rule(String id, String when, Column condition, RootCause cause) {
    return new AttributionRule(id, when, condition, cause);
  }

  private static Column reason(Reason reason) {
    return col(Claims.REASON).equalTo(lit(reason.name()));
  }

  private static Column notReceived() {
    return reason(Reason.ITEM_NOT_RECEIVED);
  }

  private static Column refundNotReceived() {
    return reason(Reason.REFUND_NOT_RECEIVED);
  }
}
