-- Stage 9: seller_risk (SPEC §4, docs/risk.md): one row per seller of seller_metrics, made from
-- the other tables' rows, plus the ODR as known on D-7.

-- The action catalogue: wording with the marketplace's numbers, in the order that breaks ties.
CREATE TABLE risk_actions (action VARCHAR, position INTEGER, root_cause VARCHAR, template VARCHAR);
INSERT INTO risk_actions VALUES
  ('ANSWER_OPEN_CLAIMS', 1, NULL,
   'Answer the claims awaiting a response within the {hours}-hour window ({count} open)'),
  ('ANSWER_ON_TIME', 2, NULL,
   'Answer claims within the {hours}-hour response window ({count} late or unanswered)'),
  ('FIX_SKU', 3, NULL,
   'Fix SKU {sku}: inspect the stock, listing and packaging behind its quality claims'),
  ('SHIP_OR_CANCEL', 4, 'NOT_SHIPPED',
   'Ship or cancel every order before its ship-by date'),
  ('SHIP_ON_TIME', 5, 'LATE_SHIPMENT',
   'Ship on time: confirm shipment by the ship-by date, or lengthen the handling time'),
  ('TRACK_EVERY_PACKAGE', 6, 'NO_VALID_TRACKING',
   'Ship every package with tracking and hand it to the carrier the day it is confirmed'),
  ('SIGNATURE_CONFIRMATION', 7, 'DELIVERY_UNCONFIRMED',
   'Add signature confirmation to orders above {amount}'),
  ('REVIEW_CARRIER', 8, 'CARRIER_DELAY_OR_LOSS',
   'Review the carrier or shipping service: parcels arrive late or get lost'),
  ('CHECK_PICKING', 9, 'WRONG_ITEM_SENT',
   'Check picking and labelling: buyers receive the wrong item'),
  ('IMPROVE_PACKAGING', 10, 'DAMAGED_ON_ARRIVAL',
   'Improve packaging: items arrive damaged'),
  ('INSPECT_STOCK', 11, 'DEFECTIVE_ITEM',
   'Inspect stock for defects and pull faulty batches'),
  ('CHECK_KITTING', 12, 'MISSING_PARTS',
   'Check that every package holds all the parts the listing names'),
  ('FIX_LISTINGS', 13, 'LISTING_MISMATCH',
   'Correct listings so that titles, photos and specifications match the item'),
  ('REFUND_ON_TIME', 14, 'REFUND_NOT_ISSUED',
   'Refund within {days} of receiving a return'),
  ('ACCEPT_RETURNS', 15, 'RETURN_REFUSED',
   'Accept returns that meet the return policy: refused returns turn into claims');

-- The claims of orders bought in today's ODR window (channel ALL).
CREATE TABLE odr_window_claims AS
SELECT ca.*
FROM claim_attribution ca
JOIN attributed_claims a USING (claim_id)
JOIN metric_windows w
  ON w.marketplace_id = ca.marketplace_id AND w.metric = 'ODR' AND w.channel = 'ALL'
WHERE a.purchase_day BETWEEN w.window_start AND w.window_end;

CREATE TABLE seller_root_causes AS
SELECT marketplace_id, seller_id, root_cause, count(*) AS claims
FROM odr_window_claims
WHERE counts_as_defect
GROUP BY ALL;

-- Each targeted row's used allowance at the rate and at its Wilson bound on the bad side, half
-- each (docs/risk.md); a target without allowance counts a breach as all of it, a pass as none.
CREATE TABLE row_scores AS
WITH used AS (
  SELECT marketplace_id, seller_id, status,
         target_condition IN ('<', '<=') AS lower_is_better,
         CASE WHEN target_condition IN ('<', '<=') THEN target_value ELSE 1 - target_value END
           AS allowance,
         CASE WHEN target_condition IN ('<', '<=') THEN rate ELSE 1 - rate END AS used_point,
         CASE WHEN target_condition IN ('<', '<=') THEN rate_low ELSE 1 - rate_high END
           AS used_sure
  FROM seller_metrics
  WHERE target_condition IS NOT NULL AND rate IS NOT NULL
)
SELECT marketplace_id, seller_id,
       CASE
         WHEN allowance = 0 THEN CASE WHEN status = 'BREACH' THEN 100.0 ELSE 0.0 END
         ELSE 100 * (0.5 * least(1.0, used_point / allowance)
                     + 0.5 * least(1.0, used_sure / allowance))
       END AS score
FROM used;

-- The fewest further defective orders that make today's ODR (ALL) breach, in exact decimals
-- (reading 43): null without orders, for a higher-is-better or absent target, or when even every
-- order defective would not breach.
CREATE TABLE defects_to_breach AS
WITH needed AS (
  SELECT marketplace_id, seller_id, numerator, denominator,
         CASE target_condition
           WHEN '<' THEN ceil(target_value * denominator)
           WHEN '<=' THEN floor(target_value * denominator) + 1
         END AS breach_at
  FROM metric_counts
  WHERE metric = 'ODR' AND channel = 'ALL'
)
SELECT marketplace_id, seller_id,
       CASE WHEN denominator > 0 AND breach_at <= denominator
            THEN greatest(0, breach_at - numerator)::BIGINT END AS defects_to_breach
FROM needed;

-- The ODR (ALL) as known on D-7: that day's valid orders and defect states, over its window.
CREATE TABLE week_earlier_odr AS
SELECT o.marketplace_id, o.seller_id,
       count(*) FILTER (WHERE d.claim OR d.negative_feedback OR d.chargeback) / count(*) AS odr
