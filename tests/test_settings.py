"""Deployment settings: a fresh install signs with its own random key kept owner-only in the data directory,
and every unhandled error is logged to the data directory and to stderr."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

PLANTRACK = Path(sys.executable).with_name("plantrack")


def run_plantrack(data_dir: Path, *args: str) -> subprocess.CompletedProcess:
    # A fresh install's environment: none of the suite's own settings (the browser tests allow async-unsafe
    # calls, which the deploy checks rightly refuse).
    env = {k: v for k, v in os.environ.items()
           if k not in {"PLANTRACK_SECRET_KEY", "DATABASE_URL", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    env["PLANTRACK_DATA_DIR"] = str(data_dir)
    return subprocess.run([str(PLANTRACK), *args], env=env, capture_output=True, text=True, timeout=120,
                          cwd=data_dir.parent)


class TestSecretKey:
    def test_a_fresh_install_makes_its_own_key_and_check_deploy_has_no_w009(self, tmp_path):
        data_dir = tmp_path / "data"
        result = run_plantrack(data_dir, "check", "--deploy")
        assert result.returncode == 0, result.stderr
        assert "security.W009" not in result.stdout + result.stderr
        assert "security.W004" in result.stdout + result.stderr  # the deploy checks did run
        key_file = data_dir / "secret_key"
        assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
        key = key_file.read_text().strip()
        assert len(key) >= 50 and "insecure" not in key

        show = ("shell", "-c", "from django.conf import settings; print(settings.SECRET_KEY)")
        assert run_plantrack(data_dir, *show).stdout.strip().splitlines()[-1] == key  # kept across restarts
        other = run_plantrack(tmp_path / "other", *show).stdout.strip().splitlines()[-1]
        assert other and other != key  # every installation its own

    def test_a_key_file_others_can_read_is_refused_in_one_line(self, tmp_path):
        data_dir = tmp_path / "data"
        assert run_plantrack(data_dir, "check").returncode == 0
        (data_dir / "secret_key").chmod(0o644)
        result = run_plantrack(data_dir, "check")
        assert result.returncode == 2
        assert "secret_key may be read by other users" in result.stderr
        assert "Traceback" not in result.stderr


BOOM_URLS = """
from django.urls import path

def boom(request):
    raise RuntimeError("the figure store fell over")

urlpatterns = [path("boom/", boom)]
"""
GET_BOOM = """
from django.test import Client
from django.test.utils import override_settings
with override_settings(ROOT_URLCONF="boom_urls", ALLOWED_HOSTS=["testserver"]):
    print("status", Client(raise_request_exception=False).get("/boom/").status_code)
"""


class TestServerErrorsAreLogged:
    def test_a_500_is_logged_to_the_data_directory_and_stderr(self, tmp_path, monkeypatch):
        (tmp_path / "boom_urls.py").write_text(BOOM_URLS, encoding="utf-8")
        monkeypatch.setenv("PYTHONPATH", str(tmp_path))
        data_dir = tmp_path / "data"
        result = run_plantrack(data_dir, "shell", "-c", GET_BOOM)
        assert "status 500" in result.stdout, result.stderr
        assert "Internal Server Error: /boom/" in result.stderr
        assert "RuntimeError: the figure store fell over" in result.stderr
        logged = (data_dir / "logs" / "errors.log").read_text(encoding="utf-8")
        assert "ERROR django.request: Internal Server Error: /boom/" in logged
        assert 'raise RuntimeError("the figure store fell over")' in logged
