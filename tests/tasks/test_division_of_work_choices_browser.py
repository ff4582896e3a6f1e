"""Browser test of the 分工方案 columns step: the planning office uploads a sheet with two columns PlanTrack does not
know, keeps one and ignores the other, asks for the choices to be remembered and confirms; its next sheet comes back
with both choices pre-selected and marked 按本单位上次的选择. The database side is tested through the test client in
test_division_of_work_saved_choices.py::TestPage."""

from __future__ import annotations

import pytest
from openpyxl import Workbook

from logins import log_in
from plantrack.imports.models import ImportColumnChoice
from plantrack.plans.demo import DEMO_PLAN_PATH
from plantrack.plans.importing import import_plan
from plantrack.tasks.models import Task

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sheet(path, title):
    book = Workbook()
    rows = book.active
    rows.append(["重点任务", "牵头单位", "完成时限", "督办层级", "联系人"])
    rows.append([title, "自治区发展改革委", "2027年底", "自治区级", "张三"])
    book.save(path)
    return path


def upload(page, base, path):
    page.goto(f"{base}/tasks/import/")
    page.set_input_files("input[name=file]", str(path))
    page.locator("main form button[type=submit]").click()
    page.wait_for_selector("#sheet-columns")


def test_the_office_remembers_its_choices_and_finds_them_on_the_next_sheet(live_server, page, people, tmp_path,
                                                                            settings):
    settings.DATA_DIR = tmp_path / "data"
    import_plan(path=DEMO_PLAN_PATH, region="任务测试区")
    base = live_server.url
    log_in(page, base, "planning_admin")

    upload(page, base, sheet(tmp_path / "分工.xlsx", "推进数字政府建设"))
    assert page.locator("#sheet-columns tr.unknown").count() == 2 and not Task.objects.exists()
    page.locator('tr[data-column="督办层级"] select').select_option("keep")
    page.locator('tr[data-column="联系人"] select').select_option("ignore")
    page.check("input[name=remember]")
    page.click("#confirm-import")
    page.wait_for_selector("text=分工方案已导入：新增1项")
    assert dict(ImportColumnChoice.objects.values_list("header", "choice")) == {"督办层级": "keep", "联系人": "ignore"}

    upload(page, base, sheet(tmp_path / "下一份.xlsx", "推进政务服务一网通办"))
    assert page.locator("#sheet-columns tr.unknown").count() == 0
    assert page.locator('tr[data-column="督办层级"] select').input_value() == "keep"
    assert page.locator('tr[data-column="联系人"] select').input_value() == "ignore"
    assert page.locator(".saved-choice").count() == 2
    page.click("#confirm-import")
    page.wait_for_selector("text=分工方案已导入：新增1项")
    assert Task.objects.get(title="推进政务服务一网通办").extra == {"督办层级": "自治区级"}
