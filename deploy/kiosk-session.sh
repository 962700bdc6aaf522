#!/bin/sh
# Run by cage inside social-score.service: the exhibit, full screen. When it exits, cage exits
# and systemd starts both again.
set -eu
# systemd gave cage's PID as the watchdog's; the app (cage's child) pings it itself, which the
# unit allows with NotifyAccess=all.
unset WATCHDOG_PID
# Kivy's SDL2 (the PyPI wheel: drivers x11, KMSDRM, offscreen) has no Wayland driver, so the
# exhibit draws through cage's Xwayland. Seen in the booted system test: with "wayland" here SDL
# fails and Kivy falls back to another window provider.
export SDL_VIDEODRIVER="${SDL_VIDEODRIVER:-x11}"
mkdir -p "${KIVY_HOME:-/var/lib/social-score/kivy}"
# The release is resolved once, here: the running exhibit keeps its own release's files even
# while an update switches /opt/social-score/current to the next one.
release="$(readlink -f /opt/social-score/current)"
cd "$release"
exec "$release/.venv/bin/python" -m installation run --profile "${SOCIAL_SCORE_PROFILE:?set SOCIAL_SCORE_PROFILE in /etc/social-score/kiosk.env}"
