"""A ledger too big for the request through the service as an office runs it: gunicorn (`plantrack serve`) and a worker
(`plantrack worker`) as separate processes on one data directory (and on PostgreSQL when the suite runs there). The
confirmation answers at once; while the worker writes, the job page (polled from another process, as the browser
does) shows the rows written of all, then the summary."""

from __future__ import annotations

import re
import statistics
import time
from pathlib import Path

import pytest
from openpyxl import Workbook

from logins import csrf_token, log_in_over_http
from operations.service_processes import (
    PLANTRACK,
    Process,
    free_port,
    plantrack,
    running,
    server_answers,
    service_database,
    service_env,
    wait_until,
)
from plantrack.orgs.units import bundled_unit_files

# Its server and worker use the database DATABASE_URL names (tests/operations/service_processes.py).
pytestmark = pytest.mark.server_database

# Above the rows a request imports itself (PLANTRACK_BACKGROUND_IMPORT_ROWS, set to BACKGROUND_ROWS below), so the
# confirmation enqueues a job for the worker; big enough that the worker spends seconds writing, with its progress
# reported after every batch of 300 projects, so the page polled from another process sees the rows written
# part-way. The 5,000-row ledger an office imports is timed by bench/bench_ledger_import.py, and imported in-process
# by tests/projects/test_ledger_import_background.py.
N_PROJECTS = 1500
BACKGROUND_ROWS = 500
HEADER = ["序号", "项目名称", "所属地区", "项目单位", "项目类别", "总投资（万元）", "年度计划投资（万元）", "计划开工",
          "项目状态", "用地预审", "环评批复", "存在问题"]
PLACES = ["达拉特旗", "准格尔旗", "鄂托克旗", "杭锦旗", "乌审旗", "伊金霍洛旗", "东胜区", "康巴什区"]


def write_ledger(path: Path) -> Path:
    book = Workbook(write_only=True)
    sheet = book.create_sheet("台账")
    sheet.append(["鄂尔多斯市2027年重大项目台账"])
    sheet.append(HEADER)
    for i in range(N_PROJECTS):
        sheet.append([i + 1, f"服务进程导入测试项目{i:05d}", PLACES[i % len(PLACES)], f"建设单位{i % 31}", "产业",
                      20000 + i, 5000, "2027年5月", "在建" if i % 2 else "前期", "已办结", "办理中", ""])
    book.save(path)
    return path


def test_the_worker_imports_while_the_page_shows_its_progress(tmp_path, migrated_databases):
    ledger = write_ledger(tmp_path / "鄂尔多斯市台账.xlsx")
    # The database starts as a copy of a migrated one; `plantrack migrate` still runs and finds nothing to do.
    with service_database(tmp_path / "data", migrated=migrated_databases) as database:
        env = service_env(tmp_path / "data", PLANTRACK_WEB_WORKERS="2", PLANTRACK_WEB_THREADS="2",
                          PLANTRACK_TODAY="2027-04-12",
                          PLANTRACK_BACKGROUND_IMPORT_ROWS=str(BACKGROUND_ROWS), **database)
        plantrack("migrate", "--noinput", "-v", "0", env=env)
        # What the import needs of an installation: the shipped divisions (the ledger's 旗县区) and the planning
        # office's login, set up with the commands an office uses (the whole demo would take 20-30 s more).
        divisions = next(path for path in bundled_unit_files() if path.name == "inner_mongolia_divisions.csv")
        plantrack("import-units", str(divisions), env=env)
        password = "Steppe-Ledger-2027!"
        plantrack("create-user", "planning_admin", "--role", "admin", "--unit", "150000", "--password", password,
                  env=env)
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        serve = Process([PLANTRACK, "serve", "--bind", f"127.0.0.1:{port}"], env, tmp_path / "serve.log")
        worker = Process([PLANTRACK, "worker", "--no-schedule", "--interval", "0.2"], env, tmp_path / "worker.log")
        with running(serve, worker):
            wait_until(lambda: server_answers(base), timeout=60, what="the server")
            session = log_in_over_http(base, "planning_admin", password)
            form = session.get(f"{base}/projects/import/", timeout=30)
            with ledger.open("rb") as f:
                preview = session.post(f"{base}/projects/import/",
                                       data={"csrfmiddlewaretoken": csrf_token(form.text)},
                                       files={"file": (ledger.name, f)},
                                       headers={"Referer": f"{base}/projects/import/"}, timeout=120)
            assert preview.status_code == 200, preview.text[:2000]
            token = re.search(r'name="token" value="([^"]+)"', preview.text).group(1)
            started = time.perf_counter()
            confirmed = session.post(f"{base}/projects/import/", data={
                "csrfmiddlewaretoken": csrf_token(preview.text), "token": token, "columns": "0", "confirm": "1"},
                headers={"Referer": f"{base}/projects/import/"}, allow_redirects=False, timeout=30)
            answered_in = time.perf_counter() - started
            assert confirmed.status_code == 302, confirmed.text[:2000]
            job = confirmed.headers["Location"]
            assert re.fullmatch(r"/projects/import/jobs/[0-9a-f-]{36}/", job)

            states, counts, answers = [], [], []

            def finished() -> bool:
                t0 = time.perf_counter()
                page = session.get(f"{base}{job}progress/", timeout=10).text
                answers.append(time.perf_counter() - t0)
                state = re.search(r'data-state="(\w+)"', page).group(1)
                if not states or states[-1] != state:
                    states.append(state)
                found = re.search(r"已完成(\d+)行，共(\d+)行", page)
                if found:
                    counts.append((int(found.group(1)), int(found.group(2))))
                return state in ("finished", "failed")

            wait_until(finished, timeout=300, every=0.1, what="the import job")
            done_page = session.get(f"{base}{job}", timeout=10).text
        assert states[-1] == "finished", (states, worker.output()[-3000:])
        assert "running" in states and states.index("running") < states.index("finished")
        assert counts and all(total == N_PROJECTS and 0 <= done <= N_PROJECTS for done, total in counts)
        assert any(0 < done < N_PROJECTS for done, _total in counts), counts  # seen part-way, from another process
        assert f"新增{N_PROJECTS}个项目" in done_page
        assert answered_in < 2, answered_in
        assert statistics.median(answers) < 1, answers
