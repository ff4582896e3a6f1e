"""A ledger too large for the request (more rows than PLANTRACK_BACKGROUND_IMPORT_ROWS, or more bytes than
PLANTRACK_BACKGROUND_IMPORT_BYTES) is imported by the worker once the clerk confirms its preview: the page answers at
once with a job page that polls itself, shows the rows written of all while the worker runs, then the summary and a
link to the ledger, or the refusal with its rows. The worker asks again whether the user may, and writes all or
nothing. Only the user who started it and the office see the job page."""

from __future__ import annotations

import re
import time

import pytest
from django.core.management import call_command

from plantrack.operations.jobs import ImportProgress
from plantrack.projects.models import Project, ProjectInvestment, ProjectProcedure

N_LARGE = 5000
# The worker commits and reconnects between jobs, as it does in its own process: the tests' rows must be committed.
pytestmark = pytest.mark.django_db(transaction=True)


def ledger_rows(tree, n: int) -> list[list]:
    """`n` project rows in 鄂尔多斯市 and its 旗县, with procedures open and done, in the conftest's layout."""
    places = [tree["150600"].name, *(u.name for u in tree.values() if u.parent_id == tree["150600"].pk)]
    return [[str(i + 1), None, f"鄂尔多斯重点项目{i:05d}", places[i % len(places)], f"建设单位{i % 37}",
             ["产业", "基础设施", "民生"][i % 3], 10000 + i, 3000 + i % 500, 1000, "2027年4月", "2029年",
             "在建" if i % 2 else "前期", "已办结2026年3月2日", "办理中" if i % 4 else "不涉及", "未启动",
             "不涉及", "用地指标待落实" if i % 10 == 0 else ""] for i in range(n)]


@pytest.fixture
def data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path / "data"
    return settings.DATA_DIR


def preview_and_confirm(client, path) -> tuple[object, float]:
    """Upload, preview, confirm: the confirmation's response and how long it took to answer."""
    with path.open("rb") as f:
        preview = client.post("/projects/import/", {"file": f})
    assert preview.status_code == 200, preview.content.decode()[:2000]
    started = time.perf_counter()
    response = client.post("/projects/import/", {"token": preview.context["token"], "columns": "0", "confirm": "1"})
    return response, time.perf_counter() - started


def job_url(response) -> str:
    assert response.status_code == 302
    assert re.fullmatch(r"/projects/import/jobs/[0-9a-f-]{36}/", response["Location"]), response["Location"]
    return response["Location"]


def run_worker() -> None:
    call_command("worker", batch=True, no_schedule=True, interval=0)


