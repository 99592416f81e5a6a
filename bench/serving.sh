#!/usr/bin/env bash
# Serving benchmarks: candle close -> prediction available (p50/p99), and latest-prediction requests/s with wrk.
# Builds what it needs, runs the end-to-end scenario (train, promote, replay at 60x), prints Markdown rows for
# docs/benchmarks.md. Needs wrk (Debian: apt-get install wrk).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
: "${JAVA_HOME:=/usr/lib/jvm/temurin-25-jdk-amd64}"
export JAVA_HOME
command -v wrk >/dev/null || { echo "serving.sh: wrk is missing (apt-get install wrk)" >&2; exit 2; }
(cd "$ROOT" && ./mvnw -B -q -DskipTests install -pl functions/api,functions/aggregate,functions/featurize,functions/predict,functions/train,e2e -am)
exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -Xmx1g \
  -cp "$ROOT/e2e/target/e2e-0.1.0-SNAPSHOT.jar:$ROOT/e2e/target/lib/*" dev.tickcast.e2e.ServingBenchmark "$ROOT" "${1:-60}"
