#!/usr/bin/env bash
# The reconnect scenario on a fresh all-in-one platform; options go to the simulator (see tools/simulator/README.md).
set -euo pipefail
exec "$(dirname "$0")/run.sh" reconnect "$@"
