#!/usr/bin/env bash
# docs/model.md: persistence, a linear baseline and XGBoost (market-v1 and market-v2, each objective) on the real
# Bitstamp week, every walk-forward fold and the holdout; offline, no stack. Builds what it needs (package, no
# install), then runs dev.tickcast.bench.ModelReport. Takes ~10-20 minutes on 2 cores. Argument: the output file.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
: "${JAVA_HOME:=/usr/lib/jvm/temurin-25-jdk-amd64}"
export JAVA_HOME
(cd "$ROOT" && ./mvnw -B -q ${MVN_OFFLINE:+-o} -DskipTests -Dquarkus.build.skip=true package -pl bench -am)
exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -Xmx3g \
  -cp "$ROOT/bench/target/bench-0.1.0-SNAPSHOT.jar:$ROOT/bench/target/lib/*" dev.tickcast.bench.ModelReport \
  "${1:-$ROOT/docs/model.md}"
