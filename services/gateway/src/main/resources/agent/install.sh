#!/bin/sh
# Installs the edgefleet agent on this machine as a systemd service, or removes it (--uninstall).
# Served by the gateway at /agent/install.sh; the console and the registry's answers give the one-line command:
#   curl -fsSL https://GATEWAY/agent/install.sh | sudo sh -s -- --gateway https://GATEWAY \
#     --broker tcp://BROKER:1883 --tenant TENANT --endpoint ep-... --secret SECRET
# Run with --help for every option. Exit codes: 0 done (also when systemd is absent: the foreground command is
# printed instead), 2 bad arguments, 3 no Java 17+, 4 download failed, 1 any other failure.
set -eu

usage() {
  cat <<'EOF'
Usage: install.sh --gateway URL --broker URL --tenant ID --endpoint ID [--secret SECRET | --secret-file FILE]
                  [--java PATH] [--prefix DIR]
       install.sh --uninstall [--purge] [--prefix DIR]

  --gateway URL      the edgefleet gateway to download the agent jar from (http:// or https://)
  --broker URL       the MQTT broker the agent connects to (tcp://host[:port] or ssl://host[:port])
  --tenant ID        the endpoint's tenant
  --endpoint ID      the endpoint id (ep-...)
  --secret SECRET    the endpoint's secret; instead, to keep it out of shell history and process lists:
                     the environment variable EDGEFLEET_ENDPOINT_SECRET (sudo: sudo -E, or
                     sudo EDGEFLEET_ENDPOINT_SECRET=... sh), or --secret-file FILE (first line)
  --java PATH        the java (17 or later) to run the agent with (default: java on the PATH)
  --prefix DIR       install below DIR instead of / (staging, tests); the unit still goes to DIR/etc/systemd
  --uninstall        stop and disable the service, remove the jar, the unit and the configuration
  --purge            with --uninstall: remove the agent's data directory as well
  --help             print this text

Files: /opt/edgefleet/edgefleet-agent.jar, /etc/edgefleet/agent.conf (mode 0600: holds the secret),
/etc/systemd/system/edgefleet-agent.service, data in /var/lib/edgefleet-agent.
EOF
}

fail() { # exit code, message
  code=$1
  shift
  printf 'install.sh: %s\n' "$*" >&2
  exit "$code"
}

bad_args() {
  printf 'install.sh: %s\n' "$*" >&2
  printf "Run 'install.sh --help' for the options.\n" >&2
  exit 2
}

# true when $2 is one line matching the extended regular expression $1
matches() {
  case $2 in *'
'*) return 1 ;; esac
  printf '%s\n' "$2" | grep -Eq "$1"
}

need_value() { # option, number of remaining arguments
  [ "$2" -ge 2 ] || bad_args "$1 needs a value"
}

gateway=""
broker=""
tenant=""
endpoint=""
secret="${EDGEFLEET_ENDPOINT_SECRET:-}"
secret_file=""
java=""
prefix=""
uninstall=false
purge=false

while [ $# -gt 0 ]; do
  case $1 in
    --gateway) need_value "$1" $#; gateway=$2; shift 2 ;;
    --broker) need_value "$1" $#; broker=$2; shift 2 ;;
    --tenant) need_value "$1" $#; tenant=$2; shift 2 ;;
    --endpoint) need_value "$1" $#; endpoint=$2; shift 2 ;;
    --secret) need_value "$1" $#; secret=$2; shift 2 ;;
    --secret-file) need_value "$1" $#; secret_file=$2; shift 2 ;;
    --java) need_value "$1" $#; java=$2; shift 2 ;;
    --prefix) need_value "$1" $#; prefix=$2; shift 2 ;;
    --uninstall) uninstall=true; shift ;;
    --purge) purge=true; shift ;;
    --help | -h) usage; exit 0 ;;
    *) bad_args "unknown option '$1'" ;;
  esac
done

# paths end up in the unit's ExecStart, where spaces and quotes would need escaping: plain paths only
if [ -n "$prefix" ]; then
  matches '^/[A-Za-z0-9._/-]*$' "$prefix" || bad_args "--prefix must be an absolute path of letters, digits, '.', '_', '-' and '/', got '$prefix'"
  prefix=${prefix%/}
fi
jar_dir="$prefix/opt/edgefleet"
jar="$jar_dir/edgefleet-agent.jar"
conf_dir="$prefix/etc/edgefleet"
conf="$conf_dir/agent.conf"
unit_dir="$prefix/etc/systemd/system"
unit="$unit_dir/edgefleet-agent.service"
data_dir="$prefix/var/lib/edgefleet-agent"
# the flags measured for the agent's footprint (edge-agent/README.md, Footprint)
jvm_options="-Xms8m -Xmx32m -Xmn4m -Xss512k -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:CICompilerCount=1 \
-XX:ReservedCodeCacheSize=16m -XX:MaxMetaspaceSize=64m -XX:MaxDirectMemorySize=16m -XX:+ExitOnOutOfMemoryError"

