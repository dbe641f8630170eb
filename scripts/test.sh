#!/usr/bin/env bash
# The whole test suite on a bare machine with Java 17 and Maven: installs what Maven cannot bring
# when it is missing, then runs `mvn -B verify` (unit tests, the packaged jar on S3 and on a
# standalone cluster, the report in headless Chromium). Extra arguments go to Maven.
#
# What it may install, with Debian's apt-get and only when the command is missing:
#   chromium  the headless browser of the report's browser tests (RiskReportBrowserIT,
#             HeadlessChromiumIT); about 25 packages, 113 MB to download, 414 MB on disk.
# As root it runs apt-get itself; otherwise through sudo when sudo is there; otherwise it names
# the command to run and stops (exit 1) before Maven starts.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# Debian packages a caller wants besides ours (.ci/run adds python3-minimal), one apt-get for all.
packages=(${CLAIMLENS_EXTRA_PACKAGES:-})
command -v chromium > /dev/null || packages+=(chromium)
if [[ ${#packages[@]} -gt 0 ]]; then
  echo "claimlens: installing ${packages[*]} with apt-get (the browser tests need chromium)" >&2
  if [[ $(id -u) -eq 0 ]]; then
    as_root=()
  elif command -v sudo > /dev/null; then
    as_root=(sudo)
  else
    echo "claimlens: not root and no sudo: run 'apt-get install -y --no-install-recommends ${packages[*]}' as root, then this script again" >&2
    exit 1
  fi
  "${as_root[@]}" apt-get update
  "${as_root[@]}" apt-get install -y --no-install-recommends "${packages[@]}"
fi
chromium --version

mvn -B verify "$@"
