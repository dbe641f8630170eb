-- What the run for ${as_of} read and did with every input row: read = used + quarantined +
-- not_yet_known + duplicates + out_of_scope (SPEC §1.2), and the rows it wrote per table.
-- scripts/query.sh -f jobs/queries/run_reconciliation.sql [--as-of YYYY-MM-DD]
SELECT
  r.run_id,
  r.finished_at,
  d.dataset,
  d.present,
  d.read,
  d.used,
  d.quarantined,
  d.not_yet_known,
  d.duplicates,
  d.out_of_scope
FROM run_manifest r
LATERAL VIEW explode(r.datasets) t AS d
WHERE r.as_of_date = DATE '${as_of}'
ORDER BY d.dataset
