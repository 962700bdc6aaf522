#!/usr/bin/env bash
# Install or update the Social Score kiosk on Debian 12 (bookworm) or Raspberry Pi OS Bookworm.
#
#   sudo deploy/install.sh --profile portrait-kiosk        # from an unpacked release (no internet needed)
#   sudo deploy/install.sh --release social-score-V.tar    # the same, unpacking the release file first
#   sudo deploy/install.sh                                 # an update: keeps the profile in kiosk.env
#
# What it does (safe to run again; the same release again changes nothing and restarts nothing):
#   1. installs the Debian packages of deploy/debian-packages.txt, only if one is missing;
#   2. creates the `kiosk` user (groups video, render, input, audio);
#   3. installs the release into /opt/social-score/releases/<version>/ with its own .venv
#      (its wheels only: pip --no-index --require-hashes; deploy/install-wheels.sh);
#   4. checks the profile and the new release's content; stops here if either has a problem,
#      and nothing was switched: the kiosk runs on as before;
#   5. writes /etc/social-score/kiosk.env, the systemd units and a journald size limit;
#   6. waits until the kiosk is idle (no visit under way; at most updates.idle_wait_s, then it
#      gives up without switching, exit status 3), switches /opt/social-score/current to the
#      new release atomically, restarts the kiosk, and arms systemd's automatic check: if the
#      new release is not healthy after updates.rollback_after_s, the kiosk goes back to the
#      last good release by itself (docs/technician.md, section 4). Keeps the last 3 releases.
# From a git checkout (no RELEASE file) it first builds the release (deploy/build-release.sh,
# which needs the internet) and installs that.
set -euo pipefail

PREFIX=/opt/social-score
DATA=/var/lib/social-score
CONFIG=/etc/social-score
KIOSK_USER=kiosk
SOURCE="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PROFILE=""
START=yes
APT=yes
NODE_EXPORTER=no
IDLE_WAIT=""
ARGS=("$@")

usage() {
    sed -n '2,22p' "$0" | sed 's/^# \{0,1\}//'
    cat <<'USAGE'
Options:
  --profile NAME|PATH   hardware profile: a name in hardware_config/ or a .yaml path (required the first time)
  --release FILE        the release file to install (social-score-<version>.tar): unpacked, then its own install.sh runs
  --source DIR          the unpacked release (or checkout) to install (default: the folder this script is in, one up)
  --user NAME           the user the kiosk runs as (default: kiosk)
  --idle-wait SECONDS   how long to wait for the kiosk to be idle before switching (default: the profile's updates.idle_wait_s)
  --no-apt              never call apt-get (by default it runs only when a listed package is missing)
  --no-start            install and switch, but do not (re)start the kiosk (nor arm the automatic check)
  --node-exporter       also install prometheus-node-exporter (textfile collector)
Exit status: 0 switched (or nothing to do), 1 a problem (nothing switched), 3 the kiosk stayed busy (nothing switched).
USAGE
}

without() {  # the arguments without OPTION and its value
    local skip="$1" previous=""; shift
    for argument in "$@"; do
        if [ "$argument" != "$skip" ] && [ "$previous" != "$skip" ]; then printf '%s\0' "$argument"; fi
        previous="$argument"
    done
}

say() { printf '\n== %s\n' "$*"; }
die() { printf 'install.sh: %s\n' "$*" >&2; exit 1; }

while [ $# -gt 0 ]; do
    case "$1" in
        --profile) PROFILE="$2"; shift 2 ;;
        --release)
            # The new release's own installer does the work: unpack it and hand over.
            [ -f "$2" ] || { echo "install.sh: no release file $2" >&2; exit 1; }
            unpacked="$(mktemp -d /var/tmp/social-score-release.XXXXXX)"
            tar -C "$unpacked" -xf "$2"
            mapfile -d '' rest < <(without --release "${ARGS[@]}")
            SOCIAL_SCORE_UNPACKED="$unpacked" exec bash "$unpacked"/social-score-*/deploy/install.sh "${rest[@]}" ;;
        --idle-wait) IDLE_WAIT="$2"; shift 2 ;;
        --source) SOURCE="$(cd "$2" && pwd)"; shift 2 ;;
        --user) KIOSK_USER="$2"; shift 2 ;;
        --no-apt) APT=no; shift ;;
        --no-start) START=no; shift ;;
        --node-exporter) NODE_EXPORTER=yes; shift ;;
        # The museum IT baseline, one switch each (deploy/baseline.sh --help; docs/technician.md).
        --ntp|--watchdog|--node-exporter-on) BASELINE+=("$1" "$2"); shift 2 ;;
        --security-updates|--read-only-root) BASELINE+=("$1"); shift ;;
        -h|--help) usage; exit 0 ;;
        *) echo "Unknown option: $1" >&2; usage >&2; exit 2 ;;
    esac
