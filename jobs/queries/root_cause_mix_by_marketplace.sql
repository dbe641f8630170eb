-- Root-cause mix by marketplace at ${as_of}: claims per root cause and responsible party, with their
-- share of the marketplace's claims (claim_attribution covers claims on orders of the last 104
-- purchase days with the default policy; SPEC §3, §4).
-- scripts/query.sh -f jobs/queries/root_cause_mix_by_marketplace.sql [--as-of YYYY-MM-DD]
SELECT
  marketplace_id,
  root_cause,
  responsible_party,
  count(*) AS claims,
  count_if(counts_as_defect) AS counting_claims,
  count_if(late_response) AS late_responses,
  round(count(*) / sum(count(*)) OVER (PARTITION BY marketplace_id), 4) AS share_of_claims
FROM claim_attribution
WHERE as_of_date = DATE '${as_of}'
GROUP BY marketplace_id, root_cause, responsible_party
ORDER BY marketplace_id, claims DESC, root_cause
