"""The offline kit: `make wheelhouse` writes every wheel PlanTrack needs, pinned with hashes, and
`make install OFFLINE=…` installs from it into a fresh environment while pip cannot reach any index; the installed
PlanTrack runs (its version, its migrations, its vendored static files). A wheel changed after the kit was made is
refused. Slow-ish (about a minute and a half): it builds the real kit."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import plantrack
from plantrack.operations.wheelhouse import pinned_requirements

REPO = Path(__file__).resolve().parents[2]


def _offline_env() -> dict[str, str]:
    """pip with no index at all: nothing but --find-links can serve it."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("PIP_") and k != "DATABASE_URL" and not k.startswith("PLANTRACK_")}
    env.update(PIP_NO_INDEX="1", PIP_INDEX_URL="http://127.0.0.1:9/unreachable/simple", PIP_CONFIG_FILE="/dev/null",
               PIP_DISABLE_PIP_VERSION_CHECK="1", http_proxy="http://127.0.0.1:9", https_proxy="http://127.0.0.1:9")
    return env


@pytest.fixture(scope="module")
def kit(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("kit") / "wheelhouse"
    done = subprocess.run(["make", "-s", "-C", str(REPO), "wheelhouse", f"WHEELHOUSE={folder}"],
                          capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    return folder


def test_the_kit_pins_every_wheel_with_its_hash(kit):
    lines = [line for line in (kit / "requirements.txt").read_text().splitlines() if not line.startswith("#")]
    wheels = sorted(kit.glob("*.whl"))
    assert len(lines) == len(wheels) > 20
    assert all("==" in line and "--hash=sha256:" in line for line in lines)
    assert f"plantrack=={plantrack.__version__} " in "\n".join(lines) + " "
    for name in ("django", "psycopg", "openpyxl", "matplotlib"):
        assert any(line.startswith(f"{name}==") for line in lines), name


def test_it_installs_with_no_index_and_runs(kit, tmp_path):
    venv = tmp_path / "venv"
    done = subprocess.run(["make", "-s", "-C", str(REPO), "install", f"OFFLINE={kit}", f"VENV={venv}",
                           f"PYTHON={sys.executable}"], env=_offline_env(), capture_output=True, text=True,
                          timeout=600, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"plantrack {plantrack.__version__}" in done.stdout
    # Not this checkout: the installed package, with its templates and vendored files.
    site = next((venv / "lib").glob("python3*/site-packages"))
    assert (site / "plantrack" / "web" / "static" / "vendor" / "echarts.min.js").is_file()
    assert (site / "plantrack" / "web" / "templates" / "web" / "base.html").is_file()
    assert not (site / "__editable__.plantrack-0.2.0.pth").exists()
    env = _offline_env() | {"PLANTRACK_DATA_DIR": str(tmp_path / "data")}
    for args in (["migrate", "--noinput", "-v", "0"], ["check"]):
        ran = subprocess.run([str(venv / "bin" / "plantrack"), *args], env=env, cwd=tmp_path, capture_output=True,
                             text=True, timeout=300, check=False)
        assert ran.returncode == 0, ran.stdout + ran.stderr
    assert (tmp_path / "data" / "plantrack.sqlite3").stat().st_size > 100_000


def test_a_changed_wheel_is_refused(kit, tmp_path):
    altered = tmp_path / "kit"
    shutil.copytree(kit, altered)
    wheel = next(altered.glob("sqlparse-*.whl"))
    data = bytearray(wheel.read_bytes())
    data[len(data) // 2] ^= 0x01
    wheel.write_bytes(bytes(data))
    venv = tmp_path / "venv"
    done = subprocess.run(["make", "-s", "-C", str(REPO), "install", f"OFFLINE={altered}", f"VENV={venv}",
                           f"PYTHON={sys.executable}"], env=_offline_env(), capture_output=True, text=True,
                          timeout=600, check=False)
    assert done.returncode != 0
    assert "DO NOT MATCH THE HASHES" in done.stdout + done.stderr


def test_the_requirements_refuse_what_pip_could_not_install_offline(tmp_path):
    (tmp_path / "Django-5.2.19-py3-none-any.whl").write_bytes(b"wheel")
    digest = hashlib.sha256(b"wheel").hexdigest()
    assert pinned_requirements(tmp_path) == [f"django==5.2.19 --hash=sha256:{digest}"]
    (tmp_path / "jieba-0.42.1.tar.gz").write_bytes(b"sdist")
    with pytest.raises(ValueError, match="not a wheel"):
        pinned_requirements(tmp_path)
