#!/usr/bin/env bash
# Regenerates tests/FaceCluster.Tests/Fixtures/faceapi/reference.json with face-api.js 1.7.15 on tfjs 4.22.0 (WASM).
# Run from anywhere: tools/reference/generate.sh
# Needs: node + npm, the .NET SDK, .cache/faceapi/package (set-up), samples/photos and ../shared/lfw/images.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$root"

models="${FACEAPI_MODELS:-$root/.cache/faceapi/package/model}"
lfw="${LFW_IMAGES:-$root/../shared/lfw/images}"
inputs="$here/.inputs"
out="$root/tests/FaceCluster.Tests/Fixtures/faceapi/reference.json"

[[ -f "$models/ssd_mobilenetv1_model-weights_manifest.json" ]] || { echo "missing face-api weights in $models" >&2; exit 1; }

if [[ ! -d "$here/node_modules/@vladmandic/face-api" || ! -d "$here/node_modules/@tensorflow/tfjs-backend-wasm" || ! -d "$here/node_modules/pngjs" ]]; then
  (cd "$here" && npm install --no-audit --no-fund)
fi

# Images: the six sample photos, and image _0001 of each of the 8 LFW people with the most images.
refs=()
for i in 1 2 3 4 5 6; do refs+=("samples/photos/sample$i.jpg"); done
for person in George_W_Bush Colin_Powell Tony_Blair Donald_Rumsfeld Gerhard_Schroeder Ariel_Sharon Hugo_Chavez Junichiro_Koizumi; do
  refs+=("lfw:$person/${person}_0001.jpg")
done

paths=()
for ref in "${refs[@]}"; do
  if [[ "$ref" == lfw:* ]]; then paths+=("$lfw/${ref#lfw:}"); else paths+=("$root/$ref"); fi
done
for p in "${paths[@]}"; do [[ -f "$p" ]] || { echo "missing image $p" >&2; exit 1; }; done

rm -rf "$inputs"
mkdir -p "$inputs"
# FixtureInputs decodes with ImageSharp exactly as FaceCluster does and writes lossless PNGs plus
# "name<TAB>width<TAB>height<TAB>sha256" per image, in argument order.
dotnet run --project "$root/tools/FixtureInputs" -c Release -- "$inputs" "${paths[@]}" > "$inputs/decoded.tsv"
[[ "$(wc -l < "$inputs/decoded.tsv")" -eq "${#refs[@]}" ]] || { echo "FixtureInputs printed an unexpected number of lines" >&2; cat "$inputs/decoded.tsv" >&2; exit 1; }
printf '%s\n' "${refs[@]}" | paste - "$inputs/decoded.tsv" > "$inputs/index.tsv"

node "$here/reference.mjs" "$inputs/index.tsv" "$inputs" "$models" "$out"
