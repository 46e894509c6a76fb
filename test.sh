#!/usr/bin/env bash
# Runs the test suite: makes sure set-up's outputs exist (fast when they do), then runs every test except the
# opt-in long ones (Category=Long: full-LFW runs; run them with: dotnet test FaceCluster.sln --filter Category=Long).
set -euo pipefail
cd "$(dirname "$0")"
./setup.sh --no-run
dotnet test FaceCluster.sln --filter "Category!=Long" "$@"
