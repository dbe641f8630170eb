-- Stage 6: claim_attribution (SPEC §3, §4): every claim known at D whose order was bought in the
-- longest span, with the first rule that matches and the evidence the rules read.

-- The rules' outcomes; the order in which they are tried is the CASE below.
CREATE TABLE attribution_rules (rule_id VARCHAR, root_cause VARCHAR, responsible_party VARCHAR);
INSERT INTO attribution_rules VALUES
  ('R01', 'NOT_SHIPPED', 'SELLER'),
  ('R02', 'LATE_SHIPMENT', 'SELLER'),
  ('R03', 'NO_VALID_TRACKING', 'SELLER'),
  ('R04', 'DELIVERED_WITH_SIGNATURE', 'BUYER'),
  ('R05', 'DELIVERY_UNCONFIRMED', 'SELLER'),
  ('R06', 'CARRIER_DELAY_OR_LOSS', 'CARRIER'),
  ('R07', 'PREMATURE_CLAIM', 'BUYER'),
  ('R10', 'PRODUCT_QUALITY', 'SELLER'),
  ('R11', 'WRONG_ITEM_SENT', 'SELLER'),
  ('R12', 'DAMAGED_ON_ARRIVAL', 'SELLER'),
  ('R13', 'DEFECTIVE_ITEM', 'SELLER'),
  ('R14', 'MISSING_PARTS', 'SELLER'),
  ('R15', 'LISTING_MISMATCH', 'SELLER'),
  ('R20', 'REFUND_NOT_ISSUED', 'SELLER'),
  ('R21', 'RETURN_NOT_RECEIVED', 'CARRIER'),
  ('R22', 'REFUND_ALREADY_ISSUED', 'BUYER'),
  ('R30', 'RETURN_REFUSED', 'SELLER'),
  ('R31', 'RETURN_DISPUTE_UNVERIFIED', 'UNKNOWN'),
  ('R99', 'UNATTRIBUTED', 'UNKNOWN');

-- The only SKU of a claimed order, for a claim that names none (§3).
CREATE TABLE single_sku_orders AS
SELECT order_id, min(sku) AS sku
FROM items_valid
WHERE order_id IN (SELECT order_id FROM claim_states)
GROUP BY order_id
HAVING count(DISTINCT sku) = 1;

CREATE TABLE attributed_claims AS
SELECT c.marketplace_id, c.seller_id, c.claim_id, c.order_id, f.purchase_day,
       coalesce(c.sku, s.sku) AS sku,
       c.filed_ts, c.reason, c.status, c.counts_as_defect, c.seller_response_ts, c.day_end,
       c.filed_ts + to_seconds(m.claim_response_window_seconds) AS response_due_ts,
       f.shipped, f.late_shipment, f.valid_tracking, f.delivered, f.signed, f.latest_delivery_ts
FROM claim_states c
JOIN run r USING (as_of_date)
JOIN order_facts f USING (order_id)
JOIN markets m ON m.marketplace_id = c.marketplace_id
LEFT JOIN single_sku_orders s ON s.order_id = c.order_id;

-- A return links to a claim by order, and by SKU where both carry one (reading 35).
CREATE TABLE claim_returns AS
SELECT a.claim_id,
       bool_or(t.received) AS return_received,
       bool_or(t.refund_late) AS refund_late,
       bool_or(t.status = 'REJECTED') AS return_rejected
FROM attributed_claims a
JOIN return_facts t ON t.order_id = a.order_id AND (t.sku IS NULL OR a.sku IS NULL OR t.sku = a.sku)
GROUP BY a.claim_id;

CREATE TABLE claim_attribution AS
WITH evidence AS (
  SELECT a.*,
         coalesce(cr.return_received, false) AS return_received,
         coalesce(cr.refund_late, false) AS refund_late,
         coalesce(cr.return_rejected, false) AS return_rejected,
         coalesce(k.hotspot, false) AS hotspot_sku
  FROM attributed_claims a
  LEFT JOIN claim_returns cr USING (claim_id)
  LEFT JOIN sku_counts k USING (marketplace_id, seller_id, sku)
), ruled AS (
  SELECT *,
    CASE
      WHEN reason = 'ITEM_NOT_RECEIVED' THEN
        CASE
          WHEN NOT shipped THEN 'R01'
          WHEN late_shipment THEN 'R02'
          WHEN NOT valid_tracking THEN 'R03'
          WHEN delivered AND signed THEN 'R04'
          WHEN delivered THEN 'R05'
          WHEN latest_delivery_ts < day_end THEN 'R06'
          ELSE 'R07'
        END
      WHEN reason IN ('NOT_AS_DESCRIBED', 'DAMAGED', 'DEFECTIVE', 'MISSING_PARTS', 'WRONG_ITEM')
        AND hotspot_sku THEN 'R10'
      WHEN reason = 'WRONG_ITEM' THEN 'R11'
      WHEN reason = 'DAMAGED' THEN 'R12'
      WHEN reason = 'DEFECTIVE' THEN 'R13'
      WHEN reason = 'MISSING_PARTS' THEN 'R14'
      WHEN reason = 'NOT_AS_DESCRIBED' THEN 'R15'
      WHEN reason = 'REFUND_NOT_RECEIVED' THEN
        CASE WHEN refund_late THEN 'R20' WHEN NOT return_received THEN 'R21' ELSE 'R22' END
      WHEN reason = 'RETURN_REFUSED' THEN CASE WHEN return_rejected THEN 'R30' ELSE 'R31' END
      ELSE 'R99'
    END AS rule_id
  FROM evidence
)
-- Late response: answered after the due time, or unanswered at D with the due time before the
-- end of D (§3), whatever the claim's status (reading 38).
SELECT marketplace_id, seller_id, claim_id, order_id, sku, filed_ts, reason, status,
       counts_as_defect, r.root_cause, r.responsible_party, rule_id, response_due_ts,
       CASE
         WHEN seller_response_ts < day_end THEN seller_response_ts > response_due_ts
         ELSE response_due_ts < day_end
       END AS late_response,
       shipped, late_shipment, valid_tracking, delivered, signed, return_received, refund_late,
       hotspot_sku
FROM ruled
JOIN attribution_rules r USING (rule_id);
