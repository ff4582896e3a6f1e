"""The whole service as an office runs it: gunicorn (`plantrack serve`) and a worker (`plantrack worker`) as separate
processes on one data directory (and on PostgreSQL when the suite runs there). The planning office asks for a mid-term
evaluation from the page; the worker is killed with SIGKILL mid-report and started again; the report is then finished
(or failed with its reason), never left "running", and pages keep answering quickly while it renders."""

from __future__ import annotations

import re
import shutil
import statistics
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests

from logins import log_in_over_http, try_login_over_http
from operations.service_processes import (
    PLANTRACK,
    ForwardingProxy,
    Process,
    client_from,
    demo_logins,
    free_port,
    plantrack,
    running,
    server_answers,
    service_database,
    service_env,
    wait_until,
)
from plantrack.plans.demo import DEMO_PLAN_PATH

pytestmark = [pytest.mark.skipif(shutil.which("libreoffice") is None, reason="needs LibreOffice for the PDF"),
              pytest.mark.server_database]  # its processes use the database DATABASE_URL names

LOGIN_LIMIT = 5  # failed logins from one address before it is locked (PLANTRACK_LOGIN_MAX_FAILURES_PER_IP)
STATE_WORDS = {"排队中": "queued", "生成中": "running", "已生成": "done", "生成失败": "failed"}


def report_state(session: requests.Session, base: str, report_id: int) -> tuple[str, float]:
    """The report's state as its progress fragment shows it, and how long the answer took."""
    started = time.perf_counter()
    response = session.get(f"{base}/reports/{report_id}/progress/", timeout=10)
    took = time.perf_counter() - started
    assert response.status_code == 200
    for word, state in STATE_WORDS.items():
        if word in response.text:
            return state, took
    raise AssertionError(f"no state in {response.text[:300]}")


@dataclass
class Site:
    base: str
    port: int
    env: dict[str, str]
    logs: Path
    logins: dict[str, str]


@pytest.fixture(scope="module")
def site(tmp_path_factory, migrated_databases) -> Iterator[Site]:
    """The demo installation served by gunicorn, with 127.0.0.1 (the test's reverse proxy) named as trusted. Its
    database starts as a copy of a migrated one; `plantrack migrate` still runs and finds nothing to do."""
    root = tmp_path_factory.mktemp("service")
    # SQLite, or a PostgreSQL database of its own when the suite runs there.
    with service_database(root / "data", migrated=migrated_databases) as database:
        # The demo's world seen from January 2029, as `make demo` serves it: a report as of 2028-12 has happened.
        # An address is locked after LOGIN_LIMIT failures instead of the shipped 20: what the proxy tests prove is
        # whose address the limit counts, which 5 failed logins (about 0.7 s each) show as well as 20.
        env = service_env(root / "data", PLANTRACK_WEB_WORKERS="2", PLANTRACK_WEB_THREADS="4",
                          PLANTRACK_TRUSTED_PROXIES="127.0.0.1", PLANTRACK_TODAY="2029-01-10",
                          PLANTRACK_LOGIN_MAX_FAILURES_PER_IP=str(LOGIN_LIMIT),
                          PLANTRACK_DEMO_PLAN=str(DEMO_PLAN_PATH), **database)
        plantrack("migrate", "--noinput", "-v", "0", env=env)
        logins = demo_logins(plantrack("setup-demo", env=env))
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        with running(Process([PLANTRACK, "serve", "--bind", f"127.0.0.1:{port}"], env, root / "serve.log")):
            wait_until(lambda: server_answers(base), timeout=60, what="the server")
            yield Site(base=base, port=port, env=env, logs=root, logins=logins)


