#!/usr/bin/env bash
# FaceCluster set-up: installs what is missing, builds, fetches and verifies face-api.js, converts its models to ONNX,
# extracts the sample photos, then runs the main job on them. Safe to run again: it only redoes what is missing.
#   ./setup.sh            everything, then install facecluster on the PATH, ingest + group the sample photos from their folder (samples/photos/facecluster.db)
#   ./setup.sh --no-run   everything but the sample run (used by test.sh and CI)
#   ./setup.sh --prefix DIR   install into DIR/bin and DIR/lib/facecluster (default /usr/local for root, else ~/.local)
set -euo pipefail
cd "$(dirname "$0")"

FACEAPI_VERSION=1.7.15
TARBALL="vladmandic-face-api-${FACEAPI_VERSION}.tgz"
CACHE=.cache/faceapi
RUN_SAMPLE=1
if [ "$(id -u)" -eq 0 ]; then PREFIX=/usr/local; else PREFIX="$HOME/.local"; fi
while [ $# -gt 0 ]; do
  case "$1" in
    --no-run) RUN_SAMPLE=0; shift ;;
    --prefix) PREFIX="${2:?--prefix needs a folder}"; shift 2 ;;
    *) echo "setup: error: unknown argument $1 (use --no-run, --prefix DIR)" >&2; exit 2 ;;
  esac
done

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

step "installing facecluster on the PATH"
setup/install.sh --prefix "$PREFIX" || die "installing into $PREFIX failed"
installed="$PREFIX/bin/facecluster"

if [ "$RUN_SAMPLE" -eq 1 ]; then
  # The installed program, run from the photo folder as a user would: the library is samples/photos/facecluster.db.
  step "ingesting samples/photos into samples/photos/facecluster.db, then grouping (run from that folder)"
  (cd samples/photos && "$installed" ingest . && "$installed" group && "$installed" people)
fi
step "done"
