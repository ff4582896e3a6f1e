"""The pages that read many values ask the database the same number of times with 1 round or 15, 2 values or 300:
rounds list, home workbench, reporting index, review queue, completeness, export of a month."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from api.world import build_world, put_value
from plantrack.reporting.models import DataValue, ReportingRound

pytestmark = pytest.mark.django_db

PAGES = [
    "/reporting/rounds/",
    "/",
    "/reporting/",
    "/reporting/review/",
    "/reporting/export/?format=csv&period=2026M10",
]


def _grow(world, months: range) -> None:
    """More open rounds, each with submitted values from every unit that reports."""
    for m in months:
        period = f"2025M{m}"
        ReportingRound.objects.create(plan=world.plan, period=period, title=f"{period} 月报",
                                      deadline=dt.date(2026, 1, 10), is_open=True)
        for unit in (world.ordos, world.baotou, world.dongsheng):
            for indicator in (world.gdp, world.jobs):
                put_value(world, indicator=indicator, unit=unit, period=period, value=str(m),
                          state=DataValue.State.SUBMITTED)


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
        if response.streaming:
            b"".join(response.streaming_content)
    assert response.status_code == 200, url
    return len(captured)


@pytest.mark.parametrize("url", PAGES)
@pytest.mark.parametrize("who", ["admin", "ordos_reviewer", "ordos_clerk"])
def test_queries_do_not_grow_with_rounds_and_values(url, who, django_assert_max_num_queries):
    world = build_world()
    # Both indicators wait from the start: the review page checks each indicator on the page once, so it is the
    # number of rounds and values that grows below, not the number of indicators.
    for indicator in (world.gdp, world.jobs):
        put_value(world, indicator=indicator, unit=world.ordos, period="2026M10", value="1",
                  state=DataValue.State.SUBMITTED)
    user = getattr(world, who)
    client = Client()
    client.force_login(user)
    if url == "/reporting/review/" and who == "ordos_clerk":
        assert client.get(url).status_code == 403
        return
    small = _queries(client, url)
    _grow(world, range(1, 13))
    with django_assert_max_num_queries(small):
        client.get(url) if "export" not in url else b"".join(client.get(url).streaming_content)
    assert ReportingRound.objects.count() == 13 and DataValue.objects.count() == 74


def test_completeness_page_queries_do_not_grow(django_assert_max_num_queries):
    world = build_world()
    client = Client()
    client.force_login(world.admin)
    url = f"/reporting/rounds/{world.round.pk}/completeness/"
    small = _queries(client, url)
    for indicator in (world.gdp, world.jobs):
        for unit in (world.ordos, world.baotou):
            put_value(world, indicator=indicator, unit=unit, period="2026M10", value="2",
                      state=DataValue.State.APPROVED)
    with django_assert_max_num_queries(small):
        assert client.get(url).status_code == 200
