-- Stage 2: what is known at the as-of date, and which rows are valid (SPEC §1.1, §1.2).
-- The ODR datasets (orders, claims, feedback, chargebacks) are judged at D and at D-7, since
-- seller_risk.odr_change_7d compares with the ODR as known on D-7 (docs/spec-readings.md 45);
-- items, packages and returns only at D.

CREATE TABLE judged_dates AS
SELECT as_of_date FROM run
UNION ALL
SELECT as_of_date - 7 FROM run;

-- Every marketplace id of the orders with its policy entry, or the default entry when unlisted.
CREATE TABLE markets AS
SELECT ids.marketplace_id, entry.*
FROM (SELECT DISTINCT marketplace_id FROM orders_rows WHERE marketplace_id IS NOT NULL) ids
LEFT JOIN policy_entries listed ON listed.policy_id = ids.marketplace_id
JOIN policy_entries entry ON entry.policy_id = coalesce(listed.policy_id, 'default');

CREATE TABLE market_metrics AS
SELECT m.marketplace_id, metric.* EXCLUDE (policy_id)
FROM markets m
JOIN policy_metrics metric USING (policy_id);

-- The spans (window + lag, in days) that decide which orders each table looks at: sellers with an
-- order in the longest metric span get seller_metrics rows (reading 15); claims of orders in the
-- longest span over metrics and the SKU window are attributed (SPEC §4 claim_attribution).
CREATE TABLE market_spans AS
SELECT m.marketplace_id,
       max(mm.window_days + mm.lag_days) AS metric_span,
       greatest(max(mm.window_days + mm.lag_days), any_value(m.sku_window_days + m.sku_lag_days))
         AS longest_span
FROM markets m
LEFT JOIN market_metrics mm USING (marketplace_id)
GROUP BY m.marketplace_id;

-- A timestamp is known at D when it is before the start of D+1 in the marketplace's zone (§1.1).
CREATE TABLE market_days AS
SELECT m.marketplace_id, d.as_of_date, m.time_zone,
       timezone(m.time_zone, (d.as_of_date + 1)::TIMESTAMP) AS day_end
FROM markets m CROSS JOIN judged_dates d;

-- The end of D for rows without a marketplace: a bad order's, an orphan's (reading 6).
CREATE TABLE default_days AS
SELECT d.as_of_date, timezone(e.time_zone, (d.as_of_date + 1)::TIMESTAMP) AS day_end
FROM policy_entries e CROSS JOIN judged_dates d
WHERE e.policy_id = 'default';

-- Orders known at each date (a null purchase_ts can never become known: judged at once, reading 1).
CREATE VIEW orders_known AS
SELECT d.as_of_date, o.*, coalesce(md.day_end, dd.day_end) AS day_end, md.time_zone
FROM orders_rows o
CROSS JOIN judged_dates d
JOIN default_days dd ON dd.as_of_date = d.as_of_date
LEFT JOIN market_days md ON md.marketplace_id = o.marketplace_id AND md.as_of_date = d.as_of_date
WHERE o.purchase_ts IS NULL OR o.purchase_ts < coalesce(md.day_end, dd.day_end);

-- An order id with two different rows known at a date: every row of it is a conflicting duplicate.
-- Only known rows are compared (reading 3), and a row's own problem shields no key-mate (reading 4).
CREATE TABLE conflicting_orders AS
SELECT as_of_date, order_id
FROM orders_known
WHERE versions > 1
GROUP BY ALL
HAVING count(*) > 1;

CREATE TABLE valid_orders AS
SELECT k.as_of_date, k.order_id, k.marketplace_id, k.seller_id, k.purchase_ts,
       (k.purchase_ts AT TIME ZONE k.time_zone)::DATE AS purchase_day,
       k.fulfillment_channel AS channel, k.latest_ship_ts, k.latest_delivery_ts, k.order_status,
       k.cancelled_by, k.day_end
FROM orders_known k
WHERE k.row_problem IS NULL
  AND NOT EXISTS (SELECT 1 FROM conflicting_orders c
                  WHERE c.as_of_date = k.as_of_date AND c.order_id = k.order_id);

