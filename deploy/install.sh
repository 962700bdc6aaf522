#!/usr/bin/env bash
# Install or update the Social Score kiosk on Debian 12 (bookworm) or Raspberry Pi OS Bookworm.
#
#   sudo deploy/install.sh --profile portrait-kiosk            # from a checkout or unpacked release
#   sudo deploy/install.sh --profile /etc/social-score/profile.yaml --no-start
#
# What it does (safe to run again; an update is the same command with a newer release):
#   1. installs the system packages (cage, fonts, espeak-ng, v4l-utils, ...);
#   2. creates the `kiosk` user (groups video, render, input, audio);
#   3. copies the release to /opt/social-score and installs it in /opt/social-score/.venv;
#   4. checks the profile and the content; stops here if either has a problem;
#   5. writes /etc/social-score/kiosk.env, the systemd units and a journald size limit;
#   6. boots straight into the kiosk (cage on tty1, no desktop) and (re)starts it.
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

usage() {
    sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'
    cat <<'USAGE'
Options:
  --profile NAME|PATH   hardware profile: a name in hardware_config/ or a .yaml path (required the first time)
  --source DIR          the release to install (default: the folder this script is in, one up)
  --user NAME           the user the kiosk runs as (default: kiosk)
  --no-apt              do not install system packages (offline updates)
  --no-start            install everything but do not (re)start the kiosk
  --node-exporter       also install prometheus-node-exporter (textfile collector)
USAGE
}

while [ $# -gt 0 ]; do
    case "$1" in
        --profile) PROFILE="$2"; shift 2 ;;
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

say() { printf '\n== %s\n' "$*"; }
die() { printf 'install.sh: %s\n' "$*" >&2; exit 1; }

[ "$(id -u)" -eq 0 ] || die "run as root (sudo $0 ...)"
[ -f "$SOURCE/pyproject.toml" ] && [ -d "$SOURCE/installation" ] || die "$SOURCE is not a Social Score release"
. /etc/os-release
case "${VERSION_CODENAME:-}" in
    bookworm) ;;
    *) echo "Warning: made for Debian 12 / Raspberry Pi OS Bookworm; this is ${PRETTY_NAME:-unknown}." >&2 ;;
esac
IS_PI=no
if grep -qi 'raspberry pi' /proc/device-tree/model 2>/dev/null; then IS_PI=yes; fi

if [ -z "$PROFILE" ] && [ -f "$CONFIG/kiosk.env" ]; then
    PROFILE="$(sed -n 's/^SOCIAL_SCORE_PROFILE=//p' "$CONFIG/kiosk.env")"
fi
[ -n "$PROFILE" ] || die "name a hardware profile: --profile portrait-kiosk (see hardware_config/README.md)"

if [ "$APT" = yes ]; then
    say "System packages"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update
    packages=(
        cage seatd xwayland wlr-randr               # the kiosk compositor, its seat, X for Kivy's SDL2
        python3 python3-venv python3-pip           # the app's own virtual environment
        libmtdev1 libegl1 libgles2 libgl1-mesa-dri # touch (mtdev) and OpenGL for Kivy's SDL2
        fonts-noto-core fonts-noto-cjk              # Latin, German and Chinese texts
        espeak-ng                                   # reading texts aloud
        v4l-utils                                   # camera diagnosis: v4l2-ctl --list-devices
        sqlite3 acl rsync ca-certificates
    )
    if [ "$NODE_EXPORTER" = yes ]; then packages+=(prometheus-node-exporter); fi
    apt-get install -y --no-install-recommends "${packages[@]}"
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

say "Release $SOURCE -> $PREFIX"
install -d -m 0755 "$PREFIX"
if [ "$SOURCE" != "$PREFIX" ]; then
    rsync -a --delete --exclude '.venv/' --exclude '.git/' --exclude '__pycache__/' --exclude '*.egg-info/' "$SOURCE/" "$PREFIX/"
fi
chown -R root:root "$PREFIX"
chmod -R go-w "$PREFIX"
if [ ! -x "$PREFIX/.venv/bin/python" ]; then
    python3 -m venv "$PREFIX/.venv"
fi
"$PREFIX/.venv/bin/pip" install --quiet --upgrade pip
# Editable, so that the package finds content/ and hardware_config/ beside it in $PREFIX.
"$PREFIX/.venv/bin/pip" install --quiet -e "$PREFIX"
# Byte-compiled once here: the kiosk may not write into $PREFIX, and would otherwise compile its
# own modules again at every start (slower restarts after a crash or a watchdog kill).
"$PREFIX/.venv/bin/python" -m compileall -q "$PREFIX/installation" >/dev/null

say "Checking the profile and the content"
install -d -m 0755 "$CONFIG"
sudo_kiosk() { runuser -u "$KIOSK_USER" -- "$@"; }
(cd "$PREFIX" && sudo_kiosk "$PREFIX/.venv/bin/python" -m installation check --profile "$PROFILE") \
    || die "the profile or the content has problems (listed above); nothing was started"

say "Configuration $CONFIG/kiosk.env"
cat > "$CONFIG/kiosk.env" <<ENV
# Read by the social-score units. Change the profile here, then: systemctl restart social-score
SOCIAL_SCORE_PROFILE=$PROFILE
SOCIAL_SCORE_CONTENT=$PREFIX/content
ENV
chmod 0644 "$CONFIG/kiosk.env"

# The Prometheus textfile collector's folder (Debian's default), writable by the kiosk.
TEXTFILE_DIR=/var/lib/prometheus/node-exporter
install -d -m 0755 "$TEXTFILE_DIR"
setfacl -m "u:$KIOSK_USER:rwx" "$TEXTFILE_DIR"

say "systemd units"
for unit in social-score.service social-score-display.service social-score-display.timer social-score-screen-off.service; do
    sed -e "s/@KIOSK_USER@/$KIOSK_USER/g" -e "s/@KIOSK_UID@/$KIOSK_UID/g" "$PREFIX/deploy/systemd/$unit" > "/etc/systemd/system/$unit"
done
install -d /etc/systemd/journald.conf.d
install -m 0644 "$PREFIX/deploy/systemd/journald-social-score.conf" /etc/systemd/journald.conf.d/social-score.conf
systemctl daemon-reload
systemctl restart systemd-journald

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

if [ ! -s "$DATA/staff-pin" ] && ! grep -q 'pin_hash: *.scrypt' "$PREFIX/hardware_config/$PROFILE.yaml" "$PROFILE" 2>/dev/null; then
    echo
    echo "No staff PIN yet. Set one (asked twice, never shown):"
    echo "  sudo -u $KIOSK_USER $PREFIX/.venv/bin/python -m installation set-pin --profile $PROFILE"
fi

if [ "$START" = yes ]; then
    say "Starting the kiosk"
    systemctl restart social-score.service social-score-display.timer
    echo "Started. Check it with: $PREFIX/.venv/bin/python -m installation health --check --profile $PROFILE"
else
    echo "Installed; the kiosk starts at the next boot (or: systemctl start social-score)."
fi
