#!/usr/bin/env bash
# Build ONE release file on a machine with internet, for kiosks that may have none:
#
#   deploy/build-release.sh                       dist/social-score-<version>.tar, for Linux x86_64
#   deploy/build-release.sh --arch aarch64        for a Raspberry Pi 5 (64-bit Raspberry Pi OS)
#   deploy/build-release.sh --version 0.2.0       a version of your own (default: pyproject's + date + commit)
#   deploy/build-release.sh --source DIR --out DIR
#   deploy/build-release.sh --dependencies-from OLD.tar   the dependencies' wheels of an earlier
#                                                  release built from the same lock (no downloads)
#
# The file holds, in social-score-<version>/: the project's wheel; the wheel of every dependency,
# exactly as pinned with hashes in requirements.lock (for Python 3.11, Debian 12's); content/,
# hardware_config/, deploy/, docs/; RELEASE (version, architecture, commit) and MANIFEST.sha256
# (every wheel's sha256). A dependency PyPI has only as source (sdnotify) is built into a wheel
# here from its hash-checked source, and that wheel's hash is written into
# requirements.release.txt (the lock with that one hash replaced), which the kiosk installs from.
# On the kiosk: tar -xf social-score-<version>.tar && sudo social-score-<version>/deploy/install.sh
set -euo pipefail

SOURCE="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT=""
VERSION=""
ARCH="$(uname -m)"
DEPENDENCIES_FROM=""
while [ $# -gt 0 ]; do
    case "$1" in
        --source) SOURCE="$(cd "$2" && pwd)"; shift 2 ;;
        --out) OUT="$2"; shift 2 ;;
        --version) VERSION="$2"; shift 2 ;;
        --arch) ARCH="$2"; shift 2 ;;
        --dependencies-from) DEPENDENCIES_FROM="$(cd "$(dirname "$2")" && pwd)/$(basename "$2")"; shift 2 ;;
        -h|--help) sed -n '2,19p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "build-release.sh: unknown option $1" >&2; exit 2 ;;
    esac
done
case "$ARCH" in x86_64|aarch64) ;; arm64) ARCH=aarch64 ;; *) echo "build-release.sh: no wheels for $ARCH (x86_64 or aarch64)" >&2; exit 2 ;; esac
OUT="${OUT:-$SOURCE/dist}"
PYTHON="${PYTHON:-python3}"
# Only PyPI, whatever this machine's pip is configured with (its own indexes, constraints).
export PIP_CONFIG_FILE=/dev/null PIP_DISABLE_PIP_VERSION_CHECK=1
pip() { "$PYTHON" -m pip -q "$@"; }
# Wheels built here (the project's, a source-only dependency's) get the same bytes from the same commit.
export SOURCE_DATE_EPOCH="${SOURCE_DATE_EPOCH:-$(git -C "$SOURCE" log -1 --format=%ct 2>/dev/null || echo 315532800)}"

base="$(sed -n 's/^version = "\(.*\)"/\1/p' "$SOURCE/pyproject.toml")"
commit="$(git -C "$SOURCE" rev-parse --short HEAD 2>/dev/null || echo unknown)"
if [ -z "$VERSION" ]; then
    VERSION="$base+$(date -u +%Y%m%d).g$commit"
    if [ -n "$(git -C "$SOURCE" status --porcelain 2>/dev/null)" ]; then VERSION="$VERSION.dirty"; fi
fi
NAME="social-score-$VERSION"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/social-score-build.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
STAGE="$WORK/$NAME"
mkdir -p "$STAGE/wheels" "$WORK/src" "$OUT"
say() { printf '[build-release] %s\n' "$*" >&2; }

say "$NAME for $ARCH from $SOURCE"
for item in content hardware_config deploy docs README.md pyproject.toml requirements.lock; do
    cp -a "$SOURCE/$item" "$STAGE/"
done
rm -rf "$STAGE/deploy/__pycache__" "$STAGE/deploy/system-test/__pycache__"

# The project's wheel, with the release's version written into a copy of the source.
tar -C "$SOURCE" --exclude=./.venv --exclude=./.git --exclude=./dist --exclude=./tests --exclude=__pycache__ --exclude='*.egg-info' -cf - . | tar -C "$WORK/src" -xf -
sed -i "s/^version = \".*\"/version = \"$VERSION\"/" "$WORK/src/pyproject.toml"
pip wheel --no-deps --wheel-dir "$STAGE/wheels" "$WORK/src"

