package io.claimlens.attribution;

import static io.claimlens.testing.Fixtures.datasetsWithout;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.claimlens.schema.OrderItems;
import io.claimlens.schema.Returns;
import io.claimlens.schema.Shipments;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The run manifest's notes that the attribution rules derive from the datasets they need, no Spark:
 * which claims an absent dataset leaves to which rule (SPEC §3).
 */
class RuleNotesTest {

  @Test
  void shippingRulesNeedShipmentsAndReturnRulesNeedReturns() {
    assertEquals(List.of("R01", "R02", "R03", "R04", "R05", "R06", "R07"), needing(Shipments.NAME));
    assertEquals(List.of("R20", "R21", "R22", "R30"), needing(Returns.NAME));
  }

  @Test
  void everyDatasetPresentGivesNoNote() {
    assertEquals(List.of(), AttributionRules.notes(datasetsWithout()));
  }

  @Test
  void withoutShipmentsItemNotReceivedClaimsFallToR99() {
    assertEquals(
        List.of("ITEM_NOT_RECEIVED claims are UNATTRIBUTED (R99): dataset 'shipments' is absent"),
        AttributionRules.notes(datasetsWithout(Shipments.NAME)));
  }

  /** R31 takes every RETURN_REFUSED claim that R30 leaves, so those claims are not R99. */
  @Test
  void withoutReturnsRefundClaimsFallToR99AndRefusedReturnsToR31() {
    assertEquals(
        List.of(
            "REFUND_NOT_RECEIVED claims are UNATTRIBUTED (R99) and RETURN_REFUSED claims"
                + " RETURN_DISPUTE_UNVERIFIED (R31): dataset 'returns' is absent"),
        AttributionRules.notes(datasetsWithout(Returns.NAME)));
  }

  /** R10's hotspot flag is false, not unknown, without order_items: no rule note for it. */
  @Test
  void withoutOrderItemsNoRuleNote() {
    assertEquals(List.of(), AttributionRules.notes(datasetsWithout(OrderItems.NAME)));
  }

  private static List<String> needing(String dataset) {
    return AttributionRules.ordered().stream()
        .filter(r -> r.needs().equals(Optional.of(dataset)))
        .map(AttributionRule::id)
        .toList();
  }
}
