"""The reviewer's context for each submitted figure (previous periods as a sparkline, the same period last year,
the warning it raises) and the clerk's home listing figures returned with their reasons."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client

from api.world import PASSWORD, build_world, put_value
from plantrack.reporting.models import DataValue
from plantrack.reporting.review_context import review_context
from plantrack.reporting.services import return_values

pytestmark = pytest.mark.django_db


def login(username: str) -> Client:
    client = Client()
    assert client.login(username=username, password=PASSWORD)
    return client


@pytest.fixture
def world():
    w = build_world()
    w.plan.period_start = 2025
    w.plan.save()
    for month, figure in ((5, "0.8"), (7, "0.9"), (8, "1.0"), (9, "1.0")):
        put_value(w, indicator=w.jobs, unit=w.ordos, period=f"2026M{month}", value=figure, state="approved")
    put_value(w, indicator=w.jobs, unit=w.ordos, period="2025M10", value="0.7", state="approved")
    w.october = put_value(w, indicator=w.jobs, unit=w.ordos, period="2026M10", value="4.4", state="submitted")
    w.october.explanation = "重大项目集中招工"
    w.october.save(update_fields=["explanation"])
    return w


class TestReviewContext:
    def test_previous_periods_last_year_and_the_warning(self, world):
        value = DataValue.objects.select_related("indicator", "unit").get(pk=world.october.pk)
        ctx = review_context(values=[value])[value.pk]
        assert ctx.series == [("2026年4月", None), ("2026年5月", Decimal("0.8")), ("2026年6月", None),
                              ("2026年7月", Decimal("0.9")), ("2026年8月", Decimal("1.0")),
                              ("2026年9月", Decimal("1.0"))]
        assert (ctx.last_year, ctx.last_year_label) == (Decimal("0.7"), "2025年10月")
        assert ctx.warnings == ["较上期增长340%（1 → 4.4）"]

    def test_the_review_page_shows_them_beside_the_figure(self, world):
        html = login("ordos_reviewer").get("/reporting/review/").content.decode()
        row = html[html.index(f'id="value-{world.october.pk}"'):]
        row = row[: row.index("</tr>")]
        assert '<svg class="sparkline"' in row and "2026年9月 1；本期 4.4" in row
        assert "0.7" in row and "2025年10月" in row
        assert "较上期增长340%（1 → 4.4）" in row and "说明：重大项目集中招工" in row


class TestReturnedOnHome:
    def test_the_clerk_sees_what_was_returned_and_why(self, world):
        return_values(user=world.ordos_reviewer, value_ids=[world.october.pk], reason="与统计快报不一致")
        html = login("ordos_clerk").get("/").content.decode()
        section = html[html.index('id="returned"'):]
        assert "城镇新增就业" in section and "与统计快报不一致" in section and "2026年10月" in section
        assert f"/reporting/form/{world.round.pk}/150600/" in section

    def test_other_units_and_readers_do_not_see_it(self, world):
        return_values(user=world.ordos_reviewer, value_ids=[world.october.pk], reason="与统计快报不一致")
        assert 'id="returned"' not in login("baotou_clerk").get("/").content.decode()
        assert 'id="returned"' not in login("supervisor").get("/").content.decode()
