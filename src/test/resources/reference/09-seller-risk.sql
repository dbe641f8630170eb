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
   'Ship on time: confirm shipment by the ship-by date, set an order cut-off time you can meet, or lengthen the handling time'),
  ('TRACK_EVERY_PACKAGE', 6, 'NO_VALID_TRACKING',
   'Ship with carriers that scan every parcel, and upload the tracking id when you confirm shipment'),
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
   'Accept returns that meet the return policy: refused returns turn into claims'),
  ('RESOLVE_BEFORE_CLAIM', 16, NULL,
   'Resolve buyers'' problems before they file claims: answer messages within 24 hours, and refund or replace items that failed'),
  ('FOLLOW_UP_FEEDBACK', 17, NULL,
   'Follow up on negative feedback: solve the buyer''s problem, and ask the platform to remove feedback that breaks its rules'),
  ('ANSWER_CHARGEBACKS', 18, NULL,
   'Answer chargebacks with proof of delivery, and ship high-value orders with tracking and signature'),
  ('SYNC_STOCK', 19, NULL,
   'Keep stock in sync on every channel you sell on, so that no order is cancelled for lack of stock'),
  ('PROMISE_DELIVERY', 20, NULL,
   'Promise delivery dates you can meet: set transit times per region, or use a faster shipping service'),
  ('ANSWER_RETURNS', 21, NULL,
   'Answer return requests within 48 hours, and refund within {days} of receiving the return'),
  ('CUT_RETURNS', 22, NULL,
   'Find out why buyers return orders: check the listings and items returned most'),
  ('RAISE_PERFECT_ORDERS', 23, NULL,
   'Find what spoils your orders (claims, feedback, chargebacks, cancellations, late shipments, returns) and fix the most frequent first');

-- What a metric in BREACH or AT_RISK calls for (docs/risk.md): one action per part of it that can
-- fail, weighed by the orders of that part (a metric's defects, or for returns all of them); when
-- no part has any, the fallback, weighed by the metric's own defects.
CREATE TABLE metric_actions (metric VARCHAR, action VARCHAR, weighed_by VARCHAR, units VARCHAR);
INSERT INTO metric_actions VALUES
  ('ODR', 'RESOLVE_BEFORE_CLAIM', 'CLAIM_RATE', 'defects'),
  ('ODR', 'FOLLOW_UP_FEEDBACK', 'NEGATIVE_FEEDBACK_RATE', 'defects'),
  ('ODR', 'ANSWER_CHARGEBACKS', 'CHARGEBACK_RATE', 'defects'),
  ('CLAIM_RATE', 'RESOLVE_BEFORE_CLAIM', 'CLAIM_RATE', 'defects'),
  ('NEGATIVE_FEEDBACK_RATE', 'FOLLOW_UP_FEEDBACK', 'NEGATIVE_FEEDBACK_RATE', 'defects'),
  ('CHARGEBACK_RATE', 'ANSWER_CHARGEBACKS', 'CHARGEBACK_RATE', 'defects'),
  ('LATE_SHIPMENT_RATE', 'SHIP_ON_TIME', 'LATE_SHIPMENT_RATE', 'defects'),
  ('PRE_FULFILLMENT_CANCEL_RATE', 'SYNC_STOCK', 'PRE_FULFILLMENT_CANCEL_RATE', 'defects'),
  ('VALID_TRACKING_RATE', 'TRACK_EVERY_PACKAGE', 'VALID_TRACKING_RATE', 'defects'),
  ('ON_TIME_DELIVERY_RATE', 'PROMISE_DELIVERY', 'ON_TIME_DELIVERY_RATE', 'defects'),
  ('RETURN_DISSATISFACTION_RATE', 'ANSWER_RETURNS', 'RETURN_DISSATISFACTION_RATE', 'defects'),
  ('PERFECT_ORDER_PERCENTAGE', 'RESOLVE_BEFORE_CLAIM', 'CLAIM_RATE', 'defects'),
  ('PERFECT_ORDER_PERCENTAGE', 'FOLLOW_UP_FEEDBACK', 'NEGATIVE_FEEDBACK_RATE', 'defects'),
  ('PERFECT_ORDER_PERCENTAGE', 'ANSWER_CHARGEBACKS', 'CHARGEBACK_RATE', 'defects'),
  ('PERFECT_ORDER_PERCENTAGE', 'SYNC_STOCK', 'PRE_FULFILLMENT_CANCEL_RATE', 'defects'),
  ('PERFECT_ORDER_PERCENTAGE', 'SHIP_ON_TIME', 'LATE_SHIPMENT_RATE', 'defects'),
  ('PERFECT_ORDER_PERCENTAGE', 'CUT_RETURNS', 'RETURN_DISSATISFACTION_RATE', 'units');

CREATE TABLE metric_fallbacks (metric VARCHAR, action VARCHAR);
INSERT INTO metric_fallbacks VALUES
  ('ODR', 'RESOLVE_BEFORE_CLAIM'), ('CLAIM_RATE', 'RESOLVE_BEFORE_CLAIM'),
  ('NEGATIVE_FEEDBACK_RATE', 'FOLLOW_UP_FEEDBACK'), ('CHARGEBACK_RATE', 'ANSWER_CHARGEBACKS'),
  ('LATE_SHIPMENT_RATE', 'SHIP_ON_TIME'), ('PRE_FULFILLMENT_CANCEL_RATE', 'SYNC_STOCK'),
  ('VALID_TRACKING_RATE', 'TRACK_EVERY_PACKAGE'), ('ON_TIME_DELIVERY_RATE', 'PROMISE_DELIVERY'),
  ('RETURN_DISSATISFACTION_RATE', 'ANSWER_RETURNS'),
  ('PERFECT_ORDER_PERCENTAGE', 'RAISE_PERFECT_ORDERS');

-- Each metric row's defects (bad units: the numerator, or the rest of the denominator under a
-- higher-is-better target) with its weight and min_defects.
CREATE TABLE metric_defects AS
SELECT s.*, w.weight, w.min_defects, w.warning_fraction,
       CASE WHEN s.target_condition IN ('>', '>=') THEN s.denominator - s.numerator
            ELSE s.numerator END AS defects