done

[ "$(id -u)" -eq 0 ] || die "run as root (sudo $0 ...)"
# Unpacked by --release into a temporary folder: everything needed is copied into the release's
# own folder below, so the unpacked copy goes when this script ends.
if [ -n "${SOCIAL_SCORE_UNPACKED:-}" ]; then trap 'rm -rf "$SOCIAL_SCORE_UNPACKED"' EXIT; fi
[ -f "$SOURCE/pyproject.toml" ] && [ -d "$SOURCE/deploy" ] || die "$SOURCE is not a Social Score release"
if [ ! -f "$SOURCE/RELEASE" ]; then
    # A checkout: build the release from it (this needs the internet), then install that.
    say "Building a release from the checkout $SOURCE"
    built="$(mktemp -d /var/tmp/social-score-build.XXXXXX)"
    file="$("$SOURCE/deploy/build-release.sh" --source "$SOURCE" --out "$built")" || die "the release could not be built"
    mapfile -d '' rest < <(without --source "${ARGS[@]}")
    status=0
    bash "$0" --release "$file" "${rest[@]}" || status=$?
    rm -rf "$built"
    exit "$status"
fi
RELEASE_VERSION="$(sed -n 's/^version=//p' "$SOURCE/RELEASE")"
[ -n "$RELEASE_VERSION" ] || die "$SOURCE/RELEASE names no version"
# Read in a subshell: os-release sets VERSION, NAME, ID ... which must not leak into this script.
case "$(. /etc/os-release; echo "${VERSION_CODENAME:-}")" in
    bookworm) ;;
    *) echo "Warning: made for Debian 12 / Raspberry Pi OS Bookworm; this is $(. /etc/os-release; echo "${PRETTY_NAME:-unknown}")." >&2 ;;
esac
IS_PI=no
if grep -qi 'raspberry pi' /proc/device-tree/model 2>/dev/null; then IS_PI=yes; fi

if [ -z "$PROFILE" ] && [ -f "$CONFIG/kiosk.env" ]; then
    PROFILE="$(sed -n 's/^SOCIAL_SCORE_PROFILE=//p' "$CONFIG/kiosk.env")"
fi
[ -n "$PROFILE" ] || die "name a hardware profile: --profile portrait-kiosk (see hardware_config/README.md)"

# The Debian packages are listed in one place; apt-get runs only when one is missing, so a kiosk
# set up once is updated with no network at all.
mapfile -t packages < <(awk -v role=kiosk '$1 !~ /^#/ && NF >= 2 { n = split($2, r, ","); for (i = 1; i <= n; i++) if (r[i] == role) print $1 }' "$SOURCE/deploy/debian-packages.txt")
if [ "$NODE_EXPORTER" = yes ]; then packages+=(prometheus-node-exporter); fi
missing=()
for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "ok installed" || missing+=("$package")
done
if [ "${#missing[@]}" -gt 0 ] && [ "$APT" = yes ]; then
    say "System packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update
    apt-get install -y --no-install-recommends "${missing[@]}"
elif [ "${#missing[@]}" -gt 0 ]; then
    echo "Warning: --no-apt, and these packages are missing: ${missing[*]}" >&2
fi

