-- Stage 8: claims_awaiting_response (SPEC §4): claims OPEN or UNDER_REVIEW at D with no
-- seller_response_ts known at D, whatever their order date.
CREATE TABLE claims_awaiting_response AS
WITH awaiting AS (
  SELECT c.marketplace_id, c.seller_id, c.claim_id, c.order_id, c.filed_ts,
         c.filed_ts + to_seconds(m.claim_response_window_seconds) AS response_due_ts,
         c.day_end
  FROM claim_states c
  JOIN run r USING (as_of_date)
  JOIN markets m ON m.marketplace_id = c.marketplace_id
  WHERE c.status IN ('OPEN', 'UNDER_REVIEW')
    AND (c.seller_response_ts IS NULL OR c.seller_response_ts >= c.day_end)
)
-- hours from the end of D (in the marketplace's zone) to the due time
SELECT marketplace_id, seller_id, claim_id, order_id, filed_ts, response_due_ts,
       (epoch_us(response_due_ts) - epoch_us(day_end)) / 3600e6 AS hours_left,
       response_due_ts < day_end AS overdue
FROM awaiting;
