#!/usr/bin/env bash
# The system test: the kiosk installed and booted as it lives, on a real Debian 12, checked from
# outside. Run as root on a Debian 12 machine (docs/technician.md, "The system test"):
#
#   sudo deploy/system-test.sh                       # build (or reuse) the image, boot, install, check
#   sudo deploy/system-test.sh --report DIR          # where the report goes (screenshots, logs, table)
#   sudo deploy/system-test.sh --watch-minutes 10    # how long broken content must not loop (default 10)
#
# 1. builds a Debian 12 machine from Debian's packages (debootstrap), once, kept in
#    /var/cache/social-score-systemtest/ (keyed by the package list: a new list builds anew);
# 2. boots it as a full systemd machine with systemd-nspawn (on an overlay: the cached tree is
#    never changed), with logind, journald, the units' confinement and the kernel's seccomp/BPF;
# 3. builds release files from this checkout (deploy/build-release.sh, on the host, which needs
#    the internet) and installs the first as a technician does, with the network cut
#    (deploy/install.sh under `unshare --net`); the only difference from a real kiosk: cage
#    draws on wlroots' headless backend (WLR_BACKENDS=headless, WLR_RENDERER=pixman);
# 4. checks each promise from outside, updates included (an update that passes, one that fails
#    its check, one that crashes at start and is rolled back, a technician's rollback), and
#    prints a table of PASS/FAIL with each step's time; exits 1 if any failed.
set -uo pipefail

SOURCE="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS="$SOURCE/deploy/system-test"
CACHE="${SYSTEM_TEST_CACHE:-/var/cache/social-score-systemtest}"
REPORT=""
WATCH_MINUTES=10
PROFILE=portrait-kiosk
while [ $# -gt 0 ]; do
    case "$1" in
        --report) REPORT="$2"; shift 2 ;;
        --cache) CACHE="$2"; shift 2 ;;
        --watch-minutes) WATCH_MINUTES="$2"; shift 2 ;;
        -h|--help) sed -n '2,19p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "system-test.sh: unknown option $1" >&2; exit 2 ;;
    esac
done
[ "$(id -u)" -eq 0 ] || { echo "system-test.sh: run as root (debootstrap, systemd-nspawn)" >&2; exit 2; }
missing=""
for tool in debootstrap systemd-nspawn nsenter python3; do
    command -v "$tool" >/dev/null || missing="$missing $tool"
done
if [ -n "$missing" ]; then
    echo "system-test.sh: installing the host's tools (missing:$missing)" >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
        debootstrap systemd-container util-linux python3 >&2 || exit 2
fi

START=$(date +%s)
REPORT="${REPORT:-$CACHE/reports/$(date +%Y%m%d-%H%M%S)}"
mkdir -p "$REPORT"
RUN="$(mktemp -d /var/tmp/social-score-systemtest.XXXXXX)"
RESULTS="$REPORT/steps.tsv"
: >"$RESULTS"
log() { printf '[%s +%ss] %s\n' "$(date +%T)" "$(( $(date +%s) - START ))" "$*" | tee -a "$REPORT/run.log" >&2; }
STEP_START=$(date +%s)
record() {  # NAME PASS|FAIL DETAIL: the step's time is the time since the previous step ended
    local took=$(( $(date +%s) - STEP_START ))
    printf '%s\t%s\t%s\t%s\n' "$1" "$2" "${took}s" "$3" >>"$RESULTS"
    log "$2  $1 (${took} s): $3"
    STEP_START=$(date +%s)
}

cleanup() {
    if [ -f "$RUN/nspawn.pid" ] && kill -0 "$(cat "$RUN/nspawn.pid")" 2>/dev/null; then shutdown_machine; fi
    umount "$RUN/root" 2>/dev/null
    rm -rf "$RUN"
    if [ -n "${MACHINE_CGROUP:-}" ]; then find "$MACHINE_CGROUP" -depth -type d -exec rmdir {} \; 2>/dev/null; fi
}
trap cleanup EXIT

# --- the machine --------------------------------------------------------------------------
if [ -n "${SYSTEM_TEST_TREE:-}" ]; then  # a tree built some other way
    IMAGE="$SYSTEM_TEST_TREE"; TREE="$SYSTEM_TEST_TREE"
else
    log "image (cache $CACHE)"
    IMAGE="$(nice -n 19 "$TOOLS/build-image.sh" "$CACHE")" || { echo "system-test.sh: the image could not be built" >&2; exit 1; }
    TREE="$IMAGE/root"
