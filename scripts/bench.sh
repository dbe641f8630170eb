#!/usr/bin/env bash
# Times the nightly job on N generated orders (seed 42, no bad rows), as of AS_OF (default
# 2026-06-30), then the DuckDB reference implementation on the same input
# (src/test/resources/reference, docs/benchmarks.md), compares the two outputs row by row, counts
# the Spark stages of the claimlens run from its event log and prints where its time went (per
# step: queries, stages, wall and task CPU seconds; how much of the run had tasks running), and
# appends the result to target/bench/results.tsv. Exits 1, after printing the timings, when the
# outputs differ or the reference fails (claimlens' own lines are printed before the reference runs).
#   scripts/bench.sh N [AS_OF]
# With --backfill DAYS, times instead the DAYS as-of dates ending at AS_OF both ways: one nightly
# run per date (DAYS separate runs, as a scheduler would start them) and one backfill run
# (--from/--to), checks that both wrote the same tables, and prints both times and their ratio
# (appended to target/bench/backfill.tsv) and where the backfill's time went.
#   scripts/bench.sh N [AS_OF] --backfill DAYS
# The input is generated once per N and seed into target/bench/input-<N>-seed<SEED>/ and reused.
# Environment: CLAIMLENS_BENCH_SEED (default 42); CLAIMLENS_BENCH_REFERENCE_MEMORY, the reference's
# memory limit (default 4GB as the driver heap, 8GB for over 1 GB of input); run-local.sh's
# CLAIMLENS_DRIVER_MEMORY, CLAIMLENS_MASTER and CLAIMLENS_SHUFFLE_PARTITIONS apply to the timed run.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cd "$REPO_ROOT"

