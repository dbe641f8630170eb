-- Stage 4: seller_metrics (SPEC §2.2, §4): every metric and channel of the marketplace's catalog
-- for each seller with an order in its longest metric span (reading 15).

-- The 95% Wilson score interval of k successes in n (docs/metrics.md), clamped to [0, 1].
CREATE MACRO wilson_center(k, n, z := 1.96::DOUBLE) AS
  (k / n + z * z / (2 * n)) / (1 + z * z / n);
CREATE MACRO wilson_half(k, n, z := 1.96::DOUBLE) AS
  z / (1 + z * z / n)
    * sqrt((k / n) * (1 - k / n) / n + z * z / (4 * n * n));
CREATE MACRO wilson_low(k, n) AS
  CASE WHEN n > 0 THEN greatest(0.0, wilson_center(k, n) - wilson_half(k, n)) END;
CREATE MACRO wilson_high(k, n) AS
  CASE WHEN n > 0 THEN least(1.0, wilson_center(k, n) + wilson_half(k, n)) END;

-- Per seller, channel and day: orders by purchase day, returns by request day, as 0/1 counts that
-- any window adds up.
CREATE TABLE daily_counts AS
SELECT marketplace_id, seller_id, channel, day,
       sum(orders) AS orders,
       sum(defective) AS defective_orders,
       sum(claim) AS claim_orders,
       sum(negative_feedback) AS negative_feedback_orders,
       sum(chargeback) AS chargeback_orders,
       sum(shipped) AS shipped_orders,
       sum(late_shipment) AS late_shipped_orders,
       sum(cancelled_unshipped) AS cancelled_unshipped_orders,
       sum(valid_tracking) AS valid_tracking_orders,
       sum(on_time) AS on_time_orders,
       sum(perfect) AS perfect_orders,
       sum(returns) AS returns_requested,
       sum(dissatisfied) AS returns_dissatisfied
FROM (
  SELECT marketplace_id, seller_id, channel, purchase_day AS day,
         1 AS orders,
         defective::INT AS defective,
         has_claim::INT AS claim,
         has_negative_feedback::INT AS negative_feedback,
         has_chargeback::INT AS chargeback,
         shipped::INT AS shipped,
         late_shipment::INT AS late_shipment,
         (seller_cancelled AND NOT shipped)::INT AS cancelled_unshipped,
         valid_tracking::INT AS valid_tracking,
         (valid_tracking AND delivered_on_time)::INT AS on_time,
         (NOT defective AND NOT seller_cancelled AND NOT late_shipment AND NOT returned)::INT
           AS perfect,
         0 AS returns,
         0 AS dissatisfied
  FROM order_facts
  UNION ALL
  SELECT marketplace_id, seller_id, channel, requested_day,
         0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
         1,
         (status = 'REJECTED' OR refund_late)::INT
  FROM return_facts
)
GROUP BY ALL;

CREATE TABLE metric_windows AS
SELECT mm.*,
       r.as_of_date - mm.lag_days - mm.window_days + 1 AS window_start,
       r.as_of_date - mm.lag_days AS window_end
FROM market_metrics mm CROSS JOIN run r;

CREATE TABLE metric_sellers AS
SELECT DISTINCT f.marketplace_id, f.seller_id
FROM order_facts f
JOIN market_spans sp USING (marketplace_id)
CROSS JOIN run r
WHERE f.purchase_day > r.as_of_date - sp.metric_span;

