#!/usr/bin/env bash
# Times `./tickcast up --no-feed` from the command until the api answers on localhost:8080, then stops it (SIGTERM: a background job ignores SIGINT).
#   bench/up-ready.sh            warm: with whatever is built and downloaded already
#   bench/up-ready.sh --fresh    as on a new machine: empty Maven repository and wrapper home, nothing built
# Prints one line: "<mode> ready in N s" (and, fresh, the build time ./tickcast reported).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
mode=warm
if [ "${1:-}" = "--fresh" ]; then
  mode=fresh
  scratch="$(mktemp -d)"
  export MAVEN_USER_HOME="$scratch/wrapper-home"
  export MAVEN_OPTS="-Dmaven.repo.local=$scratch/repository ${MAVEN_OPTS:-}"
  (cd "$ROOT" && git clean -fdxq -e .tickcast >/dev/null 2>&1 || true)
fi
log="$(mktemp)"
start=$(date +%s.%N)
"$ROOT/tickcast" up --no-feed >"$log" 2>&1 &
pid=$!
trap 'kill -TERM $pid 2>/dev/null || true; wait $pid 2>/dev/null || true' EXIT
until curl -sf -o /dev/null http://localhost:8080/api/v1/status; do
  if ! kill -0 $pid 2>/dev/null; then echo "tickcast up exited early:"; cat "$log"; exit 1; fi
  sleep 0.2
done
end=$(date +%s.%N)
printf '%s ready in %.1f s\n' "$mode" "$(echo "$end - $start" | bc)"
grep -E 'built in|Tickcast is up' "$log" || true
