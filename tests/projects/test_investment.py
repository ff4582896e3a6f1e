"""Completed investment adds up by unit, chapter and category, and feeds an indicator (固定资产投资) as draft values
written through the reporting service."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from plantrack.indicators.models import Indicator
from plantrack.plans.models import Plan
from plantrack.projects.errors import ProjectRejected
from plantrack.projects.investment import feed_indicator
from plantrack.projects.ledger import import_ledger
from plantrack.projects.models import Project
from plantrack.projects.selectors import investment_by
from plantrack.projects.services import record_dispatch
from plantrack.reporting.models import DataValue
from plantrack.reporting.services import open_round


@pytest.fixture
def loaded(people, ledger, rows):
    path = ledger(rows)
    import_ledger(user=people.admin, source=path, name=path.name)
    return {p.name: p for p in Project.objects.all()}


@pytest.fixture
def investment(tree):
    plan = Plan.objects.create(title="投资测试规划", region="测试区", period_start=2026, period_end=2030)
    indicator = Indicator.objects.create(plan=plan, code="F1", name="重大项目完成投资", unit="亿元",
                                         target_type=Indicator.TargetType.LEVEL,
                                         frequency=Indicator.Frequency.MONTHLY,
                                         value_kind=Indicator.ValueKind.YEAR_TO_DATE, additive_over_units=True)
    indicator.reporting_units.set([tree["150200"], tree["150600"]])
    return indicator


def dispatch(user, project, week, done):
    record_dispatch(user=user, project=project, week=week, progress="推进中", completed_wan=Decimal(done))


class TestInvestmentSums:
    def test_sums_by_prefecture_category_and_chapter(self, people, loaded):
        by_unit = {s.key: (s.projects, s.total_wan, s.completed_wan) for s in investment_by(user=people.admin,
                                                                                              by="unit")}
        assert by_unit == {"包头市": (1, Decimal("180000"), Decimal("60000")),
                           "鄂尔多斯市": (2, Decimal("302000"), Decimal("30000"))}
        by_category = {s.key: s.completed_wan for s in investment_by(user=people.admin, by="category")}
        assert by_category == {"交通": Decimal("60000"), "基础设施": 0, "新能源": Decimal("30000")}
        assert [(s.key, s.projects) for s in investment_by(user=people.admin, by="chapter")] == [("未分类", 3)]

    def test_a_clerk_adds_up_only_its_own_projects(self, people, loaded):
        assert [s.key for s in investment_by(user=people.baotou_clerk, by="unit")] == ["包头市"]


class TestFeedIndicator:
    def test_year_to_date_completed_investment_becomes_draft_values_per_prefecture(self, people, loaded,
                                                                                    investment):
        wind, road = loaded["达拉特旗风光制氢一体化项目"], loaded["包头市城市快速路"]
        dispatch(people.admin, wind, "2026-W50", 40000)   # December 2026: the figure before the year
        dispatch(people.admin, wind, "2027-W10", 70000)   # March 2027
        dispatch(people.admin, wind, "2027-W20", 95000)   # May 2027: after the period
        dispatch(people.admin, road, "2027-W05", 65000)   # February 2027, no figure before the year
        result = feed_indicator(user=people.admin, indicator=investment, period="2027M3")
        assert result.created == 2
        values = {v.unit.code: (v.value, v.state) for v in DataValue.objects.filter(indicator=investment)}
        assert values == {"150600": (Decimal("3.00"), "draft"), "150200": (Decimal("6.50"), "draft")}
        again = feed_indicator(user=people.admin, indicator=investment, period="2027M3")
        assert again.unchanged == 2

    def test_an_indicator_not_in_money_is_refused(self, people, loaded, investment):
        investment.unit = "%"
        with pytest.raises(ProjectRejected, match="万元或亿元"):
            feed_indicator(user=people.admin, indicator=investment, period="2027M3")

    def test_a_clerk_cannot_write_another_units_figure(self, people, loaded, investment):
        dispatch(people.admin, loaded["包头市城市快速路"], "2027-W05", 65000)
        dispatch(people.admin, loaded["达拉特旗风光制氢一体化项目"], "2027-W05", 35000)
        open_round(user=people.admin, plan=investment.plan, period="2027M3", deadline=date(2027, 4, 10))
        result = feed_indicator(user=people.ordos_clerk, indicator=investment, period="2027M3")
        assert [v.unit.code for v in DataValue.objects.filter(indicator=investment)] == ["150600"]
        assert result.created == 1

    def test_nothing_to_feed(self, people, loaded, investment):
        with pytest.raises(ProjectRejected, match="没有项目完成投资记录"):
            feed_indicator(user=people.admin, indicator=investment, period="2027M3")
        assert not DataValue.objects.exists()
