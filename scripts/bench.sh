#!/usr/bin/env bash
# Times the nightly job on N generated orders (seed 42, no bad rows), as of AS_OF (default
# 2026-06-30), and appends the result to target/bench/results.tsv.
#   scripts/bench.sh N [AS_OF]
# The input is generated once per N and seed into target/bench/input-<N>-seed<SEED>/ and reused.
# Environment: CLAIMLENS_BENCH_SEED (default 42); run-local.sh's CLAIMLENS_DRIVER_MEMORY,
# CLAIMLENS_MASTER and CLAIMLENS_SHUFFLE_PARTITIONS apply to the timed run.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cd "$REPO_ROOT"

usage() {
  echo "usage: scripts/bench.sh N [AS_OF]   (N orders, a whole number >= 1; AS_OF YYYY-MM-DD)" >&2
  exit 2
}
[[ $# -ge 1 && $# -le 2 ]] || usage
ORDERS="$1"
AS_OF="${2:-2026-06-30}"
SEED="${CLAIMLENS_BENCH_SEED:-42}"
[[ "$ORDERS" =~ ^[1-9][0-9]*$ ]] || { echo "bench: N must be a whole number >= 1, got '$ORDERS'" >&2; usage; }
[[ "$AS_OF" =~ ^[0-9]{4}-[0-9]{2}-[0-9]{2}$ ]] || { echo "bench: AS_OF must be YYYY-MM-DD, got '$AS_OF'" >&2; usage; }
[[ "$SEED" =~ ^-?[0-9]+$ ]] || { echo "bench: CLAIMLENS_BENCH_SEED must be a whole number, got '$SEED'" >&2; exit 2; }

BENCH_DIR="$REPO_ROOT/target/bench"
INPUT="$BENCH_DIR/input-$ORDERS-seed$SEED"
OUTPUT="$BENCH_DIR/output-$ORDERS-seed$SEED"
# written last by a successful generation: its "total" line holds the input row count
MARKER="$INPUT/_GENERATED"
RESULTS="$BENCH_DIR/results.tsv"

# build before the clock starts, so the timing is the job's alone
ensure_built

if [[ ! -f "$MARKER" ]]; then
  echo "bench: generating $ORDERS orders (seed $SEED) into $INPUT ..." >&2
  rm -rf "$INPUT"
  mkdir -p "$BENCH_DIR"
  CLAIMLENS_JAVA_OPTS="-Xmx1g" run_java io.claimlens.samples.SampleGenerator \
    --output "$INPUT" --orders "$ORDERS" --seed "$SEED" \
    > "$BENCH_DIR/generate-$ORDERS-seed$SEED.log"
  cat "$BENCH_DIR/generate-$ORDERS-seed$SEED.log" >&2
  mv "$BENCH_DIR/generate-$ORDERS-seed$SEED.log" "$MARKER"
else
  echo "bench: reusing $INPUT" >&2
fi
INPUT_ROWS="$(awk '$1 == "total" { gsub(",", "", $2); print $2 }' "$MARKER")"
[[ -n "$INPUT_ROWS" ]] || { echo "bench: no row count in $MARKER; delete $INPUT and rerun" >&2; exit 1; }

rm -rf "$OUTPUT"
START="$(date +%s.%N)"
"$REPO_ROOT/scripts/run-local.sh" --input "$INPUT" --output "$OUTPUT" --as-of "$AS_OF"
END="$(date +%s.%N)"

SECONDS_TAKEN="$(awk -v s="$START" -v e="$END" 'BEGIN { printf "%.2f", e - s }')"
ROWS_PER_SECOND="$(awk -v r="$INPUT_ROWS" -v t="$SECONDS_TAKEN" 'BEGIN { printf "%.0f", r / t }')"

printf 'orders:          %s\n' "$ORDERS"
printf 'input rows:      %s\n' "$INPUT_ROWS"
printf 'wall seconds:    %s\n' "$SECONDS_TAKEN"
printf 'rows per second: %s\n' "$ROWS_PER_SECOND"

if [[ ! -f "$RESULTS" ]]; then
  printf 'finished_at\torders\tseed\tas_of\tinput_rows\twall_seconds\trows_per_second\tmaster\tdriver_memory\tcommit\n' > "$RESULTS"
fi
COMMIT="$(git rev-parse --short HEAD 2>/dev/null || echo none)"
printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' \
  "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$ORDERS" "$SEED" "$AS_OF" "$INPUT_ROWS" "$SECONDS_TAKEN" \
  "$ROWS_PER_SECOND" "${CLAIMLENS_MASTER:-local[*]}" "${CLAIMLENS_DRIVER_MEMORY:-4g}" "$COMMIT" >> "$RESULTS"
echo "bench: appended to $RESULTS" >&2
