"""The whole service as an office runs it: gunicorn (`plantrack serve`) and a worker (`plantrack worker`) as separate
processes on one data directory. The planning office asks for a mid-term evaluation from the page; pages keep
answering quickly while the worker renders it; the worker is killed with SIGKILL mid-report and started again; the
report is then finished (or failed with its reason), never left "running"."""

from __future__ import annotations

import re
import shutil
import time

import pytest
import requests

from operations.service_processes import (
    PLANTRACK,
    Process,
    demo_logins,
    free_port,
    log_in,
    plantrack,
    running,
    server_answers,
    service_env,
    wait_until,
)

pytestmark = pytest.mark.skipif(shutil.which("libreoffice") is None, reason="needs LibreOffice for the PDF")

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


class TestServiceEndToEnd:
    def test_a_report_survives_the_worker_being_killed_mid_report(self, tmp_path):
        data_dir = tmp_path / "data"
        env = service_env(data_dir, PLANTRACK_WEB_WORKERS="2", PLANTRACK_WEB_THREADS="4")
        plantrack("migrate", "--noinput", "-v", "0", env=env)
        logins = demo_logins(plantrack("setup-demo", env=env))
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        server = Process([PLANTRACK, "serve", "--bind", f"127.0.0.1:{port}"], env, tmp_path / "serve.log")
        worker_args = [PLANTRACK, "worker", "--no-schedule", "--interval", "0.2"]
        worker = Process(worker_args, env, tmp_path / "worker-1.log")
        restarted = Process(worker_args, env, tmp_path / "worker-2.log")
        with running(server, worker):
            wait_until(lambda: server_answers(base), timeout=60, what="the server")
            health = wait_until(lambda: (r := requests.get(f"{base}/healthz", timeout=5)).status_code == 200 and r,
                                timeout=30, what="a healthy server with a live worker")
            assert health.json()["checks"]["worker"]["ok"]
            script = requests.get(f"{base}/static/vendor/htmx.min.js", headers={"Accept-Encoding": "gzip"}, timeout=5)
            assert script.status_code == 200 and script.headers["Content-Encoding"] == "gzip"  # WhiteNoise

            office = log_in(base, "planning_admin", logins["planning_admin"])
            form_page = office.get(f"{base}/reports/", timeout=10).text
            plan_id = re.search(r'<option value="(\d+)"', form_page).group(1)
            token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form_page).group(1)
            started = time.perf_counter()
            asked = office.post(f"{base}/reports/", timeout=10, allow_redirects=False, headers={"Referer": base},
                                data={"plan": plan_id, "kind": "midterm", "as_of": "2028-12",
                                      "formats": ["docx", "pdf", "html"], "csrfmiddlewaretoken": token})
            assert asked.status_code == 302 and time.perf_counter() - started < 1.0  # enqueued, not rendered
            report_id = int(re.search(r"/reports/(\d+)/", asked.headers["Location"]).group(1))

            wait_until(lambda: report_state(office, base, report_id)[0] == "running", timeout=60,
                       what="the worker to start the report")
            # While the report renders, pages answer in well under a second.
            slowest = 0.0
            for url in (f"/reports/{report_id}/", "/dashboard/", "/reports/", f"/reports/{report_id}/progress/"):
                began = time.perf_counter()
                assert office.get(f"{base}{url}", timeout=10).status_code == 200
                slowest = max(slowest, time.perf_counter() - began)
            assert slowest < 1.0, f"a page took {slowest:.2f} s while the report rendered"
            assert report_state(office, base, report_id)[0] == "running"

            worker.kill_hard()
            time.sleep(1.5)
            assert report_state(office, base, report_id)[0] == "running"  # nobody has noticed yet

            with running(restarted):
                final = wait_until(
                    lambda: (state := report_state(office, base, report_id)[0]) in ("done", "failed") and state,
                    timeout=300, every=0.5, what="the report to be finished or failed after the restart",
                )
            page = office.get(f"{base}/reports/{report_id}/", timeout=10).text
            if final == "failed":  # allowed by the rule, but then the page must say why
                assert "后台进程已停止" in page, page[:2000]
            else:
                pdf = office.get(f"{base}/reports/{report_id}/pdf/", timeout=10)
                assert pdf.status_code == 200 and pdf.content[:5] == b"%PDF-"
                assert "中期评估" in page
            assert "re-queued" in restarted.output() or "requeued" in restarted.output(), restarted.output()[-3000:]
        assert final == "done", f"the report failed: {page[:1500]}"
