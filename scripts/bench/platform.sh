#!/usr/bin/env bash
# Starts, stops or restarts an all-in-one platform for the scale benchmarks on a data directory of its own.
#   platform.sh start HOME | stop HOME | restart HOME
# The pid goes to HOME/platform.pid (the simulator's --watch follows it across a restart), the log to
# HOME/platform.log. Ports: BENCH_*_PORT below (fixed, high, so the simulator and the wrappers know them).
set -euo pipefail
usage="usage: platform.sh start|stop|restart HOME"
command=${1:?$usage}
home=${2:?$usage}
root="$(cd "$(dirname "$0")/../.." && pwd)"
jar="$root/services/all-in-one/target/edgefleet-all-in-one.jar"
: "${BENCH_MQTT_PORT:=18830}" "${BENCH_GATEWAY_PORT:=18080}" "${BENCH_REGISTRY_PORT:=18081}"
: "${BENCH_TENANCY_PORT:=18082}" "${BENCH_DEPLOYMENT_PORT:=18083}" "${BENCH_TELEMETRY_PORT:=18084}"
# a bigger heap than run.sh's: tens of thousands of MQTT sessions live in the broker's memory
: "${BENCH_PLATFORM_JAVA_OPTS:=-Xmx4g}"

start() {
  [ -f "$jar" ] || { echo "platform.sh: $jar is missing; build it: mvn -B -DskipTests install" >&2; exit 1; }
  mkdir -p "$home"
  # the rate limit is per caller; enrolling thousands of endpoints and the REST scenario are one caller
  # shellcheck disable=SC2086 # the Java options are a list of words
  EDGEFLEET_HOME="$home" \
  EDGEFLEET_MQTT_PORT="$BENCH_MQTT_PORT" EDGEFLEET_GATEWAY_PORT="$BENCH_GATEWAY_PORT" \
  EDGEFLEET_REGISTRY_PORT="$BENCH_REGISTRY_PORT" EDGEFLEET_TENANCY_PORT="$BENCH_TENANCY_PORT" \
  EDGEFLEET_DEPLOYMENT_PORT="$BENCH_DEPLOYMENT_PORT" EDGEFLEET_TELEMETRY_PORT="$BENCH_TELEMETRY_PORT" \
  EDGEFLEET_RATE_LIMIT_PER_MINUTE="${BENCH_RATE_LIMIT_PER_MINUTE:-1000000}" \
    nohup java $BENCH_PLATFORM_JAVA_OPTS -jar "$jar" >>"$home/platform.log" 2>&1 </dev/null &
  echo $! >"$home/platform.pid"
  local started=$SECONDS
  until curl -fsS -o /dev/null "http://127.0.0.1:$BENCH_GATEWAY_PORT/health/ready" 2>/dev/null; do
    if ! kill -0 "$(cat "$home/platform.pid")" 2>/dev/null; then
      echo "platform.sh: the platform exited; last lines of $home/platform.log:" >&2
      tail -20 "$home/platform.log" >&2
      exit 1
    fi
    if (( SECONDS - started > 180 )); then
      echo "platform.sh: not ready after 180 s; see $home/platform.log" >&2
      exit 1
    fi
    sleep 0.2
  done
  echo "platform.sh: ready after $(( SECONDS - started )) s (pid $(cat "$home/platform.pid"), home $home)"
}

stop() {
  [ -f "$home/platform.pid" ] || return 0
  local pid
  pid=$(cat "$home/platform.pid")
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid"
    # a graceful stop closes tens of thousands of sessions; give it a minute before SIGKILL
    for _ in $(seq 600); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid"
  fi
  rm -f "$home/platform.pid"
}

case "$command" in
  start) start ;;
  stop) stop ;;
  restart) stop; start ;;
  *) echo "$usage" >&2; exit 2 ;;
esac