-- Child rows (§1.2): valid when their order is valid at the date (else ORPHAN), their own
-- timestamp is known in its marketplace, they have no problem of their own, no different row of
-- their key is known with them (CONFLICTING_DUPLICATE), and their event time is not before the
-- purchase (BEFORE_ORDER).

-- An item is known with its order, and so is every other row of its key (same order): with a valid
-- order, a second version is always a known conflicting one.
CREATE TABLE items_valid AS
SELECT i.order_id, i.sku
FROM order_items_rows i
JOIN valid_orders v ON v.order_id = i.order_id
JOIN run r ON v.as_of_date = r.as_of_date
WHERE i.row_problem IS NULL AND i.versions = 1;

-- A package is known once its ship_confirm_ts is (SPEC §2.2; none: never known, reading 7). The
-- rows of its key share its order, so its marketplace decides which of them are known.
CREATE TABLE shipments_valid AS
WITH known AS (
  SELECT s.*, v.purchase_ts, v.day_end
  FROM shipments_rows s
  JOIN valid_orders v ON v.order_id = s.order_id
  JOIN run r ON v.as_of_date = r.as_of_date
  WHERE s.ship_confirm_ts < v.day_end
), conflicting AS (
  SELECT order_id, package_id FROM known WHERE versions > 1 GROUP BY ALL HAVING count(*) > 1
)
SELECT k.order_id, k.package_id, k.tracking_id, k.ship_confirm_ts, k.first_scan_ts,
       k.delivered_ts, k.signature_confirmed, k.day_end
FROM known k
WHERE k.row_problem IS NULL
  AND k.ship_confirm_ts >= k.purchase_ts
  AND NOT EXISTS (SELECT 1 FROM conflicting c
                  WHERE c.order_id = k.order_id AND c.package_id = k.package_id);

-- Snapshot rows are known when their order is and their updated_ts is; their key is (id,
-- updated_ts), whose rows may name different orders. For the few keys with several versions, each
-- version's order decides when it is known: the end of the date in its order's marketplace, none
-- while its order is not known yet, the default zone's for an order id no order row has (an
-- orphan, reading 6).
CREATE TABLE contested_day_ends AS
WITH ids AS (
  SELECT order_id FROM claims_rows WHERE versions > 1
  UNION SELECT order_id FROM feedback_rows WHERE versions > 1
  UNION SELECT order_id FROM chargebacks_rows WHERE versions > 1
  UNION SELECT order_id FROM returns_rows WHERE versions > 1
)
SELECT d.as_of_date, ids.order_id,
       CASE
         WHEN ids.order_id IN (SELECT order_id FROM orders_rows) THEN k.day_end
         ELSE dd.day_end
       END AS day_end
FROM ids
CROSS JOIN judged_dates d
JOIN default_days dd ON dd.as_of_date = d.as_of_date
LEFT JOIN (SELECT as_of_date, order_id, min(day_end) AS day_end FROM orders_known GROUP BY ALL) k
  ON k.order_id = ids.order_id AND k.as_of_date = d.as_of_date;

CREATE TABLE claims_valid AS
WITH conflicting AS (
  SELECT e.as_of_date, c.claim_id, c.updated_ts
  FROM claims_rows c
  JOIN contested_day_ends e ON e.order_id IS NOT DISTINCT FROM c.order_id
  WHERE c.versions > 1 AND c.updated_ts < e.day_end
  GROUP BY ALL
  HAVING count(*) > 1
)
SELECT v.as_of_date, c.claim_id, c.order_id, c.sku, c.filed_ts, c.reason, c.status, c.funded_by,
       c.seller_response_ts, c.updated_ts
FROM claims_rows c
JOIN valid_orders v ON v.order_id = c.order_id
WHERE c.updated_ts < v.day_end
  AND c.row_problem IS NULL
  AND c.filed_ts >= v.purchase_ts
  AND NOT EXISTS (SELECT 1 FROM conflicting k
                  WHERE k.as_of_date = v.as_of_date AND k.claim_id = c.claim_id
                    AND k.updated_ts = c.updated_ts);

