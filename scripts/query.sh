#!/usr/bin/env bash
# Spark SQL over an output folder, with no metastore: every table folder under the output root
# becomes a temporary view over its Hive-partitioned Parquet, or its Delta table when the folder has
# a _delta_log (as_of_date is a column either way).
#   scripts/query.sh "select status, count(*) from seller_metrics where as_of_date = '${as_of}' group by status"
#   scripts/query.sh -f jobs/queries/sellers_newly_in_breach.sql
#   scripts/query.sh --output s3a://lake/claimlens --as-of 2026-06-30 -f jobs/queries/run_reconciliation.sql
#   scripts/query.sh -f jobs/queries/skus_driving_seller_odr.sql --param seller_id=S0042
# Options: --output DIR_OR_URI (default out/sample), --as-of YYYY-MM-DD (fills ${as_of}; default:
# the latest as_of_date present), --param NAME=VALUE (fills ${NAME}), --max-rows N (default 200).
# Single-quote the SQL so the shell leaves ${as_of} alone. S3: the same fs.s3a settings as the job
# (CLAIMLENS_SPARK_CONF, see docs/running.md). Environment: CLAIMLENS_DRIVER_MEMORY (default 2g).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

submit_tool io.claimlens.job.QueryMain "$@"
