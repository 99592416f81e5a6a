#!/usr/bin/env bash
# Start-to-first-event of a packaged function: plain JVM against a JDK 25 AOT cache made in a training run.
#   bench/aot-startup.sh [function] [runs]     (default: featurize 5)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
: "${JAVA_HOME:=/usr/lib/jvm/temurin-25-jdk-amd64}"
export JAVA_HOME
fn="${1:-featurize}"
(cd "$ROOT" && ./mvnw -B -q -DskipTests install -pl "functions/$fn,bench" -am)
exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED \
  -cp "$ROOT/bench/target/bench-0.1.0-SNAPSHOT.jar:$ROOT/bench/target/lib/*" dev.tickcast.bench.AotStartup "$ROOT" "$fn" "${2:-5}"
