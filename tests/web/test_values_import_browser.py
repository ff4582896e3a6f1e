"""Browser test of the values import preview: a 盟市's clerk uploads a values sheet written the way an office writes
it, sees the column PlanTrack does not know and the skipped 合计/注 rows, maps the column to the comment, confirms,
and the figures are there with the column's text as their comment."""

from __future__ import annotations

from decimal import Decimal

import pytest

from api.world import PASSWORD, build_world
from office_files import office_values_workbook
from plantrack.reporting.models import DataValue

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, base: str, username: str) -> None:
    page.goto(f"{base}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(f"{base}/")


def test_the_clerk_sees_the_unknown_column_maps_it_and_confirms(live_server, page, tmp_path):
    world = build_world("2026M10")
    rows = [("1", "150600", "2026M10", 2500.5, "亿元", None, "快报数，含能源工业"),
            ("12", "150600", "2026M10", 1.2, "万人", None, "")]
    path = office_values_workbook(tmp_path / "鄂尔多斯市十月.xlsx", rows, extra="说明", comment=False)
    base = live_server.url

    log_in(page, base, "ordos_clerk")
    page.goto(f"{base}/reporting/bulk/")
    page.set_input_files("input[name=file]", str(path))
    page.get_by_role("button", name="读取并预览").click()
    page.wait_for_selector("#preview-columns")
    unknown = page.locator('#preview-columns tr.unknown[data-column="说明"]')
    assert unknown.count() == 1 and "F3" in unknown.inner_text()
    skipped = page.inner_text("#preview-skipped")
    assert "合计行" in skipped and "注释行" in skipped
    assert "1 地区生产总值" in page.inner_text("#preview-rows")
    assert not DataValue.objects.exists()  # a preview writes nothing

    unknown.locator("select").select_option("field:comment")
    page.get_by_role("button", name="按所选重新预览").click()
    page.wait_for_selector("#confirm-import")
    assert "快报数，含能源工业" in page.inner_text("#preview-rows")
    page.click("#confirm-import")
    page.wait_for_selector("text=批量导入完成：新增2项")
    gdp = DataValue.objects.get(indicator=world.gdp, unit=world.ordos, period="2026M10")
    assert (gdp.value, gdp.comment, gdp.channel, gdp.updated_by) == (
        Decimal("2500.5"), "快报数，含能源工业", "bulk", world.ordos_clerk)
    assert DataValue.objects.count() == 2
