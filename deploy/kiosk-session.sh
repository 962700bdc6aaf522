#!/bin/sh
# Run by cage inside social-score.service: the exhibit, full screen. When it exits, cage exits
# and systemd starts both again.
set -eu
# systemd gave cage's PID as the watchdog's; the app (cage's child) pings it itself, which the
# unit allows with NotifyAccess=all.
unset WATCHDOG_PID
# SDL talks Wayland to cage; if Kivy's SDL cannot, run through Xwayland by deleting this line.
export SDL_VIDEODRIVER="${SDL_VIDEODRIVER:-wayland}"
mkdir -p "${KIVY_HOME:-/var/lib/social-score/kivy}"
cd /opt/social-score
exec /opt/social-score/.venv/bin/python -m installation run --profile "${SOCIAL_SCORE_PROFILE:?set SOCIAL_SCORE_PROFILE in /etc/social-score/kiosk.env}"