usage() {
  echo "usage: scripts/bench.sh N [AS_OF] [--backfill DAYS]   (N orders >= 1; AS_OF YYYY-MM-DD)" >&2
  exit 2
}
BACKFILL_DAYS=""
ARGS=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --backfill) [[ $# -ge 2 ]] || usage; BACKFILL_DAYS="$2"; shift 2 ;;
    *) ARGS+=("$1"); shift ;;
  esac
done
[[ ${#ARGS[@]} -ge 1 && ${#ARGS[@]} -le 2 ]] || usage
ORDERS="${ARGS[0]}"
AS_OF="${ARGS[1]:-2026-06-30}"
SEED="${CLAIMLENS_BENCH_SEED:-42}"
[[ "$ORDERS" =~ ^[1-9][0-9]*$ ]] || { echo "bench: N must be a whole number >= 1, got '$ORDERS'" >&2; usage; }
[[ "$AS_OF" =~ ^[0-9]{4}-[0-9]{2}-[0-9]{2}$ ]] || { echo "bench: AS_OF must be YYYY-MM-DD, got '$AS_OF'" >&2; usage; }
[[ -z "$BACKFILL_DAYS" || "$BACKFILL_DAYS" =~ ^[1-9][0-9]*$ ]] || { echo "bench: DAYS must be a whole number >= 1, got '$BACKFILL_DAYS'" >&2; usage; }
[[ "$SEED" =~ ^-?[0-9]+$ ]] || { echo "bench: CLAIMLENS_BENCH_SEED must be a whole number, got '$SEED'" >&2; exit 2; }

BENCH_DIR="$REPO_ROOT/target/bench"
INPUT="$BENCH_DIR/input-$ORDERS-seed$SEED"
OUTPUT="$BENCH_DIR/output-$ORDERS-seed$SEED"
# written last by a successful generation: its "total" line holds the input row count
MARKER="$INPUT/_GENERATED"
RESULTS="$BENCH_DIR/results.tsv"

# build before the clock starts, so the timing is the job's alone (the reference's classes hold
# the event log's summary too)
ensure_reference_built
ensure_built
# before the clock too: a new build records its class archive once (scripts/common.sh)
ensure_class_archive

if [[ ! -f "$MARKER" ]]; then
  echo "bench: generating $ORDERS orders (seed $SEED) into $INPUT ..." >&2
  rm -rf "$INPUT"
  mkdir -p "$BENCH_DIR"
  run_generator --output "$INPUT" --orders "$ORDERS" --seed "$SEED" \
    > "$BENCH_DIR/generate-$ORDERS-seed$SEED.log"
  cat "$BENCH_DIR/generate-$ORDERS-seed$SEED.log" >&2
  mv "$BENCH_DIR/generate-$ORDERS-seed$SEED.log" "$MARKER"
else
  echo "bench: reusing $INPUT" >&2
fi
INPUT_ROWS="$(awk '$1 == "total" { gsub(",", "", $2); print $2 }' "$MARKER")"
[[ -n "$INPUT_ROWS" ]] || { echo "bench: no row count in $MARKER; delete $INPUT and rerun" >&2; exit 1; }

seconds_since() {
  awk -v s="$1" -v e="$(date +%s.%N)" 'BEGIN { printf "%.2f", e - s }'
}

# run-local.sh ARGS... with a Spark event log in the fresh folder $1 (uncompressed, so that grep
# can count its stages), the other run-local.sh words after it
run_logged() {
  local log="$1"
  shift
  rm -rf "$log"
  mkdir -p "$log"
  CLAIMLENS_SPARK_CONF="${CLAIMLENS_SPARK_CONF:-} --conf spark.eventLog.enabled=true
    --conf spark.eventLog.compress=false --conf spark.eventLog.dir=file://$log" \
    "$REPO_ROOT/scripts/run-local.sh" "$@"
}

# where the run logged in folder $1 spent its time, step by step (a diagnosis: it never fails a bench)
print_time_spent() {
  run_reference_tool io.claimlens.reference.EventLogSummary "$1" \
    || echo "bench: no summary of the event log in $1 (above)" >&2
}

if [[ -n "$BACKFILL_DAYS" ]]; then
  FIRST="$(date -u -d "$AS_OF - $((BACKFILL_DAYS - 1)) days" +%Y-%m-%d)"
  NIGHTS="$OUTPUT-nights"
  BACKFILL="$OUTPUT-backfill"
  rm -rf "$NIGHTS" "$BACKFILL"
  START="$(date +%s.%N)"
  for ((i = BACKFILL_DAYS - 1; i >= 0; i--)); do
    "$REPO_ROOT/scripts/run-local.sh" --input "$INPUT" --output "$NIGHTS" \
      --as-of "$(date -u -d "$AS_OF - $i days" +%Y-%m-%d)"
  done
  NIGHTS_SECONDS="$(seconds_since "$START")"
  # only the backfill keeps an event log (one run's writing of it, against none for the nights:
  # if anything, its cost counts against the backfill)
  BACKFILL_EVENT_LOG="$BENCH_DIR/eventlog-$ORDERS-seed$SEED-backfill$BACKFILL_DAYS"
  START="$(date +%s.%N)"
  run_logged "$BACKFILL_EVENT_LOG" --input "$INPUT" --output "$BACKFILL" --from "$FIRST" --to "$AS_OF"
  BACKFILL_SECONDS="$(seconds_since "$START")"
  RATIO="$(awk -v n="$NIGHTS_SECONDS" -v b="$BACKFILL_SECONDS" 'BEGIN { printf "%.2f", n / b }')"

  # the two ways must agree, or the timing means nothing: rows per table and date, from the
  # manifests (BackfillTest compares every row on the sample)
  ROWS_SQL='select as_of_date, t.table, t.rows from run_manifest lateral view explode(tables) x as t order by 1, 2'
  if ! diff <("$REPO_ROOT/scripts/query.sh" --output "$NIGHTS" --max-rows 100000 "$ROWS_SQL") \
            <("$REPO_ROOT/scripts/query.sh" --output "$BACKFILL" --max-rows 100000 "$ROWS_SQL") >&2; then
    echo "bench: the backfill wrote other row counts than the nightly runs" >&2
    exit 1
  fi

  printf 'orders:                    %s\n' "$ORDERS"
  printf 'as-of dates:               %s .. %s (%s)\n' "$FIRST" "$AS_OF" "$BACKFILL_DAYS"
  printf 'nightly runs, wall seconds: %s\n' "$NIGHTS_SECONDS"
  printf 'backfill, wall seconds:     %s\n' "$BACKFILL_SECONDS"
  printf 'nightly / backfill:         %s\n' "$RATIO"
  print_time_spent "$BACKFILL_EVENT_LOG"
  BACKFILL_RESULTS="$BENCH_DIR/backfill.tsv"
  if [[ ! -f "$BACKFILL_RESULTS" ]]; then
    printf 'finished_at\torders\tseed\tfirst\tlast\tdays\tnightly_seconds\tbackfill_seconds\tratio\tcommit\n' > "$BACKFILL_RESULTS"
  fi
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' \
    "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$ORDERS" "$SEED" "$FIRST" "$AS_OF" "$BACKFILL_DAYS" \
    "$NIGHTS_SECONDS" "$BACKFILL_SECONDS" "$RATIO" "$(git rev-parse --short HEAD 2>/dev/null || echo none)" \
    >> "$BACKFILL_RESULTS"
  echo "bench: appended to $BACKFILL_RESULTS" >&2
  exit 0
fi

REFERENCE="$BENCH_DIR/reference-$ORDERS-seed$SEED"
EVENT_LOG="$BENCH_DIR/eventlog-$ORDERS-seed$SEED"
rm -rf "$OUTPUT" "$REFERENCE"
# the event log gives the run's Spark stages and where its time went
START="$(date +%s.%N)"
run_logged "$EVENT_LOG" --input "$INPUT" --output "$OUTPUT" --as-of "$AS_OF"
SECONDS_TAKEN="$(seconds_since "$START")"
ROWS_PER_SECOND="$(awk -v r="$INPUT_ROWS" -v t="$SECONDS_TAKEN" 'BEGIN { printf "%.0f", r / t }')"
# Spark 4 writes a rolling log: a folder of event files per application
SPARK_STAGES="$(find "$EVENT_LOG" -type f -name 'events_*' -exec cat {} + \
  | grep -c '"Event":"SparkListenerStageCompleted"' || true)"

# claimlens' own lines first: its timing stands even when the reference cannot run
printf 'orders:          %s\n' "$ORDERS"
printf 'input rows:      %s\n' "$INPUT_ROWS"
printf 'wall seconds:    %s\n' "$SECONDS_TAKEN"
printf 'rows per second: %s\n' "$ROWS_PER_SECOND"
printf 'spark stages: %s\n' "$SPARK_STAGES"
print_time_spent "$EVENT_LOG"

# the independent peer: the same tables in plain SQL on DuckDB, same input, same two cores. Its
# memory limit is the driver heap run-local.sh gives Spark, 4 GB, up to 1 GB of Parquet; over it
# 8 GB, as with 4 GB it runs out of memory at 20,000,000 orders (2.2 GB; 5,000,000 orders are 0.5)
if [[ -n "${CLAIMLENS_BENCH_REFERENCE_MEMORY:-}" ]]; then
  REFERENCE_MEMORY="$CLAIMLENS_BENCH_REFERENCE_MEMORY"
elif (( $(du -sb "$INPUT" | cut -f1) > 1000000000 )); then
  REFERENCE_MEMORY=8GB
else
  REFERENCE_MEMORY=4GB
fi
echo "bench: the DuckDB reference's memory limit: $REFERENCE_MEMORY" >&2
REFERENCE_SECONDS=""
RATIO=""
START="$(date +%s.%N)"
if run_reference_tool io.claimlens.reference.DuckDbReference \
  --input "$INPUT" --output "$REFERENCE" --as-of "$AS_OF" --memory-limit "$REFERENCE_MEMORY" >&2; then
  REFERENCE_SECONDS="$(seconds_since "$START")"
  RATIO="$(awk -v c="$SECONDS_TAKEN" -v r="$REFERENCE_SECONDS" 'BEGIN { printf "%.2f", c / r }')"
  printf 'reference wall seconds: %s\n' "$REFERENCE_SECONDS"
  printf 'claimlens / reference: %s\n' "$RATIO"
  # a timing means nothing if the two disagree: every row of every table must match
  if run_reference_tool io.claimlens.reference.CompareOutputs \
    --claimlens "$OUTPUT" --reference "$REFERENCE"; then
    COMPARISON=match
  else
    COMPARISON=DIFFER
  fi
else
  echo "bench: the DuckDB reference failed (exit $?, its error above): no ratio, no comparison;" \
    "if it ran out of its $REFERENCE_MEMORY, CLAIMLENS_BENCH_REFERENCE_MEMORY gives it more" >&2
  COMPARISON=no-reference
fi

HEADER='finished_at\torders\tseed\tas_of\tinput_rows\twall_seconds\trows_per_second\tmaster\tdriver_memory\tcommit\treference_seconds\tclaimlens_per_reference\tspark_stages\tcomparison'
if [[ ! -f "$RESULTS" ]]; then
  printf "$HEADER\n" > "$RESULTS"
elif ! head -1 "$RESULTS" | grep -q reference_seconds; then
  # a results file from before the reference: new header, four empty fields on the old rows
  awk -v header="$(printf "$HEADER")" 'NR == 1 { print header; next } { print $0 "\t\t\t\t" }' \
    "$RESULTS" > "$RESULTS.new"
  mv "$RESULTS.new" "$RESULTS"
fi
COMMIT="$(git rev-parse --short HEAD 2>/dev/null || echo none)"
printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' \
  "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$ORDERS" "$SEED" "$AS_OF" "$INPUT_ROWS" "$SECONDS_TAKEN" \
  "$ROWS_PER_SECOND" "${CLAIMLENS_MASTER:-local[*]}" "${CLAIMLENS_DRIVER_MEMORY:-4g}" "$COMMIT" \
  "$REFERENCE_SECONDS" "$RATIO" "$SPARK_STAGES" "$COMPARISON" >> "$RESULTS"
echo "bench: appended to $RESULTS" >&2
if [[ "$COMPARISON" == DIFFER ]]; then
  echo "bench: CLAIMLENS AND THE DUCKDB REFERENCE DISAGREE (differing rows above)" >&2
  exit 1
fi
[[ "$COMPARISON" == match ]] || exit 1