FROM valid_orders o
JOIN run r ON o.as_of_date = r.as_of_date - 7
JOIN metric_windows w
  ON w.marketplace_id = o.marketplace_id AND w.metric = 'ODR' AND w.channel = 'ALL'
LEFT JOIN order_defects d ON d.as_of_date = o.as_of_date AND d.order_id = o.order_id
WHERE o.purchase_day BETWEEN w.window_start - 7 AND w.window_end - 7
GROUP BY ALL;

-- Next steps from four sources, each weighed by the claims it concerns; ranked by weight, then the
-- catalogue's order, then SKU, cut at 5.
CREATE TABLE seller_actions AS
WITH candidates AS (
  SELECT marketplace_id, seller_id, 'ANSWER_OPEN_CLAIMS' AS action, count(*) AS weight,
         NULL::VARCHAR AS sku
  FROM claims_awaiting_response
  GROUP BY ALL
  UNION ALL
  SELECT marketplace_id, seller_id, 'ANSWER_ON_TIME', count(*), NULL
  FROM odr_window_claims
  WHERE late_response
  GROUP BY ALL
  UNION ALL
  SELECT marketplace_id, seller_id, 'FIX_SKU', quality_claim_orders, sku
  FROM sku_metrics
  WHERE hotspot
  UNION ALL
  SELECT rc.marketplace_id, rc.seller_id, ra.action, rc.claims, NULL
  FROM seller_root_causes rc
  JOIN risk_actions ra USING (root_cause)
), worded AS (
  SELECT c.marketplace_id, c.seller_id, c.weight, ra.position, c.sku,
         replace(replace(replace(replace(replace(ra.template,
           '{count}', c.weight::VARCHAR),
           '{sku}', coalesce(c.sku, '')),
           '{hours}', (m.claim_response_window_seconds // 3600)::VARCHAR),
           '{days}', CASE WHEN m.refund_deadline_days = 1 THEN '1 day'
                          ELSE m.refund_deadline_days || ' days' END),
           '{amount}', m.signature_confirmation_above) AS text
  FROM candidates c
  JOIN risk_actions ra USING (action)
  JOIN markets m USING (marketplace_id)
)
SELECT marketplace_id, seller_id,
       (list(text ORDER BY weight DESC, position, sku))[1:5] AS actions
FROM worded
GROUP BY ALL;

CREATE TABLE seller_risk AS
WITH sellers AS (
  SELECT marketplace_id, seller_id,
         list(DISTINCT metric ORDER BY metric) FILTER (WHERE status = 'BREACH') AS breached,
         list(DISTINCT metric ORDER BY metric) FILTER (WHERE status = 'AT_RISK') AS at_risk
  FROM seller_metrics
  GROUP BY ALL
), scores AS (
  SELECT marketplace_id, seller_id, floor(max(score) + 0.5)::INTEGER AS risk_score
  FROM row_scores
  GROUP BY ALL
), odr AS (
  SELECT marketplace_id, seller_id, rate, numerator, denominator
  FROM seller_metrics
  WHERE metric = 'ODR' AND channel = 'ALL'
), top_root_causes AS (
  SELECT marketplace_id, seller_id,
         (list({'root_cause': root_cause, 'claims': claims}
               ORDER BY claims DESC, root_cause))[1:3] AS top_root_causes
  FROM seller_root_causes
  GROUP BY ALL
), top_skus AS (
  SELECT marketplace_id, seller_id,
         (list({'sku': sku, 'orders': orders, 'defective_orders': defective_orders,
                'defect_rate': defect_rate, 'hotspot': hotspot, 'top_root_cause': top_root_cause}
               ORDER BY defective_orders DESC, defect_rate DESC, sku))[1:3] AS top_skus
  FROM sku_metrics
  WHERE defective_orders > 0
  GROUP BY ALL
), awaiting AS (
  SELECT marketplace_id, seller_id, count(*) AS claims
  FROM claims_awaiting_response
  GROUP BY ALL
)
SELECT s.marketplace_id, s.seller_id,
       coalesce(sc.risk_score, 0) AS risk_score,
       CASE
         WHEN coalesce(sc.risk_score, 0) >= m.critical_from THEN 'CRITICAL'
         WHEN coalesce(sc.risk_score, 0) >= m.high_from THEN 'HIGH'
         WHEN coalesce(sc.risk_score, 0) >= m.medium_from THEN 'MEDIUM'
         ELSE 'LOW'
       END AS risk_tier,
       coalesce(s.breached, []) AS breached_metrics,
       coalesce(s.at_risk, []) AS at_risk_metrics,
       o.rate AS odr,
       coalesce(o.denominator, 0) AS odr_orders,
       coalesce(o.numerator, 0) AS odr_defects,
       dtb.defects_to_breach,
       o.rate - w.odr AS odr_change_7d,
       coalesce(trc.top_root_causes, []) AS top_root_causes,
       coalesce(ts.top_skus, []) AS top_skus,
       coalesce(aw.claims, 0) AS claims_awaiting_response,
       coalesce(sa.actions, []) AS actions
FROM sellers s
JOIN markets m USING (marketplace_id)
LEFT JOIN scores sc USING (marketplace_id, seller_id)
LEFT JOIN odr o USING (marketplace_id, seller_id)
LEFT JOIN defects_to_breach dtb USING (marketplace_id, seller_id)
LEFT JOIN week_earlier_odr w USING (marketplace_id, seller_id)
LEFT JOIN top_root_causes trc USING (marketplace_id, seller_id)
LEFT JOIN top_skus ts USING (marketplace_id, seller_id)
LEFT JOIN awaiting aw USING (marketplace_id, seller_id)
LEFT JOIN seller_actions sa USING (marketplace_id, seller_id);
