#!/usr/bin/env bash
# Builds the container images of edgefleet after `mvn package` (or install): broker, registry, tenancy,
# deployment, telemetry, gateway (with the agent jar it hands out) and agent.
#   scripts/build-images.sh [--base IMAGE] [--tag TAG] [--prefix PREFIX]
#     --base    the Java 17 runtime image to build on (default eclipse-temurin:17-jre)
#     --tag     the images' tag (default: the project's version from pom.xml)
#     --prefix  put before each image's name (default edgefleet/), e.g. registry.example.com/edgefleet/
# Images: <prefix><name>:<tag>. Layers: base, third-party jars, edgefleet's jars (see docs/deployment.md).
set -euo pipefail
cd "$(dirname "$0")/.."

usage() { sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }

base=eclipse-temurin:17-jre
tag=
prefix=edgefleet/
while [ $# -gt 0 ]; do
  case "$1" in
    --base) [ $# -ge 2 ] || usage; base=$2; shift 2 ;;
    --tag) [ $# -ge 2 ] || usage; tag=$2; shift 2 ;;
    --prefix) [ $# -ge 2 ] || usage; prefix=$2; shift 2 ;;
    -h|--help) usage ;;
    *) echo "build-images.sh: unknown argument '$1'" >&2; usage ;;
  esac
done
if [ -z "$tag" ]; then
  # the first <version> of the root pom is the project's own (the parent has no <parent>)
  tag=$(sed -n 's:^  <version>\(.*\)</version>$:\1:p' pom.xml | head -n 1)
  [ -n "$tag" ] || { echo "build-images.sh: cannot read the project version from pom.xml" >&2; exit 1; }
fi

for dir in broker services/registry services/tenancy services/deployment services/telemetry services/gateway edge-agent; do
  if [ ! -d "$dir/target/image/lib" ] || [ ! -d "$dir/target/image/app" ]; then
    echo "build-images.sh: $dir/target/image is missing: run 'mvn package' first" >&2
    exit 1
  fi
done
[ -f edge-agent/target/edgefleet-agent.jar ] \
  || { echo "build-images.sh: edge-agent/target/edgefleet-agent.jar is missing: run 'mvn package' first" >&2; exit 1; }

build() { # image-name, then docker build arguments
  local image="$prefix$1:$tag"
  shift
  echo "build-images.sh: $image"
  docker build -q --build-arg "BASE_IMAGE=$base" -t "$image" "$@" >/dev/null
}

build broker broker
build agent edge-agent
# the services share one Dockerfile; its context is the repository root (.dockerignore sends only target/image)
service() { # name, main class, port, stage
  build "$1" -f docker/service.Dockerfile --target "$4" --build-arg "MODULE=services/$1" \
    --build-arg "MAIN_CLASS=$2" --build-arg "HTTP_PORT=$3" .
}
service registry io.edgefleet.registry.Main 8081 service
service tenancy io.edgefleet.tenancy.Main 8082 service
service deployment io.edgefleet.deployment.Main 8083 service
service telemetry io.edgefleet.telemetry.Main 8084 service
service gateway io.edgefleet.gateway.Main 8080 gateway
echo "build-images.sh: done (tag $tag, base $base)"
