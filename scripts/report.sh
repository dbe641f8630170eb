#!/usr/bin/env bash
# Re-renders the HTML risk report of a date from the tables already published under an output root
# (no job run): <output>/reports/claimlens-report-<as-of>.html. Prints the report's URI.
#   scripts/report.sh                                  out/sample, its latest as-of date
#   scripts/report.sh --output DIR_OR_URI --as-of YYYY-MM-DD
# Options: --output DIR_OR_URI (default out/sample), --as-of YYYY-MM-DD (default: the latest
# as_of_date in run_manifest). S3: the same fs.s3a settings as the job (CLAIMLENS_SPARK_CONF, see
# docs/running.md). Environment: CLAIMLENS_DRIVER_MEMORY (default 2g). See docs/report.md.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

submit_tool io.claimlens.job.ReportMain "$@"
