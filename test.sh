#!/usr/bin/env bash
# Runs the test suite: makes sure set-up's outputs exist (fast when they do), then runs every test except the
# opt-in long ones (Category=Long: full-LFW runs; run them with: dotnet test FaceCluster.sln --filter Category=Long).
set -euo pipefail
cd "$(dirname "$0")"
./setup.sh --no-run
# The HTML gallery test renders the page in headless Chromium (Debian's package).
if ! command -v chromium >/dev/null 2>&1; then
  echo "test: installing chromium for the gallery screenshot test"
  if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null \
    || { echo "test: error: could not install chromium" >&2; exit 1; }
fi
dotnet test FaceCluster.sln --filter "Category!=Long" "$@"