class TestServiceEndToEnd:
    def test_a_report_survives_the_worker_being_killed_mid_report(self, site):
        base, env, logins = site.base, site.env, site.logins
        worker_args = [PLANTRACK, "worker", "--no-schedule", "--interval", "0.2"]
        worker = Process(worker_args, env, site.logs / "worker-1.log")
        restarted = Process(worker_args, env, site.logs / "worker-2.log")
        with running(worker):
            health = wait_until(lambda: (r := requests.get(f"{base}/healthz", timeout=5)).status_code == 200 and r,
                                timeout=30, what="a healthy server with a live worker")
            assert health.json()["checks"]["worker"]["ok"]
            script = requests.get(f"{base}/static/vendor/htmx.min.js", headers={"Accept-Encoding": "gzip"}, timeout=5)
            assert script.status_code == 200 and script.headers["Content-Encoding"] == "gzip"  # WhiteNoise

            office = log_in_over_http(base, "planning_admin", logins["planning_admin"])
            form_page = office.get(f"{base}/reports/", timeout=10).text
            plan_id = re.search(r'<option value="(\d+)"', form_page).group(1)
            token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form_page).group(1)
            started = time.perf_counter()
            asked = office.post(f"{base}/reports/", timeout=10, allow_redirects=False, headers={"Referer": base},
                                data={"plan": plan_id, "kind": "midterm", "as_of": "2028-12",
                                      "formats": ["docx", "pdf", "html"], "csrfmiddlewaretoken": token})
            assert asked.status_code == 302 and time.perf_counter() - started < 1.0  # enqueued, not rendered
            report_id = int(re.search(r"/reports/(\d+)/", asked.headers["Location"]).group(1))

            wait_until(lambda: report_state(office, base, report_id)[0] == "running", timeout=60, every=0.1,
                       what="the worker to start the report")
            worker.kill_hard()  # mid-report: the report is marked running and its job belongs to a dead worker
            time.sleep(1.5)
            assert report_state(office, base, report_id)[0] == "running"  # nobody has noticed yet

            # The restarted worker takes the job up again; while it renders, pages answer in well under a second.
            pages = (f"/reports/{report_id}/", "/dashboard/", "/reports/")
            timings: list[tuple[str, bool, float]] = []
            with running(restarted):
                while (state := report_state(office, base, report_id))[0] not in ("done", "failed"):
                    # Rendering: the new worker has started the job (its log says so) and the report is running.
                    rendering = state[0] == "running" and "generate_report_job) started" in restarted.output()
                    timings.append(("progress", rendering, state[1]))
                    for url in pages:
                        began = time.perf_counter()
                        assert office.get(f"{base}{url}", timeout=10).status_code == 200
                        timings.append((url, rendering, time.perf_counter() - began))
                    assert time.perf_counter() - started < 400, "the report was neither made nor failed"
            final = state[0]
            while_rendering = [took for _url, rendering, took in timings if rendering]
            assert while_rendering, "no page was read while the report rendered"
            # The 95th percentile, not the maximum: on a machine shared with other work one request in many may wait
            # for a CPU, which says nothing about the server. Rendering inside requests took 20 s a page.
            p95 = statistics.quantiles(while_rendering, n=20)[18] if len(while_rendering) > 1 else while_rendering[0]
            assert p95 < 1.0 and statistics.median(while_rendering) < 0.5, \
                f"pages were slow while the report rendered: {sorted(while_rendering)[-5:]}"
            page = office.get(f"{base}/reports/{report_id}/", timeout=10).text
            if final == "failed":  # allowed by the rule, but then the page must say why
                assert "后台进程已停止" in page, page[:2000]
            else:
                pdf = office.get(f"{base}/reports/{report_id}/pdf/", timeout=10)
                assert pdf.status_code == 200 and pdf.content[:5] == b"%PDF-"
                assert "中期评估" in page
            assert "1 job(s) requeued" in restarted.output(), restarted.output()[-3000:]
        assert final == "done", f"the report failed: {page[:1500]}"


class TestBehindAReverseProxy:
    """Clients on different machines (here: loopback addresses 127.0.0.2, .3, .4) reach gunicorn through a reverse
    proxy that appends their address to X-Forwarded-For; the login limit per address sees each client."""

    LOCKED = "登录失败次数过多"

    def test_one_clients_failures_do_not_lock_out_another(self, site):
        with ForwardingProxy(site.port) as proxy:
            through_proxy = f"http://127.0.0.1:{proxy.port}"
            guesser = client_from("127.0.0.2")
            for n in range(LOGIN_LIMIT):
                assert try_login_over_http(through_proxy, f"nobody{n}", "wrong-password", guesser).status_code == 200
            assert self.LOCKED in try_login_over_http(through_proxy, "nobody-else", "wrong-password", guesser).text
            colleague = client_from("127.0.0.3")
            response = try_login_over_http(through_proxy, "region_leader", site.logins["region_leader"], colleague)
            assert response.status_code == 302, "a colleague behind the same proxy was locked out"

    def test_a_client_that_is_not_the_proxy_cannot_pick_its_address(self, site):
        direct = client_from("127.0.0.4")  # straight to gunicorn, writing X-Forwarded-For itself
        for n in range(LOGIN_LIMIT):
            direct.headers["X-Forwarded-For"] = f"198.51.100.{n}"
            try_login_over_http(site.base, f"nobody{n}", "wrong-password", direct)
        direct.headers["X-Forwarded-For"] = "198.51.100.200"
        assert self.LOCKED in try_login_over_http(site.base, "nobody-else", "wrong-password", direct).text