CREATE TABLE feedback_valid AS
WITH conflicting AS (
  SELECT e.as_of_date, f.feedback_id, f.updated_ts
  FROM feedback_rows f
  JOIN contested_day_ends e ON e.order_id IS NOT DISTINCT FROM f.order_id
  WHERE f.versions > 1 AND f.updated_ts < e.day_end
  GROUP BY ALL
  HAVING count(*) > 1
)
SELECT v.as_of_date, f.feedback_id, f.order_id, f.rating, f.feedback_ts, f.removed, f.updated_ts
FROM feedback_rows f
JOIN valid_orders v ON v.order_id = f.order_id
WHERE f.updated_ts < v.day_end
  AND f.row_problem IS NULL
  AND f.feedback_ts >= v.purchase_ts
  AND NOT EXISTS (SELECT 1 FROM conflicting k
                  WHERE k.as_of_date = v.as_of_date AND k.feedback_id = f.feedback_id
                    AND k.updated_ts = f.updated_ts);

CREATE TABLE chargebacks_valid AS
WITH conflicting AS (
  SELECT e.as_of_date, c.chargeback_id, c.updated_ts
  FROM chargebacks_rows c
  JOIN contested_day_ends e ON e.order_id IS NOT DISTINCT FROM c.order_id
  WHERE c.versions > 1 AND c.updated_ts < e.day_end
  GROUP BY ALL
  HAVING count(*) > 1
)
SELECT v.as_of_date, c.chargeback_id, c.order_id, c.filed_ts, c.status, c.updated_ts
FROM chargebacks_rows c
JOIN valid_orders v ON v.order_id = c.order_id
WHERE c.updated_ts < v.day_end
  AND c.row_problem IS NULL
  AND c.filed_ts >= v.purchase_ts
  AND NOT EXISTS (SELECT 1 FROM conflicting k
                  WHERE k.as_of_date = v.as_of_date AND k.chargeback_id = c.chargeback_id
                    AND k.updated_ts = c.updated_ts);

-- Returns are only needed at D.
CREATE TABLE returns_valid AS
WITH conflicting AS (
  SELECT e.as_of_date, t.return_id, t.updated_ts
  FROM returns_rows t
  JOIN contested_day_ends e ON e.order_id IS NOT DISTINCT FROM t.order_id
  WHERE t.versions > 1 AND t.updated_ts < e.day_end
  GROUP BY ALL
  HAVING count(*) > 1
)
SELECT v.as_of_date, t.return_id, t.order_id, t.sku, t.requested_ts, t.status, t.received_ts,
       t.refunded_ts, t.updated_ts
FROM returns_rows t
JOIN valid_orders v ON v.order_id = t.order_id
JOIN run r ON v.as_of_date = r.as_of_date
WHERE t.updated_ts < v.day_end
  AND t.row_problem IS NULL
  AND t.requested_ts >= v.purchase_ts
  AND NOT EXISTS (SELECT 1 FROM conflicting k
                  WHERE k.as_of_date = v.as_of_date AND k.return_id = t.return_id
                    AND k.updated_ts = t.updated_ts);

-- The state of a snapshot entity at a date: its valid known row with the greatest updated_ts
-- (§1.1), with its order's marketplace, seller and end of the day. Event timestamps inside it
-- count only where known at that date; the later stages check them against day_end.

CREATE TABLE claim_states AS
SELECT c.*, o.marketplace_id, o.seller_id, o.purchase_day, o.day_end,
       c.status NOT IN ('DENIED', 'WITHDRAWN') AND c.funded_by IS DISTINCT FROM 'PLATFORM'
         AS counts_as_defect
FROM claims_valid c
JOIN valid_orders o USING (as_of_date, order_id)
QUALIFY row_number() OVER (PARTITION BY c.as_of_date, c.claim_id ORDER BY c.updated_ts DESC) = 1;

CREATE TABLE feedback_states AS
SELECT f.*
FROM feedback_valid f
QUALIFY row_number() OVER (PARTITION BY as_of_date, feedback_id ORDER BY updated_ts DESC) = 1;

CREATE TABLE chargeback_states AS
SELECT c.*
FROM chargebacks_valid c
QUALIFY row_number() OVER (PARTITION BY as_of_date, chargeback_id ORDER BY updated_ts DESC) = 1;

CREATE TABLE return_states AS
SELECT t.*
FROM returns_valid t
QUALIFY row_number() OVER (PARTITION BY as_of_date, return_id ORDER BY updated_ts DESC) = 1;
