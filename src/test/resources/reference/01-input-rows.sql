-- Stage 1: the input rows (SPEC §1, §1.2). Identical copies collapse into one row (an identical
-- duplicate is counted, not quarantined). Each row then carries the problem it has on its own, the
-- first of MISSING_REQUIRED and INVALID_VALUE (null when none), and how many different rows share
-- its key (versions): two of them known at one date are conflicting duplicates (stage 2). Only the
-- columns later stages read are kept; extra input columns are never read (§1).
-- {input} is the input root; the runner also created: run (the as-of date D), policy_entries and
-- policy_metrics (the resolved policy, one entry per marketplace id plus 'default').

CREATE TABLE orders_rows AS
SELECT order_id, marketplace_id, seller_id, purchase_ts, fulfillment_channel, latest_ship_ts,
       latest_delivery_ts, order_status, cancelled_by,
       CASE
         WHEN order_id IS NULL OR marketplace_id IS NULL OR seller_id IS NULL
           OR purchase_ts IS NULL OR fulfillment_channel IS NULL THEN 'MISSING_REQUIRED'
         WHEN fulfillment_channel NOT IN ('MFN', 'AFN')
           OR order_status NOT IN ('PENDING', 'SHIPPED', 'DELIVERED', 'CANCELLED')
           OR cancelled_by NOT IN ('SELLER', 'BUYER')
           OR order_total < 0 THEN 'INVALID_VALUE'
       END AS row_problem,
       count(*) OVER (PARTITION BY order_id) AS versions
FROM (
  SELECT DISTINCT order_id, marketplace_id, seller_id, buyer_id, purchase_ts, fulfillment_channel,
         latest_ship_ts, latest_delivery_ts, order_status, cancelled_by, order_total, currency
  FROM read_parquet('{input}/orders/**/*.parquet', union_by_name = true)
);

CREATE TABLE order_items_rows AS
SELECT order_id, sku,
       CASE
         WHEN order_id IS NULL OR order_item_id IS NULL OR sku IS NULL THEN 'MISSING_REQUIRED'
         WHEN quantity < 1 OR item_price < 0 THEN 'INVALID_VALUE'
       END AS row_problem,
       count(*) OVER (PARTITION BY order_id, order_item_id) AS versions
FROM (
  SELECT DISTINCT order_id, order_item_id, sku, quantity, item_price
  FROM read_parquet('{input}/order_items/**/*.parquet', union_by_name = true)
);

CREATE TABLE shipments_rows AS
SELECT order_id, package_id, tracking_id, ship_confirm_ts, first_scan_ts, delivered_ts,
       signature_confirmed,
       CASE WHEN order_id IS NULL OR package_id IS NULL THEN 'MISSING_REQUIRED' END AS row_problem,
       count(*) OVER (PARTITION BY order_id, package_id) AS versions
FROM (
  SELECT DISTINCT order_id, package_id, carrier, tracking_id, ship_confirm_ts, first_scan_ts,
         delivered_ts, signature_confirmed, buy_shipping
  FROM read_parquet('{input}/shipments/**/*.parquet', union_by_name = true)
);

CREATE TABLE claims_rows AS
SELECT claim_id, order_id, sku, filed_ts, reason, status, funded_by, seller_response_ts,
       updated_ts,
       CASE
         WHEN claim_id IS NULL OR order_id IS NULL OR filed_ts IS NULL OR reason IS NULL
           OR status IS NULL OR updated_ts IS NULL THEN 'MISSING_REQUIRED'
         WHEN reason NOT IN ('ITEM_NOT_RECEIVED', 'NOT_AS_DESCRIBED', 'DAMAGED', 'DEFECTIVE',
                             'MISSING_PARTS', 'WRONG_ITEM', 'REFUND_NOT_RECEIVED',
                             'RETURN_REFUSED', 'OTHER')
           OR status NOT IN ('OPEN', 'UNDER_REVIEW', 'GRANTED', 'DENIED', 'WITHDRAWN',
                             'CLOSED_REFUNDED')
           OR funded_by NOT IN ('SELLER', 'PLATFORM')
           OR amount < 0 THEN 'INVALID_VALUE'
       END AS row_problem,
       count(*) OVER (PARTITION BY claim_id, updated_ts) AS versions
FROM (
  SELECT DISTINCT claim_id, order_id, sku, filed_ts, reason, buyer_comment, amount, status,
         funded_by, seller_response_ts, updated_ts
  FROM read_parquet('{input}/claims/**/*.parquet', union_by_name = true)
);

CREATE TABLE feedback_rows AS
SELECT feedback_id, order_id, rating, feedback_ts, removed, updated_ts,
       CASE
         WHEN feedback_id IS NULL OR order_id IS NULL OR rating IS NULL OR feedback_ts IS NULL
           OR updated_ts IS NULL THEN 'MISSING_REQUIRED'
         WHEN rating NOT BETWEEN 1 AND 5 THEN 'INVALID_VALUE'
       END AS row_problem,
       count(*) OVER (PARTITION BY feedback_id, updated_ts) AS versions
FROM (
  SELECT DISTINCT feedback_id, order_id, rating, comment, feedback_ts, removed, updated_ts
  FROM read_parquet('{input}/feedback/**/*.parquet', union_by_name = true)
);

CREATE TABLE chargebacks_rows AS
SELECT chargeback_id, order_id, filed_ts, status, updated_ts,
       CASE
         WHEN chargeback_id IS NULL OR order_id IS NULL OR filed_ts IS NULL OR updated_ts IS NULL
           THEN 'MISSING_REQUIRED'
         WHEN reason NOT IN ('FRAUD', 'SERVICE', 'OTHER')
           OR status NOT IN ('OPEN', 'ACCEPTED', 'REVERSED') THEN 'INVALID_VALUE'
       END AS row_problem,
       count(*) OVER (PARTITION BY chargeback_id, updated_ts) AS versions
FROM (
  SELECT DISTINCT chargeback_id, order_id, filed_ts, reason, status, updated_ts
  FROM read_parquet('{input}/chargebacks/**/*.parquet', union_by_name = true)
);

CREATE TABLE returns_rows AS
SELECT return_id, order_id, sku, requested_ts, status, received_ts, refunded_ts, updated_ts,
       CASE
         WHEN return_id IS NULL OR order_id IS NULL OR requested_ts IS NULL OR updated_ts IS NULL
           THEN 'MISSING_REQUIRED'
         WHEN status NOT IN ('REQUESTED', 'AUTHORIZED', 'REJECTED', 'RECEIVED', 'REFUNDED',
                             'CLOSED')
           OR refund_amount < 0 THEN 'INVALID_VALUE'
       END AS row_problem,
       count(*) OVER (PARTITION BY return_id, updated_ts) AS versions
FROM (
  SELECT DISTINCT return_id, order_id, sku, requested_ts, status, received_ts, refunded_ts,
         refund_amount, updated_ts
  FROM read_parquet('{input}/returns/**/*.parquet', union_by_name = true)
);
