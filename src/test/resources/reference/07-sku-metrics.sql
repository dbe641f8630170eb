-- Stage 7: sku_metrics (SPEC §4): the counts of stage 5, their defect rate, and the most frequent
-- root cause of the counting claims attached to each SKU by the claim_orders rule (a claim without
-- a SKU belongs to every SKU of its order), counting claims; ties go to the alphabetically first.

CREATE TABLE sku_root_causes AS
SELECT os.marketplace_id, os.seller_id, os.sku, a.root_cause, count(*) AS claims
FROM window_order_skus os
JOIN claim_attribution a ON a.order_id = os.order_id AND (a.sku IS NULL OR a.sku = os.sku)
WHERE a.counts_as_defect
GROUP BY ALL;

CREATE TABLE sku_metrics AS
SELECT k.marketplace_id, k.seller_id, k.sku,
       r.as_of_date - m.sku_lag_days - m.sku_window_days + 1 AS window_start,
       r.as_of_date - m.sku_lag_days AS window_end,
       k.orders, k.defective_orders, k.claim_orders, k.negative_feedback_orders,
       k.chargeback_orders, k.quality_claim_orders,
       k.defective_orders / k.orders AS defect_rate,
       wilson_low(k.defective_orders::DOUBLE, k.orders::DOUBLE) AS rate_low,
       wilson_high(k.defective_orders::DOUBLE, k.orders::DOUBLE) AS rate_high,
       k.hotspot,
       t.root_cause AS top_root_cause
FROM sku_counts k
JOIN markets m USING (marketplace_id)
CROSS JOIN run r
LEFT JOIN (
  SELECT marketplace_id, seller_id, sku, first(root_cause ORDER BY claims DESC, root_cause) AS root_cause
  FROM sku_root_causes
  GROUP BY ALL
) t USING (marketplace_id, seller_id, sku);