fi
# The cached tree stays untouched: the machine writes to an overlay of its own.
mkdir -p "$RUN/upper" "$RUN/work" "$RUN/root" "$CACHE/pip"
mount -t overlay overlay -o "lowerdir=$TREE,upperdir=$RUN/upper,workdir=$RUN/work" "$RUN/root" || exit 1
# systemd-nspawn without a systemd on the host (kiosk-tech-notes D4): a tmpfs for its state,
# no registration with machined, and a unified cgroup hierarchy inside and the bpf() system
# call allowed (for IPAddressDeny=, which systemd enforces with cgroup BPF programs).
mountpoint -q /run/systemd/nspawn || { mkdir -p /run/systemd/nspawn && mount -t tmpfs tmpfs /run/systemd/nspawn; }
# A control group of its own for the machine: without a host systemd, nspawn puts every machine
# started from the same control group into the same payload/ group, so the units of two test
# machines on one host share their groups (seen: another machine's systemd killed this one's
# kiosk, "Failed to kill control group /system.slice/social-score.service").
MACHINE_CGROUP="$(awk '$3 == "cgroup2" { print $2; exit }' /proc/mounts)$(sed -n 's/^0:://p' /proc/self/cgroup)"
MACHINE_CGROUP="${MACHINE_CGROUP%/}/social-score-systemtest-$$"
mkdir -p "$MACHINE_CGROUP" 2>/dev/null || MACHINE_CGROUP=""
# The machine's tty1 is one of the host's consoles; not the host's own tty1, which another test
# machine on the same host may hold (seen: cage's StandardInput=tty-fail then failed for two
# minutes, 142 restarts, and getty@tty1 hit its start limit).
HOST_TTY="${SYSTEM_TEST_TTY:-/dev/tty9}"
LEADER=""
boot() {
    log "booting Debian 12 (systemd-nspawn)"
    (
        if [ -n "$MACHINE_CGROUP" ]; then echo "$BASHPID" >"$MACHINE_CGROUP/cgroup.procs" 2>/dev/null; fi
        SYSTEMD_NSPAWN_UNIFIED_HIERARCHY=1 exec nice -n 19 systemd-nspawn -q -D "$RUN/root" -b --register=no --keep-unit \
            --console=pipe -M kiosk-test --resolv-conf=replace-host --system-call-filter=bpf --bind=/dev/tty0 --bind="$HOST_TTY:/dev/tty1" --bind="$CACHE/pip:/root/.cache/pip" --bind-ro="$RUN/releases:/root/releases"
    ) </dev/null >>"$REPORT/console.log" 2>&1 &
    echo $! >"$RUN/nspawn.pid"
    LEADER=""
    for _ in $(seq 100); do
        LEADER="$(pgrep -P "$(cat "$RUN/nspawn.pid")" | head -1)"
        [ -n "$LEADER" ] && [ "$(cat "/proc/$LEADER/comm" 2>/dev/null)" = systemd ] && break
        sleep 0.3
    done
    local state=""
    for _ in $(seq 120); do
        state="$(vm 'systemctl is-system-running --wait' 2>&1)" && break
        case "$state" in *"Failed to connect"*) sleep 0.5 ;; *) break ;; esac
    done
    log "booted: $state"
}
vm() {  # run a shell command inside the machine, as root, with the machine's own environment
    nsenter -t "$LEADER" -a env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
        HOME=/root LANG=C.UTF-8 TERM=dumb sh -c "$*"
}
shutdown_machine() {
    vm 'systemctl poweroff' >/dev/null 2>&1
    for _ in $(seq 60); do kill -0 "$(cat "$RUN/nspawn.pid")" 2>/dev/null || return 0; sleep 0.5; done
    kill "$(cat "$RUN/nspawn.pid")" 2>/dev/null
}
# --- the release files (on the host: building needs the internet, the kiosk does not) --------
# Four releases of this checkout, the kiosk's profile giving the automatic check 30 s:
#   1 the first install; 2 an update that passes; 3 an update whose content fails the check;
#   4 an update that passes the check but crashes at start.
mkdir -p "$RUN/releases"
BASE_VERSION="$(sed -n 's/^version = "\(.*\)"/\1/p' "$SOURCE/pyproject.toml")"
variant() {  # N: a copy of the checkout to build release N from
    rm -rf "$RUN/src"; mkdir -p "$RUN/src"
    tar -C "$SOURCE" --exclude=./.venv --exclude=./.git --exclude=./dist --exclude=__pycache__ --exclude='*.egg-info' -cf - . | tar -C "$RUN/src" -xf -
    printf '\nupdates:\n  rollback_after_s: 30\n' >>"$RUN/src/hardware_config/$PROFILE.yaml"
}
build_release() {  # N [--dependencies-from FILE]: builds "$RUN/releases/<N>.tar"
    local n="$1"; shift
    nice -n 19 "$SOURCE/deploy/build-release.sh" --source "$RUN/src" --out "$RUN/build" --version "$BASE_VERSION+systemtest.$n" "$@" >>"$REPORT/build.log" 2>&1 \
        && mv "$RUN/build/social-score-$BASE_VERSION+systemtest.$n.tar" "$RUN/releases/$n.tar"
}
version() { echo "$BASE_VERSION+systemtest.$1"; }
log "building four release files (deploy/build-release.sh; log: build.log)"
built=yes
variant 1; build_release 1 || built=no
variant 2; build_release 2 --dependencies-from "$RUN/releases/1.tar" || built=no
variant 3; printf '\n  - this: [is: broken\n' >>"$RUN/src/content/scenarios.yaml"
build_release 3 --dependencies-from "$RUN/releases/1.tar" || built=no
variant 4
sed -i 's/^def handle(args: argparse.Namespace) -> int:$/&\n    raise SystemExit("system test: this release crashes at start")/' "$RUN/src/installation/commands/run.py"
grep -q 'this release crashes at start' "$RUN/src/installation/commands/run.py" || built=no
build_release 4 --dependencies-from "$RUN/releases/1.tar" || built=no
if [ "$built" = yes ]; then
    record "build four release files" PASS "$(ls "$RUN/releases" | tr '\n' ' ')($(du -sh "$RUN/releases/1.tar" | cut -f1) each, deploy/build-release.sh)"
else
    record "build four release files" FAIL "$(tail -3 "$REPORT/build.log" | tr '\n' ' ')"