say "User $KIOSK_USER"
if ! id "$KIOSK_USER" >/dev/null 2>&1; then
    useradd --system --user-group --home-dir "$DATA" --no-create-home --shell /usr/sbin/nologin "$KIOSK_USER"
fi
for group in video render input audio; do
    if getent group "$group" >/dev/null; then usermod -aG "$group" "$KIOSK_USER"; fi
done
KIOSK_UID="$(id -u "$KIOSK_USER")"
install -d -o "$KIOSK_USER" -g "$KIOSK_USER" -m 0750 "$DATA" "$DATA/kivy"

RELEASES="$PREFIX/releases"
RELEASE="$RELEASES/$RELEASE_VERSION"
say "Release $RELEASE_VERSION -> $RELEASE"
install -d -m 0755 "$PREFIX" "$RELEASES"
FRESH=no
if [ -f "$RELEASE/.installed" ]; then
    echo "Already installed."
else
    FRESH=yes
    rm -rf "$RELEASE"
    install -d -m 0755 "$RELEASE"
    for item in content hardware_config deploy docs README.md pyproject.toml requirements.lock requirements.release.txt RELEASE MANIFEST.sha256; do
        cp -a "$SOURCE/$item" "$RELEASE/"
    done
    # Wheels only, each checked against its hash; nothing is downloaded.
    "$SOURCE/deploy/install-wheels.sh" "$SOURCE" "$RELEASE/.venv" || { rm -rf "$RELEASE"; die "the release's wheels could not be installed; nothing was switched"; }
    # (pip byte-compiles what it installs: the kiosk, which may not write into the release, does
    # not compile its modules again at every start.)
    chown -R root:root "$RELEASE"
    chmod -R go-w "$RELEASE"
fi

say "Checking the profile and the new release's content"
install -d -m 0755 "$CONFIG"
sudo_kiosk() { runuser -u "$KIOSK_USER" -- "$@"; }
if ! (cd "$RELEASE" && sudo_kiosk env -u SOCIAL_SCORE_CONTENT -u SOCIAL_SCORE_PROFILES "$RELEASE/.venv/bin/python" -m installation check --profile "$PROFILE"); then
    current="$(readlink "$PREFIX/current" 2>/dev/null || echo none)"
    if [ "$FRESH" = yes ]; then rm -rf "$RELEASE"; fi
    die "the profile or the content of $RELEASE_VERSION has problems (listed above); nothing was switched, the kiosk runs on ($current)"
fi
touch "$RELEASE/.installed"

say "Configuration $CONFIG/kiosk.env"
cat > "$CONFIG/kiosk.env.new" <<ENV
# Read by the social-score units. Change the profile here, then: systemctl restart social-score
SOCIAL_SCORE_PROFILE=$PROFILE
SOCIAL_SCORE_CONTENT=$PREFIX/current/content
ENV
chmod 0644 "$CONFIG/kiosk.env.new"
if cmp -s "$CONFIG/kiosk.env.new" "$CONFIG/kiosk.env"; then rm "$CONFIG/kiosk.env.new"; else mv "$CONFIG/kiosk.env.new" "$CONFIG/kiosk.env"; fi

# The Prometheus textfile collector's folder (Debian's default), writable by the kiosk.
TEXTFILE_DIR=/var/lib/prometheus/node-exporter
install -d -m 0755 "$TEXTFILE_DIR"
setfacl -m "u:$KIOSK_USER:rwx" "$TEXTFILE_DIR"

say "systemd units"
# Written only when changed, so that an update with the same units reloads and restarts nothing.
# They run whatever /opt/social-score/current points at.
changed=no
for unit in social-score.service social-score-display.service social-score-display.timer social-score-screen-off.service; do
    sed -e "s/@KIOSK_USER@/$KIOSK_USER/g" -e "s/@KIOSK_UID@/$KIOSK_UID/g" "$RELEASE/deploy/systemd/$unit" > "/etc/systemd/system/$unit.new"
    if cmp -s "/etc/systemd/system/$unit.new" "/etc/systemd/system/$unit"; then rm "/etc/systemd/system/$unit.new"; else mv "/etc/systemd/system/$unit.new" "/etc/systemd/system/$unit"; changed=yes; fi
