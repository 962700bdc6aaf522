#!/usr/bin/env bash
# The museum IT baseline of a kiosk, one switch each (called by deploy/install.sh, which passes its
# own options of the same names through; docs/technician.md, "Museum IT baseline"):
#
#   --ntp SERVER[,SERVER]       time sync with systemd-timesyncd and the museum's NTP server(s)
#   --watchdog SECONDS          the hardware watchdog: systemd resets the machine if it hangs
#   --security-updates          unattended security updates; reboots only at the profile's quiet time
#   --node-exporter-on ADDRESS|INTERFACE   node_exporter listens on the management address only
#   --read-only-root            the root file system read-only, writes go to a RAM overlay (SD cards)
#
# Other options: --profile P and --python PATH (the kiosk's Python, for the quiet time of the
# profile's opening hours), --quiet-time HH:MM (instead), --no-apt or --apt no (install no
# packages: they must be there), --root DIR (write the files under DIR and only print the commands: for tests).
set -euo pipefail

ROOT=/
APT=yes
PROFILE=""
PYTHON=""
QUIET_TIME=""
DATA=/var/lib/social-score
SWITCHES=()

die() { printf 'baseline.sh: %s\n' "$*" >&2; exit 1; }
say() { printf '\n== %s\n' "$*"; }

# Commands change the machine only when the root is the real one; under --root they are printed.
act() {
    if [ "$ROOT" = / ]; then "$@"; else printf 'would run: %s\n' "$*"; fi
}

# put FILE: standard input becomes FILE (under the root), readable by all. A file that already
# says exactly this is left alone, so that running the baseline again restarts nothing.
CHANGED=no
put() {
    local file="${ROOT%/}$1" text
    text="$(cat)"
    if [ -f "$file" ] && [ "$(cat "$file")" = "$text" ]; then return 0; fi
    install -d -m 0755 "$(dirname "$file")"
    printf '%s\n' "$text" >"$file"
    chmod 0644 "$file"
    CHANGED=yes
}
if_changed() {  # COMMAND...: run (or print) it only when a put or a package changed something
    if [ "$CHANGED" = yes ]; then act "$@"; fi
}

