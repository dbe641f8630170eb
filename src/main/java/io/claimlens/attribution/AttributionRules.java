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
import io.claimlens.schema.InputDatasets;
import io.claimlens.schema.Returns;
import io.claimlens.schema.Shipments;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.sql.Column;

/**
 * The ordered rule list of SPEC §3, as data: the first rule whose condition holds decides a claim's
 * root cause. Policy settings reach the rules through the evidence (response window, refund
 * deadline, hotspot thresholds and SKU window), so the list itself never changes per marketplace.
 *
 * <p>Evidence from an absent dataset is null and matches no rule that reads it, so without
 * shipments an item-not-received claim is UNATTRIBUTED (R99) rather than blamed on the seller. Each
 * rule names the dataset its evidence comes from, and {@link #notes} tells the run manifest which
 * claims an absent one leaves to which rule.
 */
public final class AttributionRules {
  /** The rule that matches when no other does. */
  public static final String FALLBACK_RULE_ID = "R99";

  private static final List<AttributionRule> RULES =
      List.of(
          rule(
              "R01",
              "ITEM_NOT_RECEIVED, order not shipped",
              Reason.ITEM_NOT_RECEIVED,
              Shipments.NAME,
              not(col(ClaimAttributionTable.SHIPPED)),
              RootCause.NOT_SHIPPED),
          rule(
              "R02",
              "ITEM_NOT_RECEIVED, ship time > latest_ship_ts",
              Reason.ITEM_NOT_RECEIVED,
              Shipments.NAME,
              col(ClaimAttributionTable.LATE_SHIPMENT),
              RootCause.LATE_SHIPMENT),
          rule(
              "R03",
              "ITEM_NOT_RECEIVED, no valid tracking",
              Reason.ITEM_NOT_RECEIVED,
              Shipments.NAME,
              not(col(ClaimAttributionTable.VALID_TRACKING)),
              RootCause.NO_VALID_TRACKING),
          rule(
              "R04",
              "ITEM_NOT_RECEIVED, delivered and signed",
              Reason.ITEM_NOT_RECEIVED,
              Shipments.NAME,
              col(ClaimAttributionTable.DELIVERED).and(col(ClaimAttributionTable.SIGNED)),
              RootCause.DELIVERED_WITH_SIGNATURE),
          rule(
              "R05",
              "ITEM_NOT_RECEIVED, delivered, not signed",
              Reason.ITEM_NOT_RECEIVED,
              Shipments.NAME,
              col(ClaimAttributionTable.DELIVERED).and(not(col(ClaimAttributionTable.SIGNED))),
              RootCause.DELIVERY_UNCONFIRMED),
          rule(
              "R06",
              "ITEM_NOT_RECEIVED, not delivered, latest_delivery_ts before the end of D",
              Reason.ITEM_NOT_RECEIVED,
              Shipments.NAME,
              not(col(ClaimAttributionTable.DELIVERED))
                  .and(col(ClaimEvidence.DELIVERY_PROMISE_PASSED)),
              RootCause.CARRIER_DELAY_OR_LOSS),
          rule(
              "R07",
              "ITEM_NOT_RECEIVED, otherwise",
              Reason.ITEM_NOT_RECEIVED,
              Shipments.NAME,
              col(ClaimAttributionTable.SHIPPED).isNotNull(),
              RootCause.PREMATURE_CLAIM),
          // without order_items a claim's hotspot flag is false, not unknown: the rule needs no
          // dataset, and the quality claims go to R11-R15 as any claim on a quiet SKU does
          new AttributionRule(
              "R10",
              "quality reason (NOT_AS_DESCRIBED, DAMAGED, DEFECTIVE, MISSING_PARTS, WRONG_ITEM)"
                  + " on a hotspot SKU",
              List.copyOf(Claims.QUALITY_REASONS),
              Optional.of(col(ClaimAttributionTable.HOTSPOT_SKU)),
              Optional.empty(),
              RootCause.PRODUCT_QUALITY),
          rule("R11", "WRONG_ITEM", Reason.WRONG_ITEM, RootCause.WRONG_ITEM_SENT),
          rule("R12", "DAMAGED", Reason.DAMAGED, RootCause.DAMAGED_ON_ARRIVAL),
          rule("R13", "DEFECTIVE", Reason.DEFECTIVE, RootCause.DEFECTIVE_ITEM),
          rule("R14", "MISSING_PARTS", Reason.MISSING_PARTS, RootCause.MISSING_PARTS),
          rule("R15", "NOT_AS_DESCRIBED", Reason.NOT_AS_DESCRIBED, RootCause.LISTING_MISMATCH),
          rule(
              "R20",
              "REFUND_NOT_RECEIVED, a return of the order received, refunded late or not at all",
              Reason.REFUND_NOT_RECEIVED,
              Returns.NAME,
              col(ClaimAttributionTable.REFUND_LATE),
              RootCause.REFUND_NOT_ISSUED),
          rule(
              "R21",
              "REFUND_NOT_RECEIVED, no return of the order received",
              Reason.REFUND_NOT_RECEIVED,
              Returns.NAME,
              not(col(ClaimAttributionTable.RETURN_RECEIVED)),
              RootCause.RETURN_NOT_RECEIVED),
          rule(
              "R22",
              "REFUND_NOT_RECEIVED, otherwise (refunded in time)",
              Reason.REFUND_NOT_RECEIVED,
              Returns.NAME,
              col(ClaimAttributionTable.RETURN_RECEIVED).isNotNull(),
              RootCause.REFUND_ALREADY_ISSUED),
          rule(
              "R30",
              "RETURN_REFUSED, a return of the order REJECTED",
              Reason.RETURN_REFUSED,
              Returns.NAME,
              col(ReturnFacts.RETURN_REJECTED),
              RootCause.RETURN_REFUSED),
          rule(
              "R31",
              "RETURN_REFUSED, otherwise",
              Reason.RETURN_REFUSED,
              RootCause.RETURN_DISPUTE_UNVERIFIED),
          new AttributionRule(
              FALLBACK_RULE_ID,
              "anything else",
              List.of(),
              Optional.empty(),
              Optional.empty(),
              RootCause.UNATTRIBUTED));

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

