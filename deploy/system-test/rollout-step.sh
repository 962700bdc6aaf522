#!/usr/bin/env bash
# The fleet steps of the system test, on the booted machine (called once by deploy/system-test.sh,
# after the kiosk is installed; docs/technician.md, "The roll-out on the booted system"):
#
#   rollout-step.sh LEADER RESULTS REPORT CACHE [RELEASES]
#
# LEADER is the machine's systemd (a host PID), RESULTS the step table (name, PASS|FAIL, detail
# per line), REPORT the report folder, CACHE the system test's cache, RELEASES the folder of the
# system test's release files (its 1.tar lends its dependencies' wheels: a quicker build). Steps:
#   1. the museum IT baseline (deploy/baseline.sh, as install.sh runs it), checked by systemd's,
#      apt's and the kernel's own view of the machine;
#   2. Ansible reaches the machine as it reaches a kiosk, over SSH (an sshd on 127.0.0.1:2222
#      inside, a throw-away key), with ansible-core from a virtual environment in CACHE;
#   3. profile.yml with a profile of the kiosk's own, then rollout.yml with a new release:
#      switched, gated (version, uptime, NRestarts) and passed, the profile kept;
#   4. the same two roll-outs again: changed=0, the kiosk not restarted (content.yml likewise);
#   5. rollout.yml with a release that passes its check but crashes 40 s after it starts: that
#      kiosk is back on the previous release and the roll-out stopped before the next kiosk.
set -uo pipefail

LEADER="$1"
RESULTS="$2"
REPORT="$3"
CACHE="$4"
RELEASES="${5:-}"
SOURCE="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
WORK="$(mktemp -d /var/tmp/social-score-rollout-step.XXXXXX)"
trap 'rm -rf "$WORK"' EXIT
MIN_UPTIME="${ROLLOUT_MIN_UPTIME_MINUTES:-1}"  # the crashing release dies after 40 s

vm() {  # a shell command inside the machine, as root (as deploy/system-test.sh runs them)
    nsenter -t "$LEADER" -a env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
        HOME=/root LANG=C.UTF-8 TERM=dumb sh -c "$*"
}
STEP_START=$(date +%s)
record() {  # NAME PASS|FAIL DETAIL, with the time since the previous step, as system-test.sh does
    local took=$(( $(date +%s) - STEP_START ))
    printf '%s\t%s\t%s\t%s\n' "$1" "$2" "${took}s" "$3" >>"$RESULTS"
    printf '[%s] %s  %s (%s s): %s\n' "$(date +%T)" "$2" "$1" "$took" "$3" | tee -a "$REPORT/run.log" >&2
    STEP_START=$(date +%s)
}
pass_if() {  # NAME DETAIL COMMAND...: PASS when COMMAND succeeds
    local name="$1" detail="$2"
    shift 2
    if "$@"; then record "$name" PASS "$detail"; else record "$name" FAIL "$detail"; fi
}

# --- 1. the museum IT baseline ----------------------------------------------------------------
# As install.sh runs it: the installed release's baseline.sh, the quiet time from its Python.
python="$(vm 'ls /opt/social-score/current/.venv/bin/python /opt/social-score/.venv/bin/python 2>/dev/null | head -1')"
vm "cd ${python%/.venv/bin/python} && bash deploy/baseline.sh --python $python --profile portrait-kiosk \
    --ntp ntp.museum.test --watchdog 15 --security-updates --node-exporter-on 127.0.0.2" >"$REPORT/baseline.log" 2>&1