fi

boot
KIOSK_ENV='XDG_RUNTIME_DIR=/run/social-score-session WAYLAND_DISPLAY=wayland-0'

# --- install as the technician's guide says ----------------------------------------------
# The machine trusts what the host trusts (a network behind a TLS proxy has its own authority).
if ls /usr/local/share/ca-certificates/*.crt >/dev/null 2>&1; then
    tar -C /usr/local/share/ca-certificates -cf - . | vm 'tar -C /usr/local/share/ca-certificates -xf - && update-ca-certificates >/dev/null 2>&1'
fi
# The one difference from a real kiosk: no screen, so cage draws on wlroots' headless backend.
vm 'mkdir -p /etc/systemd/system/social-score.service.d && cat > /etc/systemd/system/social-score.service.d/system-test.conf' <<'EOF'
[Service]
Environment=WLR_BACKENDS=headless WLR_RENDERER=pixman WLR_HEADLESS_OUTPUTS=1
EOF
# The machine shares the host's clock; the timer's service is told it is a Tuesday, 10:00 (open),
# so the kiosk is not switched off by the real hour (the screen-off step sets other hours).
vm 'mkdir -p /etc/systemd/system/social-score-display.service.d && cat > /etc/systemd/system/social-score-display.service.d/system-test.conf' <<'EOF'
[Service]
Environment=SOCIAL_SCORE_NOW=2026-12-08T10:00
EOF
# As docs/technician.md says: unpack the release file, run its install.sh; here with the network
# cut (a network namespace of its own: no interface but a loopback that is down).
log "installing release 1 with deploy/install.sh --profile $PROFILE, network cut"
vm 'cat > /root/offline-install.sh' <<EOF
set -e
rm -rf /root/unpacked && mkdir /root/unpacked && tar -C /root/unpacked -xf /root/releases/1.tar
cd /root/unpacked/social-score-*
# The network is cut: no interface but the loopback (down), nothing reachable.
if ip -o link | grep -v ': lo:'; then echo "a network interface is visible"; exit 1; fi
if python3 -c 'import socket; socket.create_connection(("deb.debian.org", 80), 3)' 2>/dev/null; then echo "the internet is reachable"; exit 1; fi
echo "network cut: no interface but lo, deb.debian.org unreachable"
deploy/install.sh --profile $PROFILE
EOF
STEP_START=$(date +%s)
if vm 'unshare --net sh /root/offline-install.sh' >"$REPORT/install.log" 2>&1 && [ "$(vm 'readlink /opt/social-score/current')" = "releases/$(version 1)" ]; then
    record "install with the network cut (deploy/install.sh)" PASS "release file unpacked, installed under unshare --net: $(vm "ls -d /opt/social-score/releases/$(version 1)/.venv/lib/python3*/site-packages/*.dist-info | wc -l") wheels, no apt-get, no download; current -> releases/$(version 1) (install.log)"
else
    record "install with the network cut (deploy/install.sh)" FAIL "$(tail -3 "$REPORT/install.log" | tr '\n' ' ')"
fi

# --- helpers that look at the kiosk -------------------------------------------------------
app_pid() { vm 'pgrep -u kiosk -f "python -m installation run" | head -1'; }
unit_state() { vm "systemctl show -p ActiveState -p SubState -p NRestarts -p MainPID --value social-score | tr '\n' ' '"; }
health() { vm 'cat /run/social-score/health.json' >"$RUN/health.json" 2>/dev/null; python3 "$TOOLS/vmctl.py" json-get "$RUN/health.json" "$1"; }
health_age() { vm 'python3 -c "import json,time; print(int(time.time()-json.load(open(\"/run/social-score/health.json\"))[\"now\"]))" 2>/dev/null || echo 9999'; }
# grim's copy of cage's headless output can be an early frame of the kiosk that stays there
# (Xwayland and wlroots' headless backend, Debian 12): it shows that the kiosk drew, not what it
# draws now (docs/reliability.md, "What is not proven here").
screenshot() {  # NAME: grim, the compositor's own copy of the screen, saved in the report
    vm "runuser -u kiosk -- env $KIOSK_ENV grim -t ppm /tmp/shot.ppm && cat /tmp/shot.ppm" >"$RUN/$1.ppm" 2>"$RUN/$1.err" || return 1
    vm "runuser -u kiosk -- env $KIOSK_ENV grim /tmp/shot.png && cat /tmp/shot.png" >"$REPORT/$1.png" 2>/dev/null
    [ -s "$RUN/$1.ppm" ]
}
restarted_since() {  # T0 SECONDS: an exhibit started after T0 is READY and on attract, by T0 + SECONDS
    local deadline
    deadline=$(python3 -c "print(int($1 + $2))")
    while [ "$(date +%s)" -le "$deadline" ]; do
        if [ "$(vm 'systemctl show -p SubState --value social-score')" = running ] \
            && python3 -c "import sys; sys.exit(0 if float('$(health started_at)' or 0) > $1 else 1)" \
            && [ "$(health screen)" = attract ]; then
            return 0
        fi
        sleep 0.3
    done
    return 1
}
ready_and_attract() {  # within SECONDS: unit running (READY=1 came), health fresh and on the attract screen
    local deadline=$(( $(date +%s) + $1 ))
    while [ "$(date +%s)" -le "$deadline" ]; do
        if [ "$(vm 'systemctl show -p SubState --value social-score')" = running ] \
            && [ "$(health screen)" = attract ] && [ "$(health_age)" -le 10 ]; then
            return 0
        fi
        sleep 0.5
    done
    return 1
}

# --- 1. boot to the kiosk -----------------------------------------------------------------
if ready_and_attract 120; then
    record "boot: cage + Kivy READY" PASS "$(unit_state); $(vm "pstree -A \$(systemctl show -p MainPID --value social-score) | head -1")"
else
    record "boot: cage + Kivy READY" FAIL "$(unit_state); $(vm 'journalctl -u social-score -b --no-pager | tail -5' | tr '\n' ' ')"
fi
app="$(app_pid)"
drawing="$(vm "tr '\\0' '\\n' < /proc/$app/environ | grep -E '^(SDL_VIDEODRIVER|DISPLAY|WAYLAND_DISPLAY)=' | tr '\\n' ' '; pstree -A \$(systemctl show -p MainPID --value social-score) | tr -d '\\n'")"
vm "runuser -u kiosk -- env $KIOSK_ENV wayland-info" >"$REPORT/wayland-info.txt" 2>&1
drawing="$drawing; $(vm 'pgrep -u kiosk -a Xwayland | cut -c1-40')"
if echo "$drawing" | grep -q 'SDL_VIDEODRIVER=x11' && echo "$drawing" | grep -q 'DISPLAY=:' && echo "$drawing" | grep -q Xwayland && grep -q wl_compositor "$REPORT/wayland-info.txt"; then
    record "Kivy draws in cage (Wayland, through Xwayland)" PASS "$drawing; cage's protocols in wayland-info.txt"
else
    record "Kivy draws in cage (Wayland, through Xwayland)" FAIL "${drawing:-no app process}"
fi
if [ "$(health up)" = true ] && [ "$(health_age)" -le 10 ]; then
    record "health file" PASS "screen=$(health screen) content_ok=$(health content_ok) camera=$(health camera) age=$(health_age)s"
else
    record "health file" FAIL "$(vm 'ls -l /run/social-score/; cat /run/social-score/health.json' 2>&1 | head -5 | tr '\n' ' ')"
fi
if screenshot attract; then
    read -r colours commonest <<<"$(python3 "$TOOLS/vmctl.py" image-stats "$RUN/attract.ppm")"
    if [ "$colours" -gt 20 ]; then
        record "screenshot of the attract loop (grim)" PASS "attract.png: $colours colours, commonest $commonest of the screen"
    else
        record "screenshot of the attract loop (grim)" FAIL "attract.png is nearly blank ($colours colours)"
    fi
else
    record "screenshot of the attract loop (grim)" FAIL "$(cat "$RUN/attract.err")"
fi

# --- 2. keys from a keyboard ---------------------------------------------------------------
# A container has no keyboard of its own: the keys are typed into the exhibit's window; the
# kernel's SysRq and the consoles are checked as configured (the machine shares the host's kernel).
vm 'md5sum /var/lib/social-score/kivy/config.ini 2>/dev/null' >"$RUN/config-before"
journal_mark="$(vm 'date "+%Y-%m-%d %H:%M:%S"')"
pid="$(app_pid)"
# cage 0.1.4 has no virtual-keyboard protocol, so the keys go in through Xwayland's XTEST,
# straight to the exhibit's window (xdotool, installed for the test only).
vm 'DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends xdotool' >>"$REPORT/install.log" 2>&1
x_display="$(vm "tr '\\0' '\\n' < /proc/$pid/environ | sed -n 's/^DISPLAY=//p'")"
typed="$(vm "runuser -u kiosk -- env DISPLAY=$x_display sh -c 'xdotool key F1 && sleep 1 && xdotool key ctrl+alt+F2 ctrl+alt+F3 alt+F4 Escape'" 2>&1)"
sleep 3
screenshot after-keys
panel="$(vm "journalctl -u social-score --since '$journal_mark' --no-pager | grep -ci -E 'settings'")"
config_after="$(vm 'md5sum /var/lib/social-score/kivy/config.ini 2>/dev/null')"
if [ -z "$typed" ] && [ "$panel" = 0 ] && [ "$config_after" = "$(cat "$RUN/config-before")" ] && [ "$(health screen)" = attract ] && [ "$(app_pid)" = "$pid" ]; then
    record "F1 does nothing" PASS "F1, Ctrl+Alt+F2/F3, Alt+F4, Escape typed into the window: still attract, same process, no settings panel in the log (after-keys.png)"
else
    record "F1 does nothing" FAIL "wtype: ${typed:-ok}; settings in log: $panel; screen $(health screen); process $pid -> $(app_pid)"
fi
sysrq="$(vm '/lib/systemd/systemd-sysctl --cat-config 2>/dev/null | sed -n "s/^ *kernel.sysrq *= *//p" | tail -1')"
if [ "$sysrq" = 0 ]; then
    record "SysRq off" PASS "kernel.sysrq = 0 is the last word of sysctl.d (applied at boot by systemd-sysctl; a container cannot set the host's kernel)"
