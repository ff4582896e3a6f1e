"""Browser test of the reporting pages: a clerk fills the October form, explains a warning and submits; a reviewer
approves; the planning office sees the round complete for that unit."""

from __future__ import annotations

import datetime as dt

import pytest

from api.world import build_world, put_value
from logins import log_in, log_out
from plantrack import clock
from plantrack.reporting.models import DataValue

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_clerk_submits_reviewer_approves_office_sees_complete(live_server, page):
    world = build_world("2026M10")
    world.round.deadline = clock.today() - dt.timedelta(days=1)  # past the deadline: 包头市 is late
    world.round.save(update_fields=["deadline"])
    put_value(world, indicator=world.jobs, unit=world.ordos, period="2026M9", value="1.0",
              state=DataValue.State.APPROVED)
    base = live_server.url
    gdp, jobs = f"#i{world.gdp.pk}", f"#i{world.jobs.pk}"

    log_in(page, base, "ordos_clerk", to="/reporting/")
    page.locator("tr", has_text="鄂尔多斯市").get_by_role("link", name="填报").click()
    page.wait_for_selector(f"{gdp}-value")
    assert page.get_attribute(f"{gdp}-value", "inputmode") == "decimal"

    # Enter in a field saves a draft: nothing typed is lost.
    page.fill(f"{gdp}-value", "3300.5")
    page.press(f"{gdp}-value", "Enter")
    page.wait_for_selector("text=草稿已保存")
    assert page.input_value(f"{gdp}-value") == "3300.5"

    # Keyboard only: Tab goes value → comment → next indicator's value.
    page.focus(f"{gdp}-value")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.type("4.4")
    page.get_by_role("button", name="提交").first.click()
    warning = page.locator(f"{jobs}-findings .warning")
    warning.wait_for()
    assert "340%" in warning.inner_text()
    assert page.input_value(f"{jobs}-value") == "4.4"
    assert not DataValue.objects.filter(indicator=world.jobs, period="2026M10").exists(), "refused: nothing saved"

    page.fill(f"{jobs}-explanation", "新开工项目集中招工")
    page.get_by_role("button", name="提交").first.click()
    page.wait_for_selector("text=已提交审核")
    assert set(DataValue.objects.filter(unit=world.ordos, period="2026M10").values_list("state", flat=True)) == {
        "submitted"}
    log_out(page)

    log_in(page, base, "ordos_reviewer", to="/reporting/review/")
    page.get_by_label("全选").check()
    page.get_by_role("button", name="审核通过").click()
    page.wait_for_selector("text=已审核通过2项")
    log_out(page)

    log_in(page, base, "admin", to=f"/reporting/rounds/{world.round.pk}/completeness/")
    ordos = page.locator('tr[data-unit="150600"]')
    assert ordos.get_attribute("data-status") == "complete"
    assert "已完成" in ordos.inner_text()
    assert page.locator('tr[data-unit="150200"]').get_attribute("data-status") == "missing late"
    assert "已完成审核 1 个" in page.inner_text("#summary")
