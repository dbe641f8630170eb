-- SKUs driving a seller's ODR at ${as_of}: the seller's SKUs by defective orders, with each SKU's
-- share of the seller's SKU defects and the seller's ODR (channel ALL) beside them.
-- sku_metrics counts over the SKU window (default 90 days, lag 14), ODR over its own (60, lag 14):
-- the shares rank the SKUs; they do not add up to the ODR numerator exactly.
-- scripts/query.sh -f jobs/queries/skus_driving_seller_odr.sql --param seller_id=SELLER [--as-of YYYY-MM-DD]
WITH odr AS (
  SELECT marketplace_id, seller_id, rate AS odr, numerator AS odr_defects, denominator AS odr_orders,
         status AS odr_status
  FROM seller_metrics
  WHERE as_of_date = DATE '${as_of}' AND seller_id = '${seller_id}'
    AND metric = 'ODR' AND channel = 'ALL'
),
skus AS (
  SELECT *,
         sum(defective_orders) OVER (PARTITION BY marketplace_id) AS seller_sku_defects
  FROM sku_metrics
  WHERE as_of_date = DATE '${as_of}' AND seller_id = '${seller_id}'
)
SELECT
  s.marketplace_id,
  s.seller_id,
  s.sku,
  s.orders,
  s.defective_orders,
  s.claim_orders,
  s.negative_feedback_orders,
  s.chargeback_orders,
  round(s.defect_rate, 4) AS defect_rate,
  round(s.defective_orders / nullif(s.seller_sku_defects, 0), 4) AS share_of_seller_defects,
  s.hotspot,
  s.top_root_cause,
  round(o.odr, 4) AS seller_odr,
  o.odr_defects,
  o.odr_orders,
  o.odr_status
FROM skus s
LEFT JOIN odr o ON o.marketplace_id = s.marketplace_id
WHERE s.defective_orders > 0
ORDER BY s.defective_orders DESC, s.defect_rate DESC, s.sku
LIMIT 50
