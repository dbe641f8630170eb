#!/usr/bin/env bash
# Runs the claimlens job in Spark local mode with no Spark installation: Maven supplies Spark.
#   scripts/run-local.sh                      the sample data, as of 2026-06-30, into out/sample
#   scripts/run-local.sh --input DIR --output DIR --as-of YYYY-MM-DD [--policy FILE] [--marketplaces ID,...]
# Environment: CLAIMLENS_DRIVER_MEMORY (default 4g), CLAIMLENS_MASTER (default local[*]),
# CLAIMLENS_SHUFFLE_PARTITIONS (default: the number of cores; docs/benchmarks.md says why).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

args=("$@")
if [[ ${#args[@]} -eq 0 ]]; then
  args=(--input "$REPO_ROOT/data-samples/marketplace" --output "$REPO_ROOT/out/sample" --as-of 2026-06-30)
fi

ensure_built
CLAIMLENS_JAVA_OPTS="-Xmx${CLAIMLENS_DRIVER_MEMORY:-4g} ${CLAIMLENS_JAVA_OPTS:-}" \
  run_java org.apache.spark.deploy.SparkSubmit \
  --master "${CLAIMLENS_MASTER:-local[*]}" \
  --conf spark.ui.enabled=false \
  --conf spark.sql.shuffle.partitions="${CLAIMLENS_SHUFFLE_PARTITIONS:-$(nproc)}" \
  --class "$MAIN_CLASS" "$APP_JAR" "${args[@]}"
