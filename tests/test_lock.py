"""The lock: every distribution installed for the tests is the version requirements.lock pins,
and every pin is installed, so a machine that runs `make setup` later gets what passed;
pylock.toml (PEP 751) pins the same versions, each file with its hash."""

from __future__ import annotations

import re
import tomllib
from importlib import metadata

from tests.conftest import ROOT


def _name(text: str) -> str:
    return re.sub(r"[-_.]+", "-", text).lower()


def _pinned() -> dict[str, str]:
    pinned = {}
    for line in (ROOT / "requirements.lock").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, version = line.split("==")
            pinned[_name(name)] = version.strip()
    return pinned


def test_the_environment_is_the_lock():
    pinned = _pinned()
    installed = {
        _name(dist.metadata["Name"]): dist.version
        for dist in metadata.distributions()
        if _name(dist.metadata["Name"]) != "pcp-warehouse"
    }

    assert {"pip", "setuptools"} <= set(pinned)  # the installer and the build backend too
    assert installed == pinned


def test_the_pep_751_lock_pins_the_same_versions_each_with_a_hash():
    lock = tomllib.loads((ROOT / "pylock.toml").read_text(encoding="utf-8"))
    packages = lock["packages"]

    assert {_name(p["name"]): p["version"] for p in packages} == _pinned()
    for package in packages:
        artifacts = package.get("wheels", []) + ([package["sdist"]] if "sdist" in package else [])
        assert artifacts and all(a["hashes"]["sha256"] for a in artifacts), package["name"]
