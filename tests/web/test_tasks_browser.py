"""Browser test of tasks: the planning office assigns a section's task to a 盟市 from the chapter page, the 盟市's
clerk reports progress with an evidence file, and an overdue task appears in the supervision list."""

from __future__ import annotations

import datetime as dt

import pytest

from logins import log_in, log_out
from plantrack.plans.demo import DEMO_PLAN_PATH
from plantrack.plans.importing import import_plan
from plantrack.tasks.models import SupervisionItem, Task, TaskEvidence
from plantrack.tasks.services import create_task, task_fields

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_office_assigns_clerk_reports_overdue_task_is_supervised(live_server, page, people, tree, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    # The tasks are given out today (their created_at), so the supervision check reads the same day from the clock.
    from django.utils import timezone

    settings.PLANTRACK_TODAY = timezone.localdate().isoformat()
    plan = import_plan(path=DEMO_PLAN_PATH, region="浏览器测试区")
    late = create_task(user=people.admin, plan=plan.plan, fields=task_fields(
        plan=plan.plan, title="完成重点行业超低排放改造", lead_unit=tree["150200"],
        deadline=dt.date.today() - dt.timedelta(days=5)))
    base = live_server.url

    log_in(page, base, "planning_admin", to=f"/plans/{plan.plan.pk}/v{plan.version.number}/chapters/4/")
    assert "本章还没有分配任务" in page.inner_text("#tasks")
    page.select_option("#node-task select[name=node]", label="　第二节 扩大新能源开发利用")
    page.locator("#node-task").get_by_role("button", name="分配任务").click()
    page.wait_for_selector("#task-form")
    page.fill("textarea[name=title]", "建设库布其沙漠新能源基地一期工程")
    page.select_option("select[name=lead_unit]", label="鄂尔多斯市（150600）")
    page.fill("input[name=deadline]", "2027年底")
    page.get_by_role("button", name="分配", exact=True).click()
    page.wait_for_selector("text=已分配任务")
    task = Task.objects.get(title="建设库布其沙漠新能源基地一期工程")
    assert task.lead_unit.code == "150600" and task.node.title == "扩大新能源开发利用"
    assert page.inner_text("#lead-unit") == "鄂尔多斯市"
    page.goto(f"{base}/plans/{plan.plan.pk}/v{plan.version.number}/chapters/4/")
    row = page.locator(f'#tasks tr[data-task="{task.pk}"]')
    assert "第二节" in row.inner_text() and "未报送进展" in row.inner_text()
    log_out(page)

    log_in(page, base, "ordos_clerk")
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="任务督办").click()
    page.wait_for_url(f"{base}/tasks/unit/150600/")
    page.get_by_role("link", name="建设库布其沙漠新能源基地一期工程").click()
    page.wait_for_selector("#progress-form")
    page.fill("input[name=percent]", "30")
    page.fill("textarea[name=text]", "一期300万千瓦已开工")
    page.set_input_files("input[name=evidence]", files=[
        {"name": "开工报告.pdf", "mimeType": "application/pdf", "buffer": PDF}])
    page.get_by_role("button", name="报送", exact=True).click()
    page.wait_for_selector("text=进展已报送")
    assert page.inner_text("#task-progress") == "30%"
    assert "开工报告.pdf" in page.inner_text("#reports")
    assert TaskEvidence.objects.get().report.task == task
    log_out(page)

    log_in(page, base, "planning_admin", to="/tasks/supervision/")
    assert "没有未办结的督办事项" in page.inner_text("#supervision")
    page.click("#run-supervision")
    page.wait_for_selector("text=督办检查完成")
    row = page.locator(f'#supervision tr[data-task="{late.pk}"]')
    assert "逾期未完成" in row.inner_text() and "包头市" in row.inner_text()
    assert SupervisionItem.objects.get().task == late  # the task just reported on is not supervised
