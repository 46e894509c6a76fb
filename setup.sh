#!/usr/bin/env bash
# FaceCluster set-up: installs what is missing, builds, fetches and verifies face-api.js, converts its models to ONNX,
# extracts the sample photos, then runs the main job on them. Safe to run again: it only redoes what is missing.
#   ./setup.sh            everything, then ingest + group the sample photos (samples/facecluster.db)
#   ./setup.sh --no-run   everything but the sample run (used by test.sh and CI)
set -euo pipefail
cd "$(dirname "$0")"

FACEAPI_VERSION=1.7.15
TARBALL="vladmandic-face-api-${FACEAPI_VERSION}.tgz"
CACHE=.cache/faceapi
RUN_SAMPLE=1
[ "${1:-}" = "--no-run" ] && RUN_SAMPLE=0

die() { echo "setup: error: $*" >&2; exit 1; }
step() { echo "setup: $*"; }

command -v dotnet >/dev/null 2>&1 || die "the .NET 10 SDK ('dotnet') is not installed or not on PATH"
command -v npm >/dev/null 2>&1 || die "npm is not installed or not on PATH (install Node.js 20 with npm); it is needed to fetch @vladmandic/face-api@${FACEAPI_VERSION}"

# USearch's native library needs the GNU OpenMP runtime.
if ! ldconfig -p 2>/dev/null | grep -q 'libgomp\.so\.1'; then
  step "installing libgomp1 (needed by the USearch HNSW index)"
  if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq >/dev/null || die "apt-get update failed; install the Debian package libgomp1 by hand"
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq libgomp1 >/dev/null || die "could not install libgomp1"
fi

# face-api.js: fetch with npm pack, verify against the checksum committed in setup/, unpack.
mkdir -p "$CACHE"
EXPECTED=$(cut -d' ' -f1 "setup/face-api-${FACEAPI_VERSION}.sha256")
actual_sha() { sha256sum "$CACHE/$TARBALL" | cut -d' ' -f1; }
if [ ! -f "$CACHE/$TARBALL" ] || [ "$(actual_sha)" != "$EXPECTED" ]; then
  step "fetching @vladmandic/face-api@${FACEAPI_VERSION} with npm pack"
  rm -f "$CACHE/$TARBALL"
  npm pack "@vladmandic/face-api@${FACEAPI_VERSION}" --pack-destination "$CACHE" --silent >/dev/null 2>"$CACHE/npm.log" \
    || die "npm pack @vladmandic/face-api@${FACEAPI_VERSION} failed (see $CACHE/npm.log)"
  if [ "$(actual_sha)" != "$EXPECTED" ]; then
    mv "$CACHE/$TARBALL" "$CACHE/$TARBALL.rejected"
    die "$TARBALL has SHA-256 $(sha256sum "$CACHE/$TARBALL.rejected" | cut -d' ' -f1), expected $EXPECTED; refusing to use it (kept as $CACHE/$TARBALL.rejected)"
  fi
fi
if [ ! -f "$CACHE/package/.sha256" ] || [ "$(cat "$CACHE/package/.sha256")" != "$EXPECTED" ]; then
  step "unpacking $TARBALL"
  rm -rf "$CACHE/package" "$CACHE/package.tmp"
  mkdir -p "$CACHE/package.tmp"
  tar -xzf "$CACHE/$TARBALL" -C "$CACHE/package.tmp"
  echo "$EXPECTED" > "$CACHE/package.tmp/package/.sha256"
  mv "$CACHE/package.tmp/package" "$CACHE/package"
  rm -rf "$CACHE/package.tmp"
fi

step "building"
dotnet publish src/FaceCluster.Cli/FaceCluster.Cli.csproj -c Release -o artifacts/facecluster --nologo -v quiet >/dev/null \
  || die "build failed (run: dotnet publish src/FaceCluster.Cli -c Release -o artifacts/facecluster)"

./facecluster models install --weights "$CACHE/package/model" --source-sha256 "$EXPECTED"

mkdir -p samples/photos
for photo in "$CACHE"/package/demo/sample*.jpg; do
  cmp -s "$photo" "samples/photos/$(basename "$photo")" || cp "$photo" samples/photos/
done

./facecluster models verify

if [ "$RUN_SAMPLE" -eq 1 ]; then
  step "ingesting samples/photos into samples/facecluster.db, then grouping"
  ./facecluster ingest samples/photos --db samples/facecluster.db
  ./facecluster group --db samples/facecluster.db
  ./facecluster people --db samples/facecluster.db
fi
step "done"