# systemd is the init system only when this directory exists (what sd_booted() checks); a chroot or a container
# may have systemctl installed without systemd running
systemd_running() {
  [ -d /run/systemd/system ] && command -v systemctl >/dev/null 2>&1
}

# writing below / needs root; a --prefix the caller owns does not
if [ -z "$prefix" ] && [ "$(id -u)" -ne 0 ]; then
  fail 1 "run as root (e.g. with sudo): the agent is installed below /opt, /etc and /var/lib"
fi

if $uninstall; then
  if [ -z "$prefix" ] && systemd_running && [ -f "$unit" ]; then
    systemctl disable --now edgefleet-agent.service || printf 'install.sh: could not stop the service; removing its files anyway\n' >&2
  fi
  rm -f "$unit" "$conf" "$jar"
  if systemd_running && [ -z "$prefix" ]; then
    systemctl daemon-reload
  fi
  rmdir "$conf_dir" "$jar_dir" 2>/dev/null || true
  if $purge; then
    rm -rf "$data_dir"
    printf 'edgefleet agent removed: %s, %s, %s and the data in %s\n' "$jar" "$conf" "$unit" "$data_dir"
  else
    printf 'edgefleet agent removed: %s, %s, %s; its data stays in %s (--purge removes it)\n' \
      "$jar" "$conf" "$unit" "$data_dir"
  fi
  if ! systemd_running; then
    printf 'systemd is not running here: stop an agent started in the foreground yourself (Ctrl-C or kill)\n'
  fi
  exit 0
fi

# --- inputs: checked before anything is written, each problem named -------------------------------------------
if [ -n "$secret_file" ]; then
  [ -r "$secret_file" ] || bad_args "--secret-file '$secret_file' cannot be read"
  secret=$(head -n 1 "$secret_file")