done
install -d /etc/systemd/journald.conf.d
if ! cmp -s "$RELEASE/deploy/systemd/journald-social-score.conf" /etc/systemd/journald.conf.d/social-score.conf; then
    install -m 0644 "$RELEASE/deploy/systemd/journald-social-score.conf" /etc/systemd/journald.conf.d/social-score.conf
    systemctl restart systemd-journald
fi
if [ "$changed" = yes ]; then systemctl daemon-reload; fi

# A keyboard plugged into the kiosk gets nowhere: no SysRq keys, no login prompt on any other
# console (cage itself ignores Ctrl+Alt+Fn). SysRq is off at once, the consoles from the next boot.
cat > /etc/sysctl.d/90-social-score.conf <<'SYSCTL'
# Social Score kiosk: the kernel's SysRq keys do nothing (installed by deploy/install.sh).
kernel.sysrq = 0
SYSCTL
sysctl -q -p /etc/sysctl.d/90-social-score.conf 2>/dev/null || true
install -d /etc/systemd/logind.conf.d
cat > /etc/systemd/logind.conf.d/social-score.conf <<'LOGIND'
# Social Score kiosk: no login prompts on tty2-tty6 (installed by deploy/install.sh).
[Login]
NAutoVTs=0
ReserveVT=0
LOGIND

if [ -n "${BASELINE+set}" ]; then  # the baseline's switches; the quiet time from the new release's Python
    (cd "${RELEASE:-$PREFIX}" && bash "$SOURCE/deploy/baseline.sh" --python "${RELEASE:-$PREFIX}/.venv/bin/python" --profile "$PROFILE" --apt "$APT" "${BASELINE[@]}")
fi

# Boot straight into the kiosk: no desktop, no login prompt on tty1.
for manager in lightdm gdm3 sddm display-manager; do
    if systemctl is-enabled "$manager.service" >/dev/null 2>&1; then systemctl disable "$manager.service"; fi
done
systemctl disable getty@tty1.service >/dev/null 2>&1 || true
systemctl set-default graphical.target
systemctl enable seatd.service social-score.service social-score-display.timer
systemctl start seatd.service
if [ "$IS_PI" = yes ]; then
    # No blanking of the text console during boot; the kiosk itself never blanks while open.
    CMDLINE=/boot/firmware/cmdline.txt
    [ -f "$CMDLINE" ] || CMDLINE=/boot/cmdline.txt
    if [ -f "$CMDLINE" ] && ! grep -q 'consoleblank=0' "$CMDLINE"; then sed -i '1 s/$/ consoleblank=0/' "$CMDLINE"; fi
fi

if [ ! -s "$DATA/staff-pin" ] && ! grep -q 'pin_hash: *.scrypt' "$RELEASE/hardware_config/$PROFILE.yaml" "$PROFILE" 2>/dev/null; then
    echo
    echo "No staff PIN yet. Set one (asked twice, never shown):"
    echo "  sudo -u $KIOSK_USER $PREFIX/current/.venv/bin/python -m installation set-pin --profile $PROFILE"
fi

release_command() { (cd "$RELEASE" && env -u SOCIAL_SCORE_PROFILES "$RELEASE/.venv/bin/python" -m installation release "$@"); }
if [ "$START" = yes ]; then
    say "Switching to $RELEASE_VERSION between visits"
    status=0
    release_command activate "$RELEASE_VERSION" --profile "$PROFILE" ${IDLE_WAIT:+--idle-wait "$IDLE_WAIT"} || status=$?
    systemctl start social-score-display.timer
    [ "$status" = 0 ] || exit "$status"
    echo "Check it with: $PREFIX/current/.venv/bin/python -m installation health --check --profile $PROFILE --expect-version $RELEASE_VERSION"
else
    release_command activate "$RELEASE_VERSION" --profile "$PROFILE" --no-start
    echo "Installed; the kiosk starts at the next boot (or: systemctl start social-score)."
fi