else
    record "SysRq off" FAIL "kernel.sysrq from sysctl.d: '${sysrq:-unset}' (Debian's default 438 lets a keyboard sync, remount and reboot)"
fi
gettys="$(vm 'systemctl list-units --no-legend "getty@tty*" "autovt@*" | wc -l')"
nautovts="$(vm 'systemd-analyze cat-config systemd/logind.conf 2>/dev/null | sed -n "s/^NAutoVTs=//p" | tail -1')"
vt_switch="$(vm "journalctl -u social-score --since '$journal_mark' --no-pager | grep -ci 'switch.*vt\|change_vt'")"
if [ "$gettys" = 0 ] && [ "$nautovts" = 0 ] && [ "$vt_switch" = 0 ] && [ "$(app_pid)" = "$pid" ]; then
    record "console switching does nothing" PASS "no getty on any console, logind NAutoVTs=0, cage without -s (ignores Ctrl+Alt+Fn); same process after the keys"
else
    record "console switching does nothing" FAIL "gettys: $gettys; NAutoVTs='${nautovts:-6 (default)}'; VT switches in the log: $vt_switch"
fi

# --- releases: what the updates below need to know --------------------------------------
releases_json() {  # EXPRESSION about d, the kiosk's releases.json (python3 on the host)
    vm 'cat /opt/social-score/releases.json 2>/dev/null' >"$RUN/releases.json"
    python3 -c "import json, sys
try: d = json.load(open('$RUN/releases.json'))
except ValueError: d = {'good': [], 'failed': [], 'pending': None, 'rolled_back': None}
print($1)"
}
until_true() {  # SECONDS COMMAND...: run COMMAND every second until it succeeds (1 if it never does)
    local deadline=$(( $(date +%s) + $1 )); shift
    while [ "$(date +%s)" -le "$deadline" ]; do "$@" && return 0; sleep 1; done
    return 1
}
is_good() { [ "$(releases_json "'$1' in d['good'] and d['pending'] is None")" = True ]; }
current_release() { vm 'readlink /opt/social-score/current' | sed 's#^releases/##'; }
# The first install's automatic check (30 s after it started the kiosk) makes release 1 the
# last good one; the kill -9 below must not fall into its window.
if until_true 90 is_good "$(version 1)"; then
    record "first release checked by systemd's timer" PASS "$(version 1) ran healthy 30 s after the switch: last good (good: $(releases_json "d['good']"))"
