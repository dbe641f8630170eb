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
SELECT ids.marketplace_id, entry.* EXCLUDE (policy_id)
FROM (SELECT DISTINCT marketplace_id FROM orders_rows WHERE marketplace_id IS NOT NULL) ids
LEFT JOIN policy_entries listed ON listed.policy_id = ids.marketplace_id
JOIN policy_entries entry ON entry.policy_id = coalesce(listed.policy_id, 'default');

CREATE TABLE market_metrics AS
SELECT ids.marketplace_id, metric.* EXCLUDE (policy_id)
FROM (SELECT DISTINCT marketplace_id FROM markets) ids
LEFT JOIN (SELECT DISTINCT policy_id FROM policy_entries) listed
  ON listed.policy_id = ids.marketplace_id
JOIN policy_metrics metric ON metric.policy_id = coalesce(listed.policy_id, 'default');

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

-- Orders known at each date, each with its first problem (null when valid). Conflicts are looked
-- for among known rows only (reading 3); a row's own problem does not shield its key-mates
-- (reading 4). A row with a null purchase_ts is judged at once (reading 1).
CREATE TABLE orders_known AS
WITH known AS (
  SELECT d.as_of_date, o.*, coalesce(md.day_end, dd.day_end) AS day_end, md.time_zone
  FROM orders_rows o
  CROSS JOIN judged_dates d
  JOIN default_days dd ON dd.as_of_date = d.as_of_date
  LEFT JOIN market_days md ON md.marketplace_id = o.marketplace_id AND md.as_of_date = d.as_of_date
  WHERE o.purchase_ts IS NULL OR o.purchase_ts < coalesce(md.day_end, dd.day_end)
)
SELECT *,
  CASE
    WHEN order_id IS NULL OR marketplace_id IS NULL OR seller_id IS NULL OR purchase_ts IS NULL
      OR fulfillment_channel IS NULL THEN 'MISSING_REQUIRED'
    WHEN fulfillment_channel NOT IN ('MFN', 'AFN')
      OR order_status NOT IN ('PENDING', 'SHIPPED', 'DELIVERED', 'CANCELLED')
      OR cancelled_by NOT IN ('SELLER', 'BUYER')
      OR order_total < 0 THEN 'INVALID_VALUE'
    WHEN count(*) OVER (PARTITION BY as_of_date, order_id) > 1 THEN 'CONFLICTING_DUPLICATE'
  END AS problem
FROM known;

CREATE TABLE valid_orders AS
SELECT as_of_date, order_id, marketplace_id, seller_id, purchase_ts,
       (purchase_ts AT TIME ZONE time_zone)::DATE AS purchase_day,
       fulfillment_channel AS channel, latest_ship_ts, latest_delivery_ts, order_status,
       cancelled_by, day_end
FROM orders_known
WHERE problem IS NULL;

