#!/bin/sh
# Set up and use the kiosk on a development machine (Debian 12, Ubuntu 24.04, Raspberry Pi OS).
#
#   sh deploy/dev.sh run [ARGS]    install into .venv/, then start the kiosk (desktop profile)
#   sh deploy/dev.sh test [ARGS]   install into .venv/ with the test tools, then run every test headless
#   sh deploy/dev.sh system        only install the Debian packages the kiosk and its tests need
#
# Each step is skipped when already done, so running it again is quick.
set -eu
cd "$(dirname "$0")/.."

# What Kivy needs to draw (Mesa's OpenGL/EGL, used headless too), read touch panels (mtdev),
# show Chinese and read aloud; the tests also print the teacher's guide to PDF and look at its
# pages. The lists are in deploy/debian-packages.txt ("dev" and "test"), with the kiosk's.
packages() { awk -v role="$1" '$1 !~ /^#/ && NF >= 2 { n = split($2, r, ","); for (i = 1; i <= n; i++) if (r[i] == role) printf "%s ", $1 }' deploy/debian-packages.txt; }
PACKAGES="$(packages dev)"
TEST_PACKAGES="$(packages test)"

system_packages() {
    command -v dpkg-query >/dev/null 2>&1 || { echo "dev.sh: not a Debian-like system; install the equivalent of: $PACKAGES" >&2; return 0; }
    missing=""
    for package in $PACKAGES; do
        dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "ok installed" || missing="$missing $package"
    done
    [ -z "$missing" ] && return 0
    echo "dev.sh: installing Debian packages:$missing" >&2
    sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    $sudo apt-get update -q
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends $missing
}

python_ok() {
    "$1" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null
}

virtual_environment() {
    extras="$1"
    stamp=".venv/.installed$extras"
    if [ ! -x .venv/bin/python ]; then
        for candidate in python3.13 python3.12 python3.11 python3; do
            if command -v "$candidate" >/dev/null 2>&1 && python_ok "$candidate"; then
                "$candidate" -m venv .venv
                break
            fi
        done
        [ -x .venv/bin/python ] || { echo "dev.sh: Python 3.11 or newer is needed" >&2; exit 1; }
    fi
    if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
        .venv/bin/python -m pip install -q --upgrade pip
        .venv/bin/python -m pip install -q -e ".$extras"
        touch "$stamp"
    fi
}

command="${1:-run}"
[ $# -gt 0 ] && shift
case "$command" in
    system)
        PACKAGES="$PACKAGES $TEST_PACKAGES"
        system_packages ;;
    run)
        system_packages
        virtual_environment ""
        exec .venv/bin/python -m installation run "$@" ;;
    test)
        PACKAGES="$PACKAGES $TEST_PACKAGES"
        system_packages
        virtual_environment "[test]"
        export SDL_VIDEODRIVER="${SDL_VIDEODRIVER:-offscreen}" KIVY_NO_ARGS=1
        exec .venv/bin/python -m pytest "$@" ;;
    *)
        echo "usage: sh deploy/dev.sh run|test|system [ARGS]" >&2
        exit 2 ;;
esac
