"""The demo figures: loaded on top of the demo plan, org tree and registry; seeded, complete enough, idempotent."""

from __future__ import annotations

import io

import pytest

from plantrack import clock
from plantrack.orgs.models import User
from plantrack.reporting.models import DataValue, DataValueChange, ReportingRound
from plantrack.reporting.selectors import round_completeness


@pytest.fixture(autouse=True)
def fast_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.mark.django_db
def test_demo_figures_are_loaded_once_and_show_an_open_round_with_gaps(client):
    from importlib import import_module

    out = io.StringIO()
    for part in ("plans", "orgs", "indicators"):
        import_module(f"plantrack.{part}.demo").load(out)
    from plantrack.reporting import demo

    lines = demo.load(out)
    assert lines[0].startswith("figures: ")
    values = {(v.indicator_id, v.unit_id, v.period): v.value for v in DataValue.objects.all()}
    assert len(values) > 100
    open_rounds = list(ReportingRound.objects.filter(is_open=True))
    assert len(open_rounds) == 1 and open_rounds[0].deadline > clock.today()
    latest = open_rounds[0].period
    past = DataValue.objects.exclude(period=latest)
    assert set(past.values_list("state", flat=True)) == {"approved"}
    rows = round_completeness(round=open_rounds[0])
    assert any(r.status == "missing" for r in rows) and any(r.is_complete for r in rows)
    # The statistics bureau (a 厅局) reports too: its past months are in, this month's are owed.
    [bureau] = [r for r in rows if r.unit.kind == "department"]
    assert bureau.unit.code == "150000-TJJ" and bureau.status == "missing"
    assert past.filter(unit=bureau.unit, state="approved").exists()
    client.force_login(User.objects.get(username="stats_clerk"))
    home = client.get("/").content.decode()
    assert f"/reporting/form/{open_rounds[0].pk}/150000-TJJ/" in home
    # Nobody approved a figure they submitted themselves.
    for change in DataValueChange.objects.filter(action="approve")[:200]:
        submitted = change.data_value.changes.filter(new_state="submitted").order_by("at", "id").last()
        assert submitted.user_id != change.user_id
    history = DataValueChange.objects.count()

    # The suite's clock (2031) is past the simulated years: the demo year is their last, with December's round open.
    assert latest == "2028M12"
    assert demo.load(out)[0].startswith("figures: 2028 figures already loaded")
    assert {(v.indicator_id, v.unit_id, v.period): v.value for v in DataValue.objects.all()} == values
    assert DataValueChange.objects.count() == history


@pytest.mark.django_db
def test_the_figures_are_the_same_on_every_run():
    """Seeded: loading the demo figures again into an empty store gives the very same figures, and the units'
    series differ from one another."""
    from importlib import import_module

    out = io.StringIO()
    for part in ("plans", "orgs", "indicators"):
        import_module(f"plantrack.{part}.demo").load(out)
    from plantrack.reporting import demo

    def figures() -> dict:
        rows = DataValue.objects.values_list("indicator__code", "unit__code", "period", "value")
        return {(code, unit, period): value for code, unit, period, value in rows}

    demo.load(out)
    first = figures()
    DataValueChange.objects.all().delete()
    DataValue.objects.all().delete()
    ReportingRound.objects.all().delete()
    demo.load(out)
    assert figures() == first and len(first) > 100
    by_unit: dict[str, list] = {}
    for (code, unit, period), value in sorted(first.items()):
        by_unit.setdefault(unit, []).append((code, period, value))
    assert len(by_unit) > 1 and len({tuple(series) for series in by_unit.values()}) == len(by_unit)


@pytest.mark.parametrize(("today", "month"), [
    ("2026-12-07", "2026M11"),  # the real date: the months of 2026 that have ended
    ("2027-01-03", "2026M12"),
    ("2028-07-15", "2028M6"),
    ("2029-01-10", "2028M12"),  # the demo's fixed clock: the whole simulated world has happened
    ("2031-01-15", "2028M12"),  # later still: the world ends with its last simulated year
    ("2025-06-01", "2026M1"),
])
def test_the_demo_month_follows_the_clock_inside_the_simulated_years(today, month):
    import datetime as dt

    from plantrack.reporting.demo import demo_month

    assert demo_month(dt.date.fromisoformat(today)).code == month


@pytest.mark.django_db
def test_frequencies_follow_the_statistics_bureau(settings):
    """GDP growth quarterly as 累计; the operating indicators monthly as 累计增速 with a target for every simulated
    year; the unemployment rate monthly as the month's own rate."""
    from importlib import import_module

    from plantrack.indicators.models import AnnualTarget, Indicator

    settings.PLANTRACK_TODAY = "2029-01-10"
    out = io.StringIO()
    for part in ("plans", "orgs", "indicators", "reporting"):
        import_module(f"plantrack.{part}.demo").load(out)
    by_name = {i.name: i for i in Indicator.objects.all()}
    gdp = by_name["地区生产总值增长"]
    assert (gdp.frequency, gdp.value_kind) == ("quarterly", "ytd")
    assert (by_name["城镇调查失业率"].frequency, by_name["城镇调查失业率"].value_kind) == ("monthly", "period")
    operating = [by_name[n] for n in ("规模以上工业增加值增长", "固定资产投资增长", "社会消费品零售总额增长",
                                       "一般公共预算收入增长")]
    for indicator in operating:
        assert (indicator.frequency, indicator.value_kind, indicator.source_row_id) == ("monthly", "ytd", None)
        assert set(AnnualTarget.objects.filter(indicator=indicator).values_list("year", flat=True)) == {
            2026, 2027, 2028}
        months = set(DataValue.objects.filter(indicator=indicator, unit__code="150000")
                     .values_list("period", flat=True))
        assert {f"2028M{m}" for m in range(1, 13)} <= months
    assert set(DataValue.objects.filter(indicator=gdp, unit__code="150000").values_list("period", flat=True)) == {
        "2028Q1", "2028Q2", "2028Q3", "2028Q4"}
