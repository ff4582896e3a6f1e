"""Service benchmark: the report page's latency while the worker renders reports, against the same pages with the
worker idle. gunicorn (`plantrack serve`, 2 processes × 4 threads) and one worker run as processes of their own on a
fresh SQLite data directory with the demo loaded; a logged-in client asks for mid-term evaluations (.docx, .pdf,
HTML) from the page and reads the report page, its progress fragment and the dashboard in a loop meanwhile.

PLANTRACK_BENCH_SERVICE_REPORTS (default 3) sets how many reports are rendered one after another.
Prints `SERVICE <page> idle p50=<ms> p95=<ms> rendering p50=<ms> p95=<ms> n=<requests>` and each report's time;
then asks for the first report again, and once more while the worker makes it, reading its page all the while.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

from bench.fresh_django import start_from_demo_copy, start_from_migrated_copy
from bench.sizes import SMALL, size

PLANTRACK = str(Path(sys.executable).with_name("plantrack"))
# waiting: the page of the report being made (what the person who asked sees); progress: its polled fragment;
# finished: the page of a report already made with its chart images (as a browser loads it); dashboard: the busiest
# everyday page.
PAGES = ("waiting", "progress", "finished", "dashboard")
FORMATS = ["docx", "pdf", "html"]
# At the small size the report the pages are read under still comes in all three formats, but the first report (made
# for the idle pages, then asked for again) leaves out the PDF: its LibreOffice conversion costs seconds each time,
# and the worker's PDF path has already run under the busy pages (bench_reports converts one too).
FIRST_FORMATS = ["docx", "html"] if SMALL else FORMATS
IDLE_RUNS = size(10, 2)  # requests of each page with the worker idle (two give the percentiles a figure)
IMAGE = re.compile(r'<img[^>]+src="(/[^"]+)"')


def _env(data_dir: str) -> dict[str, str]:
    # The demo's plan document as the caller chose it (the suite's smoke run: the shipped text), nothing else of theirs.
    env = {k: v for k, v in os.environ.items()
           if k != "DATABASE_URL" and (not k.startswith("PLANTRACK_") or k == "PLANTRACK_DEMO_PLAN")}
    # The demo's world is seen from January 2029 (as `make demo` serves it): a report as of 2028-12 has happened.
    env.update(PLANTRACK_DATA_DIR=data_dir, PLANTRACK_WEB_WORKERS="2", PLANTRACK_WEB_THREADS="4",
               PLANTRACK_TODAY="2029-01-10")
    return env


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _start(args: list[str], env: dict[str, str], log: Path) -> subprocess.Popen:
    with log.open("ab") as out:
        return subprocess.Popen(args, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


def _token(html: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def _session(base: str, password: str) -> requests.Session:
    session = requests.Session()
    page = session.get(f"{base}/login/", timeout=30)
    session.post(f"{base}/login/", data={"username": "planning_admin", "password": password,
                                         "csrfmiddlewaretoken": _token(page.text)}, timeout=30)
    return session


def _timed(session: requests.Session, url: str, *, images: bool = False) -> float:
    """Milliseconds to fetch `url` (and, with `images`, the site's own images it shows, one after another)."""
    started = time.perf_counter()
    response = session.get(url, timeout=30)
    assert response.status_code == 200, (url, response.status_code)
    if images:
        base = url.split("/", 3)[:3]
        for src in IMAGE.findall(response.text):
            image = session.get("/".join(base) + src, timeout=30)
            assert image.status_code == 200, (src, image.status_code)
    return (time.perf_counter() - started) * 1000


def _finished(text: str) -> bool:
    """Whether the progress fragment says the report is made or failed (its step "已生成DOCX" is neither)."""
    return "<span>已生成" in text or "<span>生成失败" in text


def _percentiles(times: list[float]) -> str:
    if len(times) < 2:
        return "p50=- p95=-"
    cuts = statistics.quantiles(times, n=20)
    return f"p50={statistics.median(times):.0f} p95={cuts[18]:.0f}"


def _ask_report(session: requests.Session, base: str, as_of: str = "2028-12", formats: list[str] = FORMATS) -> int:
    """Ask for a new mid-term report (each as-of is a report of its own: asking again for one would regenerate it)."""
    form = session.get(f"{base}/reports/", timeout=30).text
    plan = re.search(r'<option value="(\d+)"', form).group(1)
    response = session.post(f"{base}/reports/", allow_redirects=False, timeout=30, headers={"Referer": base},
                            data={"plan": plan, "kind": "midterm", "as_of": as_of,
                                  "formats": formats, "csrfmiddlewaretoken": _token(form)})
    return int(re.search(r"/reports/(\d+)/", response.headers["Location"]).group(1))


def _regenerate_while_read(session: requests.Session, base: str, report_id: int) -> None:
    """The finished draft asked for again, and once more while the worker makes it (the case that once left a "done"
    report without figures, a 500 on every view): its page and progress answer 200 throughout, and it ends made."""
    started = time.perf_counter()
    page, progress = f"{base}/reports/{report_id}/", f"{base}/reports/{report_id}/progress/"
    # The same plan, kind and as-of: the draft is regenerated.
    assert _ask_report(session, base, formats=FIRST_FORMATS) == report_id
    reads = 0
    # Asked again once its figures are frozen and its files are being rendered ("生成中：已冻结评估数据", "已生成DOCX").
    while "<span>生成中：已" not in (text := session.get(progress, timeout=30).text) and not _finished(text):
        _timed(session, page, images=True)
        reads += 1
    assert not _finished(text), "the worker made the report before it could be asked for again"
    assert _ask_report(session, base, formats=FIRST_FORMATS) == report_id  # again, while the worker is making it
    while not _finished(text := session.get(progress, timeout=30).text):
        _timed(session, page, images=True)
        reads += 1
    _timed(session, page, images=True)
    state = "done" if "<span>已生成" in text else "failed"
    assert state == "done", text
    print(f"SERVICE report #{report_id} asked for again twice, the second time while being made: {state} in "
          f"{time.perf_counter() - started:.1f}s, {reads + 1} reads of its page and charts, none failed", flush=True)


def main() -> None:
    reports = size(3, 1, env="PLANTRACK_BENCH_SERVICE_REPORTS")
    with tempfile.TemporaryDirectory(prefix="plantrack-bench-service-") as data_dir:
        env, logs = _env(data_dir), Path(data_dir)
        # A copy the smoke run migrated needs no `migrate` process of its own (`serve` refuses an unmigrated one).
        if not (start_from_demo_copy(data_dir) or start_from_migrated_copy(data_dir)):
            subprocess.run([PLANTRACK, "migrate", "--noinput", "-v", "0"], env=env, check=True)
        demo = subprocess.run([PLANTRACK, "setup-demo"], env=env, check=True, capture_output=True, text=True).stdout
        password = re.search(r"^\s+planning_admin\s+(\S+)", demo, flags=re.MULTILINE).group(1)
        port = _free_port()
        base = f"http://127.0.0.1:{port}"
        server = _start([PLANTRACK, "serve", "--bind", f"127.0.0.1:{port}"], env, logs / "serve.log")
        worker = _start([PLANTRACK, "worker", "--no-schedule", "--interval", "0.2"], env, logs / "worker.log")
        try:
            for _ in range(300):
                try:
                    if requests.get(f"{base}/healthz", timeout=2).status_code == 200:
                        break
                except requests.RequestException:
                    pass
                time.sleep(0.2)
            session = _session(base, password)
            # Made now, so that the idle pages have a finished report to show.
            first = _ask_report(session, base, formats=FIRST_FORMATS)
            while not _finished(session.get(f"{base}/reports/{first}/progress/", timeout=30).text):
                time.sleep(0.5)
            finished = f"{base}/reports/{first}/"
            idle_urls = {"progress": f"{finished}progress/", "finished": finished, "dashboard": f"{base}/dashboard/"}
            # No report is being made now, so "waiting" has no idle figure.
            idle = {page: [_timed(session, idle_urls[page], images=page == "finished") for _ in range(IDLE_RUNS)]
                    if page in idle_urls else [] for page in PAGES}
            busy: dict[str, list[float]] = {page: [] for page in PAGES}
            for n in range(reports):
                started = time.perf_counter()
                report_id = _ask_report(session, base, as_of=f"2028-{11 - n:02d}")
                urls = {"waiting": f"{base}/reports/{report_id}/", "progress": f"{base}/reports/{report_id}/progress/",
                        "finished": finished, "dashboard": f"{base}/dashboard/"}
                while True:
                    text = session.get(urls["progress"], timeout=30).text
                    if _finished(text):
                        break
                    for page in PAGES:
                        busy[page].append(_timed(session, urls[page], images=page == "finished"))
                state = "done" if "<span>已生成" in text else "failed"
                print(f"SERVICE report #{report_id} midterm docx+pdf+html {state} in "
                      f"{time.perf_counter() - started:.1f}s (asked on the page, made by the worker)", flush=True)
            for page in PAGES:
                print(f"SERVICE {page} idle {_percentiles(idle[page])} rendering {_percentiles(busy[page])} "
                      f"n={len(busy[page])} (ms)", flush=True)
            _regenerate_while_read(session, base, first)
        except Exception:
            # What the server and worker said is the first thing to read when the run fails.
            for log in ("serve.log", "worker.log"):
                print(f"--- {log}\n" + (logs / log).read_text(errors="replace")[-3000:], file=sys.stderr)
            raise
        finally:
            _stop(worker)
            _stop(server)


if __name__ == "__main__":
    main()
