#!/usr/bin/env bash
# Rebuilds the committed sample, data-samples/marketplace: 4,000 orders with seed 42 and the planted
# bad rows (data-samples/README.md describes it). The generator is deterministic, so rerunning it on
# an unchanged generator rewrites identical files.
#   scripts/generate-samples.sh
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cd "$REPO_ROOT"

SAMPLE_DIR="data-samples/marketplace"

ensure_built
# start clean, so no file of an older layout survives next to the new ones
rm -rf "$SAMPLE_DIR"
run_generator --output "$SAMPLE_DIR" --orders 4000 --seed 42 --bad-rows
