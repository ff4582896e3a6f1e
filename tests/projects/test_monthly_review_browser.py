"""Browser test of the 月研判 page: the planning office opens it from the projects pages, reads June's totals by
盟市, switches the breakdown to category and then to 旗县 within 鄂尔多斯市, and the totals follow."""

from __future__ import annotations

import pytest
from review_world import FORMULA_NAME, TODAY, build_review_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, base: str, username: str, password: str) -> None:
    page.goto(f"{base}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("main button[type=submit]")
    page.wait_for_url(f"{base}/")


def cells(page, selector: str) -> list[str]:
    return [" ".join(t.split()) for t in page.locator(selector).all_inner_texts()]


def test_switching_the_breakdown_keeps_the_totals(live_server, page, people, password, tree, settings):
    settings.PLANTRACK_TODAY = TODAY
    build_review_world(tree)
    base = live_server.url

    log_in(page, base, "planning_admin", password)
    page.goto(f"{base}/projects/")
    page.click("#monthly-review-link")
    page.wait_for_selector("#review-lines")
    assert page.inner_text("h1") == "全区重大项目月研判（2027年6月）"  # the last month ended on 10 July
    assert page.input_value("input[name=month]") == "2027-06"
    assert cells(page, "#review-lines tbody td:first-child") == ["包头市", "鄂尔多斯市"]
    total = ["合计", "5", "4", "3", "75.0%", "73000", "18500", "25.3%"]
    assert cells(page, "#review-total th, #review-total td") == total

    page.select_option("#review-by", "category")
    page.get_by_role("button", name="查看").click()
    page.wait_for_url("**by=category**")
    assert cells(page, "#review-lines thead th")[0] == "项目类别"
    assert cells(page, "#review-lines tbody td:first-child") == ["新能源", "产业", "基础设施"]
    assert cells(page, "#review-total th, #review-total td") == total

    page.select_option("select[name=unit]", "150600")
    page.select_option("#review-by", "county")
    page.get_by_role("button", name="查看").click()
    page.wait_for_url("**unit=150600**")
    assert page.inner_text("h1") == "鄂尔多斯市重大项目月研判（2027年6月）"
    assert cells(page, "#review-lines tbody td:first-child") == ["东胜区", "达拉特旗", "杭锦旗"]
    assert cells(page, "#review-total th, #review-total td") == [
        "合计", "4", "3", "2", "66.7%", "43000", "15500", "36.0%"]
    assert FORMULA_NAME in page.inner_text("#review-lagging")

    page.fill("input[name=month]", "2027-07")
    page.get_by_role("button", name="查看").click()
    page.wait_for_selector("#review-errors")
    assert "2027年7月尚未结束" in page.inner_text("#review-errors")
    assert page.locator("#review-lines").count() == 0
