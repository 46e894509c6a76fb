#!/usr/bin/env bash
# Runs the test suite: makes sure set-up's outputs exist (fast when they do), then runs every test except the
# opt-in long ones (Category=Long: full-LFW runs; run them with: dotnet test FaceCluster.sln --filter Category=Long).
set -euo pipefail
cd "$(dirname "$0")"
./setup.sh --no-run
# Debian tools the tests drive: chromium renders the HTML gallery and runs the review (serve) browser tests through
# Playwright's bundled driver (no browser is downloaded); heif-enc (libheif-examples) and ExifTool write the
# HEIC/AVIF photos, orientation tags and RAW previews of the format tests; PostgreSQL (initdb, postgres, pg_ctl) runs
# the throwaway servers of the PostgreSQL store tests.
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v heif-enc >/dev/null 2>&1 || missing+=(libheif-examples)
command -v exiftool >/dev/null 2>&1 || missing+=(libimage-exiftool-perl)
compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || command -v initdb >/dev/null 2>&1 || missing+=(postgresql)
if [ ${#missing[@]} -gt 0 ]; then
  echo "test: installing ${missing[*]}"
  if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null \
    || { echo "test: error: could not install ${missing[*]}" >&2; exit 1; }
fi
# Tests that start facecluster as a child process run the program set-up just published (Native AOT), as users do.
export FACECLUSTER_TEST_PROGRAM="$PWD/artifacts/facecluster/facecluster"
# Here the PostgreSQL tests must run: without PostgreSQL they fail instead of being skipped.
export FACECLUSTER_TESTS_REQUIRE_POSTGRES=1
dotnet test FaceCluster.sln --filter "Category!=Long" "$@"
