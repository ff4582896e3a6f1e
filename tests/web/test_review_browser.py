"""In a browser: a reviewer sees each submitted figure with its recent series drawn, last year's figure and the
warning; the history of a value reads in Chinese in columns wide enough to read."""

from __future__ import annotations

import pytest

from api.world import build_world, put_value
from logins import log_in
from plantrack.reporting.inputs import ValueInput
from plantrack.reporting.models import Channel, DataValue
from plantrack.reporting.services import enter_values

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_reviewer_sees_the_context_of_a_figure(live_server, page):
    world = build_world()
    world.plan.period_start = 2025
    world.plan.save()
    for month, figure in ((6, "0.9"), (7, "0.9"), (8, "1.0"), (9, "1.0")):
        put_value(world, indicator=world.jobs, unit=world.ordos, period=f"2026M{month}", value=figure,
                  state="approved")
    put_value(world, indicator=world.jobs, unit=world.ordos, period="2025M10", value="0.7", state="approved")
    enter_values(user=world.ordos_clerk, plan=world.plan, channel=Channel.FORM, round=world.round, submit=True,
                 inputs=[ValueInput(indicator_code="12", unit_code="150600", period="2026M10", value="4.4",
                                    explanation="重大项目集中招工", where="第1行")])
    october = DataValue.objects.get(period="2026M10")
    base = live_server.url
    log_in(page, base, "ordos_reviewer", to="/reporting/review/")
    row = page.locator(f"#value-{october.pk}")
    spark = row.locator("svg.sparkline")
    box = spark.bounding_box()
    assert box is not None and box["width"] > 80 and box["height"] > 20
    assert spark.locator("polyline").count() == 1 and spark.locator("circle.current").count() == 1
    assert "2026年9月 1；本期 4.4" in spark.locator("title").text_content()
    assert "0.7" in row.locator("td.last-year").inner_text()
    assert "较上期增长340%（1 → 4.4）" in row.locator("td.warnings").inner_text()
    assert "重大项目集中招工" in row.locator("td.warnings").inner_text()

    page.goto(f"{base}/reporting/values/{october.pk}/history/")
    cells = page.locator("#history tbody tr").first.locator("td")
    assert "submitted" not in page.locator("#history").inner_text()
    assert "— → 已提交" in page.locator("#history").inner_text()
    state = cells.nth(5)
    # One line, not one character a line.
    assert state.bounding_box()["height"] < 2.5 * float(state.evaluate("e => parseFloat(getComputedStyle(e).fontSize)"))
