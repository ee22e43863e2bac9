"""The lock: every distribution installed for the tests is the version requirements.lock pins,
and every pin is installed, so a machine that runs `make setup` later gets what passed."""

from __future__ import annotations

import re
from importlib import metadata

from tests.conftest import ROOT


def _name(text: str) -> str:
    return re.sub(r"[-_.]+", "-", text).lower()


def test_the_environment_is_the_lock():
    pinned = {}
    for line in (ROOT / "requirements.lock").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, version = line.split("==")
            pinned[_name(name)] = version.strip()
    installed = {
        _name(dist.metadata["Name"]): dist.version
        for dist in metadata.distributions()
        if _name(dist.metadata["Name"]) != "pcp-warehouse"
    }

    assert {"pip", "setuptools"} <= set(pinned)  # the installer and the build backend too
    assert installed == pinned
