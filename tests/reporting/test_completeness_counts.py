"""Completeness counted in the database: only values a unit must report count, whatever else is stored for the same
period (an indicator the unit need not report, an inactive one, another plan's), and many rounds at once give the
same answer as one at a time."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from plantrack.indicators.models import Indicator
from plantrack.plans.models import Plan
from plantrack.reporting.models import Channel, DataValue, ReportingRound
from plantrack.reporting.selectors import completeness_of_rounds, round_completeness

S = DataValue.State


def _value(indicator, unit, period, state):
    return DataValue.objects.create(indicator=indicator, unit=unit, period=period, year=int(period[:4]),
                                    value=Decimal("1"), state=state, channel=Channel.SYSTEM)


def _round(plan, period):
    return ReportingRound.objects.create(plan=plan, period=period, title=period, deadline=dt.date(2099, 1, 1))


@pytest.fixture
def counted(world):
    """鄂尔多斯市 need not report 税收收入; 一般公共预算收入 is retired; another plan reports in the same month."""
    world.tax.reporting_units.remove(world.ordos)
    world.revenue.is_active = False
    world.revenue.save()
    other = Plan.objects.create(title="专项规划", region="测试区", period_start=2026, period_end=2030)
    energy = Indicator.objects.create(plan=other, code="E1", name="能耗", unit="万吨", target_type="level",
                                      frequency=Indicator.Frequency.MONTHLY)
    energy.reporting_units.set([world.ordos])
    for indicator, state in [(world.gdp, S.SUBMITTED), (world.urban, S.APPROVED), (world.jobs, S.DRAFT),
                             (world.growth, S.RETURNED), (world.tax, S.APPROVED), (world.revenue, S.APPROVED),
                             (energy, S.APPROVED)]:
        _value(indicator, world.ordos, "2026M10", state)
    _value(world.gdp, world.dongsheng, "2026M10", S.APPROVED)  # 东胜区 reports nothing: no row for it
    _value(world.gdp, world.baotou, "2026M9", S.APPROVED)
    return {"m10": _round(world.plan, "2026M10"), "m9": _round(world.plan, "2026M9"),
            "other": _round(other, "2026M10"), "year": _round(world.plan, "2026")}


def test_only_required_values_of_active_indicators_of_the_plan_count(world, counted):
    rows = {r.unit.code: r for r in round_completeness(round=counted["m10"])}
    assert set(rows) == {"150000", "150100", "150200", "150600"}
    ordos = rows["150600"]
    # Required: 地区生产总值, 城镇化率, 新增就业, 工业增加值增长 (税收 not for 鄂尔多斯市, 预算收入 retired).
    assert (ordos.required, ordos.entered, ordos.submitted, ordos.approved) == (4, 4, 2, 1)
    assert (rows["150200"].required, rows["150200"].entered) == (5, 0)


def test_another_plans_round_counts_its_own_values(world, counted):
    rows = round_completeness(round=counted["other"])
    assert [(r.unit.code, r.required, r.entered, r.approved, r.status) for r in rows] == [
        ("150600", 1, 1, 1, "complete")]


def test_many_rounds_at_once_match_one_at_a_time(world, counted):
    rounds = list(counted.values())
    together = completeness_of_rounds(rounds=rounds, user=world.admin)
    for rnd in rounds:
        assert together[rnd.pk] == round_completeness(round=rnd, user=world.admin), rnd.period
    assert [(r.unit.code, r.required) for r in together[counted["year"].pk]] == [("150000", 1)]
    assert [(r.unit.code, r.approved) for r in together[counted["m9"].pk] if r.entered] == [("150200", 1)]


def test_a_clerk_sees_only_the_units_in_their_scope(world, counted):
    rows = completeness_of_rounds(rounds=[counted["m10"], counted["m9"]], user=world.ordos_clerk)
    assert [r.unit.code for r in rows[counted["m10"].pk]] == ["150600"]
    assert [r.unit.code for r in rows[counted["m9"].pk]] == ["150600"]