FROM seller_metrics s
JOIN metric_windows w USING (marketplace_id, metric, channel);

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

-- The calibrated row score (SPEC §4.1, docs/risk.md): the status sets the tier band, the evidence
-- the place in it, the weight how much of it counts. A breach on fewer than min_defects defects
-- scores as AT_RISK; a counted ODR (ALL) breach lifts the seller to high_from at least.
CREATE TABLE row_scores AS
WITH used AS (
  SELECT d.marketplace_id, d.seller_id, d.metric, d.channel, d.status, d.weight,
         d.warning_fraction::DOUBLE AS warning, m.medium_from, m.high_from,
         d.status = 'BREACH' AND d.defects >= d.min_defects AS counted_breach,
         CASE WHEN d.target_condition IN ('<', '<=') THEN d.target_value ELSE 1 - d.target_value END
           AS allowance,
         CASE WHEN d.target_condition IN ('<', '<=') THEN d.rate ELSE 1 - d.rate END AS used_point,
         CASE WHEN d.target_condition IN ('<', '<=') THEN d.rate_low ELSE 1 - d.rate_high END
           AS used_sure
  FROM metric_defects d
  JOIN markets m USING (marketplace_id)
  WHERE d.target_condition IS NOT NULL AND d.rate IS NOT NULL
), shares AS (
  SELECT *,
         CASE WHEN allowance > 0 THEN least(1.0, used_point / allowance)
              WHEN status = 'BREACH' THEN 1.0 ELSE 0.0 END AS point,
         CASE WHEN allowance > 0 THEN least(1.0, used_sure / allowance)
              WHEN status = 'BREACH' THEN 1.0 ELSE 0.0 END AS sure
  FROM used
)
SELECT marketplace_id, seller_id, metric, channel, counted_breach, high_from,
       weight::DOUBLE * CASE
         WHEN counted_breach THEN high_from + (100 - high_from) * sure
         WHEN status IN ('BREACH', 'AT_RISK') THEN
           medium_from + (high_from - 1 - medium_from)
             * CASE WHEN warning >= 1 THEN 1.0
                    ELSE least(1.0, greatest(0.0, (point - warning) / (1 - warning))) END
         ELSE (medium_from - 1) * least(1.0, point / warning)
       END AS score