-- Each metric's numerator and denominator: the daily counts it names, summed over its window and
-- channel (ALL adds MFN and AFN).
CREATE TABLE metric_counts AS
SELECT s.marketplace_id, s.seller_id, w.metric, w.channel, w.window_start, w.window_end,
       w.target_condition, w.target_value, w.warning_fraction,
       coalesce(sum(CASE w.metric
         WHEN 'ODR' THEN c.defective_orders
         WHEN 'CLAIM_RATE' THEN c.claim_orders
         WHEN 'NEGATIVE_FEEDBACK_RATE' THEN c.negative_feedback_orders
         WHEN 'CHARGEBACK_RATE' THEN c.chargeback_orders
         WHEN 'LATE_SHIPMENT_RATE' THEN c.late_shipped_orders
         WHEN 'PRE_FULFILLMENT_CANCEL_RATE' THEN c.cancelled_unshipped_orders
         WHEN 'VALID_TRACKING_RATE' THEN c.valid_tracking_orders
         WHEN 'ON_TIME_DELIVERY_RATE' THEN c.on_time_orders
         WHEN 'RETURN_DISSATISFACTION_RATE' THEN c.returns_dissatisfied
         WHEN 'PERFECT_ORDER_PERCENTAGE' THEN c.perfect_orders
       END), 0)::BIGINT AS numerator,
       coalesce(sum(CASE w.metric
         WHEN 'LATE_SHIPMENT_RATE' THEN c.shipped_orders
         WHEN 'VALID_TRACKING_RATE' THEN c.shipped_orders
         WHEN 'ON_TIME_DELIVERY_RATE' THEN c.valid_tracking_orders
         WHEN 'RETURN_DISSATISFACTION_RATE' THEN c.returns_requested
         ELSE c.orders
       END), 0)::BIGINT AS denominator
FROM metric_sellers s
JOIN metric_windows w USING (marketplace_id)
LEFT JOIN daily_counts c
  ON c.marketplace_id = s.marketplace_id AND c.seller_id = s.seller_id
 AND c.day BETWEEN w.window_start AND w.window_end
 AND (w.channel = 'ALL' OR c.channel = w.channel)
GROUP BY ALL;

-- Status (SPEC §2.2), compared exactly: counts against target × denominator in decimals.
-- A passing rate is AT_RISK once it uses the warning fraction of its allowance (the target for
-- lower-is-better, 1 - target for higher-is-better).
CREATE TABLE judged_metrics AS
WITH judged AS (
  SELECT *,
    CASE target_condition
      WHEN '<' THEN numerator < target_value * denominator
      WHEN '<=' THEN numerator <= target_value * denominator
      WHEN '>' THEN numerator > target_value * denominator
      WHEN '>=' THEN numerator >= target_value * denominator
    END AS passes,
    CASE
      WHEN target_condition IN ('<', '<=')
        THEN numerator >= warning_fraction * target_value * denominator
      ELSE denominator - numerator >= warning_fraction * (1 - target_value) * denominator
    END AS warning_used
  FROM metric_counts
)
SELECT marketplace_id, seller_id, metric, channel, window_start, window_end, numerator, denominator,
       CASE WHEN denominator > 0 THEN numerator / denominator END AS rate,
       wilson_low(numerator::DOUBLE, denominator::DOUBLE) AS rate_low,
       wilson_high(numerator::DOUBLE, denominator::DOUBLE) AS rate_high,
       target_condition,
       target_value::DOUBLE AS target_value,
       CASE
         WHEN denominator = 0 THEN 'NO_DATA'
         WHEN target_condition IS NULL THEN 'GOOD'
         WHEN NOT passes THEN 'BREACH'
         WHEN warning_used THEN 'AT_RISK'
         ELSE 'GOOD'
       END AS status
FROM judged;

