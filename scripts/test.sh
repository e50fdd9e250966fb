#!/usr/bin/env bash
# Runs the whole edgefleet test suite. On a fresh Debian machine (as root) it first installs and
# starts what the tests need: the Docker engine, Debian's docker-compose (the compose stack test), busybox-static (for locally built test images), Debian's
# docker-registry and apache2-utils' htpasswd (a private registry with password auth for pull tests), and
# Debian's prometheus (with promtool) and prometheus-alertmanager for the telemetry tests, systemd-analyze, and
# chromium with chromium-driver (and a Chinese font) for the console's browser tests, and kubectl
# (kubernetes-client) to render the k8s/ manifests.
# PostgreSQL comes from Maven Central as zonky embedded-postgres; the broker is embedded.
# Idempotent: a second run installs nothing and reuses a running dockerd.
set -euo pipefail
cd "$(dirname "$0")/.."

need_packages=()
command -v dockerd >/dev/null 2>&1 || need_packages+=(docker.io)
dpkg -s busybox-static >/dev/null 2>&1 || need_packages+=(busybox-static)  # static: it runs in an empty image
command -v docker-registry >/dev/null 2>&1 || [ -x /usr/bin/docker-registry ] || need_packages+=(docker-registry)
command -v htpasswd >/dev/null 2>&1 || need_packages+=(apache2-utils)
command -v unshare >/dev/null 2>&1 || need_packages+=(util-linux)
# ComposeStackIT brings docker-compose.yml up with Debian's docker-compose
command -v docker-compose >/dev/null 2>&1 || need_packages+=(docker-compose)
# jlink needs the JDK's jmods to build the local Java base image that stands in for eclipse-temurin
[ -d "$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")/jmods" ] || need_packages+=(openjdk-17-jmods)
command -v ip >/dev/null 2>&1 || need_packages+=(iproute2)
# the fault scenarios (allinone Fault*IT) put agents in network namespaces behind firewalled, lossy, capped links
command -v iptables >/dev/null 2>&1 || need_packages+=(iptables)
# a real Prometheus scrapes the federation endpoint, promtool checks every /metrics, a real Alertmanager takes alerts
command -v prometheus >/dev/null 2>&1 || need_packages+=(prometheus)
command -v prometheus-alertmanager >/dev/null 2>&1 || need_packages+=(prometheus-alertmanager)
# systemd's own parser checks the agent's systemd unit
command -v systemd-analyze >/dev/null 2>&1 || need_packages+=(systemd)
# AgentInstallScriptIT runs the agent's one-line install as users do: curl ... | sudo sh
command -v curl >/dev/null 2>&1 || need_packages+=(curl)
command -v sudo >/dev/null 2>&1 || need_packages+=(sudo)
# InstallScriptLintIT checks the install script with shellcheck (POSIX mode) and dash
command -v shellcheck >/dev/null 2>&1 || need_packages+=(shellcheck)
command -v dash >/dev/null 2>&1 || need_packages+=(dash)
# the console's browser tests drive headless chromium; a CJK font renders the Chinese screens in their screenshots
command -v chromium >/dev/null 2>&1 || need_packages+=(chromium)
command -v chromedriver >/dev/null 2>&1 || need_packages+=(chromium-driver)
dpkg -s fonts-wqy-microhei >/dev/null 2>&1 || need_packages+=(fonts-wqy-microhei)
# kubectl kustomize renders the k8s/ overlays for the manifest test (Debian's kubectl 1.20 is enough)
command -v kubectl >/dev/null 2>&1 || need_packages+=(kubernetes-client)
# k8s/create-secrets.sh (run by the manifest test with --dry-run) generates the values with openssl
command -v openssl >/dev/null 2>&1 || need_packages+=(openssl)

if [ ${#need_packages[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "test.sh: missing ${need_packages[*]}; run as root (or install them) first" >&2
    exit 1
  fi
  echo "test.sh: installing ${need_packages[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_packages[@]}" >/dev/null
fi

if ! docker info >/dev/null 2>&1; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "test.sh: the Docker engine is not running and only root can start it here" >&2
    exit 1
  fi
  echo "test.sh: starting dockerd"
  nohup dockerd >/var/log/dockerd.log 2>&1 &
  for _ in $(seq 1 60); do
    docker info >/dev/null 2>&1 && break
    sleep 1
  done
  docker info >/dev/null 2>&1 || { echo "test.sh: dockerd did not come up; see /var/log/dockerd.log" >&2; exit 1; }
fi

# Two modules build at once (-T): after the kit, the four services and the edge agent do not depend on each other;
# all-in-one runs its end-to-end classes one at a time (-De2e.forkCount=2 runs two at once, faster on a machine
# with cores to spare). EDGEFLEET_TEST_THREADS=1 builds one module at a time.
exec mvn -B -ntp -T "${EDGEFLEET_TEST_THREADS:-2}" verify "$@"
