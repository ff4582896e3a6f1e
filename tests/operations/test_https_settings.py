"""PLANTRACK_HTTPS=true gives a deployment Secure cookies, HSTS, the redirect to HTTPS and the proxy's scheme
header, so `plantrack check --deploy` has nothing to say; without it the same check lists what is missing."""

from __future__ import annotations

import json
import os
import subprocess
import sys

SHOW = ("from django.conf import settings as s; import json; print(json.dumps({k: getattr(s, k) for k in ["
        "'SESSION_COOKIE_SECURE', 'CSRF_COOKIE_SECURE', 'SECURE_SSL_REDIRECT', 'SECURE_HSTS_SECONDS', "
        "'SECURE_HSTS_INCLUDE_SUBDOMAINS', 'SECURE_PROXY_SSL_HEADER']}))")


def _plantrack(tmp_path, *args: str, **env_extra: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items()
           if k not in ("DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE") and not k.startswith("PLANTRACK_")}
    env.update(PLANTRACK_DATA_DIR=str(tmp_path), PLANTRACK_ALLOWED_HOSTS="plantrack.example.gov.cn", **env_extra)
    return subprocess.run([sys.executable, "-m", "plantrack", *args], env=env, capture_output=True, text=True,
                          timeout=120, check=False)


def test_https_makes_the_deploy_check_clean(tmp_path):
    done = _plantrack(tmp_path, "check", "--deploy", "--fail-level", "WARNING", PLANTRACK_HTTPS="true")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "no issues" in done.stdout


def test_without_https_the_deploy_check_names_what_is_missing(tmp_path):
    done = _plantrack(tmp_path, "check", "--deploy", "--fail-level", "WARNING")
    assert done.returncode != 0
    for warning in ("security.W004", "security.W008", "security.W012", "security.W016"):
        assert warning in done.stdout + done.stderr


def test_https_settings(tmp_path):
    done = _plantrack(tmp_path, "shell", "-c", SHOW, PLANTRACK_HTTPS="true")
    shown = json.loads(done.stdout.strip().splitlines()[-1])
    assert shown["SESSION_COOKIE_SECURE"] and shown["CSRF_COOKIE_SECURE"] and shown["SECURE_SSL_REDIRECT"]
    assert shown["SECURE_HSTS_SECONDS"] >= 31536000
    assert shown["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]


def test_a_wrong_value_is_refused_in_one_line(tmp_path):
    done = _plantrack(tmp_path, "check", PLANTRACK_HTTPS="maybe")
    assert done.returncode == 2 and "PLANTRACK_HTTPS must be true or false" in done.stderr
