-- Sellers newly in breach: metrics in BREACH at ${as_of} that were not in breach at the previous run
-- (the latest earlier as_of_date present; with no earlier run, every breach is new).
-- scripts/query.sh -f jobs/queries/sellers_newly_in_breach.sql [--as-of YYYY-MM-DD]
WITH previous_run AS (
  SELECT max(as_of_date) AS as_of_date
  FROM seller_metrics
  WHERE as_of_date < DATE '${as_of}'
),
before AS (
  SELECT m.marketplace_id, m.seller_id, m.metric, m.channel, m.status
  FROM seller_metrics m
  JOIN previous_run p ON m.as_of_date = p.as_of_date
)
SELECT
  t.marketplace_id,
  t.seller_id,
  t.metric,
  t.channel,
  round(t.rate, 4) AS rate,
  concat(t.target_condition, ' ', t.target_value) AS target,
  t.numerator,
  t.denominator,
  t.window_start,
  t.window_end,
  b.status AS previous_status
FROM seller_metrics t
LEFT JOIN before b
  ON b.marketplace_id = t.marketplace_id
  AND b.seller_id = t.seller_id
  AND b.metric = t.metric
  AND b.channel = t.channel
WHERE t.as_of_date = DATE '${as_of}'
  AND t.status = 'BREACH'
  AND (b.status IS NULL OR b.status <> 'BREACH')
ORDER BY t.marketplace_id, t.metric, t.channel, t.rate DESC, t.seller_id
