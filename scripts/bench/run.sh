#!/usr/bin/env bash
# One scale scenario end to end: a fresh all-in-one platform (new EDGEFLEET_HOME under target/bench/), the simulator
# running the scenario against it, the results file, and both stopped again whatever happens.
#   scripts/bench/run.sh <ramp|steady|commands|fanout|reconnect|rest> [simulator options, e.g. --agents 10000]
# Results: target/bench/<scenario>-<time>/<scenario>-<time>.json (the platform's data and log beside it).
# BENCH_HOME=<such a directory> runs on that directory's platform data and fleet file instead of fresh ones, so
# scenarios with 10,000 agents do not enroll them again each time (the platform is still started and stopped).
# BENCH_SIMULATOR_JAVA_OPTS (default -Xmx3g) and BENCH_PLATFORM_JAVA_OPTS (platform.sh) size the two JVMs.
set -euo pipefail
scenario=${1:?usage: run.sh <scenario> [simulator options]}
shift
root="$(cd "$(dirname "$0")/../.." && pwd)"
simulator="$root/tools/simulator/target/edgefleet-simulator.jar"
[ -f "$simulator" ] || { echo "run.sh: $simulator is missing; build it: mvn -B -DskipTests install" >&2; exit 1; }
: "${BENCH_MQTT_PORT:=18830}" "${BENCH_GATEWAY_PORT:=18080}" "${BENCH_REGISTRY_PORT:=18081}"
: "${BENCH_TELEMETRY_PORT:=18084}"
export BENCH_MQTT_PORT BENCH_GATEWAY_PORT BENCH_REGISTRY_PORT BENCH_TELEMETRY_PORT
stamp=$(date -u +%Y%m%dT%H%M%SZ)
home=${BENCH_HOME:-$root/target/bench/$scenario-$stamp}
results="$home/$scenario-$stamp.json"
log="$home/$scenario-$stamp.log"
mkdir -p "$home"
platform() { "$root/scripts/bench/platform.sh" "$1" "$home/platform"; }
# the platform never outlives the run, also on Ctrl-C or a failed simulator
trap 'platform stop' EXIT
platform start

extra=()
if [ "$scenario" = reconnect ]; then
  # the broker is embedded in the all-in-one: restarting the broker means restarting the whole platform
  extra+=(--restart-command "$root/scripts/bench/platform.sh restart $home/platform")
fi
# shellcheck disable=SC2086 # the Java options are a list of words
java ${BENCH_SIMULATOR_JAVA_OPTS:--Xmx3g} -jar "$simulator" "$scenario" \
  --broker "tcp://127.0.0.1:$BENCH_MQTT_PORT" --gateway "http://127.0.0.1:$BENCH_GATEWAY_PORT" \
  --admin-password-file "$home/platform/admin-password" \
  --fleet-file "$home/fleet.csv" \
  --registry-metrics "http://127.0.0.1:$BENCH_REGISTRY_PORT/metrics" \
  --telemetry-metrics "http://127.0.0.1:$BENCH_TELEMETRY_PORT/metrics" \
  --watch "platform=@$home/platform/platform.pid" \
  --watch "postgres=@$home/platform/postgres/postmaster.pid" \
  --out "$results" \
  "${extra[@]}" "$@" >"$log" 2>&1 || status=$?
grep -E 'ERROR|failed' "$log" | tail -3 || true
echo "run.sh: results in $results (simulator log: $log)"
exit "${status:-0}"