FROM shares;

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
), flagged AS (
  SELECT DISTINCT marketplace_id, seller_id, metric
  FROM seller_metrics
  WHERE status IN ('BREACH', 'AT_RISK')
), units AS (
  SELECT marketplace_id, seller_id, metric, max(defects) AS defects, max(denominator) AS units,
         max(weight) AS metric_weight
  FROM metric_defects
  GROUP BY ALL
), parts AS (
  -- the orders a part concerns, times the flagged metric's weight, rounded up (at least 1)
  SELECT f.marketplace_id, f.seller_id, f.metric, ma.action,
         coalesce(CASE ma.units WHEN 'defects' THEN u.defects ELSE u.units END, 0) AS orders,
         greatest(1, ceil(orders * own.metric_weight))::BIGINT AS weight
  FROM flagged f
  JOIN metric_actions ma USING (metric)
  JOIN units own USING (marketplace_id, seller_id, metric)
  LEFT JOIN units u
    ON u.marketplace_id = f.marketplace_id AND u.seller_id = f.seller_id
   AND u.metric = ma.weighed_by
), metric_candidates AS (
  SELECT marketplace_id, seller_id, metric, action, weight
  FROM parts
  WHERE orders > 0
  UNION ALL
  SELECT f.marketplace_id, f.seller_id, f.metric, fb.action,
         greatest(1, ceil(greatest(u.defects, 1) * u.metric_weight))::BIGINT
  FROM flagged f
  JOIN metric_fallbacks fb USING (metric)
  JOIN units u USING (marketplace_id, seller_id, metric)
  WHERE NOT EXISTS (SELECT 1 FROM parts p
                    WHERE p.marketplace_id = f.marketplace_id AND p.seller_id = f.seller_id
                      AND p.metric = f.metric AND p.orders > 0)
), merged AS (
  -- an action from several sources counts once, with its largest weight and every metric it
  -- addresses
  SELECT marketplace_id, seller_id, action, sku, max(weight) AS weight,
         list(DISTINCT metric) FILTER (WHERE metric IS NOT NULL) AS addresses
  FROM (
    SELECT marketplace_id, seller_id, action, weight, sku, NULL::VARCHAR AS metric
    FROM candidates
    UNION ALL
    SELECT marketplace_id, seller_id, action, weight, NULL, metric
    FROM metric_candidates
  )
  GROUP BY ALL
), ranked AS (
  SELECT m.*, ra.position,
         row_number() OVER (PARTITION BY m.marketplace_id, m.seller_id
                            ORDER BY m.weight DESC, ra.position, coalesce(m.sku, '')) AS rn
  FROM merged m
  JOIN risk_actions ra USING (action)
), first_for_metric AS (
  SELECT marketplace_id, seller_id, min(rn) AS rn
  FROM (SELECT marketplace_id, seller_id, rn, unnest(addresses) AS metric FROM ranked)
  GROUP BY marketplace_id, seller_id, metric
), kept AS (
  -- the first 5, then the first action of each flagged metric that none of them addresses
  SELECT r.*
  FROM ranked r
  WHERE r.rn <= 5
     OR EXISTS (SELECT 1 FROM first_for_metric f
                WHERE f.marketplace_id = r.marketplace_id AND f.seller_id = r.seller_id
                  AND f.rn = r.rn)
), worded AS (
  SELECT c.marketplace_id, c.seller_id, c.weight, c.rn, c.sku,
         replace(replace(replace(replace(replace(ra.template,
           '{count}', c.weight::VARCHAR),
           '{sku}', coalesce(c.sku, '')),
           '{hours}', (m.claim_response_window_seconds // 3600)::VARCHAR),
           '{days}', CASE WHEN m.refund_deadline_days = 1 THEN '1 day'
                          ELSE m.refund_deadline_days || ' days' END),
           '{amount}', m.signature_confirmation_above) AS text
  FROM kept c
  JOIN risk_actions ra USING (action)
  JOIN markets m USING (marketplace_id)
)
SELECT marketplace_id, seller_id, list(text ORDER BY rn) AS actions
FROM worded
GROUP BY ALL;

-- SPEC §4.1 odr_projected: each defective reference order (purchase day in [D-H-R+1, D-H]) with
-- the age of its first defect, floored at 0; the development curve F(a) = share of them with age
-- <= a, 1 from H on; the seller's defective orders of each purchase day p of its ODR window over
-- F(D-p), 1/n_ref where F is 0; over the window's orders. Null below M reference defects.
CREATE TABLE reference_ages AS
WITH events AS (
  SELECT as_of_date, order_id, filed_ts AS event_ts FROM claim_states WHERE counts_as_defect
  UNION ALL
  SELECT as_of_date, order_id, feedback_ts FROM feedback_states
  WHERE rating <= 2 AND removed IS NOT TRUE
  UNION ALL
  SELECT as_of_date, order_id, filed_ts FROM chargeback_states
  WHERE status IS DISTINCT FROM 'REVERSED'
)
SELECT o.marketplace_id, o.order_id,
       greatest(0, min((e.event_ts AT TIME ZONE m.time_zone)::DATE) - o.purchase_day) AS age
FROM valid_orders o
JOIN run r USING (as_of_date)
JOIN markets m USING (marketplace_id)
JOIN events e USING (as_of_date, order_id)
WHERE o.purchase_day BETWEEN r.as_of_date - m.horizon_days - m.reference_days + 1
                         AND r.as_of_date - m.horizon_days
GROUP BY o.marketplace_id, o.order_id, o.purchase_day;

CREATE TABLE odr_projection AS
WITH n AS (
  SELECT marketplace_id, count(*) AS n_ref FROM reference_ages GROUP BY ALL
), days AS (
  SELECT f.marketplace_id, f.seller_id, r.as_of_date - f.purchase_day AS age,
         count(*) FILTER (WHERE f.defective) AS k
  FROM order_facts f
  CROSS JOIN run r
  JOIN metric_windows w
    ON w.marketplace_id = f.marketplace_id AND w.metric = 'ODR' AND w.channel = 'ALL'
  WHERE f.purchase_day BETWEEN w.window_start AND w.window_end
  GROUP BY ALL
), shares AS (
  SELECT d.marketplace_id, d.seller_id, d.k, d.age, m.horizon_days, m.min_reference_defects,
         n.n_ref,
         (SELECT count(*) FROM reference_ages a
          WHERE a.marketplace_id = d.marketplace_id AND a.age <= d.age) / n.n_ref AS f
  FROM days d
  JOIN markets m USING (marketplace_id)
  LEFT JOIN n USING (marketplace_id)
)
SELECT marketplace_id, seller_id,
       sum(CASE WHEN k = 0 THEN 0
                WHEN age >= horizon_days THEN k
                WHEN f = 0 THEN k * n_ref
                ELSE k / f END) AS projected_defects,
       any_value(n_ref) AS n_ref,
       any_value(min_reference_defects) AS min_reference_defects
FROM shares
GROUP BY ALL;

CREATE TABLE seller_risk AS
WITH sellers AS (
  SELECT marketplace_id, seller_id,
         list(DISTINCT metric ORDER BY metric) FILTER (WHERE status = 'BREACH') AS breached,
         list(DISTINCT metric ORDER BY metric) FILTER (WHERE status = 'AT_RISK') AS at_risk
  FROM seller_metrics
  GROUP BY ALL
), scores AS (
  SELECT marketplace_id, seller_id,
         floor(greatest(max(score),
                        max(CASE WHEN metric = 'ODR' AND channel = 'ALL' AND counted_breach
                                 THEN high_from END)) + 0.5)::INTEGER AS risk_score
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
       coalesce(sa.actions, []) AS actions,
       CASE WHEN coalesce(o.denominator, 0) > 0 AND p.n_ref >= p.min_reference_defects
            THEN p.projected_defects / o.denominator END AS odr_projected
FROM sellers s
JOIN markets m USING (marketplace_id)
LEFT JOIN scores sc USING (marketplace_id, seller_id)
LEFT JOIN odr o USING (marketplace_id, seller_id)
LEFT JOIN defects_to_breach dtb USING (marketplace_id, seller_id)
LEFT JOIN week_earlier_odr w USING (marketplace_id, seller_id)
LEFT JOIN top_root_causes trc USING (marketplace_id, seller_id)
LEFT JOIN top_skus ts USING (marketplace_id, seller_id)
LEFT JOIN awaiting aw USING (marketplace_id, seller_id)
LEFT JOIN seller_actions sa USING (marketplace_id, seller_id)
LEFT JOIN odr_projection p USING (marketplace_id, seller_id);

-- odr_projected_status: the ODR target and warning fraction applied to odr_projected (§2.2).
ALTER TABLE seller_risk ADD COLUMN odr_projected_status VARCHAR;
UPDATE seller_risk r
SET odr_projected_status = CASE
    WHEN NOT CASE w.target_condition
               WHEN '<' THEN r.odr_projected < w.target_value
               WHEN '<=' THEN r.odr_projected <= w.target_value
               WHEN '>' THEN r.odr_projected > w.target_value
               WHEN '>=' THEN r.odr_projected >= w.target_value END THEN 'BREACH'
    WHEN CASE WHEN w.target_condition IN ('<', '<=') THEN r.odr_projected
              ELSE 1 - r.odr_projected END
         >= w.warning_fraction * CASE WHEN w.target_condition IN ('<', '<=') THEN w.target_value
                                      ELSE 1 - w.target_value END THEN 'AT_RISK'
    ELSE 'GOOD' END
FROM metric_windows w
WHERE w.marketplace_id = r.marketplace_id AND w.metric = 'ODR' AND w.channel = 'ALL'
  AND r.odr_projected IS NOT NULL AND w.target_condition IS NOT NULL;