if [ -n "$DEPENDENCIES_FROM" ]; then
    # The same lock, already built: take its dependencies' wheels (pip checks their hashes on the kiosk).
    tar -C "$WORK" -xf "$DEPENDENCIES_FROM"
    earlier="$(find "$WORK" -mindepth 1 -maxdepth 1 -type d -name 'social-score-*' ! -name "$NAME" | head -1)"
    cmp -s "$earlier/requirements.lock" "$SOURCE/requirements.lock" || { say "$DEPENDENCIES_FROM was built from another lock"; exit 1; }
    find "$earlier/wheels" -name '*.whl' ! -name 'social_score_kiosk-*' -exec cp {} "$STAGE/wheels/" \;
    cp "$earlier/requirements.release.txt" "$STAGE/requirements.release.txt"
    rm -rf "$earlier"
else
    # Every dependency as pinned, hash-checked; source-only ones built into wheels here.
    "$PYTHON" - "$SOURCE/requirements.lock" "$WORK/pinned" <<'PY'
import re, sys, pathlib
text = pathlib.Path(sys.argv[1]).read_text()
out = pathlib.Path(sys.argv[2]); out.mkdir()
for block in re.split(r"\n(?=[A-Za-z0-9])", re.sub(r"^#.*\n", "", text, flags=re.M)):
    lines = [l for l in block.splitlines() if not l.strip().startswith("#")]
    if lines:
        name = lines[0].split("==")[0].strip()
        (out / name).write_text("\n".join(lines).rstrip(" \\") + "\n")
PY
    cp "$SOURCE/requirements.lock" "$STAGE/requirements.release.txt"
    # Wheels that run on Debian 12's glibc 2.36: pip takes --platform tags literally, so each
    # manylinux level up to 2.36 is named.
    platform_options=(--only-binary=:all: --python-version 3.11 --implementation cp --abi cp311 --abi abi3 --abi none --platform "manylinux2014_$ARCH")
    for glibc in $(seq 17 36); do platform_options+=(--platform "manylinux_2_${glibc}_$ARCH"); done
    # All wheels in one pip run; a package PyPI has no wheel for is named in pip's error, and
    # is built below from its source instead.
    source_only=()
    while :; do
        cat "$WORK/pinned"/* >"$WORK/wanted.txt"
        for name in "${source_only[@]}"; do grep -v -F -x -f "$WORK/pinned/$name" "$WORK/wanted.txt" >"$WORK/wanted.tmp" || true; mv "$WORK/wanted.tmp" "$WORK/wanted.txt"; done
        if pip download --no-deps --require-hashes "${platform_options[@]}" --dest "$STAGE/wheels" -r "$WORK/wanted.txt" 2>"$WORK/download.err"; then break; fi
        missing="$(sed -n 's/.*satisfies the requirement \([A-Za-z0-9._-]*\)==.*/\1/p' "$WORK/download.err" | head -1)"
        [ -n "$missing" ] && [ -f "$WORK/pinned/$missing" ] || { cat "$WORK/download.err" >&2; exit 1; }
        source_only+=("$missing")
    done
    for name in "${source_only[@]}"; do
        pinned="$WORK/pinned/$name"
        say "$name: no wheel on PyPI, building one from its hash-checked source"
        mkdir -p "$WORK/sdist-$name"
        pip download --no-deps --require-hashes --no-binary=:all: --dest "$WORK/sdist-$name" -r "$pinned"
        before="$(ls "$STAGE/wheels")"
        pip wheel --no-deps --wheel-dir "$STAGE/wheels" "$WORK/sdist-$name"/*
        built="$(comm -13 <(echo "$before") <(ls "$STAGE/wheels"))"
        case "$built" in *-py3-none-any.whl|*-py2.py3-none-any.whl) ;; *) say "$name built into $built, which is not pure Python: not portable"; exit 1 ;; esac
        hash="$(sha256sum "$STAGE/wheels/$built" | cut -d' ' -f1)"
        "$PYTHON" - "$STAGE/requirements.release.txt" "$name" "$hash" <<'PY'
import re, sys, pathlib
path, name, digest = pathlib.Path(sys.argv[1]), sys.argv[2], sys.argv[3]
text = path.read_text()
pattern = re.compile(rf"^({re.escape(name)}==\S+ \\\n)((?:    --hash=\S+(?: \\)?\n)+)", re.M)
text, count = pattern.subn(lambda m: f"{m.group(1)}    --hash=sha256:{digest}\n    # built by build-release.sh from the source pinned in requirements.lock\n", text)
assert count == 1, name
path.write_text(text)
PY
    done
fi

cat >"$STAGE/RELEASE" <<EOF
version=$VERSION
arch=$ARCH
python=3.11
commit=$commit
built=$(date -u +%Y-%m-%dT%H:%M:%SZ)
EOF
(cd "$STAGE" && sha256sum wheels/*.whl requirements.release.txt >MANIFEST.sha256)
tar -C "$WORK" -cf "$OUT/$NAME.tar" "$NAME"
say "$OUT/$NAME.tar: $(ls "$STAGE/wheels" | wc -l) wheels, $(du -sh "$OUT/$NAME.tar" | cut -f1)"
echo "$OUT/$NAME.tar"