-- For the children of each order id at each date: the end of D that decides whether they are
-- known (their order's marketplace), null while the order itself is not known yet (§1.2: "the
-- children of an order not yet known at D are not yet known themselves").
CREATE TABLE order_ids AS
SELECT d.as_of_date, ids.order_id, k.day_end
FROM (SELECT DISTINCT order_id FROM orders_rows WHERE order_id IS NOT NULL) ids
CROSS JOIN judged_dates d
LEFT JOIN (SELECT as_of_date, order_id, min(day_end) AS day_end
           FROM orders_known GROUP BY ALL) k
  ON k.order_id = ids.order_id AND k.as_of_date = d.as_of_date;

-- Child rows: known when their order is known and their own timestamp is; an order id absent from
-- orders makes an orphan, known by its own timestamp in the default zone (reading 6). Then the
-- first problem in the SPEC's order; only valid rows go on.

CREATE TABLE items_valid AS
WITH known AS (
  SELECT r.as_of_date, i.*, v.order_id IS NOT NULL AS order_valid
  FROM order_items_rows i
  CROSS JOIN run r
  LEFT JOIN order_ids oi ON oi.order_id = i.order_id AND oi.as_of_date = r.as_of_date
  LEFT JOIN valid_orders v ON v.order_id = i.order_id AND v.as_of_date = r.as_of_date
  WHERE oi.order_id IS NULL OR oi.day_end IS NOT NULL
), judged AS (
  SELECT *,
    CASE
      WHEN order_id IS NULL OR order_item_id IS NULL OR sku IS NULL THEN 'MISSING_REQUIRED'
      WHEN quantity < 1 OR item_price < 0 THEN 'INVALID_VALUE'
      WHEN count(*) OVER (PARTITION BY order_id, order_item_id) > 1 THEN 'CONFLICTING_DUPLICATE'
      WHEN NOT order_valid THEN 'ORPHAN'
    END AS problem
  FROM known
)
SELECT as_of_date, order_id, order_item_id, sku, quantity FROM judged WHERE problem IS NULL;

-- A package is known once its ship_confirm_ts is (SPEC §2.2; none: never known, reading 7).
CREATE TABLE shipments_valid AS
WITH known AS (
  SELECT r.as_of_date, s.*, v.order_id IS NOT NULL AS order_valid, v.purchase_ts, v.day_end
  FROM shipments_rows s
  CROSS JOIN run r
  JOIN default_days dd ON dd.as_of_date = r.as_of_date
  LEFT JOIN order_ids oi ON oi.order_id = s.order_id AND oi.as_of_date = r.as_of_date
  LEFT JOIN valid_orders v ON v.order_id = s.order_id AND v.as_of_date = r.as_of_date
  WHERE s.ship_confirm_ts < CASE WHEN oi.order_id IS NULL THEN dd.day_end ELSE oi.day_end END
), judged AS (
  SELECT *,
    CASE
      WHEN order_id IS NULL OR package_id IS NULL THEN 'MISSING_REQUIRED'
      WHEN count(*) OVER (PARTITION BY order_id, package_id) > 1 THEN 'CONFLICTING_DUPLICATE'
      WHEN NOT order_valid THEN 'ORPHAN'
      WHEN ship_confirm_ts < purchase_ts THEN 'BEFORE_ORDER'
    END AS problem
  FROM known
)
SELECT as_of_date, order_id, package_id, tracking_id, ship_confirm_ts, first_scan_ts, delivered_ts,
       signature_confirmed, day_end
FROM judged WHERE problem IS NULL;

-- Snapshot datasets: a row is known when its order is and its updated_ts is (a null updated_ts is
-- judged at once, reading 1); the key is (id, updated_ts).

CREATE TABLE claims_valid AS
WITH known AS (
  SELECT d.as_of_date, c.*, v.order_id IS NOT NULL AS order_valid, v.purchase_ts
  FROM claims_rows c
  CROSS JOIN judged_dates d
  JOIN default_days dd ON dd.as_of_date = d.as_of_date
  LEFT JOIN order_ids oi ON oi.order_id = c.order_id AND oi.as_of_date = d.as_of_date
  LEFT JOIN valid_orders v ON v.order_id = c.order_id AND v.as_of_date = d.as_of_date
  WHERE (oi.order_id IS NULL OR oi.day_end IS NOT NULL)
    AND (c.updated_ts IS NULL
         OR c.updated_ts < CASE WHEN oi.order_id IS NULL THEN dd.day_end ELSE oi.day_end END)
), judged AS (
  SELECT *,
    CASE
      WHEN claim_id IS NULL OR order_id IS NULL OR filed_ts IS NULL OR reason IS NULL
        OR status IS NULL OR updated_ts IS NULL THEN 'MISSING_REQUIRED'
      WHEN reason NOT IN ('ITEM_NOT_RECEIVED', 'NOT_AS_DESCRIBED', 'DAMAGED', 'DEFECTIVE',
                          'MISSING_PARTS', 'WRONG_ITEM', 'REFUND_NOT_RECEIVED', 'RETURN_REFUSED',
                          'OTHER')
        OR status NOT IN ('OPEN', 'UNDER_REVIEW', 'GRANTED', 'DENIED', 'WITHDRAWN',
                          'CLOSED_REFUNDED')
        OR funded_by NOT IN ('SELLER', 'PLATFORM')
        OR amount < 0 THEN 'INVALID_VALUE'
      WHEN count(*) OVER (PARTITION BY as_of_date, claim_id, updated_ts) > 1
        THEN 'CONFLICTING_DUPLICATE'
      WHEN NOT order_valid THEN 'ORPHAN'
      WHEN filed_ts < purchase_ts THEN 'BEFORE_ORDER'
    END AS problem
  FROM known
)
SELECT as_of_date, claim_id, order_id, sku, filed_ts, reason, status, funded_by,
       seller_response_ts, updated_ts
FROM judged WHERE problem IS NULL;

CREATE TABLE feedback_valid AS
WITH known AS (
  SELECT d.as_of_date, f.*, v.order_id IS NOT NULL AS order_valid, v.purchase_ts
  FROM feedback_rows f
  CROSS JOIN judged_dates d
  JOIN default_days dd ON dd.as_of_date = d.as_of_date
  LEFT JOIN order_ids oi ON oi.order_id = f.order_id AND oi.as_of_date = d.as_of_date
  LEFT JOIN valid_orders v ON v.order_id = f.order_id AND v.as_of_date = d.as_of_date
  WHERE (oi.order_id IS NULL OR oi.day_end IS NOT NULL)
    AND (f.updated_ts IS NULL
         OR f.updated_ts < CASE WHEN oi.order_id IS NULL THEN dd.day_end ELSE oi.day_end END)
), judged AS (
  SELECT *,
    CASE
      WHEN feedback_id IS NULL OR order_id IS NULL OR rating IS NULL OR feedback_ts IS NULL
        OR updated_ts IS NULL THEN 'MISSING_REQUIRED'
      WHEN rating NOT BETWEEN 1 AND 5 THEN 'INVALID_VALUE'
      WHEN count(*) OVER (PARTITION BY as_of_date, feedback_id, updated_ts) > 1
        THEN 'CONFLICTING_DUPLICATE'
      WHEN NOT order_valid THEN 'ORPHAN'
      WHEN feedback_ts < purchase_ts THEN 'BEFORE_ORDER'
    END AS problem
  FROM known
)
SELECT as_of_date, feedback_id, order_id, rating, feedback_ts, removed, updated_ts
FROM judged WHERE problem IS NULL;

CREATE TABLE chargebacks_valid AS
WITH known AS (
  SELECT d.as_of_date, c.*, v.order_id IS NOT NULL AS order_valid, v.purchase_ts
  FROM chargebacks_rows c
  CROSS JOIN judged_dates d
  JOIN default_days dd ON dd.as_of_date = d.as_of_date
  LEFT JOIN order_ids oi ON oi.order_id = c.order_id AND oi.as_of_date = d.as_of_date
  LEFT JOIN valid_orders v ON v.order_id = c.order_id AND v.as_of_date = d.as_of_date
  WHERE (oi.order_id IS NULL OR oi.day_end IS NOT NULL)
    AND (c.updated_ts IS NULL
         OR c.updated_ts < CASE WHEN oi.order_id IS NULL THEN dd.day_end ELSE oi.day_end END)
), judged AS (
  SELECT *,
    CASE
      WHEN chargeback_id IS NULL OR order_id IS NULL OR filed_ts IS NULL OR updated_ts IS NULL
        THEN 'MISSING_REQUIRED'
      WHEN reason NOT IN ('FRAUD', 'SERVICE', 'OTHER')
        OR status NOT IN ('OPEN', 'ACCEPTED', 'REVERSED') THEN 'INVALID_VALUE'
      WHEN count(*) OVER (PARTITION BY as_of_date, chargeback_id, updated_ts) > 1
        THEN 'CONFLICTING_DUPLICATE'
      WHEN NOT order_valid THEN 'ORPHAN'
      WHEN filed_ts < purchase_ts THEN 'BEFORE_ORDER'
    END AS problem
  FROM known
)
SELECT as_of_date, chargeback_id, order_id, filed_ts, status, updated_ts
FROM judged WHERE problem IS NULL;

CREATE TABLE returns_valid AS
WITH known AS (
  SELECT r.as_of_date, t.*, v.order_id IS NOT NULL AS order_valid, v.purchase_ts
  FROM returns_rows t
  CROSS JOIN run r
  JOIN default_days dd ON dd.as_of_date = r.as_of_date
  LEFT JOIN order_ids oi ON oi.order_id = t.order_id AND oi.as_of_date = r.as_of_date
  LEFT JOIN valid_orders v ON v.order_id = t.order_id AND v.as_of_date = r.as_of_date
  WHERE (oi.order_id IS NULL OR oi.day_end IS NOT NULL)
    AND (t.updated_ts IS NULL
         OR t.updated_ts < CASE WHEN oi.order_id IS NULL THEN dd.day_end ELSE oi.day_end END)
), judged AS (
  SELECT *,
    CASE
      WHEN return_id IS NULL OR order_id IS NULL OR requested_ts IS NULL OR updated_ts IS NULL
        THEN 'MISSING_REQUIRED'
      WHEN status NOT IN ('REQUESTED', 'AUTHORIZED', 'REJECTED', 'RECEIVED', 'REFUNDED', 'CLOSED')
        OR refund_amount < 0 THEN 'INVALID_VALUE'
      WHEN count(*) OVER (PARTITION BY as_of_date, return_id, updated_ts) > 1
        THEN 'CONFLICTING_DUPLICATE'
      WHEN NOT order_valid THEN 'ORPHAN'
      WHEN requested_ts < purchase_ts THEN 'BEFORE_ORDER'
    END AS problem
  FROM known
)
SELECT as_of_date, return_id, order_id, sku, requested_ts, status, received_ts, refunded_ts,
       updated_ts
FROM judged WHERE problem IS NULL;

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