packages() {
    local missing=()
    for package in "$@"; do
        if [ "$ROOT" != / ] || ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'ok installed'; then
            missing+=("$package")
        fi
    done
    [ ${#missing[@]} -gt 0 ] || return 0
    [ "$APT" = yes ] || die "needs the packages ${missing[*]}, and --no-apt forbids installing them"
    if [ "$ROOT" = / ]; then CHANGED=yes; fi  # a package newly installed: its service takes our settings
    act apt-get update -q
    act env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
}

# --- the switches, one function each -------------------------------------------------------

time_sync() {  # SERVERS (comma-separated)
    CHANGED=no
    say "Time sync with ${1//,/ }"
    packages systemd-timesyncd
    put /etc/systemd/timesyncd.conf.d/social-score.conf <<CONF
# Social Score kiosk (deploy/baseline.sh): the museum's time server. Opening hours, the
# screen timer and the counters' days all follow this clock.
[Time]
NTP=${1//,/ }
CONF
    act systemctl enable systemd-timesyncd.service
    if_changed systemctl restart systemd-timesyncd.service
    act timedatectl set-ntp true
}

hardware_watchdog() {  # SECONDS
    CHANGED=no
    say "Hardware watchdog: reset after ${1} s without an answer from systemd"
    [[ "$1" =~ ^[0-9]+$ ]] || die "--watchdog takes whole seconds, not '$1'"
    if ! compgen -G "${ROOT%/}/dev/watchdog*" >/dev/null; then
        echo "No /dev/watchdog here (a Raspberry Pi needs dtparam=watchdog=on; a container has none): systemd will ignore it." >&2
    fi
    put /etc/systemd/system.conf.d/social-score-watchdog.conf <<CONF
# Social Score kiosk (deploy/baseline.sh): systemd pets the hardware watchdog; if the whole
# machine hangs, the watchdog resets it. (The Raspberry Pi's allows at most 15 s.)
[Manager]
RuntimeWatchdogSec=$1
RebootWatchdogSec=10min
CONF
    if_changed systemctl daemon-reexec
}

minus_an_hour() {  # HH:MM -> HH:MM an hour earlier
    local hours=$((10#${1%%:*})) mins=${1##*:}
    printf '%02d:%s' $(((hours + 23) % 24)) "$mins"
}

security_updates() {
    CHANGED=no
    local quiet="$QUIET_TIME"
    if [ -z "$quiet" ]; then
        [ -n "$PYTHON" ] && [ -n "$PROFILE" ] || die "--security-updates needs --python and --profile (or --quiet-time HH:MM)"
        quiet="$("$PYTHON" -m installation quiet-time --profile "$PROFILE")" || die "no quiet time from the profile $PROFILE"
    fi
    [[ "$quiet" =~ ^[0-2][0-9]:[0-5][0-9]$ ]] || die "the quiet time must be HH:MM, not '$quiet'"
    local upgrade_at
    upgrade_at="$(minus_an_hour "$quiet")"
    say "Security updates at $upgrade_at, a reboot (only if one is needed) at $quiet"
    packages unattended-upgrades
    put /etc/apt/apt.conf.d/20auto-upgrades <<'CONF'
// Social Score kiosk (deploy/baseline.sh): fetch the package lists and upgrade every day.
APT::Periodic::Update-Package-Lists "1";
APT::Periodic::Unattended-Upgrade "1";
CONF
    put /etc/apt/apt.conf.d/52social-score-unattended-upgrades <<CONF
// Social Score kiosk (deploy/baseline.sh): security updates only (not the point releases),
// and a reboot, when an update needs one, at $quiet: outside the profile's opening hours.
#clear Unattended-Upgrade::Origins-Pattern;
Unattended-Upgrade::Origins-Pattern {
        "origin=Debian,codename=\${distro_codename}-security,label=Debian-Security";
};
Unattended-Upgrade::Automatic-Reboot "true";
Unattended-Upgrade::Automatic-Reboot-WithUsers "true";
Unattended-Upgrade::Automatic-Reboot-Time "$quiet";
CONF
    # Debian upgrades at 06:00 plus up to an hour, and at boot if that was missed: both can fall
    # into opening hours. Here: an hour before the quiet time, and never catching up at boot.
    put /etc/systemd/system/apt-daily-upgrade.timer.d/social-score.conf <<CONF
# Social Score kiosk (deploy/baseline.sh): upgrades only at night, outside opening hours.
[Timer]
OnCalendar=
OnCalendar=*-*-* $upgrade_at
RandomizedDelaySec=0
Persistent=false
CONF
    if_changed systemctl daemon-reload
    if_changed systemctl restart apt-daily-upgrade.timer
}

management_address() {  # ADDRESS|INTERFACE -> the address
    if [[ "$1" =~ ^[0-9.]+$ || "$1" == *:* ]]; then
        printf '%s' "$1"
    else
        ip -o addr show dev "$1" 2>/dev/null | awk '$3 == "inet" || $3 == "inet6" { sub("/.*", "", $4); print $4; exit }'
    fi
}

node_exporter_on() {  # ADDRESS|INTERFACE
    CHANGED=no
    local address listen
    address="$(management_address "$1")"
    [ -n "$address" ] || die "--node-exporter-on $1: no such address or interface with an address"
    [ "$address" != 0.0.0.0 ] && [ "$address" != :: ] || die "--node-exporter-on wants the management address, not every address"
    listen="$address:9100"
    if [[ "$address" == *:* ]]; then listen="[$address]:9100"; fi
    say "node_exporter on $listen only"
    packages prometheus-node-exporter
    put /etc/systemd/system/prometheus-node-exporter.service.d/social-score.conf <<CONF
# Social Score kiosk (deploy/baseline.sh): metrics only on the management network ($1).
# The address must exist when it starts: it waits for the network and tries again.
[Unit]
Wants=network-online.target
After=network-online.target

[Service]
ExecStart=
ExecStart=/usr/bin/prometheus-node-exporter \$ARGS --web.listen-address=$listen
Restart=on-failure
RestartSec=10s
CONF
    if_changed systemctl daemon-reload
    act systemctl enable prometheus-node-exporter.service
    if_changed systemctl restart prometheus-node-exporter.service
}

read_only_root() {
    CHANGED=no
    say "Read-only root with a RAM overlay (from the next boot)"
    # Counters, PIN and lockout live in $DATA: on the overlay they would be gone at every boot.
    if ! mountpoint -q "${ROOT%/}$DATA"; then
        die "--read-only-root needs $DATA on a partition of its own (see docs/technician.md); nothing changed"
    fi
    if [ "$ROOT" = / ] && command -v raspi-config >/dev/null; then
        # Raspberry Pi OS: raspi-config's overlay file system (overlayroot, initramfs, cmdline.txt).
        raspi-config nonint do_overlayfs 0
        return
    fi
    packages overlayroot
    put /etc/overlayroot.local.conf <<'CONF'
# Social Score kiosk (deploy/baseline.sh): the root file system is read-only, every write goes
# to RAM and is gone at the next boot; partitions of their own (recurse=0) stay writable.
# To update: sudo overlayroot-chroot, or comment this out and reboot.
overlayroot="tmpfs:recurse=0"
CONF
    if_changed update-initramfs -u
}

# --- options --------------------------------------------------------------------------------
while [ $# -gt 0 ]; do
    case "$1" in
        --ntp|--watchdog|--node-exporter-on) [ $# -ge 2 ] || die "$1 needs a value"; SWITCHES+=("$1=$2"); shift 2 ;;
        --security-updates|--read-only-root) SWITCHES+=("$1"); shift ;;
        --root) ROOT="$2"; shift 2 ;;
        --profile) PROFILE="$2"; shift 2 ;;
        --python) PYTHON="$2"; shift 2 ;;
        --quiet-time) QUIET_TIME="$2"; shift 2 ;;
        --no-apt) APT=no; shift ;;
        --apt) APT="$2"; shift 2 ;;  # yes|no, as install.sh has it
        -h|--help) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) die "unknown option $1" ;;
    esac
done
[ "$ROOT" = / ] || ROOT="$(cd "$ROOT" && pwd)"
[ "$ROOT" != / ] || [ "$(id -u)" -eq 0 ] || die "run as root"
for switch in "${SWITCHES[@]}"; do
    if [ "$switch" = --read-only-root ] && [[ " ${SWITCHES[*]} " == *" --security-updates "* ]]; then
        die "--read-only-root and --security-updates exclude each other: updates would land in RAM and be gone at the next boot"
    fi
done
for switch in "${SWITCHES[@]}"; do
    case "$switch" in
        --ntp=*) time_sync "${switch#*=}" ;;
        --watchdog=*) hardware_watchdog "${switch#*=}" ;;
        --security-updates) security_updates ;;
        --node-exporter-on=*) node_exporter_on "${switch#*=}" ;;
        --read-only-root) read_only_root ;;
    esac
done
