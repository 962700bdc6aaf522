#!/usr/bin/env bash
# Build (once) the Debian 12 system the system test boots: debootstrap from Debian's mirror, the
# packages deploy/install.sh installs, logind and networking as a Debian 12 server has them, and
# the test's own tools (grim, wtype, wayland-utils). The tree is booted read-only under an
# overlay by systemd-nspawn, so one build serves every run.
#
#   deploy/system-test/build-image.sh CACHE_DIR      prints the folder of the image (its root/ is the tree)
#
# The image is kept in CACHE_DIR/<key>/, the key being a hash of the package list and of RECIPE
# (raise it when the recipe below changes), so a changed list builds a new image and an
# unchanged one is reused. An interrupted build resumes after its last finished stage.
set -euo pipefail

CACHE="${1:?usage: build-image.sh CACHE_DIR}"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
MIRROR="${SYSTEM_TEST_MIRROR:-http://deb.debian.org/debian}"
RECIPE=2

# The packages install.sh installs (deploy/debian-packages.txt, "kiosk"), so that it needs no
# apt-get, and what a Debian 12 server has besides plus the test's own tools ("system-test").
# (The leading space and the spacing keep the cache key of the lists this script had before.)
packages() { awk -v role="$1" '$1 !~ /^#/ && NF >= 2 { n = split($2, r, ","); for (i = 1; i <= n; i++) if (r[i] == role) printf "%s ", $1 }' "$HERE/../debian-packages.txt"; }
kiosk_packages=" $(packages kiosk)"
system_packages="$(packages system-test)"
system_packages="${system_packages% }"
key="$(printf '%s\n' "$kiosk_packages" "$system_packages" "$RECIPE" | sha256sum | cut -c1-16)"
OUT="$CACHE/$key"
if [ -f "$OUT/ready" ]; then echo "$OUT"; exit 0; fi

log() { printf '[build %s] %s\n' "$(date +%T)" "$*" >&2; }
mkdir -p "$OUT"
ROOT="$OUT/root"
if [ ! -f "$OUT/debootstrap.done" ]; then
    rm -rf "$ROOT"
    log "debootstrap bookworm into $ROOT"
    nice -n 19 debootstrap --variant=minbase --include=systemd,systemd-sysv,dbus,udev,apt-utils \
        bookworm "$ROOT" "$MIRROR" >"$OUT/debootstrap.log" 2>&1 || { tail -20 "$OUT/debootstrap.log" >&2; exit 1; }
    touch "$OUT/debootstrap.done"
fi

cat >"$ROOT/etc/apt/sources.list" <<EOF
deb $MIRROR bookworm main
deb $MIRROR bookworm-updates main
deb http://deb.debian.org/debian-security bookworm-security main
EOF
in_root() {
    mount -t proc proc "$ROOT/proc"; mount -t sysfs sys "$ROOT/sys"; mount --bind /dev "$ROOT/dev"
    local code=0
    DEBIAN_FRONTEND=noninteractive nice -n 19 chroot "$ROOT" "$@" || code=$?
    umount "$ROOT/dev" "$ROOT/sys" "$ROOT/proc"
    return $code
}
rm -f "$ROOT/etc/resolv.conf"; cp /etc/resolv.conf "$ROOT/etc/resolv.conf"
log "apt-get install: $kiosk_packages $system_packages"
# shellcheck disable=SC2086
in_root sh -c "apt-get update && apt-get install -y --no-install-recommends $kiosk_packages $system_packages" \
    >"$OUT/apt.log" 2>&1 || { tail -20 "$OUT/apt.log" >&2; exit 1; }
in_root apt-get clean

log "configuring"
echo kiosk-test >"$ROOT/etc/hostname"
grep -q kiosk-test "$ROOT/etc/hosts" 2>/dev/null || printf '127.0.0.1 localhost\n127.0.1.1 kiosk-test\n' >>"$ROOT/etc/hosts"
echo 'Europe/Berlin' >"$ROOT/etc/timezone"
ln -sf /usr/share/zoneinfo/Europe/Berlin "$ROOT/etc/localtime"
touch "$OUT/ready"
log "ready: $OUT"
echo "$OUT"
