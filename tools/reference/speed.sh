#!/usr/bin/env bash
# Whole-process speed of `facecluster ingest` (fresh library, shipped profile) and of face-api.js itself in node (tfjs
# WASM backend, tools/reference/speed.mjs) on the same photos: LFW photos and the ingest benchmark's 12 MP JPEGs.
# Each program runs RUNS times (default 3), the two alternating, so a machine whose speed drifts slows both alike;
# prints every run's wall seconds, each program's median and the ratio of the medians (a set of 0 photos is skipped):
#   [RUNS=3] tools/reference/speed.sh [LFW_COUNT=100] [LARGE_COUNT=12]
# Needs: the .NET SDK, node + npm, set-up's artifacts/facecluster, .cache/faceapi and models/, ../shared/lfw/images.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
lfw_count="${1:-100}"
large_count="${2:-12}"
lfw="${LFW_IMAGES:-$root/../shared/lfw/images}"
weights="${FACEAPI_MODELS:-$root/.cache/faceapi/package/model}"

if [[ ! -d "$here/node_modules/@vladmandic/face-api" || ! -d "$here/node_modules/jpeg-js" ]]; then
  (cd "$here" && npm install --no-audit --no-fund)
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/lfw" "$work/large"
mapfile -t photos < <(find "$lfw" -name '*.jpg' | sort)
[[ "$lfw_count" -eq 0 ]] || ln -s "${photos[@]:0:$lfw_count}" "$work/lfw/"
dotnet run -c Release --project "$root/tests/FaceCluster.Benchmarks" -- large-jpegs --out "$work/large" --count "$large_count"
# The program set-up published from this checkout (Native AOT, as installed); models from the repository's models/.
program="$root/artifacts/facecluster/facecluster"
[[ -x "$program" ]] || { echo "speed: $program is missing; run ./setup.sh --no-run first" >&2; exit 1; }

seconds() { local start end; start=$(date +%s.%N); "$@" > "$work/out.txt" 2>&1 || { cat "$work/out.txt" >&2; exit 1; }; end=$(date +%s.%N); echo "$end - $start" | bc; }

runs="${RUNS:-3}"
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

for set in lfw large; do
  photos=$(find "$work/$set" -name '*.jpg' | wc -l)
  [[ "$photos" -gt 0 ]] || continue
  ours=() theirs=()
  for _ in $(seq "$runs"); do
    rm -f "$work/$set.db"*
    ours+=("$(cd "$root" && FACECLUSTER_ModelsDirectory="$root/models" seconds "$program" ingest "$work/$set" --db "$work/$set.db")")
    ours_out=$(tail -n 3 "$work/out.txt" | tr '\n' ' ')
    theirs+=("$(seconds node "$here/speed.mjs" "$work/$set" "$weights")")
    theirs_out=$(cat "$work/out.txt")
  done
  ours_median=$(median "${ours[@]}")
  theirs_median=$(median "${theirs[@]}")
  printf '%-5s %4d photos: facecluster %6.1f s, face-api.js %6.1f s (medians of %d runs), ratio %5.1fx\n' \
    "$set" "$photos" "$ours_median" "$theirs_median" "$runs" "$(echo "$theirs_median / $ours_median" | bc -l)"
  echo "      facecluster runs: ${ours[*]}; face-api.js runs: ${theirs[*]}"
  echo "      facecluster: $ours_out"
  echo "      $theirs_out"
done
