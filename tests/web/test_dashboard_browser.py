"""Browser test of the dashboard on the demo: the leader logs in, sees the dashboard, filters to 约束性, opens a
lagging indicator and sees its chart drawn, the 盟市 table and the map of the 12 盟市."""

from __future__ import annotations

import pytest

from logins import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _painted(page, selector: str) -> bool:
    """True if the ECharts canvas under `selector` has non-blank pixels (it drew something)."""
    return page.evaluate(
        """(sel) => {
            const canvas = document.querySelector(sel + ' canvas');
            if (!canvas || !canvas.width || !canvas.height) return false;
            const ctx = canvas.getContext('2d');
            const data = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
            for (let i = 3; i < data.length; i += 4) { if (data[i] !== 0) return true; }
            return false;
        }""",
        selector,
    )


def test_leader_filters_to_binding_and_opens_a_lagging_indicator(live_server, page, demo_data):
    from plantrack.indicators.models import Indicator

    base = live_server.url
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))

    log_in(page, base, "region_leader")
    assert page.locator("h1").first.inner_text().startswith("监测看板")
    assert page.locator("article.indicator-card").count() == 21
    # The overview above the cards: the headline, the binding strip and the 盟市 map drawn.
    assert page.locator("#overview-headline").inner_text().startswith("21项主要指标：")
    assert page.locator("#binding-strip li").count() == 8
    page.wait_for_selector("#prefecture-map[data-ready='1']")
    assert _painted(page, "#prefecture-map")
    assert page.locator("#prefecture-list li").count() == 12
    assert "模拟数据" in page.locator(".simulated-banner").inner_text()

    page.select_option("select[name=attribute]", "约束性")
    page.click("#dashboard-filters button[type=submit]")
    page.wait_for_url("**attribute=*")
    cards = page.locator("article.indicator-card")
    assert cards.count() == Indicator.objects.filter(attribute="约束性", source_row__isnull=False).count() == 8
    assert all("约束性" in cards.nth(i).inner_text() for i in range(cards.count()))

    lagging = page.locator("article.indicator-card[data-status='滞后']").first
    name = lagging.locator("h3").inner_text()
    lagging.locator("h3 a").click()
    page.wait_for_selector("#series-chart[data-ready] canvas")
    assert name.split(". ", 1)[1] in page.locator("h1").inner_text()
    assert page.locator("#headline-status").inner_text() == "滞后"
    assert _painted(page, "#series-chart")

    rows = page.locator("#unit-table tbody tr")
    assert rows.count() == 13  # the region and the 12 盟市
    assert "鄂尔多斯市" in page.locator("#unit-table").inner_text()

    page.wait_for_selector("#unit-map[data-ready] canvas")
    assert _painted(page, "#unit-map")
    page.check("input[name=map-colour][value=value]")  # colour by value instead of status: still drawn
    assert _painted(page, "#unit-map")
    assert errors == []
