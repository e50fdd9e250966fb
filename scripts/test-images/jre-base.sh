#!/usr/bin/env bash
# Builds a small local Java 17 base image for tests (default tag edgefleet-test/jre:17).
# No public registry can be reached on the build machines, so the images' default base
# (eclipse-temurin:17-jre) cannot be pulled there; this image stands in for it: a jlink runtime made
# from this machine's JDK, the shared libraries it links against, and busybox for a shell.
# Idempotent: does nothing when the image exists and was made by this recipe (its label names the recipe's
# revision; raise it when the image's content changes, so that machines with an older image rebuild it).
set -euo pipefail
tag=${1:-edgefleet-test/jre:17}
recipe=2
[ "$(docker image inspect --format '{{index .Config.Labels "io.edgefleet.test-image-recipe"}}' "$tag" 2>/dev/null)" = "$recipe" ] \
  && exit 0

jdk=$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")
[ -d "$jdk/jmods" ] || { echo "jre-base.sh: $jdk has no jmods (Debian: apt-get install openjdk-17-jmods)" >&2; exit 1; }
busybox=$(command -v busybox || echo /bin/busybox)
[ -x "$busybox" ] || { echo "jre-base.sh: busybox is missing (apt-get install busybox-static)" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
root=$work/rootfs
mkdir -p "$root"/{bin,etc,tmp,opt,root,var/tmp}
chmod 1777 "$root/tmp" "$root/var/tmp"

modules=java.base,java.compiler,java.desktop,java.logging,java.management,java.naming,java.net.http,java.security.jgss,java.sql,java.xml,jdk.crypto.ec,jdk.jfr,jdk.management,jdk.unsupported,jdk.zipfs
"$jdk/bin/jlink" --module-path "$jdk/jmods" --add-modules "$modules" --output "$root/opt/java" \
  --strip-debug --no-header-files --no-man-pages --compress=2

cp "$busybox" "$root/bin/busybox"
for applet in sh ls cat echo sleep env ps kill wget id mkdir rm; do ln -sf busybox "$root/bin/$applet"; done

# the shared libraries the runtime links against, with the dynamic loader
find "$root/opt/java" -type f \( -name '*.so' -o -path '*/bin/*' \) -print0 \
  | xargs -0 ldd 2>/dev/null \
  | awk '$2 == "=>" && $3 ~ /^\// {print $3} $1 ~ /^\// && $1 !~ /:$/ {print $1}' \
  | sort -u \
  | while read -r lib; do cp -L --parents "$lib" "$root"; done
# what a full distribution such as the temurin images has besides, and native code in the platform's jars needs
# (the broker's RocksDB: the C++ runtime and glibc's pthread, rt and dl libraries)
libc_dir=$(dirname "$(ldd "$jdk/bin/java" | awk '$1 == "libc.so.6" {print $3}')")
for lib in libpthread.so.0 librt.so.1 libdl.so.2 libstdc++.so.6 libgcc_s.so.1 libm.so.6 libz.so.1; do
  [ -e "$libc_dir/$lib" ] || { echo "jre-base.sh: $libc_dir/$lib is missing" >&2; exit 1; }
  cp -L --parents "$libc_dir/$lib" "$root"
done

printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' >"$root/etc/passwd"
printf 'root:x:0:\nnogroup:x:65534:\n' >"$root/etc/group"
printf 'hosts: files dns\n' >"$root/etc/nsswitch.conf"

tar -C "$root" -c . | docker import \
  --change 'ENV PATH=/opt/java/bin:/bin' \
  --change 'ENV JAVA_HOME=/opt/java' \
  --change "LABEL io.edgefleet.test-image-recipe=$recipe" \
  - "$tag" >/dev/null
echo "jre-base.sh: built $tag"
