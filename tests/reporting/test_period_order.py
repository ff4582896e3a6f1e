"""Periods sort by time on every surface that lists them, never as text (2026M2 before 2026M10):
the rounds list, the review page's round choice, `GET /api/rounds`, the reporting index and the export."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client

from api.world import ApiClient, build_world
from plantrack.api.tokens import create_api_token
from plantrack.reporting.models import ReportingRound

pytestmark = pytest.mark.django_db

# Newest first, as the lists show them; build_world opens 2026M10 itself.
NEWEST_FIRST = ["2026", "2026Q4", "2026M12", "2026M11", "2026M10", "2026M9", "2026M2", "2026M1"]


@pytest.fixture
def world():
    w = build_world()
    for period in ["2026M2", "2026M11", "2026M1", "2026", "2026M9", "2026Q4", "2026M12"]:
        ReportingRound.objects.create(plan=w.plan, period=period, title=f"轮次{period}",
                                      deadline=dt.date(2027, 1, 10))
    ReportingRound.objects.filter(period="2026M10").update(title="轮次2026M10")
    return w


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _titles_in_order(html: str) -> list[str]:
    return re.findall(r"轮次(\d{4}(?:[MQ]\d+)?)", html)


def test_rounds_list_runs_newest_first_by_time(world):
    html = _client(world.admin).get("/reporting/rounds/").content.decode()
    assert _titles_in_order(html) == NEWEST_FIRST


def test_rounds_list_pages_keep_the_time_order(world):
    for m in range(1, 13):
        ReportingRound.objects.create(plan=world.plan, period=f"2025M{m}", title=f"轮次2025M{m}",
                                      deadline=dt.date(2026, 1, 10))
    client = _client(world.admin)
    first = _titles_in_order(client.get("/reporting/rounds/").content.decode())
    second = _titles_in_order(client.get("/reporting/rounds/", {"page": 2}).content.decode())
    assert first == NEWEST_FIRST + ["2025M12", "2025M11", "2025M10", "2025M9"]
    assert second == [f"2025M{m}" for m in range(8, 0, -1)]


def test_review_round_choice_runs_newest_first_by_time(world):
    html = _client(world.admin).get("/reporting/review/").content.decode()
    select = html[html.index('<select name="round"'):html.index("</select>")]
    assert _titles_in_order(select) == NEWEST_FIRST


def test_api_rounds_run_newest_first_by_time(world):
    _row, token = create_api_token(user=world.ordos_clerk, name="test")
    periods = [r["period"] for r in ApiClient(token).get("/api/rounds").json()]
    assert periods == NEWEST_FIRST


def test_reporting_index_lists_open_rounds_by_time(world):
    html = _client(world.admin).get("/reporting/").content.decode()
    assert _titles_in_order(html) == NEWEST_FIRST


def test_api_values_of_a_year_run_by_code_then_time(world):
    from api.world import put_value

    for period in ["2026M10", "2026M2", "2026M1", "2026Q4", "2026"]:
        put_value(world, indicator=world.gdp, unit=world.ordos, period=period, value="1")
    _row, token = create_api_token(user=world.ordos_clerk, name="test")
    rows = ApiClient(token).get("/api/values", unit="150600", year=2026).json()
    assert [r["period"] for r in rows] == ["2026M1", "2026M2", "2026M10", "2026Q4", "2026"]