else
    record "first release checked by systemd's timer" FAIL "releases.json: $(vm 'cat /opt/social-score/releases.json' | tr -d '\n ' | cut -c1-200); $(vm 'journalctl -u social-score-release-check --no-pager | tail -3' | tr '\n' ' ')"
fi

# --- 3. kill -9 and SIGSTOP ----------------------------------------------------------------
since() { python3 -c "import time; print(f'{time.time() - $1:.1f}')"; }
pid="$(app_pid)"
t0=$(date +%s.%N)
vm "kill -9 $pid"
restarted_since "$t0" 10
took="$(since "$t0")"
# The new exhibit starts from the content its predecessor checked (content_cache.py), as every
# start does until content or release change.
new_pid="$(app_pid)"
kept="$(vm "journalctl -b --no-pager -o cat _PID=$new_pid" | grep -o 'Content [^ ]*: [a-z ]*' | head -1 | sed 's/ *$//')"
if python3 -c "import sys; sys.exit(0 if $took <= 10 else 1)" && [ "$new_pid" != "$pid" ] && echo "$kept" | grep -q 'unchanged since it was checked'; then
    record "kill -9: back in the attract loop within 10 s" PASS "$took s from the kill to a new exhibit READY on attract (NRestarts $(vm 'systemctl show -p NRestarts --value social-score')); its log: '$kept'; $(vm 'ls /var/lib/social-score/checked-content | wc -l') copy in checked-content/"
else
    record "kill -9: back in the attract loop within 10 s" FAIL "$took s; $(unit_state); its log: '${kept:-no content line}'"
fi
ready_and_attract 30 >/dev/null
watchdog_s="$(vm 'systemctl show -p WatchdogUSec --value social-score' | python3 -c "
import sys, re
text = sys.stdin.read().strip()
print(sum(int(n) * {'min': 60, 's': 1}[u] for n, u in re.findall(r'(\d+)(min|s)', text)))")"
pid="$(app_pid)"
t0=$(date +%s.%N)
vm "kill -STOP $pid"
restarted_since "$t0" $(( watchdog_s + 10 ))
took="$(since "$t0")"
if [ "$watchdog_s" -gt 0 ] && python3 -c "import sys; sys.exit(0 if $took <= $watchdog_s + 10 else 1)"; then
    record "SIGSTOP: restarted by the watchdog" PASS "$took s from the freeze to a new exhibit READY (WatchdogSec=$watchdog_s, limit $(( watchdog_s + 10 )) s); $(vm 'journalctl -u social-score -b --no-pager | grep -m1 -o "Watchdog timeout.*"')"
else
    record "SIGSTOP: restarted by the watchdog" FAIL "$took s, WatchdogSec=$watchdog_s; $(unit_state)"
fi
ready_and_attract 60 >/dev/null

# --- 4. no network ------------------------------------------------------------------------
# The probe runs as the kiosk unit itself (same confinement, another command), while a
# listener on 127.0.0.1 counts what reaches it.
vm 'cat > /run/social-score-probe.py' <<'EOF'
import socket, sys
results = []
for kind, name in ((socket.SOCK_STREAM, "TCP"), (socket.SOCK_DGRAM, "UDP")):
    try:
        s = socket.socket(socket.AF_INET, kind)
        s.settimeout(2)
        s.connect(("127.0.0.1", 7777))
        s.send(b"hello")
        results.append(f"{name}: SENT")
    except OSError as error:
        results.append(f"{name}: refused ({error.strerror or error})")
