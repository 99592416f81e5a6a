#!/usr/bin/env bash
# Trades/s through aggregate (Kafka binding, HTTP binding) and through a Kafka Streams tumbling window, one run.
# Builds what it needs, then prints a Markdown table for docs/benchmarks.md.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
: "${JAVA_HOME:=/usr/lib/jvm/temurin-25-jdk-amd64}"
export JAVA_HOME
(cd "$ROOT" && ./mvnw -B -q -DskipTests install -pl functions/aggregate,bench -am)
exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -Xmx2g \
  -cp "$ROOT/bench/target/bench-0.1.0-SNAPSHOT.jar:$ROOT/bench/target/lib/*" dev.tickcast.bench.AggregateThroughput "$ROOT"