-- SPEC §4.1 recovers_on, by brute force: every candidate date D' in D+1 .. D+W+L of a BREACH row
-- gets its window [D'-L-W+1, D'-L] summed from the daily counts known at D (there are none after
-- D), judged like the row; the first with units in it that passes. The job replays only the dates
-- on which units enter or leave the window (docs/spec-readings.md); both must agree.
CREATE TABLE recoveries AS
WITH breaches AS (
  SELECT mc.*, r.as_of_date,
         (r.as_of_date - mc.window_end)::INTEGER AS lag,
         (mc.window_end - mc.window_start + 1)::INTEGER AS days
  FROM judged_metrics s
  JOIN metric_counts mc USING (marketplace_id, seller_id, metric, channel)
  CROSS JOIN run r
  WHERE s.status = 'BREACH'
), candidates AS (
  SELECT b.*, unnest(range(1, b.lag + b.days + 1))::INTEGER AS ahead
  FROM breaches b
), counted AS (
  SELECT c.marketplace_id, c.seller_id, c.metric, c.channel, c.as_of_date + c.ahead AS candidate,
         any_value(c.target_condition) AS target_condition,
         any_value(c.target_value) AS target_value,
         coalesce(sum(CASE c.metric
           WHEN 'ODR' THEN d.defective_orders
           WHEN 'CLAIM_RATE' THEN d.claim_orders
           WHEN 'NEGATIVE_FEEDBACK_RATE' THEN d.negative_feedback_orders
           WHEN 'CHARGEBACK_RATE' THEN d.chargeback_orders
           WHEN 'LATE_SHIPMENT_RATE' THEN d.late_shipped_orders
           WHEN 'PRE_FULFILLMENT_CANCEL_RATE' THEN d.cancelled_unshipped_orders
           WHEN 'VALID_TRACKING_RATE' THEN d.valid_tracking_orders
           WHEN 'ON_TIME_DELIVERY_RATE' THEN d.on_time_orders
           WHEN 'RETURN_DISSATISFACTION_RATE' THEN d.returns_dissatisfied
           WHEN 'PERFECT_ORDER_PERCENTAGE' THEN d.perfect_orders
         END), 0) AS numerator,
         coalesce(sum(CASE c.metric
           WHEN 'LATE_SHIPMENT_RATE' THEN d.shipped_orders
           WHEN 'VALID_TRACKING_RATE' THEN d.shipped_orders
           WHEN 'ON_TIME_DELIVERY_RATE' THEN d.valid_tracking_orders
           WHEN 'RETURN_DISSATISFACTION_RATE' THEN d.returns_requested
           ELSE d.orders
         END), 0) AS denominator
  FROM candidates c
  LEFT JOIN daily_counts d
    ON d.marketplace_id = c.marketplace_id AND d.seller_id = c.seller_id
   AND (c.channel = 'ALL' OR d.channel = c.channel)
   AND d.day BETWEEN c.as_of_date + c.ahead - c.lag - c.days + 1 AND c.as_of_date + c.ahead - c.lag
  GROUP BY ALL
)
SELECT marketplace_id, seller_id, metric, channel, min(candidate) AS recovers_on
FROM counted
WHERE denominator > 0
  AND CASE target_condition
        WHEN '<' THEN numerator < target_value * denominator
        WHEN '<=' THEN numerator <= target_value * denominator
        WHEN '>' THEN numerator > target_value * denominator
        WHEN '>=' THEN numerator >= target_value * denominator
      END
GROUP BY ALL;

-- SPEC §4.1 peer_better_pct: the peers of a row are the rows of its marketplace, metric and channel
-- with a rate on at least the minimum denominator; the share of them strictly better, compared
-- exactly (a/b < c/d as a*d < c*b), better meaning lower unless the target is higher-is-better.
CREATE TABLE peer_ranks AS
WITH peers AS (
  SELECT j.marketplace_id, j.seller_id, j.metric, j.channel, j.numerator, j.denominator,
         j.target_condition IN ('>', '>=') AS higher_is_better, m.min_peers
  FROM judged_metrics j
  JOIN markets m USING (marketplace_id)
  WHERE j.rate IS NOT NULL AND j.denominator >= m.peer_min_denominator
)
SELECT p.marketplace_id, p.seller_id, p.metric, p.channel,
       CASE WHEN count(*) >= any_value(p.min_peers) THEN
         100.0 * count(*) FILTER (WHERE CASE WHEN p.higher_is_better
             THEN q.numerator::HUGEINT * p.denominator > p.numerator::HUGEINT * q.denominator
             ELSE q.numerator::HUGEINT * p.denominator < p.numerator::HUGEINT * q.denominator END)
           / count(*)
       END AS peer_better_pct
FROM peers p
JOIN peers q USING (marketplace_id, metric, channel)
GROUP BY ALL;

CREATE TABLE seller_metrics AS
SELECT j.*, r.recovers_on, p.peer_better_pct
FROM judged_metrics j
LEFT JOIN recoveries r USING (marketplace_id, seller_id, metric, channel)
LEFT JOIN peer_ranks p USING (marketplace_id, seller_id, metric, channel);
