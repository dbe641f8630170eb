-- Stage 3: per-order facts at D: defects (SPEC §2.1), shipping facts (§2.2), return facts (§2.2),
-- for the orders of the longest span. The defects are also kept at D-7 for the week-earlier ODR.

-- Which defects an order has at each judged date, from the states known then (§2.1; null flags
-- count the way the SPEC's negations read, reading 14).
CREATE TABLE order_defects AS
SELECT as_of_date, order_id,
       bool_or(source = 'claim') AS claim,
       bool_or(source = 'feedback') AS negative_feedback,
       bool_or(source = 'chargeback') AS chargeback
FROM (
  SELECT as_of_date, order_id, 'claim' AS source FROM claim_states WHERE counts_as_defect
  UNION ALL
  SELECT as_of_date, order_id, 'feedback' FROM feedback_states
  WHERE rating <= 2 AND removed IS NOT TRUE
  UNION ALL
  SELECT as_of_date, order_id, 'chargeback' FROM chargeback_states
  WHERE status IS DISTINCT FROM 'REVERSED'
)
GROUP BY ALL;

-- An order's packages known at D; first_scan_ts and delivered_ts count only where known at D
-- (bool_and skips nulls, so every condition is made false rather than null).
CREATE TABLE shipping_facts AS
SELECT order_id,
       max(ship_confirm_ts) AS ship_time,
       bool_and(coalesce(trim(tracking_id) <> '' AND first_scan_ts < day_end, false))
         AS all_tracked,
       bool_and(coalesce(delivered_ts < day_end, false)) AS all_delivered,
       max(delivered_ts) AS delivery_time,
       bool_and(signature_confirmed IS TRUE) AS all_signed
FROM shipments_valid
GROUP BY order_id;

-- A return counts once its requested_ts is known at D (reading 32); it is refunded late when it
-- was received and the refund came more than the deadline after, or has not come and the deadline
-- fell before the end of D (reading 31). Deadlines are elapsed time (reading 30).
CREATE TABLE return_facts AS
WITH known AS (
  SELECT t.return_id, t.order_id, t.sku, t.status, o.marketplace_id, o.seller_id, o.channel,
         (t.requested_ts AT TIME ZONE m.time_zone)::DATE AS requested_day,
         t.received_ts < o.day_end AS received,
         CASE WHEN t.refunded_ts < o.day_end THEN t.refunded_ts END AS refunded_ts,
         t.received_ts + to_hours(m.refund_deadline_days * 24) AS refund_due_ts,
         o.day_end
  FROM return_states t
  JOIN valid_orders o USING (as_of_date, order_id)
  JOIN markets m USING (marketplace_id)
  WHERE t.requested_ts < o.day_end
)
SELECT return_id, order_id, sku, status, marketplace_id, seller_id, channel, requested_day,
       coalesce(received, false) AS received,
       coalesce(received AND (refunded_ts > refund_due_ts
                              OR (refunded_ts IS NULL AND refund_due_ts < day_end)), false)
         AS refund_late
FROM known;

-- One row per valid order of D bought in its marketplace's longest span.
CREATE TABLE order_facts AS
WITH facts AS (
  SELECT o.marketplace_id, o.seller_id, o.order_id, o.channel, o.purchase_day,
         o.latest_delivery_ts, o.day_end,
         coalesce(d.claim, false) AS has_claim,
         coalesce(d.negative_feedback, false) AS has_negative_feedback,
         coalesce(d.chargeback, false) AS has_chargeback,
         s.order_id IS NOT NULL AS shipped,
         coalesce(s.ship_time > o.latest_ship_ts, false) AS late_shipment,
         coalesce(s.all_tracked, false) AS valid_tracking,
         coalesce(s.all_delivered, false) AS delivered,
         coalesce(s.all_delivered AND s.all_signed, false) AS signed,
         coalesce(s.all_delivered
                  AND (o.latest_delivery_ts IS NULL OR s.delivery_time <= o.latest_delivery_ts),
                  false) AS delivered_on_time,
         coalesce(o.order_status = 'CANCELLED' AND o.cancelled_by = 'SELLER', false)
           AS seller_cancelled,
         o.order_id IN (SELECT order_id FROM return_facts) AS returned
  FROM valid_orders o
  JOIN run r USING (as_of_date)
  JOIN market_spans sp USING (marketplace_id)
  LEFT JOIN order_defects d USING (as_of_date, order_id)
  LEFT JOIN shipping_facts s USING (order_id)
  WHERE o.purchase_day > r.as_of_date - sp.longest_span
)
SELECT *,
       has_claim OR has_negative_feedback OR has_chargeback AS defective
FROM facts;