class TestFiveThousandProjects:
    def test_the_page_answers_at_once_then_shows_progress_then_the_result(self, client, people, tree, data_dir,
                                                                         ledger, monkeypatch):
        path = ledger(name="鄂尔多斯台账.xlsx", rows=ledger_rows(tree, N_LARGE))
        client.force_login(people.ordos_clerk)
        response, answered_in = preview_and_confirm(client, path)
        url = job_url(response)
        assert not Project.objects.exists()  # nothing imported in the request
        queued = client.get(url).content.decode()
        assert "已排队" in queued and 'hx-trigger="every 1s"' in queued and "鄂尔多斯台账.xlsx" in queued
        assert list((data_dir / "imports").iterdir())  # the upload waits for the worker

        # While the worker writes, the page is asked (as the browser polls) after each batch it reports.
        seen: list[str] = []
        report = ImportProgress.__call__

        def report_and_look(self, step, done=None, total=None):
            report(self, step, done, total)
            if done is not None and done < total:
                seen.append(client.get(url + "progress/").content.decode())

        monkeypatch.setattr(ImportProgress, "__call__", report_and_look)
        started = time.perf_counter()
        run_worker()
        worked_for = time.perf_counter() - started

        assert seen, "the worker reported no progress while writing"
        assert all('data-state="running"' in page and "every 1s" in page for page in seen)
        counts = [tuple(map(int, re.search(r"已完成(\d+)行，共(\d+)行", page).groups())) for page in seen]
        assert all(total == N_LARGE and 0 <= done < N_LARGE for done, total in counts)
        assert [done for done, _total in counts] == sorted(done for done, _total in counts)  # only forward
        assert "写入项目" in seen[-1]

        done_page = client.get(url).content.decode()
        assert 'data-state="finished"' in done_page and "every 1s" not in done_page  # the polling stops
        assert f"新增{N_LARGE}个项目" in done_page and 'href="/projects/"' in done_page
        assert Project.objects.count() == N_LARGE
        assert ProjectProcedure.objects.filter(project__name="鄂尔多斯重点项目00001").count() == 4
        assert ProjectInvestment.objects.count() == N_LARGE
        assert list((data_dir / "imports").iterdir()) == []  # the upload and its progress are gone
        # The request only saved the file and queued it: far quicker than the import itself.
        assert answered_in < worked_for / 5, (answered_in, worked_for)

    def test_a_failure_while_writing_leaves_nothing_and_says_so(self, client, people, tree, data_dir, ledger,
                                                                monkeypatch):
        # 1,200 rows: above the 1,000 a request imports itself, so the worker's; four batches of projects, so the
        # failure comes after the first is written and before the rest, as it would part-way through 5,000.
        path = ledger(name="台账.xlsx", rows=ledger_rows(tree, 1200))
        client.force_login(people.ordos_clerk)
        url = job_url(preview_and_confirm(client, path)[0])
        report = ImportProgress.__call__

        def report_then_fail(self, step, done=None, total=None):
            report(self, step, done, total)
            if done is not None and done > 0:  # some batches are written: the database goes away
                raise ConnectionError("server closed the connection unexpectedly")

        monkeypatch.setattr(ImportProgress, "__call__", report_then_fail)
        run_worker()
        page = client.get(url).content.decode()
        assert 'data-state="failed"' in page and "未写入任何数据" in page
        assert "server closed" not in page and "Traceback" not in page  # the cause is in the log, not the page
        assert not Project.objects.exists() and not ProjectProcedure.objects.exists()


class TestTheWorkerAsksAgain:
    def test_rows_the_user_may_no_longer_register_are_refused_by_row_and_nothing_is_written(
            self, client, people, tree, data_dir, ledger):
        path = ledger(name="台账.xlsx", rows=ledger_rows(tree, 1200))  # above 1,000 rows: the worker's
        client.force_login(people.ordos_clerk)
        url = job_url(preview_and_confirm(client, path)[0])
        clerk = people.ordos_clerk
        clerk.unit = tree["150621"]  # moved from 鄂尔多斯市 to 达拉特旗 before the worker took the job
        clerk.save(update_fields=["unit"])
        run_worker()
        page = client.get(url).content.decode()
        assert 'data-state="failed"' in page and "没有写入任何项目" in page
        assert "第4行：无权登记鄂尔多斯市的项目" in page  # the first project row, under the title and header
        assert not Project.objects.exists()

    def test_a_user_who_lost_the_right_to_import_gets_a_refusal(self, client, people, tree, data_dir, settings,
                                                                ledger, rows):
        settings.PLANTRACK_BACKGROUND_IMPORT_ROWS = 2  # three rows go to the worker
        client.force_login(people.ordos_clerk)
        url = job_url(preview_and_confirm(client, ledger(rows))[0])
        people.ordos_clerk.is_active = False
        people.ordos_clerk.save(update_fields=["is_active"])
        run_worker()
        client.force_login(people.admin)  # the office reads the job of a user who can no longer log in
        page = client.get(url).content.decode()
        assert "已无权导入项目台账" in page and not Project.objects.exists()

    def test_the_clerks_choices_for_unknown_columns_travel_with_the_job(self, client, people, tree, data_dir,
                                                                       ledger, settings):
        settings.PLANTRACK_BACKGROUND_IMPORT_ROWS = 2
        header = ["序号", "项目名称", "所属地区", "总投资（万元）", "联系人电话"]
        path = ledger(name="台账.xlsx", rows=[["1", "准格尔旗储能电站", "准格尔旗", 5000, "0477-1234567"],
                                                     ["2", "达拉特旗光伏治沙", "达拉特旗", 8000, "0477-7654321"],
                                                     ["3", "康巴什区供热管网", "康巴什区", 3000, ""]],
                            header=header, total_row=False)
        client.force_login(people.ordos_clerk)
        with path.open("rb") as f:
            preview = client.post("/projects/import/", {"file": f})
        columns = dict(preview.context["columns"])
        phone = next(i for i, c in columns.items() if c.header == "联系人电话")
        response = client.post("/projects/import/", {
            "token": preview.context["token"], "columns": str(len(columns)), f"col-{phone}-key": columns[phone].key,
            f"col-{phone}-choice": "keep", "confirm": "1"})
        url = job_url(response)
        run_worker()
        assert "新增3个项目" in client.get(url).content.decode()
        assert Project.objects.get(name="准格尔旗储能电站").extra == {"联系人电话": "0477-1234567"}


