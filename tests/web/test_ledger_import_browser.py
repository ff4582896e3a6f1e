"""Browser test of the ledger import preview: a 盟市's clerk uploads a ledger with a column PlanTrack does not know,
sees it in the preview, keeps it as an extra attribute, confirms, and finds it on the project's page."""

from __future__ import annotations

import pytest

from logins import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_unknown_column_is_shown_kept_and_shown_on_the_project_page(live_server, page, people, tmp_path):
    from openpyxl import Workbook

    from plantrack.projects.checklist import ensure_default_procedures
    from plantrack.projects.models import Project

    ensure_default_procedures()  # other transactional tests flush the table the migration filled
    book = Workbook()
    sheet = book.active
    sheet.append(["鄂尔多斯市2027年重大项目台账"])
    sheet.append(["序号", "项目名称", "所属旗县", "总投资（万元）", "2027年计划投资（万元）", "环评", "调度层级"])
    sheet.append([1, "乌审旗天然气综合利用项目", "乌审旗", 60000, 20000, "已批复", "自治区级调度"])
    sheet.append([2, "杭锦旗光伏治沙项目", "杭锦旗", 90000, 30000, "办理中", "盟市级调度"])
    path = tmp_path / "台账.xlsx"
    book.save(path)
    base = live_server.url

    log_in(page, base, "ordos_clerk", to="/projects/import/")
    page.set_input_files("input[name=file]", str(path))
    page.get_by_role("button", name="读取并预览").click()
    page.wait_for_selector("#preview-columns")
    unknown = page.locator('#preview-columns tr.unknown[data-column="调度层级"]')
    assert unknown.count() == 1
    assert "乌审旗天然气综合利用项目" in page.inner_text("#preview-rows")
    assert not Project.objects.exists()  # a preview writes nothing

    unknown.locator("select").select_option("keep")
    page.check("input[name=remember]")
    page.click("#confirm-import")
    page.wait_for_selector("text=项目台账已导入")
    assert Project.objects.count() == 2

    page.get_by_role("link", name="乌审旗天然气综合利用项目").click()
    page.wait_for_selector("#extra-attributes")
    assert "调度层级" in page.inner_text("#extra-attributes")
    assert "自治区级调度" in page.inner_text("#extra-attributes")


def test_a_large_ledger_is_imported_by_the_worker_while_its_page_polls(live_server, page, people, password,
                                                                       tmp_path, settings):
    from django.core.management import call_command
    from openpyxl import Workbook

    from plantrack.projects.checklist import ensure_default_procedures
    from plantrack.projects.models import Project

    ensure_default_procedures()
    settings.DATA_DIR = tmp_path / "data"
    settings.PLANTRACK_BACKGROUND_IMPORT_ROWS = 1  # two rows stand for a region's ledger: the worker imports it
    book = Workbook()
    sheet = book.active
    sheet.append(["序号", "项目名称", "所属旗县", "总投资（万元）", "调度层级"])
    sheet.append([1, "乌审旗天然气综合利用项目", "乌审旗", 60000, "自治区级调度"])
    sheet.append([2, "杭锦旗光伏治沙项目", "杭锦旗", 90000, "盟市级调度"])
    path = tmp_path / "大台账.xlsx"
    book.save(path)
    base = live_server.url

    log_in(page, base, "ordos_clerk", to="/projects/import/")
    page.set_input_files("input[name=file]", str(path))
    page.get_by_role("button", name="读取并预览").click()
    page.locator('#preview-columns tr.unknown[data-column="调度层级"] select').select_option("keep")
    page.click("#confirm-import")
    page.wait_for_url("**/projects/import/jobs/*/")
    assert page.get_attribute("#import-job", "data-state") == "queued"
    assert "已排队" in page.inner_text("#import-job") and not Project.objects.exists()

    call_command("worker", batch=True, no_schedule=True, interval=0)  # the worker imports; the page polls
    page.wait_for_selector('#import-job[data-state="finished"]', timeout=30_000)
    assert "新增2个项目" in page.inner_text("#import-job")
    assert page.locator("[hx-trigger*=every]").count() == 0  # the polling stopped
    page.get_by_role("link", name="查看重大项目台账").click()
    page.get_by_role("link", name="杭锦旗光伏治沙项目").click()
    page.wait_for_selector("#extra-attributes")
    assert "盟市级调度" in page.inner_text("#extra-attributes")