baseline_rc=$?
ntp="$(vm 'systemd-analyze cat-config systemd/timesyncd.conf | sed -n "s/^NTP=//p" | tail -1'); $(vm 'systemctl is-enabled systemd-timesyncd')"
watchdog="$(vm 'systemctl show -p RuntimeWatchdogUSec --value')"
reboot_at="$(vm 'apt-config dump Unattended-Upgrade::Automatic-Reboot-Time | cut -d\" -f2')"
upgrade_at="$(vm 'systemctl show -p TimersCalendar --value apt-daily-upgrade.timer' | grep -o 'OnCalendar=[^;]*' | tr '\n' ' ')"
origins="$(vm 'apt-config dump Unattended-Upgrade::Origins-Pattern | grep -c "^Unattended-Upgrade::Origins-Pattern::"')"
listening="$(vm 'ss -Hltn "sport = :9100"' | awk '{print $4}' | tr '\n' ' ')"
metrics="$(vm 'python3 -c "import urllib.request as u; print(sum(l.startswith(b\"social_score_\") for l in u.urlopen(\"http://127.0.0.2:9100/metrics\", timeout=5)))"' 2>&1)"
pass_if "baseline: time sync (--ntp)" "timesyncd.conf NTP=$ntp (runs on a kiosk; systemd skips it in a container)" \
    test "$baseline_rc" = 0 -a "${ntp%%;*}" = ntp.museum.test
pass_if "baseline: hardware watchdog (--watchdog)" "systemd's RuntimeWatchdogUSec=$watchdog (a container has no /dev/watchdog: set, not armed)" \
    test "$watchdog" = 15s
pass_if "baseline: security updates outside opening hours" "reboot at $reboot_at, upgrades $upgrade_at, $origins origin (Debian-Security)" \
    test "$reboot_at" = 01:45 -a "$origins" = 1 -a -n "$(echo "$upgrade_at" | grep '00:45')"
again="$(vm "cd ${python%/.venv/bin/python} && bash deploy/baseline.sh --python $python --profile portrait-kiosk \
    --ntp ntp.museum.test --watchdog 15 --security-updates --node-exporter-on 127.0.0.2 | grep -c -E '^(Setting up|Created symlink)|restart|reexec'")"
pass_if "baseline: the same switches again change nothing" "$again package installs, restarts or re-executions on the second run" \
    test "$again" = 0
pass_if "baseline: node_exporter on the management address only" "listening on: $listening; social_score_ lines served: $metrics" \
    test "$listening" = "127.0.0.2:9100 "

# --- 2. Ansible over SSH ------------------------------------------------------------------------
vm 'DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends openssh-server sudo' >>"$REPORT/baseline.log" 2>&1
vm 'printf "Port 2222\nListenAddress 127.0.0.1\nPermitRootLogin prohibit-password\n" > /etc/ssh/sshd_config.d/system-test.conf && systemctl restart ssh'
command -v ssh-keygen >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends openssh-client >>"$REPORT/baseline.log" 2>&1
ssh-keygen -q -t ed25519 -N '' -f "$WORK/key"
vm 'install -d -m 0700 /root/.ssh && cat > /root/.ssh/authorized_keys' <"$WORK/key.pub"
ANSIBLE="${ANSIBLE_PLAYBOOK:-$CACHE/ansible/bin/ansible-playbook}"
if [ ! -x "$ANSIBLE" ]; then
    python3 -m venv "$CACHE/ansible" && "$CACHE/ansible/bin/pip" install -q 'ansible-core>=2.17' >>"$REPORT/baseline.log" 2>&1
fi
inventory() {  # HOSTS...: kiosk-test is this machine; kiosk-never an address nothing answers on
    printf 'kiosks:\n  hosts:\n'
    for host in "$@"; do
        case "$host" in
            kiosk-test) printf '    kiosk-test: {ansible_host: 127.0.0.1, ansible_port: 2222}\n' ;;
            kiosk-never) printf '    kiosk-never: {ansible_host: 127.0.0.1, ansible_port: 9}\n' ;;
        esac
    done
    printf '  vars:\n    ansible_user: root\n    ansible_python_interpreter: /usr/bin/python3\n'
    printf '    ansible_ssh_private_key_file: %s\n' "$WORK/key"
    printf '    ansible_ssh_common_args: "-o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null"\n'
    printf '    social_score_profile: portrait-kiosk\n'
}
inventory kiosk-test >"$WORK/inventory.yml"
inventory kiosk-test kiosk-never >"$WORK/inventory-two.yml"
playbook() {  # LOG INVENTORY PLAYBOOK ARGS...: a playbook as a technician runs it; its exit status
    local log="$1" hosts="$2" book="$3"
    shift 3
    (cd "$SOURCE/deploy/ansible" && ANSIBLE_FORCE_COLOR=0 "$ANSIBLE" -i "$hosts" "$book" "$@" \
        -e min_uptime_minutes="$MIN_UPTIME" -e health_retries=30 -e health_delay=5 -e ignore_camera=true) >"$REPORT/$log" 2>&1
}
roll_out() { playbook "$1" "$2" rollout.yml -e release_file="$3"; }  # LOG INVENTORY RELEASE_FILE
profile() { vm 'sed -n "s/^SOCIAL_SCORE_PROFILE=//p" /etc/social-score/kiosk.env'; }
recap() { grep -E '^kiosk-[a-z]+ +:' "$REPORT/$1" | tr -s ' ' | tr '\n' ';'; }
current() { vm 'readlink /opt/social-score/current' | xargs -r basename; }
unit() { vm 'systemctl show -p MainPID -p NRestarts --value social-score | tr "\n" " "'; }

# --- 3.-5. the roll-outs ------------------------------------------------------------------------
# Two releases of this checkout, built as a technician builds them (pip's downloads cached):
# a good one, and one that passes its check but whose exhibit dies 40 s after it starts.
base="$(sed -n 's/^version = "\(.*\)"/\1/p' "$SOURCE/pyproject.toml")"
good="$base+fleet.good"; crash="$base+fleet.crash"
mkdir -p "$WORK/crash-source"
tar -C "$SOURCE" --exclude=./.venv --exclude=./.git --exclude=./dist --exclude=__pycache__ -cf - . | tar -C "$WORK/crash-source" -xf -
sed -i 's/^sys.exit(main())$/import os, threading  # system test: this release dies 40 s after it starts\
if sys.argv[1:2] == ["run"]:\
    threading.Timer(40, os._exit, (1,)).start()\
sys.exit(main())/' "$WORK/crash-source/installation/__main__.py"
export PIP_CACHE_DIR="$CACHE/pip"
reuse=()
if [ -f "$RELEASES/1.tar" ]; then reuse=(--dependencies-from "$RELEASES/1.tar"); fi
nice -n 19 "$SOURCE/deploy/build-release.sh" --version "$good" --out "$WORK/dist" "${reuse[@]}" >"$REPORT/build-releases.log" 2>&1
nice -n 19 "$SOURCE/deploy/build-release.sh" --source "$WORK/crash-source" --version "$crash" --out "$WORK/dist" "${reuse[@]}" >>"$REPORT/build-releases.log" 2>&1
good_file="$WORK/dist/social-score-$good.tar"; crash_file="$WORK/dist/social-score-$crash.tar"

# A profile of the foyer's own (the portrait profile, quieter), rolled out with profile.yml first:
# the release roll-out after it must keep it.
sed 's/^\( *volume_percent:\).*/\1 40/' "$SOURCE/hardware_config/portrait-kiosk.yaml" >"$WORK/foyer.yaml"
t0=$(date +%s)
playbook profile.log "$WORK/inventory.yml" profile.yml -e profile_file="$WORK/foyer.yaml"; rc=$?
pass_if "roll-out: a profile of the kiosk's own (profile.yml)" \
    "profile $(profile), volume $(vm 'sed -n "s/^ *volume_percent: *//p" /etc/social-score/profile.yaml'), gate passed in $(( $(date +%s) - t0 )) s; $(recap profile.log) (profile.log)" \
    test "$rc" = 0 -a "$(profile)" = /etc/social-score/profile.yaml

# New content (its version changed), with content.yml: shown after the visit, no restart; then again.
cp -a "$SOURCE/content" "$WORK/content"
sed -i 's/^version: .*/version: "fleet-system-test"/' "$WORK/content/exhibit.yaml"
unit_before="$(unit)"; t0=$(date +%s)
playbook content.log "$WORK/inventory.yml" content.yml -e content_source="$WORK/content"; rc=$?
shown="$(vm "/opt/social-score/current/.venv/bin/python -m installation health --check --ignore-camera --profile portrait-kiosk" 2>&1 | grep -o 'content [^,]*' | head -1)"
playbook content-again.log "$WORK/inventory.yml" content.yml -e content_source="$WORK/content"; rc_again=$?
pass_if "roll-out: new content without a restart, and again (content.yml)" \
    "$shown after $(( $(date +%s) - t0 )) s; MainPID NRestarts $unit_before -> $(unit); $(recap content.log) again: $(recap content-again.log) (content.log)" \
    test "$rc" = 0 -a "$rc_again" = 0 -a "$shown" = "content fleet-system-test" -a "$(unit)" = "$unit_before" \
    -a -n "$(recap content-again.log | grep 'changed=0 ')"

before="$(current)"; t0=$(date +%s)
roll_out rollout-good.log "$WORK/inventory.yml" "$good_file"; rc=$?
pass_if "roll-out: a new release is switched, passes the gate, keeps the profile" \
    "$before -> $(current) in $(( $(date +%s) - t0 )) s (gate: $MIN_UPTIME min up, NRestarts unchanged); profile still $(profile); $(recap rollout-good.log) (rollout-good.log)" \
    test "$rc" = 0 -a "$(current)" = "$good" -a "$(profile)" = /etc/social-score/profile.yaml

unit_before="$(unit)"; t0=$(date +%s)
roll_out rollout-again.log "$WORK/inventory.yml" "$good_file"; rc=$?
playbook profile-again.log "$WORK/inventory.yml" profile.yml -e profile_file="$WORK/foyer.yaml"; rc_profile=$?
pass_if "roll-out: the same release and profile again change nothing" \
    "release: $(recap rollout-again.log) profile: $(recap profile-again.log) MainPID NRestarts $unit_before -> $(unit), $(( $(date +%s) - t0 )) s" \
    test "$rc" = 0 -a "$rc_profile" = 0 -a "$(unit)" = "$unit_before" -a -n "$(recap rollout-again.log | grep 'changed=0 ')" \
    -a -n "$(recap profile-again.log | grep 'changed=0 ')"

t0=$(date +%s)
roll_out rollout-crash.log "$WORK/inventory-two.yml" "$crash_file"; rc=$?
vm 'journalctl -u social-score-release-check --no-pager' >"$REPORT/release-check.log" 2>&1
back="$(vm "/opt/social-score/current/.venv/bin/python -m installation health --check --profile portrait-kiosk --ignore-camera --expect-version $good" 2>&1)"
pass_if "roll-out: a release that crashes after 40 s is rolled back, the roll-out stops" \
    "exit $rc after $(( $(date +%s) - t0 )) s; $back; $(recap rollout-crash.log) kiosk-never not reached; $(grep -o 'Rolled back to [^ ]*\|gone back to [^ ]* by itself' "$REPORT/rollout-crash.log" | head -1) (rollout-crash.log)" \
    test "$rc" != 0 -a "$(current)" = "$good" -a "${back%%:*}" = OK -a -z "$(grep -E '^kiosk-never' "$REPORT/rollout-crash.log")"