class TestWhoSeesTheJob:
    def test_its_user_and_the_office_see_it_others_do_not(self, client, people, tree, data_dir, settings, ledger,
                                                          rows):
        settings.PLANTRACK_BACKGROUND_IMPORT_ROWS = 2
        client.force_login(people.admin)
        url = job_url(preview_and_confirm(client, ledger(rows))[0])
        assert client.get(url).status_code == 200
        for other in (people.baotou_clerk, people.ordos_clerk, people.leader):
            client.force_login(other)
            assert client.get(url).status_code == 403
            assert client.get(url + "progress/").status_code == 403
        assert client.get("/projects/import/jobs/00000000-0000-0000-0000-000000000000/").status_code == 404
        assert client.get("/projects/import/jobs/not-a-job/").status_code == 404

    def test_a_small_ledger_is_still_imported_in_the_request(self, client, people, data_dir, ledger, rows):
        client.force_login(people.admin)
        response, _seconds = preview_and_confirm(client, ledger(rows))
        assert response.status_code == 302 and response["Location"] == "/projects/"
        assert Project.objects.count() == 3 and not (data_dir / "imports").exists()

    def test_a_file_larger_than_the_byte_bound_goes_to_the_worker_whatever_its_rows(self, client, people, data_dir,
                                                                                    settings, ledger, rows):
        settings.PLANTRACK_BACKGROUND_IMPORT_BYTES = 1000
        client.force_login(people.admin)
        url = job_url(preview_and_confirm(client, ledger(rows))[0])
        run_worker()
        assert "新增3个项目" in client.get(url).content.decode()


class TestAWorkerThatDied:
    def test_the_job_runs_again_from_its_file_then_fails_with_the_reason_and_its_file_is_removed(
            self, client, people, data_dir, settings, ledger, rows):
        from django_tasks_db.models import DBTaskResult

        from plantrack.operations.worker import sweep_abandoned_jobs

        settings.PLANTRACK_BACKGROUND_IMPORT_ROWS = 2
        settings.PLANTRACK_JOB_MAX_ATTEMPTS = 2
        client.force_login(people.ordos_clerk)
        url = job_url(preview_and_confirm(client, ledger(rows))[0])
        saved = list((data_dir / "imports").iterdir())
        for attempt in (1, 2):  # a worker that no longer exists took the job, and died writing
            DBTaskResult.objects.ready().get().claim(f"gone-machine:1:attempt{attempt}")
            ImportProgress(saved[0])("写入项目", 600, 1200)
            assert "已完成600行，共1200行" in client.get(url).content.decode()
            sweep_abandoned_jobs()
            if attempt == 1:
                assert 'data-state="queued"' in client.get(url).content.decode() and saved[0].exists()
        page = client.get(url).content.decode()
        assert 'data-state="failed"' in page and "作业失败，请重新提交" in page
        assert list((data_dir / "imports").iterdir()) == [] and not Project.objects.exists()
