-- Stage 5: the counts of sku_metrics and the hotspot flag (SPEC §3, §4), which attribution reads.
-- top_root_cause needs the attributed claims and is added in stage 7.

-- The SKUs of each order bought in the SKU window (two lines of one SKU: one order).
CREATE TABLE window_order_skus AS
SELECT DISTINCT f.marketplace_id, f.seller_id, f.order_id, i.sku
FROM order_facts f
JOIN items_valid i USING (order_id)
JOIN markets m USING (marketplace_id)
CROSS JOIN run r
WHERE f.purchase_day BETWEEN r.as_of_date - m.sku_lag_days - m.sku_window_days + 1
                         AND r.as_of_date - m.sku_lag_days;

-- A claim with a SKU is a defect of that SKU only, when its order holds it; a claim without one
-- is a defect of every SKU of its order (§4, reading 18).
CREATE TABLE order_sku_claims AS
SELECT os.order_id, os.sku,
       bool_or(c.reason IN ('NOT_AS_DESCRIBED', 'DAMAGED', 'DEFECTIVE', 'MISSING_PARTS',
                            'WRONG_ITEM')) AS quality_claim
FROM window_order_skus os
JOIN claim_states c ON c.order_id = os.order_id AND (c.sku IS NULL OR c.sku = os.sku)
JOIN run r ON c.as_of_date = r.as_of_date
WHERE c.counts_as_defect
GROUP BY ALL;

CREATE TABLE sku_counts AS
WITH per_order AS (
  SELECT os.marketplace_id, os.seller_id, os.sku,
         oc.order_id IS NOT NULL AS claim,
         coalesce(oc.quality_claim, false) AS quality_claim,
         f.has_negative_feedback AS negative_feedback,
         f.has_chargeback AS chargeback
  FROM window_order_skus os
  JOIN order_facts f USING (order_id)
  LEFT JOIN order_sku_claims oc USING (order_id, sku)
), counts AS (
  SELECT marketplace_id, seller_id, sku,
         count(*) AS orders,
         count(*) FILTER (WHERE claim OR negative_feedback OR chargeback) AS defective_orders,
         count(*) FILTER (WHERE claim) AS claim_orders,
         count(*) FILTER (WHERE negative_feedback) AS negative_feedback_orders,
         count(*) FILTER (WHERE chargeback) AS chargeback_orders,
         count(*) FILTER (WHERE quality_claim) AS quality_claim_orders
  FROM per_order
  GROUP BY ALL
), pooled AS (
  SELECT marketplace_id, sum(quality_claim_orders) AS quality_claim_orders, sum(orders) AS orders
  FROM counts
  GROUP BY ALL
)
-- A hotspot: at least the minimum of quality-claim orders, at a rate of at least the multiple of
-- the marketplace's pooled rate, cross-multiplied so that exactly the multiple counts.
SELECT c.*,
       c.quality_claim_orders >= m.hotspot_min_quality_claim_orders
         AND c.quality_claim_orders * p.orders
             >= m.hotspot_rate_multiple * p.quality_claim_orders * c.orders AS hotspot
FROM counts c
JOIN pooled p USING (marketplace_id)
JOIN markets m USING (marketplace_id);
