"""A release installs with no network at all, from its own wheels, each checked against its
hash; the lock pins every dependency with hashes; the Debian packages are listed in one place.

The install test runs deploy/install-wheels.sh (what install.sh calls) on a tiny release made
here: two small wheels, a lock and a manifest, in a network namespace of its own when the test
runs as root (as CI does), so that even a pip that wanted to could reach nothing."""

from __future__ import annotations

import base64
import hashlib
import os
import re
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

from installation.paths import REPOSITORY

DEPLOY = REPOSITORY / "deploy"


def normalized(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def locked() -> dict[str, list[str]]:
    """The lock's entries: name -> its hashes."""
    entries: dict[str, list[str]] = {}
    name = ""
    for line in (REPOSITORY / "requirements.lock").read_text(encoding="utf-8").splitlines():
        if match := re.match(r"^([A-Za-z0-9][\w.-]*)==\S+ \\$", line):
            name = normalized(match.group(1))
            entries[name] = []
        elif match := re.match(r"^\s+--hash=sha256:([0-9a-f]{64})", line):
            entries[name].append(match.group(1))
    return entries


def test_every_dependency_of_the_kiosk_is_pinned_in_the_lock_with_hashes():
    project = tomllib.loads((REPOSITORY / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = {normalized(re.split(r"[\[<>=!~ ;]", dependency)[0]) for dependency in project["dependencies"]}
    entries = locked()

    assert wanted <= set(entries), f"not in requirements.lock: {sorted(wanted - set(entries))}"
    assert all(hashes for hashes in entries.values()), [name for name, hashes in entries.items() if not hashes]
    assert not {normalized(t.split(">")[0].split("=")[0]) for t in project["optional-dependencies"]["test"]} & set(entries), "test tools belong not on a kiosk"


def test_the_debian_packages_are_listed_once_and_read_by_every_script_that_installs_them():
    listed = (DEPLOY / "debian-packages.txt").read_text(encoding="utf-8")
    kiosk = [line.split()[0] for line in listed.splitlines() if line and not line.startswith("#") and "kiosk" in line.split()[1].split(",")]

    assert {"cage", "seatd", "fonts-noto-cjk", "python3-venv"} <= set(kiosk)
    for script in ("install.sh", "dev.sh", "system-test/build-image.sh"):
        text = (DEPLOY / script).read_text(encoding="utf-8")
        assert "debian-packages.txt" in text, script
        assert "cage seatd" not in text and "poppler-utils" not in text, f"{script} lists packages of its own"


def wheel(folder: Path, name: str, version: str, requires: tuple[str, ...] = ()) -> Path:
    """A minimal pure-Python wheel with one module that knows its name."""
    module = name.replace("-", "_")
    info = f"{module}-{version}.dist-info"
    files = {
        f"{module}/__init__.py": f"NAME = {name!r}\n",
        f"{info}/METADATA": "Metadata-Version: 2.1\n" + f"Name: {name}\nVersion: {version}\n" + "".join(f"Requires-Dist: {r}\n" for r in requires),
        f"{info}/WHEEL": "Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
    }
    record = []
    for path, text in files.items():
        digest = base64.urlsafe_b64encode(hashlib.sha256(text.encode()).digest()).rstrip(b"=").decode()
        record.append(f"{path},sha256={digest},{len(text.encode())}")
    files[f"{info}/RECORD"] = "\n".join([*record, f"{info}/RECORD,,"]) + "\n"
    path = folder / f"{module}-{version}-py3-none-any.whl"
    with zipfile.ZipFile(path, "w") as archive:
        for name_in_zip, text in files.items():
            archive.writestr(name_in_zip, text)
    return path


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def tiny_release(folder: Path) -> Path:
    wheels = folder / "wheels"
    wheels.mkdir(parents=True)
    dependency = wheel(wheels, "tinydep", "1.0")
    project = wheel(wheels, "social-score-kiosk", "9.9", requires=("tinydep==1.0",))
    (folder / "requirements.release.txt").write_text(f"tinydep==1.0 \\\n    --hash=sha256:{sha256(dependency)}\n")
    manifest = [f"{sha256(p)}  {p.relative_to(folder)}" for p in (dependency, project, folder / "requirements.release.txt")]
    (folder / "MANIFEST.sha256").write_text("\n".join(manifest) + "\n")
    return folder


def install(release: Path, venv: Path) -> subprocess.CompletedProcess:
    command = ["sh", str(DEPLOY / "install-wheels.sh"), str(release), str(venv)]
    if os.geteuid() == 0 and shutil.which("unshare"):
        command = ["unshare", "--net", *command]  # no network at all: not even a loopback that is up
    return subprocess.run(command, capture_output=True, text=True, env={**os.environ, "PYTHON": sys.executable}, timeout=120)


@pytest.mark.skipif(shutil.which("sha256sum") is None, reason="needs coreutils' sha256sum")
def test_a_release_installs_from_its_own_wheels_with_no_network(tmp_path: Path):
    release = tiny_release(tmp_path / "release")

    done = install(release, tmp_path / "venv")

    assert done.returncode == 0, done.stderr
    shown = subprocess.run([str(tmp_path / "venv" / "bin" / "python"), "-c", "import tinydep, social_score_kiosk; print(tinydep.NAME, social_score_kiosk.NAME)"], capture_output=True, text=True, cwd=tmp_path)
    assert shown.stdout.split() == ["tinydep", "social-score-kiosk"]


@pytest.mark.skipif(shutil.which("sha256sum") is None, reason="needs coreutils' sha256sum")
def test_a_wheel_changed_after_the_build_stops_the_install_before_anything_is_installed(tmp_path: Path):
    release = tiny_release(tmp_path / "release")
    with zipfile.ZipFile(release / "wheels" / "tinydep-1.0-py3-none-any.whl", "a") as archive:
        archive.writestr("tinydep/extra.py", "print('not what was built')\n")

    done = install(release, tmp_path / "venv")

    assert done.returncode != 0 and "MANIFEST.sha256" in done.stderr
    assert not (tmp_path / "venv").exists()