try:
    import cv2
    capture = cv2.VideoCapture("http://127.0.0.1:7777/camera.mjpg")
    results.append("camera URL: " + ("OPENED" if capture.isOpened() else "not opened"))
except Exception as error:
    results.append(f"camera URL: refused ({error})")
open("/run/social-score/probe.txt", "w").write("; ".join(results) + "\n")
EOF
vm 'mkdir -p /run/systemd/system/social-score.service.d && cat > /run/systemd/system/social-score.service.d/probe.conf' <<'EOF'
[Service]
Type=oneshot
ExecStart=
ExecStart=/opt/social-score/current/.venv/bin/python /run/social-score-probe.py
Restart=no
WatchdogSec=0
EOF
vm 'rm -f /tmp/listener.txt; (timeout 60 python3 -c "
import socket, threading
def tcp():
    s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind((\"127.0.0.1\", 7777)); s.listen()
    while True:
        c, _ = s.accept(); open(\"/tmp/listener.txt\", \"a\").write(\"TCP connection\n\")
def udp():
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind((\"127.0.0.1\", 7777))
    while True:
        s.recv(100); open(\"/tmp/listener.txt\", \"a\").write(\"UDP datagram\n\")
threading.Thread(target=udp, daemon=True).start(); tcp()
" >/dev/null 2>&1 &) ; sleep 1'
vm 'systemctl daemon-reload && systemctl restart social-score; sleep 1' >/dev/null 2>&1
probe="$(vm 'cat /run/social-score/probe.txt 2>/dev/null')"
arrived="$(vm 'cat /tmp/listener.txt 2>/dev/null | sort | uniq -c | tr "\n" " "')"
# IPAddressDeny= on its own (cgroup BPF), with Internet sockets allowed, as the unit sets it
bpf="$(vm 'systemd-run -q --wait --pipe -p IPAddressDeny=any -p User=kiosk python3 -c "
import socket
try:
    socket.create_connection((\"127.0.0.1\", 7777), timeout=3); print(\"CONNECTED\")
except TimeoutError:
    print(\"dropped: no answer in 3 s\")
except OSError as error:
    print(\"refused:\", error.strerror)
"' 2>&1 | tail -1)"
probe="$probe; IPAddressDeny alone: $bpf"
# a plain process outside the unit gets through, to show the listener works
vm 'python3 -c "import socket; s=socket.create_connection((\"127.0.0.1\",7777)); s.close()"; sleep 0.5'
control="$(vm 'grep -c TCP /tmp/listener.txt 2>/dev/null')"
vm 'rm -f /run/systemd/system/social-score.service.d/probe.conf /run/social-score/probe.txt && systemctl daemon-reload && systemctl restart social-score' >/dev/null 2>&1
if echo "$probe" | grep -q 'TCP: refused' && echo "$probe" | grep -q 'UDP: refused' && ! echo "$probe" | grep -q -E 'OPENED|CONNECTED' \
    && [ -z "$arrived" ] && [ "${control:-0}" -ge 1 ]; then
    record "no network from the kiosk's unit" PASS "$probe; listener got nothing from the unit (a process outside it got through)"
else
    record "no network from the kiosk's unit" FAIL "probe: ${probe:-no result}; listener: ${arrived:-nothing}; control: ${control:-0}"
fi
ready_and_attract 60 >/dev/null

# --- 5. screen off and on at the opening hours ---------------------------------------------
# The profile opens Tuesday to Sunday, 09:30-18:00. The timer's service runs as it does every
# minute, with the machine's clock at a closed time and then at an open one (faketime for the
# one service: a container shares the host's clock).
display_run() {  # WHEN: run the timer's service as if it were WHEN
    vm "printf '[Service]\nEnvironment=SOCIAL_SCORE_NOW=$1\n' > /etc/systemd/system/social-score-display.service.d/system-test.conf && systemctl daemon-reload && systemctl start social-score-display.service; systemctl show -p Result --value social-score-display.service"
}
timer="$(vm 'systemctl is-enabled social-score-display.timer; systemctl is-active social-score-display.timer' | tr '\n' ' ')"
vm 'systemctl stop social-score-display.timer'   # its every-minute run would race with ours
display_since="$(vm 'date "+%F %T"')"
# What the screen-off unit did is read from systemd: setterm's exit status on the machine's tty1.
# The kernel's own "is the console blanked?" cannot be asked here: it answers for the host's
# foreground console, and one left in graphics mode stays "blanked" whatever is done to it.
display_state() {  # the two units
    echo "kiosk $(vm 'systemctl is-active social-score'), screen-off unit $(vm 'systemctl show -p ActiveState --value social-score-screen-off')/$(vm 'systemctl show -p SubState --value social-score-screen-off'), setterm exit $(vm 'systemctl show -p ExecMainStatus --value social-score-screen-off')"
}
CLOSED='kiosk inactive, screen-off unit active/exited, setterm exit 0$'  # inactive, not failed: stopped cleanly (kiosk-stop.sh)
closed_as_wanted() { display_state | grep -q -E "$CLOSED"; }
result_off="$(display_run 2026-12-07T20:00)"   # a Monday evening: closed
until_true 15 closed_as_wanted
off_state="$(display_state)"
sleep 5   # and it stays so: nothing starts the kiosk again
off_later="$(display_state)"
result_on="$(display_run 2026-12-08T10:00)"    # Tuesday morning: open
ready_and_attract 60 >/dev/null
on_state="kiosk $(vm 'systemctl is-active social-score'), screen-off unit $(vm 'systemctl is-active social-score-screen-off')"
vm "printf '[Service]\nEnvironment=SOCIAL_SCORE_NOW=2026-12-08T10:00\n' > /etc/systemd/system/social-score-display.service.d/system-test.conf"
vm 'systemctl daemon-reload; systemctl start social-score-display.timer'
# The three units' own lines and systemd's about them, from the step's start (display.log).
vm "journalctl -b --no-pager --since '$display_since' -u social-score -u social-score-display -u social-score-screen-off -o short-precise | grep -v -e 'output.c' -e 'INFO kivy'" >"$REPORT/display.log" 2>&1
if [ "$result_off" = success ] && [ "$result_on" = success ] && echo "$off_state" | grep -q -E "$CLOSED" \
    && [ "$off_later" = "$off_state" ] && echo "$on_state" | grep -q 'kiosk active, screen-off unit inactive'; then
    record "screen off and on at the opening hours" PASS "timer $timer; Monday 20:00: $off_state (the console of tty1 blanked), 5 s later the same; Tuesday 10:00: $on_state"
else
    record "screen off and on at the opening hours" FAIL "timer $timer; closed: $result_off, $off_state; 5 s later: $off_later; open: $result_on, $on_state; $(grep -E 'Display|Starting|Stopping|Started|Stopped|exited' "$REPORT/display.log" | tail -8 | cut -c1-160 | tr '\n' ' ')"
fi

# --- 6. confinement -------------------------------------------------------------------------
worst=0
details=""
for unit in social-score.service social-score-display.service social-score-screen-off.service; do
    vm "systemd-analyze security --no-pager $unit" >"$REPORT/security-$unit.txt" 2>&1
    score="$(grep -o 'Overall exposure level for [^:]*: [0-9.]*' "$REPORT/security-$unit.txt" | awk '{print $NF}')"
    details="$details $unit ${score:-?};"
    if [ -z "$score" ] || python3 -c "import sys; sys.exit(0 if float('$score') > 2.5 else 1)"; then worst=1; fi
done
if [ "$worst" = 0 ]; then
    record "systemd-analyze security <= 2.5" PASS "$details"
else
    record "systemd-analyze security <= 2.5" FAIL "$details"
fi

# --- 7. updates: one that passes, one that fails its check, one that crashes at start --------
# As docs/technician.md, section 4, says: the current release's install.sh with --release FILE
# (it unpacks the file and hands over to the new release's own installer).
update() {  # N: install release N; its output in update-N.log; prints install.sh's exit status
    vm "/opt/social-score/current/deploy/install.sh --release /root/releases/$1.tar" >"$REPORT/update-$1.log" 2>&1
    echo $?
}
runs() { [ "$(health app_version)" = "$1" ] && [ "$(health_age)" -le 10 ]; }
looks() {  # what must not change when an update fails: link, running version and process, units
    echo "current=$(current_release) app_version=$(health app_version) $(unit_state)units=$(vm 'cat /etc/systemd/system/social-score*.service /etc/social-score/kiosk.env | md5sum | cut -c1-8') releases=$(vm 'ls /opt/social-score/releases | tr "\n" ,')"
}
ready_and_attract 60 >/dev/null

t0=$(date +%s)
status="$(update 2)"
switched=$(( $(date +%s) - t0 ))
restarts="$(vm 'systemctl show -p NRestarts --value social-score')"
if [ "$status" = 0 ] && [ "$(current_release)" = "$(version 2)" ] && until_true 20 runs "$(version 2)" && until_true 75 is_good "$(version 2)" \
    && [ "$(vm 'systemctl show -p NRestarts --value social-score')" = "$restarts" ]; then
    record "update passes its check and is switched" PASS "install.sh exit 0 after ${switched} s (check, idle, switch, restart); $(version 2) runs; systemd's check passed $(( $(date +%s) - t0 - switched )) s later: last good, NRestarts $restarts unchanged (update-2.log)"
else
    record "update passes its check and is switched" FAIL "exit $status; current $(current_release); app_version $(health app_version); good: $(releases_json "d['good']"); $(tail -2 "$REPORT/update-2.log" | tr '\n' ' ')"
fi
vm '/opt/social-score/current/.venv/bin/python -m installation release list' >"$REPORT/release-list-after-update.txt" 2>&1

before="$(looks)"
status="$(update 3)"
sleep 3
after="$(looks)"
if [ "$status" = 1 ] && grep -q 'nothing was switched' "$REPORT/update-3.log" && grep -q 'scenarios.yaml' "$REPORT/update-3.log" \
    && [ "$before" = "$after" ] && ! vm "test -e /opt/social-score/releases/$(version 3)"; then
    record "update fails its check: nothing changes" PASS "install.sh exit 1, '$(grep -m1 -o 'nothing was switched[^;]*' "$REPORT/update-3.log")'; before = after: $after (update-3.log)"
else
    record "update fails its check: nothing changes" FAIL "exit $status; before: $before; after: $after"
fi

t0=$(date +%s)
status="$(update 4)"
rolled() { [ "$(current_release)" = "$(version 2)" ] && runs "$(version 2)" && [ "$(releases_json "(d['rolled_back'] or {}).get('from_version')")" = "$(version 4)" ]; }
if until_true 120 rolled && [ "$(health rolled_back_from)" = "$(version 4)" ] && [ "$(health rolled_back_to)" = "$(version 2)" ] \
    && vm "grep 'social_score_rolled_back_timestamp_seconds{' /var/lib/prometheus/node-exporter/social_score.prom | grep 'from=\"$(version 4)\"' | grep -q 'to=\"$(version 2)\"'"; then
    record "update crashes at start: rolled back by systemd" PASS "install.sh exit $status ('$(grep -m1 -o 'the kiosk did not come up READY' "$REPORT/update-4.log")'); $(( $(date +%s) - t0 )) s from the update to $(version 2) running again, health and metrics say rolled back from $(version 4) to $(version 2): $(releases_json "d['rolled_back']['reason']" | cut -c1-160)"
else
    record "update crashes at start: rolled back by systemd" FAIL "exit $status; current $(current_release); app_version $(health app_version); rolled_back $(releases_json "d['rolled_back']"); $(vm 'journalctl -u social-score-release-check --no-pager | tail -3' | tr '\n' ' ')"
fi
vm 'journalctl -u social-score-release-check --no-pager' >"$REPORT/release-check.log" 2>&1

t0=$(date +%s)
vm '/opt/social-score/current/.venv/bin/python -m installation release list' >"$REPORT/release-list-before-rollback.txt" 2>&1
if vm "/opt/social-score/current/.venv/bin/python -m installation release rollback --profile $PROFILE" >"$REPORT/rollback.log" 2>&1 \
    && [ "$(current_release)" = "$(version 1)" ] && until_true 20 runs "$(version 1)"; then
    record "technician's rollback to the previous good release" PASS "release rollback: $(tail -1 "$REPORT/rollback.log" | cut -c1-120) ($(( $(date +%s) - t0 )) s); release list: $(grep -c . "$REPORT/release-list-before-rollback.txt") lines (release-list-*.txt)"
else
    record "technician's rollback to the previous good release" FAIL "current $(current_release); $(tail -2 "$REPORT/rollback.log" | tr '\n' ' ')"
fi
vm '/opt/social-score/current/.venv/bin/python -m installation release list' >"$REPORT/release-list-after-rollback.txt" 2>&1
ready_and_attract 60 >/dev/null

# --- 8. broken content at boot, then fixed --------------------------------------------------
vm 'cp /opt/social-score/current/content/scenarios.yaml /root/scenarios.yaml.good && printf "\n  - this: [is: broken\n" >> /opt/social-score/current/content/scenarios.yaml'
shutdown_machine
boot
booted=$(date +%s)
if [ "$(vm 'systemctl show -p SubState --value social-score')" = running ] || ready_and_attract 60; then :; fi
sleep 5
content_ok="$(health content_ok)"; problems="$(health content_problems | cut -c1-140)"
screenshot resting
restarts_before="$(vm 'systemctl show -p NRestarts --value social-score')"
pid_before="$(app_pid)"
log "watching the kiosk with broken content for $WATCH_MINUTES minutes"
while [ $(( $(date +%s) - booted )) -lt $(( WATCH_MINUTES * 60 )) ]; do sleep 20; done
restarts_after="$(vm 'systemctl show -p NRestarts --value social-score')"
pid_after="$(app_pid)"
age="$(health_age)"
if [ "$content_ok" = false ] && [ -n "$problems" ] && [ "$restarts_after" = "$restarts_before" ] && [ "$pid_after" = "$pid_before" ] && [ "$age" -le 10 ]; then
    record "broken content at boot: resting screen, no restart loop" PASS "$WATCH_MINUTES min, same process, health fresh; content_ok=false: $problems (resting.png)"
else
    record "broken content at boot: resting screen, no restart loop" FAIL "content_ok=$content_ok problems='$problems' restarts $restarts_before->$restarts_after pid $pid_before->$pid_after health age ${age}s"
fi
vm 'cp /root/scenarios.yaml.good /opt/social-score/current/content/scenarios.yaml'
fixed=no
for _ in $(seq 30); do
    if [ "$(health content_ok)" = true ]; then fixed=yes; break; fi
    sleep 1
done
if [ "$fixed" = yes ] && [ "$(app_pid)" = "$pid_before" ] && ready_and_attract 30; then
    record "content fixed: picked up without restart" PASS "same process $pid_before, content_ok=true, screen attract"
else
    record "content fixed: picked up without restart" FAIL "content_ok=$(health content_ok) pid $pid_before->$(app_pid) screen $(health screen)"
fi

# --- fleet (issue 14, part 2): the museum IT baseline and the Ansible roll-out, in a script of its own
bash "$TOOLS/rollout-step.sh" "$LEADER" "$RESULTS" "$REPORT" "$CACHE" "$RUN/releases"

# --- the table -----------------------------------------------------------------------------
vm 'journalctl -b --no-pager' >"$REPORT/journal.log" 2>&1
elapsed=$(( $(date +%s) - START ))
{
    printf '\nSystem test of %s on Debian 12 (%s), %d min %02d s; report in %s\n\n' \
        "$(git -C "$SOURCE" describe --always --dirty 2>/dev/null || echo checkout)" "$(basename "$IMAGE")" $(( elapsed / 60 )) $(( elapsed % 60 )) "$REPORT"
    awk -F'\t' '{ printf "%-4s  %5s  %-55s %s\n", $2, $3, $1, $4 }' "$RESULTS"
} | tee "$REPORT/steps.txt"
if grep -q "$(printf '\tFAIL\t')" "$RESULTS"; then exit 1; fi
exit 0
