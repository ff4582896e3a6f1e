"""A 分工方案 file larger than PLANTRACK_BACKGROUND_IMPORT_BYTES is imported by the worker: the page answers at once
with the job's page, which shows the tasks written of all while the worker runs, then the summary; the worker asks
again whether the user may import, and a refused import writes nothing. Only the office sees the job."""

from __future__ import annotations

import re

import pytest
from django.core.management import call_command
from openpyxl import Workbook

from plantrack.operations.jobs import ImportProgress
from plantrack.plans.demo import DEMO_PLAN_PATH
from plantrack.plans.importing import import_plan
from plantrack.tasks.models import Task

# The worker commits and reconnects between jobs, as it does in its own process: the tests' rows must be committed.
pytestmark = pytest.mark.django_db(transaction=True)

N_TASKS = 240


@pytest.fixture
def plan(tree, settings, tmp_path):
    settings.DATA_DIR = tmp_path / "data"
    settings.PLANTRACK_TODAY = "2026-11-20"
    settings.PLANTRACK_BACKGROUND_IMPORT_BYTES = 1000  # every file of these tests is larger
    return import_plan(path=DEMO_PLAN_PATH, region="任务测试区").plan


@pytest.fixture
def division_of_work(tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(["重点任务分工方案"])
    sheet.append(["序号", "重点任务", "牵头单位", "配合单位", "完成时限", "具体举措", "联系人"])
    for i in range(N_TASKS):
        lead = ["鄂尔多斯市", "包头市"][i % 2]
        support = "各盟市" if i % 5 == 0 else ""
        sheet.append([i + 1, f"推进第{i + 1}项重点工作", lead, support, "2027年底", f"举措{i + 1}", "张三"])
    path = tmp_path / "分工方案.xlsx"
    book.save(path)
    return path


def upload(client, plan, path):
    with path.open("rb") as f:
        response = client.post("/tasks/import/", {"file": f, "plan": plan.pk, "ignore": "联系人"})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert re.fullmatch(r"/tasks/import/jobs/[0-9a-f-]{36}/", response["Location"])
    return response["Location"]


def run_worker() -> None:
    call_command("worker", batch=True, no_schedule=True, interval=0)


def test_a_large_file_is_queued_then_shows_progress_then_the_summary(client, people, plan, division_of_work,
                                                                      monkeypatch):
    client.force_login(people.admin)
    url = upload(client, plan, division_of_work)
    assert not Task.objects.exists()
    assert "已排队" in client.get(url).content.decode()

    seen: list[str] = []
    report = ImportProgress.__call__

    def report_and_look(self, step, done=None, total=None):
        report(self, step, done, total)
        if done is not None and done < total:
            seen.append(client.get(url + "progress/").content.decode())

    monkeypatch.setattr(ImportProgress, "__call__", report_and_look)
    run_worker()
    counts = [tuple(map(int, re.search(r"已完成(\d+)行，共(\d+)行", page).groups())) for page in seen]
    assert counts == [(done, N_TASKS) for done in range(0, N_TASKS, 50)]
    assert all("写入任务" in page and "every 1s" in page for page in seen)
    page = client.get(url).content.decode()
    assert f"新增{N_TASKS}项" in page and 'href="/tasks/"' in page and "every 1s" not in page
    assert Task.objects.count() == N_TASKS


def test_an_office_member_who_lost_the_role_gets_a_refusal_and_nothing_is_written(client, people, plan,
                                                                                  division_of_work):
    client.force_login(people.admin)
    url = upload(client, plan, division_of_work)
    people.admin.role = "clerk"
    people.admin.save(update_fields=["role"])
    run_worker()
    client.force_login(people.admin)
    page = client.get(url).content.decode()
    assert "已无权导入分工方案" in page and "没有写入任何任务" in page
    assert not Task.objects.exists()


def test_a_bad_row_is_refused_by_row_from_the_worker(client, people, plan, tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(["序号", "重点任务", "牵头单位", "配合单位", "完成时限"])
    for i in range(200):
        sheet.append([i + 1, f"任务{i}", "火星市" if i == 150 else "鄂尔多斯市", "", "2027年底"])
    path = tmp_path / "bad.xlsx"
    book.save(path)
    client.force_login(people.admin)
    url = upload(client, plan, path)
    run_worker()
    page = client.get(url).content.decode()
    assert 'data-state="failed"' in page and "第152行" in page and "单位“火星市”不存在" in page
    assert not Task.objects.exists()


def test_only_the_office_sees_the_job(client, people, plan, division_of_work):
    client.force_login(people.admin)
    url = upload(client, plan, division_of_work)
    for other in (people.ordos_clerk, people.leader, people.supervisor):
        client.force_login(other)
        assert client.get(url).status_code == 403 and client.get(url + "progress/").status_code == 403
    assert client.get("/tasks/import/jobs/00000000-0000-0000-0000-000000000000/").status_code == 404


def test_a_file_over_the_upload_limit_is_refused_in_the_request_and_not_saved(client, people, plan,
                                                                               division_of_work, settings):
    settings.PLANTRACK_MAX_UPLOAD_BYTES = 2000  # above the background bound of these tests, below the file
    client.force_login(people.admin)
    with division_of_work.open("rb") as f:
        response = client.post("/tasks/import/", {"file": f, "plan": plan.pk})
    assert response.status_code == 400 and "超过上限" in response.content.decode()
    assert not (settings.DATA_DIR / "imports").exists() and not Task.objects.exists()
