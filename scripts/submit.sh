#!/usr/bin/env bash
# spark-submit of the claimlens jar on a cluster: standalone, YARN or Kubernetes.
#
#   scripts/submit.sh [--print] [SPARK OPTIONS...] -- CLAIMLENS ARGUMENTS...
#
# Runs "$SPARK_HOME/bin/spark-submit" (or spark-submit on the PATH) with the options below, the
# given Spark options, and the claimlens arguments after "--". --print only prints the command.
# With no spark-submit found it prints the command and exits 1, so a scheduler notices.
# (No cluster at hand? scripts/run-local.sh runs the same jar in local mode with Maven's Spark.)
#
# Environment (all optional):
#   CLAIMLENS_MASTER       Spark master URL                      default: local[*]
#   CLAIMLENS_DEPLOY_MODE  client | cluster                      default: client
#   CLAIMLENS_JAR          the application jar (path or URI)     default: target/claimlens.jar
#   CLAIMLENS_SPARK_CONF   extra spark-submit words, e.g. "--conf spark.sql.shuffle.partitions=400"
#
# Examples (credentials are never on the command line: S3A's default chain reads
# AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, an instance profile, or web identity on EKS):
#
#   # Standalone: a master at spark://spark-master:7077, driver on this host
#   CLAIMLENS_MASTER=spark://spark-master:7077 scripts/submit.sh \
#     --total-executor-cores 16 --executor-memory 8g \
#     -- --input s3a://lake/raw --output s3a://lake/claimlens --as-of 2026-06-30
#
#   # YARN, driver in the cluster; a local policy file is shipped with --files and named by its
#   # base name; tables registered in the cluster's Hive metastore
#   CLAIMLENS_MASTER=yarn CLAIMLENS_DEPLOY_MODE=cluster scripts/submit.sh \
#     --queue risk --num-executors 20 --executor-cores 4 --executor-memory 12g \
#     --files jobs/policies/marketplaces.json \
#     --conf spark.sql.catalogImplementation=hive \
#     -- --input hdfs:///lake/raw --output hdfs:///lake/claimlens --as-of 2026-06-30 \
#        --policy marketplaces.json --register-tables claimlens
#
#   # Kubernetes, cluster mode: the jar is inside the image (local://) or on S3
#   CLAIMLENS_MASTER=k8s://https://kube-api.example.internal:6443 CLAIMLENS_DEPLOY_MODE=cluster \
#   CLAIMLENS_JAR=local:///opt/claimlens/claimlens.jar scripts/submit.sh \
#     --conf spark.kubernetes.container.image=registry.example.internal/claimlens:0.1.0 \
#     --conf spark.kubernetes.namespace=risk \
#     --conf spark.kubernetes.authenticate.driver.serviceAccountName=claimlens \
#     --conf spark.executor.instances=10 \
#     --conf spark.hadoop.fs.s3a.aws.credentials.provider=software.amazon.awssdk.auth.credentials.WebIdentityTokenFileCredentialsProvider \
#     -- --input s3a://lake/raw --output s3a://lake/claimlens --as-of 2026-06-30
#
#   # Any target, S3-compatible storage (MinIO, Ceph, ...): endpoint settings, not secrets
#   CLAIMLENS_SPARK_CONF="--conf spark.hadoop.fs.s3a.endpoint=https://s3.example.internal
#     --conf spark.hadoop.fs.s3a.path.style.access=true" scripts/submit.sh -- ...
#
# Exit code: spark-submit's, which in client mode is the job's (0 ok, 2 arguments or policy,
# 3 input schema, 1 anything else); in cluster mode YARN and Kubernetes report the driver's failure
# as spark-submit's non-zero exit (spark.yarn.submit.waitAppCompletion, on by default, and
# spark.kubernetes.submission.waitAppCompletion).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

print_only=""
spark_args=()
while [[ $# -gt 0 && "$1" != "--" ]]; do
  if [[ "$1" == "--print" ]]; then
    print_only=yes
  else
    spark_args+=("$1")
  fi
  shift
done
if [[ $# -eq 0 ]]; then
  echo "claimlens: usage: scripts/submit.sh [--print] [SPARK OPTIONS...] -- CLAIMLENS ARGUMENTS..." >&2
  exit 2
fi
shift # the "--"

jar="${CLAIMLENS_JAR:-$APP_JAR}"
if [[ -z "$print_only" && "$jar" == "$APP_JAR" && ! -f "$APP_JAR" ]]; then
  (cd "$REPO_ROOT" && mvn -B -q -DskipTests package) >&2
fi

submit=""
if [[ -n "${SPARK_HOME:-}" && -x "$SPARK_HOME/bin/spark-submit" ]]; then
  submit="$SPARK_HOME/bin/spark-submit"
elif command -v spark-submit > /dev/null; then
  submit="$(command -v spark-submit)"
fi

# shellcheck disable=SC2206  # extra --conf words on purpose
extra=(${CLAIMLENS_SPARK_CONF:-})
command=("${submit:-spark-submit}"
  --master "${CLAIMLENS_MASTER:-local[*]}"
  --deploy-mode "${CLAIMLENS_DEPLOY_MODE:-client}"
  --name "claimlens"
  "${extra[@]}"
  "${spark_args[@]}"
  --class "$MAIN_CLASS" "$jar" "$@")

# The command as one line, with the value of any secret-looking setting masked (secrets belong in
# the environment or the cluster's configuration, but a log must not keep one given here anyway).
shown() {
  printf '%q ' "${command[@]}" |
    sed -E 's/((secret|password|token|access[._-]?key|credential)[^= ]*=)[^ ]*/\1*********(redacted)/Ig'
}

if [[ -n "$print_only" ]]; then
  shown
  echo
  exit 0
fi
if [[ -z "$submit" ]]; then
  echo "claimlens: no spark-submit (set SPARK_HOME, or use scripts/run-local.sh); the command would be:" >&2
  echo "$(shown)" >&2
  exit 1
fi
echo "claimlens: $(shown)" >&2
exec "${command[@]}"
