#!/bin/sh
# ExecStop of social-score.service: the exhibit ends first, then cage follows it.
#
# Debian 12's cage 0.1.4 aborts on SIGTERM: it hands its signal handler a pointer to its display
# instead of the display (cage-kiosk/cage pull request 354, in cage 0.2.0), so `systemctl stop`
# ended with SIGABRT and the unit 'failed': every night at closing time, and at every update.
# When its one client ends, cage shuts down cleanly. So the exhibit (Python, cage's child) gets
# SIGTERM, closes its counters and exits, and this waits for cage to exit after it. Whatever is
# left when this returns, or after TimeoutStopSec=, systemd stops as it did before.
set -u
main="${MAINPID:-}"
[ -n "$main" ] && [ -r "/proc/$main/task/$main/children" ] || exit 0
children=""
read -r children <"/proc/$main/task/$main/children" || true  # one line: the pids, spaced
for child in $children; do
    case "$(tr '\0' ' ' <"/proc/$child/cmdline" 2>/dev/null)" in
        *"installation run"*) kill -TERM "$child" ;;
    esac
done
# Until cage is gone (a zombie counts as gone: systemd collects it once this returns).
while [ -d "/proc/$main" ] && ! grep -q '^State:[[:space:]]*Z' "/proc/$main/status" 2>/dev/null; do
    sleep 0.2
done
