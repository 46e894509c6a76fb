#!/usr/bin/env bash
# FaceCluster's nightly job: ingest the photo library, then group the faces into people.
# Every line is prefixed with a timestamp (journald and log files read well); set FACECLUSTER_LOG to also append to a file.
#   nightly.sh PHOTO_DIR [DATABASE]
# Environment: FACECLUSTER (the command, default: the ./facecluster of this repository when it is built, else
# the installed `facecluster` on the PATH), FACECLUSTER_LOG,
# FACECLUSTER_NIGHTLY_MAX_LOCK_HOURS (default 12: how long another run may hold the library before that is an error).
# Exit status: 0 when the night's work completed or another run has held the library for less than the limit; 5 when
# the holder has held it longer (a hung run or a forgotten process: it needs a person); otherwise the failing
# command's exit code (see the README's table).
set -uo pipefail
here="$(cd "$(dirname "$0")/../.." && pwd)"
# Paths given relative to the caller's folder stay so after the cd below.
library="$(realpath -m "${1:?usage: nightly.sh PHOTO_DIR [DATABASE]}")"
database="$(realpath -m "${2:-$here/facecluster.db}")"
default_command="$here/facecluster"
[ -x "$here/artifacts/facecluster/facecluster" ] || default_command="facecluster"
read -r -a facecluster <<< "${FACECLUSTER:-$default_command}"
if [ -n "${FACECLUSTER_LOG:-}" ]; then
  exec > >(tee -a "$FACECLUSTER_LOG") 2>&1
fi

log() { printf '%s facecluster-nightly: %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$*"; }
max_lock_hours="${FACECLUSTER_NIGHTLY_MAX_LOCK_HOURS:-12}"

step() {
  log "$*"
  "${facecluster[@]}" "$@" --db "$database" 2>&1 | while IFS= read -r line; do log "  $line"; done
  return "${PIPESTATUS[0]}"
}

cd "$here" || exit 1
step ingest "$library"
status=$?
if [ "$status" -eq 5 ]; then
  # The holder's owner file (written by LibraryLock) reads "pid N, PURPOSE, since YYYY-MM-DD HH:MM:SSZ".
  owner_file="$database.lock.owner"
  holder="$(cat "$owner_file" 2>/dev/null)"
  since=""
  if [[ "$holder" == *"since "* ]]; then
    since="$(date -u -d "${holder##*since }" +%s 2>/dev/null)"
  fi
  # An owner file without a readable start time: it was written when the lock was taken.
  [ -n "$since" ] || since="$(stat -c %Y "$owner_file" 2>/dev/null)"
  if [ -n "$since" ]; then
    age=$(( $(date -u +%s) - since ))
    if awk -v age="$age" -v hours="$max_lock_hours" 'BEGIN { exit !(age > hours * 3600) }'; then
      log "error: $database has been held for $(( age / 3600 )) h, longer than $max_lock_hours h, by: $holder"
      log "a run that hangs or a forgotten process needs a person; nothing was done tonight"
      exit 5
    fi
  fi
  log "another FaceCluster run holds $database (${holder:-holder unknown}); nothing to do tonight"
  exit 0
elif [ "$status" -ne 0 ]; then
  log "ingest failed with exit code $status"
  exit "$status"
fi

step group
status=$?
[ "$status" -eq 0 ] && log "done" || log "group failed with exit code $status"
exit "$status"
