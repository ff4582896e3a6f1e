"""`plantrack serve` and the deployment settings: gunicorn from settings, DEBUG refused, an unmigrated database
refused, and PLANTRACK_HTTPS turning on secure cookies, HSTS and the redirect."""

from __future__ import annotations

import subprocess

from operations.service_processes import PLANTRACK, service_env


def run(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run([PLANTRACK, *args], env=env, capture_output=True, text=True, timeout=180)


class TestServe:
    def test_gunicorn_takes_workers_threads_and_timeouts_from_the_settings(self, tmp_path):
        env = service_env(tmp_path, PLANTRACK_WEB_WORKERS="3", PLANTRACK_WEB_THREADS="8",
                          PLANTRACK_WEB_TIMEOUT="90", PLANTRACK_WEB_BIND="0.0.0.0:9000",
                          PLANTRACK_TRUSTED_PROXIES="10.0.0.5, 192.168.1.0/24")
        command = run("serve", "--print-command", env=env).stdout.split()
        assert command[1:4] == ["-m", "gunicorn", "plantrack.wsgi:application"]
        options = dict(zip(command[4::2], command[5::2], strict=False))
        assert options["--bind"] == "0.0.0.0:9000" and options["--workers"] == "3"
        assert options["--threads"] == "8" and options["--timeout"] == "90"
        assert options["--forwarded-allow-ips"] == "10.0.0.5/32,192.168.1.0/24"
        assert "--workers" in run("serve", "--print-command", "--workers", "5", env=env).stdout

    def test_debug_is_refused(self, tmp_path):
        done = run("serve", "--print-command", env=service_env(tmp_path, PLANTRACK_DEBUG="true"))
        assert done.returncode != 0 and "PLANTRACK_DEBUG" in done.stderr

    def test_a_database_that_needs_migrating_is_refused_before_serving(self, tmp_path):
        done = run("serve", "--bind", "127.0.0.1:1", env=service_env(tmp_path))
        assert done.returncode != 0 and "plantrack migrate" in done.stderr

    def test_a_bad_proxy_setting_is_named(self, tmp_path):
        done = run("serve", "--print-command", env=service_env(tmp_path, PLANTRACK_TRUSTED_PROXIES="10.0.0.999"))
        assert done.returncode == 2 and "PLANTRACK_TRUSTED_PROXIES" in done.stderr and "10.0.0.999" in done.stderr


class TestHttpsSettings:
    def test_https_turns_on_secure_cookies_hsts_and_the_redirect(self, tmp_path):
        code = ("from django.conf import settings as s; print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, "
                "s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, s.SECURE_PROXY_SSL_HEADER)")
        on = run("shell", "-v", "0", "-c", code, env=service_env(tmp_path, PLANTRACK_HTTPS="true")).stdout.strip()
        assert on == "True True True 31536000 ('HTTP_X_FORWARDED_PROTO', 'https')"
        off = run("shell", "-v", "0", "-c", code, env=service_env(tmp_path)).stdout.strip()
        assert off == "False False False 0 None"

    def test_the_deploy_check_finds_nothing_about_https(self, tmp_path):
        done = run("check", "--deploy", env=service_env(tmp_path, PLANTRACK_HTTPS="true",
                                                        PLANTRACK_ALLOWED_HOSTS="plantrack.example.gov.cn"))
        report = done.stdout + done.stderr
        assert done.returncode == 0 and "no issues" in report, report