fi
problems=""
add_problem() { problems="$problems
  $1"; }
[ -n "$gateway" ] || add_problem "--gateway is required (the gateway URL the command came from)"
[ -n "$broker" ] || add_problem "--broker is required"
[ -n "$tenant" ] || add_problem "--tenant is required"
[ -n "$endpoint" ] || add_problem "--endpoint is required"
[ -n "$secret" ] || add_problem "--secret (or EDGEFLEET_ENDPOINT_SECRET, or --secret-file) is required"
if [ -n "$gateway" ] && ! matches '^https?://([A-Za-z0-9.-]+|\[[0-9A-Fa-f:]+\])(:[0-9]{1,5})?(/[A-Za-z0-9._~/-]*)?$' "$gateway"; then
  add_problem "--gateway must be an http:// or https:// URL such as https://edgefleet.example.com, got '$gateway'"
fi
if [ -n "$broker" ] && ! matches '^(tcp|ssl)://([A-Za-z0-9.-]+|\[[0-9A-Fa-f:]+\])(:[0-9]{1,5})?$' "$broker"; then
  add_problem "--broker must be tcp://host[:port] or ssl://host[:port], got '$broker'"
fi
if [ -n "$tenant" ] && ! matches '^[a-z][a-z0-9-]{1,39}$' "$tenant"; then
  add_problem "--tenant must be 2-40 lowercase letters, digits or '-', starting with a letter, got '$tenant'"
fi
if [ -n "$endpoint" ] && ! matches '^ep-[a-z2-7]{12}$' "$endpoint"; then
  add_problem "--endpoint must be an endpoint id such as ep-k3v7q2mxa4td, got '$endpoint'"
fi
# never echo the secret back
if [ -n "$secret" ] && ! matches '^[A-Za-z0-9_-]{16,512}$' "$secret"; then
  add_problem "the secret must be the endpoint's secret as the platform showed it (letters, digits, '-', '_')"
fi
if [ -n "$problems" ]; then
  printf 'install.sh: cannot install:%s\n' "$problems" >&2
  printf "Run 'install.sh --help' for the options.\n" >&2
  exit 2
fi
gateway=${gateway%/}

# --- Java 17 or later -------------------------------------------------------------------------------------------
java_hint="Install a Java 17 (or later) runtime, e.g.
  Debian/Ubuntu: sudo apt-get install -y openjdk-17-jre-headless
  RHEL/Fedora:   sudo dnf install -y java-17-openjdk-headless
then run this command again (or pass --java /path/to/bin/java)."
if [ -z "$java" ]; then
  java=$(command -v java || true)
  [ -n "$java" ] || fail 3 "no java on the PATH. $java_hint"
fi
[ -x "$java" ] || fail 3 "--java '$java' is not an executable file. $java_hint"
case $java in /*) ;; *) java="$(cd "$(dirname "$java")" && pwd)/$(basename "$java")" ;; esac
matches '^/[A-Za-z0-9._/+-]*$' "$java" || fail 3 "the java path '$java' has characters a systemd unit would need quoted: pass --java with a plain path"
# the first line is e.g. 'openjdk version "17.0.15" 2025-04-15', or "1.8.0_392" for Java 8
java_version=$("$java" -version 2>&1 | sed -n 's/.*version "\(1\.\)\{0,1\}\([0-9][0-9]*\).*/\2/p' | head -n 1)
[ -n "$java_version" ] || fail 3 "cannot tell the version of '$java'. $java_hint"
[ "$java_version" -ge 17 ] || fail 3 "'$java' is Java $java_version; the agent needs 17 or later. $java_hint"

# --- download: into a temporary file next to the jar, checked, then moved over the old one ----------------------
mkdir -p "$jar_dir"
tmp_jar=$(mktemp "$jar_dir/.edgefleet-agent.jar.XXXXXX")
trap 'rm -f "$tmp_jar"' EXIT
url="$gateway/agent/edgefleet-agent.jar"
if command -v curl >/dev/null 2>&1; then
  curl -fsSL --retry 3 -o "$tmp_jar" "$url" || fail 4 "downloading $url failed (curl exit $?)"
elif command -v wget >/dev/null 2>&1; then
  wget -q -O "$tmp_jar" "$url" || fail 4 "downloading $url failed (wget exit $?)"
else
  fail 4 "neither curl nor wget is installed: install one of them (apt-get install -y curl / dnf install -y curl)"
fi
# a jar that the chosen java cannot start (truncated, an error page) must not replace a working one
"$java" -jar "$tmp_jar" --help >/dev/null 2>&1 || fail 4 "$url did not give a working agent jar"
chmod 0644 "$tmp_jar"
mv -f "$tmp_jar" "$jar"
trap - EXIT

# --- configuration: the agent's --config file, root only (it holds the secret) ---------------------------------
# parents as usual (they may not exist below a --prefix), the two directories themselves root only
mkdir -p "$(dirname "$conf_dir")" "$(dirname "$data_dir")"
umask 077
mkdir -p "$conf_dir" "$data_dir"
chmod 0700 "$data_dir"
tmp_conf=$(mktemp "$conf_dir/.agent.conf.XXXXXX")
cat >"$tmp_conf" <<EOF
# edgefleet agent of endpoint $endpoint, written by install.sh; keys are the agent's flags (java -jar ... --help)
broker-url=$broker
tenant=$tenant
endpoint-id=$endpoint
secret=$secret
data-dir=$data_dir
EOF
chmod 0600 "$tmp_conf"
mv -f "$tmp_conf" "$conf"
umask 022

foreground="MALLOC_ARENA_MAX=2 $java $jvm_options -jar $jar --config $conf"

# --- the systemd unit: the secret stays in the config file, off the command line --------------------------------
mkdir -p "$unit_dir"
tmp_unit=$(mktemp "$unit_dir/.edgefleet-agent.service.XXXXXX")
cat >"$tmp_unit" <<EOF
# edgefleet agent of endpoint $endpoint, written by install.sh (install.sh --uninstall removes it)
[Unit]
Description=edgefleet edge agent (endpoint $endpoint)
After=network-online.target docker.service
Wants=network-online.target

[Service]
Environment=MALLOC_ARENA_MAX=2
StateDirectory=edgefleet-agent
StateDirectoryMode=0700
ExecStart=$java $jvm_options -jar $jar --config $conf
# the JVM reports SIGTERM as 143 after the agent said goodbye to the broker
SuccessExitStatus=143
Restart=always
RestartSec=5

[Install]
WantedBy=multi-user.target
EOF
chmod 0644 "$tmp_unit"
mv -f "$tmp_unit" "$unit"

printf 'edgefleet agent installed: %s (Java %s at %s), configuration %s, unit %s\n' \
  "$jar" "$java_version" "$java" "$conf" "$unit"
if systemd_running && [ -z "$prefix" ]; then
  systemctl daemon-reload
  systemctl enable edgefleet-agent.service
  systemctl restart edgefleet-agent.service
  printf 'The agent runs as the systemd service edgefleet-agent: systemctl status edgefleet-agent, journalctl -u edgefleet-agent\n'
else
  if systemd_running; then
    printf 'Installed below --prefix %s: the service is not enabled or started.\n' "$prefix"
  else
    printf 'systemd is not running on this machine: the service was not enabled or started.\n'
  fi
  printf 'Run the agent in the foreground (as root) with:\n  %s\n' "$foreground"
fi