  /**
   * The run manifest's notes on the datasets absent from {@code present} that rules need: per such
   * dataset, the reasons of the claims those rules would decide and the first rule that takes every
   * such claim instead, in rule order; none when every dataset a rule needs is present.
   */
  public static List<String> notes(Set<String> present) {
    List<String> notes = new ArrayList<>();
    for (String dataset : neededDatasets()) {
      if (present.contains(dataset)) {
        continue;
      }
      List<String> outcomes = new ArrayList<>();
      for (Reason reason : reasonsNeeding(dataset)) {
        AttributionRule instead =
            RULES.stream().filter(r -> r.takesEvery(reason)).findFirst().orElseThrow();
        // the verb once, in the first clause, as the manifest has always worded it
        outcomes.add(
            reason
                + " claims "
                + (outcomes.isEmpty() ? "are " : "")
                + instead.rootCause()
                + " ("
                + instead.id()
                + ")");
      }
      notes.add(String.join(" and ", outcomes) + ": " + InputDatasets.absent(dataset));
    }
    return notes;
  }

  private static List<String> neededDatasets() {
    return RULES.stream().flatMap(r -> r.needs().stream()).distinct().toList();
  }

  private static List<Reason> reasonsNeeding(String dataset) {
    return RULES.stream()
        .filter(r -> r.needs().equals(Optional.of(dataset)))
        .flatMap(r -> r.reasons().stream())
        .distinct()
        .toList();
  }

  /** A rule on claims of {@code reason} that reads evidence of {@code dataset}. */
  private static AttributionRule rule(
      String id, String when, Reason reason, String dataset, Column evidence, RootCause cause) {
    return new AttributionRule(
        id, when, List.of(reason), Optional.of(evidence), Optional.of(dataset), cause);
  }

  /** A rule that takes every claim of {@code reason} that reaches it. */
  private static AttributionRule rule(String id, String when, Reason reason, RootCause cause) {
    return new AttributionRule(
        id, when, List.of(reason), Optional.empty(), Optional.empty(), cause);
  }
}
