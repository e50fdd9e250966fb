#!/usr/bin/env bash
# Builds edgefleet (once, or when the sources changed) and runs the all-in-one platform:
# embedded PostgreSQL + broker + services in one JVM, data under ./.edgefleet (EDGEFLEET_HOME).
set -euo pipefail
cd "$(dirname "$0")/.."
jar=services/all-in-one/target/edgefleet-all-in-one.jar
agent=edge-agent/target/edgefleet-agent.jar
if [ ! -f "$jar" ] || [ ! -f "$agent" ] || [ -n "$(find . -path ./.edgefleet -prune -o \( -name '*.java' -o -name '*.sql' -o -name '*.json' -o -name '*.yaml' -o -name '*.js' -o -name '*.css' -o -name '*.html' -o -name pom.xml \) -newer "$jar" -print -quit)" ]; then
  echo "run.sh: building edgefleet (tests skipped; ./scripts/test.sh runs them)"
  mvn -B -q -ntp -DskipTests install
fi
exec java ${EDGEFLEET_JAVA_OPTS:--Xmx768m} -jar "$jar" "$@"
