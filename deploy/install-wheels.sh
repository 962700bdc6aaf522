#!/bin/sh
# Install an unpacked release's wheels into a new virtual environment, with no network at all:
#
#   deploy/install-wheels.sh RELEASE_DIR VENV
#
# 1. every wheel and requirements.release.txt must match MANIFEST.sha256 (written when the
#    release was built): a damaged or swapped file stops the install;
# 2. the dependencies: pip install --no-index --require-hashes -r requirements.release.txt
#    (each wheel's hash as pinned in requirements.lock);
# 3. the project's own wheel (its hash is in the manifest), with --no-deps.
# Called by deploy/install.sh; tests/test_release_build.py runs it on a tiny release.
set -eu
RELEASE="${1:?usage: install-wheels.sh RELEASE_DIR VENV}"
VENV="${2:?usage: install-wheels.sh RELEASE_DIR VENV}"
PYTHON="${PYTHON:-python3}"

(cd "$RELEASE" && sha256sum --quiet --strict -c MANIFEST.sha256) || { echo "install-wheels.sh: the release's files do not match MANIFEST.sha256" >&2; exit 1; }
project="$(sed -n 's#^[0-9a-f]*  wheels/\(social_score_kiosk-[^ ]*\.whl\)$#\1#p' "$RELEASE/MANIFEST.sha256")"
[ -n "$project" ] || { echo "install-wheels.sh: no project wheel in MANIFEST.sha256" >&2; exit 1; }

"$PYTHON" -m venv "$VENV"
# Nothing from any index, nothing from this machine's pip configuration: only the release's wheels.
export PIP_CONFIG_FILE=/dev/null PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_INPUT=1
"$VENV/bin/python" -m pip install --quiet --no-index --find-links "$RELEASE/wheels" --require-hashes --only-binary=:all: \
    -r "$RELEASE/requirements.release.txt"
"$VENV/bin/python" -m pip install --quiet --no-index --no-deps "$RELEASE/wheels/$project"
