#!/usr/bin/env bash
# Creates the two Secrets the k8s/ manifests reference, with freshly generated values:
#   edgefleet-secrets  internal-token, mqtt-<service>-password (x5), jwt-private-key-pem, secret-key,
#                      bootstrap-admin-password
#   edgefleet-db       password (PostgreSQL's; taken from EDGEFLEET_DB_PASSWORD when set, as for an
#                      external database, generated otherwise, as for the dev overlay's in-cluster one)
# The values never touch the disk or the repository. An existing Secret is left alone: secret-key seals
# stored credentials and jwt-private-key-pem signs live sessions, so replacing them is a deliberate act.
#
# Usage: k8s/create-secrets.sh [--namespace NAME] [--dry-run]
#   --dry-run  print the Secrets as YAML instead of creating them (no cluster needed; e.g. to seal them
#              with a sealed-secrets or SOPS workflow)
set -euo pipefail

namespace=edgefleet
dry_run=false
while [ $# -gt 0 ]; do
  case "$1" in
    --namespace) [ $# -ge 2 ] || { echo "create-secrets.sh: --namespace needs a value" >&2; exit 2; }
                 namespace=$2; shift 2 ;;
    --dry-run) dry_run=true; shift ;;
    *) echo "create-secrets.sh: unknown argument '$1' (usage: [--namespace NAME] [--dry-run])" >&2; exit 2 ;;
  esac
done

for tool in kubectl openssl; do
  command -v "$tool" >/dev/null 2>&1 || { echo "create-secrets.sh: $tool is required" >&2; exit 1; }
done

# hex: no ',' or ':' (the broker's service account list splits on them) and no shell quoting trouble
random_hex() { openssl rand -hex "$1"; }

create() {
  local name=$1; shift
  if [ "$dry_run" = true ]; then
    echo "---"
    kubectl create secret generic "$name" --namespace "$namespace" --dry-run=client -o yaml "$@"
  elif kubectl get secret "$name" --namespace "$namespace" >/dev/null 2>&1; then
    echo "create-secrets.sh: Secret $namespace/$name exists; left unchanged" >&2
  else
    kubectl create secret generic "$name" --namespace "$namespace" "$@" >/dev/null
    echo "create-secrets.sh: created Secret $namespace/$name" >&2
  fi
}

# PKCS#8 PEM of an EC P-256 key: what tenancy signs the users' JWTs with
jwt_key=$(openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 2>/dev/null)
create edgefleet-secrets \
  --from-literal=internal-token="$(random_hex 32)" \
  --from-literal=mqtt-registry-password="$(random_hex 24)" \
  --from-literal=mqtt-tenancy-password="$(random_hex 24)" \
  --from-literal=mqtt-deployment-password="$(random_hex 24)" \
  --from-literal=mqtt-telemetry-password="$(random_hex 24)" \
  --from-literal=mqtt-gateway-password="$(random_hex 24)" \
  --from-literal=jwt-private-key-pem="$jwt_key" \
  --from-literal=secret-key="$(openssl rand -base64 32)" \
  --from-literal=bootstrap-admin-password="$(random_hex 12)"

create edgefleet-db --from-literal=password="${EDGEFLEET_DB_PASSWORD:-$(random_hex 24)}"

if [ "$dry_run" = false ]; then
  echo "create-secrets.sh: the first admin's password: kubectl -n $namespace get secret edgefleet-secrets" \
    "-o jsonpath='{.data.bootstrap-admin-password}' | base64 -d" >&2
fi
