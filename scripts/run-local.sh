#!/usr/bin/env bash
# Runs the claimlens job in Spark local mode with no Spark installation: Maven supplies Spark.
#   scripts/run-local.sh                      the sample data, as of 2026-06-30, into out/sample
#   scripts/run-local.sh --input DIR --output DIR --as-of YYYY-MM-DD [--policy FILE] [--marketplaces ID,...]
#   scripts/run-local.sh ... --register-tables [DATABASE]   also registers the tables in an embedded
#                                                          Derby metastore under out/ (docs/running.md)
# Environment: CLAIMLENS_DRIVER_MEMORY (default 4g), CLAIMLENS_MASTER (default local[*]),
# CLAIMLENS_SHUFFLE_PARTITIONS (default: sized by the job from its input; docs/benchmarks.md),
# CLAIMLENS_SPARK_CONF (extra spark-submit words, e.g. "--conf spark.hadoop.fs.s3a.endpoint=...").
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

args=("$@")
if [[ ${#args[@]} -eq 0 ]]; then
  args=(--input "$REPO_ROOT/data-samples/marketplace" --output "$REPO_ROOT/out/sample" --as-of 2026-06-30)
fi

master="${CLAIMLENS_MASTER:-local[*]}"
# shellcheck disable=SC2206  # extra --conf words on purpose
conf=($(local_file_system_conf "$master") ${CLAIMLENS_SPARK_CONF:-})
# unset, the job sizes the shuffle partitions by its input (docs/benchmarks.md)
if [[ -n "${CLAIMLENS_SHUFFLE_PARTITIONS:-}" ]]; then
  conf+=(--conf spark.sql.shuffle.partitions="$CLAIMLENS_SHUFFLE_PARTITIONS")
fi
derby_home=""
for arg in "${args[@]}"; do
  if [[ "$arg" == --register-tables* ]]; then
    # a local metastore: embedded Derby (one JVM at a time) and a warehouse folder, both under out/
    mkdir -p "$REPO_ROOT/out"
    conf+=(--conf spark.sql.catalogImplementation=hive
      --conf "spark.sql.warehouse.dir=$REPO_ROOT/out/warehouse"
      --conf "spark.hadoop.javax.jdo.option.ConnectionURL=jdbc:derby:;databaseName=$REPO_ROOT/out/metastore_db;create=true")
    derby_home="-Dderby.system.home=$REPO_ROOT/out"
  fi
done

ensure_built
CLAIMLENS_JAVA_OPTS="-Xmx${CLAIMLENS_DRIVER_MEMORY:-4g} $derby_home ${CLAIMLENS_JAVA_OPTS:-}" \
  run_java_archived org.apache.spark.deploy.SparkSubmit \
  --master "$master" \
  --conf spark.ui.enabled=false \
  "${conf[@]}" \
  --class "$MAIN_CLASS" "$APP_JAR" "${args[@]}"
