#!/usr/bin/env bash
# FaceCluster's nightly job: ingest the photo library, then group the faces into people.
# Every line is prefixed with a timestamp (journald and log files read well); set FACECLUSTER_LOG to also append to a file.
#   nightly.sh PHOTO_DIR [DATABASE]
# Environment: FACECLUSTER (the command, default: the ./facecluster beside this repository), FACECLUSTER_LOG.
# Exit status: 0 when the night's work completed or another run already held the library; otherwise the failing
# command's exit code (see the README's table).
set -uo pipefail
here="$(cd "$(dirname "$0")/../.." && pwd)"
library="${1:?usage: nightly.sh PHOTO_DIR [DATABASE]}"
database="${2:-$here/facecluster.db}"
read -r -a facecluster <<< "${FACECLUSTER:-$here/facecluster}"
if [ -n "${FACECLUSTER_LOG:-}" ]; then
  exec > >(tee -a "$FACECLUSTER_LOG") 2>&1
fi

log() { printf '%s facecluster-nightly: %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$*"; }
step() {
  log "$*"
  "${facecluster[@]}" "$@" --db "$database" 2>&1 | while IFS= read -r line; do log "  $line"; done
  return "${PIPESTATUS[0]}"
}

cd "$here" || exit 1
step ingest "$library"
status=$?
if [ "$status" -eq 5 ]; then
  log "another FaceCluster run holds $database; nothing to do tonight"
  exit 0
elif [ "$status" -ne 0 ]; then
  log "ingest failed with exit code $status"
  exit "$status"
fi

step group
status=$?
[ "$status" -eq 0 ] && log "done" || log "group failed with exit code $status"
exit "$status"
