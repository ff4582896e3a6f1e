"""`plantrack --version` names the release, set in one place (plantrack.__version__) that the package metadata and
the CHANGELOG follow."""

from __future__ import annotations

import importlib.metadata
import subprocess
import sys
from pathlib import Path

import plantrack

CHANGELOG = Path(__file__).resolve().parents[2] / "CHANGELOG.md"


def test_the_command_prints_the_release():
    done = subprocess.run([sys.executable, "-m", "plantrack", "--version"], capture_output=True, text=True,
                          timeout=60, check=False)
    assert done.returncode == 0
    assert done.stdout.strip() == f"plantrack {plantrack.__version__}"
    # Without Django: the version answers before any setting is read.
    assert "django" not in done.stderr.lower()


def test_the_package_metadata_and_the_changelog_follow_it():
    assert importlib.metadata.version("plantrack") == plantrack.__version__
    assert f"## {plantrack.__version__} " in CHANGELOG.read_text(encoding="utf-8")
