#!/usr/bin/env bash
# Installs the built program and its converted models so that `facecluster` runs from any folder:
#   PREFIX/lib/facecluster/           the program (from artifacts/facecluster) with its appsettings.json
#   PREFIX/lib/facecluster/models/    the converted models (from models/)
#   PREFIX/bin/facecluster            the launcher
# PREFIX defaults to /usr/local for root and ~/.local for anyone else.
#   setup/install.sh [--prefix DIR]              install (setup.sh calls it)
#   setup/install.sh [--prefix DIR] --uninstall  remove what install put there (libraries and settings are kept)
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "$(id -u)" -eq 0 ]; then PREFIX=/usr/local; else PREFIX="$HOME/.local"; fi
UNINSTALL=0
while [ $# -gt 0 ]; do
  case "$1" in
    --prefix) PREFIX="${2:?--prefix needs a folder}"; shift 2 ;;
    --uninstall) UNINSTALL=1; shift ;;
    *) echo "install: error: unknown argument $1" >&2; exit 2 ;;
  esac
done

die() { echo "install: error: $*" >&2; exit 1; }
APP="$PREFIX/lib/facecluster"
LAUNCHER="$PREFIX/bin/facecluster"

if [ "$UNINSTALL" -eq 1 ]; then
  rm -rf "$APP" "$LAUNCHER"
  echo "install: removed $APP and $LAUNCHER"
  exit 0
fi

[ -x artifacts/facecluster/facecluster ] || die "not built yet; run ./setup.sh first"
[ -f models/models.json ] || die "models not converted yet; run ./setup.sh first"

# Copy into a fresh folder and swap it in, so a failed copy never leaves a half-installed program.
mkdir -p "$PREFIX/lib" "$PREFIX/bin"
rm -rf "$APP.new"
cp -R artifacts/facecluster "$APP.new"
# The program's debugging symbols stay in artifacts/ (they are twice the program's size).
rm -f "$APP.new"/*.dbg
mkdir -p "$APP.new/models"
cp models/*.onnx models/models.json "$APP.new/models/"
rm -rf "$APP.old"
[ -e "$APP" ] && mv "$APP" "$APP.old"
mv "$APP.new" "$APP"
rm -rf "$APP.old"

{
  echo '#!/usr/bin/env bash'
  echo "# FaceCluster launcher written by setup/install.sh; remove with: setup/install.sh --prefix $(printf '%q' "$PREFIX") --uninstall"
  echo "exec $(printf '%q' "$APP/facecluster") \"\$@\""
} > "$LAUNCHER.new"
chmod +x "$LAUNCHER.new"
mv "$LAUNCHER.new" "$LAUNCHER"

echo "install: facecluster installed as $LAUNCHER (program and models in $APP)"
case ":$PATH:" in
  *":$PREFIX/bin:"*) ;;
  *) echo "install: note: $PREFIX/bin is not on your PATH; add it (e.g. in ~/.profile: export PATH=\"$PREFIX/bin:\$PATH\")" ;;
esac
