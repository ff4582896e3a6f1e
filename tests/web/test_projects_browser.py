"""Browser test of projects: a 盟市's clerk opens the "手续未办结" list in one click, closes a project's open
procedure on its page, and the project leaves the list."""

from __future__ import annotations

import pytest

from logins import log_in
from plantrack.projects.ledger import import_ledger

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_closing_the_last_open_procedure_takes_the_project_off_the_list(live_server, page, people, tmp_path):
    from openpyxl import Workbook

    from plantrack.projects.checklist import ensure_default_procedures

    ensure_default_procedures()  # other transactional tests flush the table the migration filled
    book = Workbook()
    sheet = book.active
    sheet.append(["2026年重大项目台账"])
    sheet.append(["序号", "项目名称", "所属地区", "总投资（亿元）", "用地预审", "环评批复"])
    sheet.append([1, "康巴什区数据中心项目", "康巴什区", 12, "已办结2026年2月1日", "办理中"])
    sheet.append([2, "达拉特旗光伏治沙项目", "达拉特旗", 30, "未启动", "办理中"])
    sheet.append([3, "包头市轨道交通项目", "包头市", 80, "办理中", None])
    path = tmp_path / "台账.xlsx"
    book.save(path)
    import_ledger(user=people.admin, source=path, name=path.name)
    base = live_server.url

    log_in(page, base, "ordos_clerk")
    page.get_by_role("link", name="重大项目").first.click()
    page.wait_for_selector("#projects")
    page.click("#open-procedures-link")
    page.wait_for_selector("text=手续未办结项目")
    listing = page.inner_text("#projects")
    assert "康巴什区数据中心项目" in listing and "达拉特旗光伏治沙项目" in listing
    assert "包头市轨道交通项目" not in listing  # another 盟市's project is not in this clerk's scope

    page.get_by_role("link", name="康巴什区数据中心项目").click()
    row = page.locator('#procedures tr[data-procedure="环评批复"]')
    assert row.locator(".state").inner_text() == "办理中"
    row.locator("select[name=state]").select_option("done")
    row.locator("input[name=done_on]").fill("2026-03-15")
    row.get_by_role("button", name="保存").click()
    page.wait_for_selector("text=“环评批复”已更新")
    assert page.locator('#procedures tr[data-procedure="环评批复"] .state').inner_text() == "已办结"

    page.click("#open-procedures-link")
    page.wait_for_selector("text=手续未办结项目")
    listing = page.inner_text("#projects")
    assert "康巴什区数据中心项目" not in listing and "达拉特旗光伏治沙项目" in listing
    assert page.inner_text("#project-count") == "共 1 个项目"
