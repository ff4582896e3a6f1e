"""The review queue comes in pages: every submitted value in scope exactly once, in unit tree order, then period
by time, then indicator code; the page says how many wait in all."""

from __future__ import annotations

import pytest
from django.test import Client

from api.world import build_world, put_value
from plantrack.reporting.models import DataValue
from plantrack.reporting.selectors import review_queue_page

pytestmark = pytest.mark.django_db

PERIODS = ["2026M10", "2026M2", "2026M9", "2026M1"]


@pytest.fixture
def world():
    w = build_world()
    for unit in (w.ordos, w.baotou, w.dongsheng):
        for period in PERIODS:
            for indicator in (w.jobs, w.gdp):
                put_value(w, indicator=indicator, unit=unit, period=period, value="1",
                          state=DataValue.State.SUBMITTED)
    put_value(w, indicator=w.gdp, unit=w.ordos, period="2026M3", value="1")  # a draft: not in the queue
    return w


def _key(v: DataValue) -> tuple[str, str, str]:
    return (v.unit.code, v.period, v.indicator.code)


def _expected(world) -> list[tuple[str, str, str]]:
    # Tree order: 包头市 150200, then 鄂尔多斯市 150600 and below it 东胜区 150602.
    return [(u, p, i) for u in ("150200", "150600", "150602") for p in ("2026M1", "2026M2", "2026M9", "2026M10")
            for i in ("1", "12")]


@pytest.mark.parametrize("per_page", [1, 5, 8, 24, 100])
def test_pages_together_hold_every_value_once_in_queue_order(world, per_page):
    first = review_queue_page(user=world.admin, per_page=per_page)
    seen = list(first.values)
    for number in range(2, first.page_count + 1):
        seen.extend(review_queue_page(user=world.admin, page=number, per_page=per_page).values)
    assert [_key(v) for v in seen] == _expected(world)
    assert first.total == 24 and first.page_count == -(-24 // per_page)


def test_a_reviewer_pages_through_their_own_subtree_only(world):
    page = review_queue_page(user=world.ordos_reviewer, per_page=10)
    assert page.total == 16 and page.page_count == 2
    assert [v.unit.code for v in page.values] == ["150600"] * 8 + ["150602"] * 2
    rest = review_queue_page(user=world.ordos_reviewer, page=2, per_page=10)
    assert [_key(v) for v in rest.values][-1] == ("150602", "2026M10", "12")


def test_a_page_past_the_end_shows_the_last_page(world):
    page = review_queue_page(user=world.admin, page=99, per_page=10)
    assert page.number == 3 and len(page.values) == 4 and not page.has_next and page.has_previous


def test_the_review_page_shows_the_total_and_a_link_to_the_next_page(world, monkeypatch):
    monkeypatch.setattr("plantrack.reporting.selectors.REVIEW_PAGE_SIZE", 10)
    client = Client()
    client.force_login(world.admin)
    html = client.get("/reporting/review/").content.decode()
    assert "共24条待审核" in html and "page=2" in html
    assert html.count('name="value"') == 10
    last = client.get("/reporting/review/", {"page": 3}).content.decode()
    assert last.count('name="value"') == 4


@pytest.mark.parametrize("page", ["abc", "-1", "9" * 5000, "0"])
def test_an_odd_page_number_shows_a_page_not_an_error(world, page):
    client = Client()
    client.force_login(world.admin)
    response = client.get("/reporting/review/", {"page": page})
    assert response.status_code == 200 and "共24条待审核" in response.content.decode()


@pytest.mark.parametrize("round_id", ["9" * 30, "9" * 5000, "x"])
def test_an_odd_round_shows_every_round(world, round_id):
    client = Client()
    client.force_login(world.admin)
    response = client.get("/reporting/review/", {"round": round_id})
    assert response.status_code == 200 and "共24条待审核" in response.content.decode()
