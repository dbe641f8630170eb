-- Stage 1: the input rows, with identical copies collapsed (SPEC §1.2: an identical duplicate is
-- counted, not quarantined). Only the declared columns are read; extra columns are ignored (§1).
-- {input} is the input root; the runner also created: run (the as-of date D), policy_entries and
-- policy_metrics (the resolved policy, one entry per marketplace id plus 'default').

CREATE TABLE orders_rows AS
SELECT DISTINCT order_id, marketplace_id, seller_id, buyer_id, purchase_ts, fulfillment_channel,
       latest_ship_ts, latest_delivery_ts, order_status, cancelled_by, order_total, currency
FROM read_parquet('{input}/orders/**/*.parquet', union_by_name = true);

CREATE TABLE order_items_rows AS
SELECT DISTINCT order_id, order_item_id, sku, quantity, item_price
FROM read_parquet('{input}/order_items/**/*.parquet', union_by_name = true);

CREATE TABLE shipments_rows AS
SELECT DISTINCT order_id, package_id, carrier, tracking_id, ship_confirm_ts, first_scan_ts,
       delivered_ts, signature_confirmed, buy_shipping
FROM read_parquet('{input}/shipments/**/*.parquet', union_by_name = true);

CREATE TABLE claims_rows AS
SELECT DISTINCT claim_id, order_id, sku, filed_ts, reason, buyer_comment, amount, status, funded_by,
       seller_response_ts, updated_ts
FROM read_parquet('{input}/claims/**/*.parquet', union_by_name = true);

CREATE TABLE feedback_rows AS
SELECT DISTINCT feedback_id, order_id, rating, comment, feedback_ts, removed, updated_ts
FROM read_parquet('{input}/feedback/**/*.parquet', union_by_name = true);

CREATE TABLE chargebacks_rows AS
SELECT DISTINCT chargeback_id, order_id, filed_ts, reason, status, updated_ts
FROM read_parquet('{input}/chargebacks/**/*.parquet', union_by_name = true);

CREATE TABLE returns_rows AS
SELECT DISTINCT return_id, order_id, sku, requested_ts, status, received_ts, refunded_ts,
       refund_amount, updated_ts
FROM read_parquet('{input}/returns/**/*.parquet', union_by_name = true);
