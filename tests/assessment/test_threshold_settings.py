"""Assessment thresholds are read from the environment; wrong ones stop the start, naming the setting."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

PLANTRACK = str(Path(sys.executable).with_name("plantrack"))


def check(tmp_path, **env) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("PLANTRACK_ASSESS_")}
    environment.update(PLANTRACK_DATA_DIR=str(tmp_path), **env)
    return subprocess.run([PLANTRACK, "check"], capture_output=True, text=True, env=environment, timeout=120)


@pytest.mark.parametrize(
    ("env", "words"),
    [
        ({"PLANTRACK_ASSESS_AHEAD": "0.5"}, "PLANTRACK_ASSESS_* settings: 阈值应满足 超前 > 符合预期 > 滞后"),
        ({"PLANTRACK_ASSESS_LAGGING": "abc"}, "PLANTRACK_ASSESS_LAGGING must be a number, not 'abc'"),
        ({"PLANTRACK_ASSESS_ABOUT_TOLERANCE": "-0.1"}, "“左右”容差不能为负"),
    ],
)
def test_wrong_thresholds_stop_the_start(tmp_path, env, words):
    out = check(tmp_path, **env)
    assert out.returncode != 0
    assert words in out.stderr


def test_thresholds_in_order_are_taken(tmp_path):
    out = check(tmp_path, PLANTRACK_ASSESS_AHEAD="1.2", PLANTRACK_ASSESS_ON_TRACK="1.0")
    assert out.returncode == 0, out.stderr
