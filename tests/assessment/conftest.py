"""An assessment world: a 2026–2030 plan, a registry with one target of each kind, units of two 盟市, and named
people: the planning office admin, the region's reviewer, a clerk and a reviewer of 鄂尔多斯市, a clerk of 包头市,
a leader and a supervisor. Values reach the assessments the real way: entered, submitted and approved through
the services."""

from __future__ import annotations

from decimal import Decimal
from types import SimpleNamespace

import pytest

from people import create_people
from plantrack.indicators.models import AnnualTarget, Indicator
from plantrack.orgs.models import OrgUnit, User
from plantrack.plans.models import Plan
from plantrack.reporting.inputs import ValueInput
from plantrack.reporting.models import Channel, DataValue
from plantrack.reporting.services import approve_values, enter_values

T = Indicator.TargetType
Y = Indicator.Frequency.YEARLY


@pytest.fixture
def world(db) -> SimpleNamespace:
    plan = Plan.objects.create(title="测试规划", region="测试区", period_start=2026, period_end=2030)
    K = OrgUnit.Kind

    def unit(code, name, kind, parent=None):
        return OrgUnit.objects.create(code=code, name=name, kind=kind, parent=parent)

    region = unit("150000", "内蒙古自治区", K.REGION)
    ordos = unit("150600", "鄂尔多斯市", K.PREFECTURE, region)
    baotou = unit("150200", "包头市", K.PREFECTURE, region)
    dongsheng = unit("150602", "东胜区", K.COUNTY, ordos)
    units = [region, ordos, baotou, dongsheng]

    def indicator(code, name, unit_text, target_type, **kw):
        kw.setdefault("frequency", Y)
        ind = Indicator.objects.create(plan=plan, code=code, name=name, unit=unit_text, target_type=target_type, **kw)
        ind.reporting_units.set(units)
        return ind

    urban = indicator("1", "常住人口城镇化率", "%", T.LEVEL, attribute=Indicator.Attribute.BINDING,
                      baseline_year=2025, baseline_value=Decimal("71.5"), target_year=2030,
                      target_value=Decimal("73"), comparator=">=")
    gdp = indicator("2", "地区生产总值增长", "%", T.ANNUAL_GROWTH, target_value=Decimal("4.5"), comparator="~")
    jobs = indicator("3", "城镇新增就业", "万人", T.CUMULATIVE, target_value=Decimal("130"), comparator=">=",
                     additive_over_units=True, additive_over_time=True)
    jobless = indicator("4", "城镇调查失业率", "%", T.BOUND, attribute=Indicator.Attribute.BINDING,
                        direction=Indicator.Direction.LOWER, target_value=Decimal("5.5"), comparator="<=")
    industry = indicator("5", "规模以上工业增加值", "亿元", T.ANNUAL_GROWTH, target_value=Decimal("6"),
                         comparator=">=", frequency=Indicator.Frequency.MONTHLY,
                         value_kind=Indicator.ValueKind.YEAR_TO_DATE)
    national = indicator("6", "完成国家下达的能耗目标", "", T.QUALITATIVE, target_text="完成国家下达目标")

    return SimpleNamespace(
        plan=plan, region=region, ordos=ordos, baotou=baotou, dongsheng=dongsheng,
        urban=urban, gdp=gdp, jobs=jobs, jobless=jobless, industry=industry, national=national,
        **create_people({u.code: u for u in units}),
        # Beyond the cast: a clerk of a 旗县 inside 鄂尔多斯市, for warnings that reach down the tree.
        dongsheng_clerk=User.objects.create(username="dongsheng_clerk", role=User.Role.CLERK, unit=dongsheng),
    )


@pytest.fixture
def approve(world):
    """Rows (indicator code, unit code, period, value) entered and submitted by the planning office, approved by
    the region's reviewer (who submits may not approve)."""

    def run(rows, *, correction=False):
        inputs = [
            ValueInput(indicator_code=r[0], unit_code=r[1], period=r[2], value=str(r[3]),
                       explanation=r[4] if len(r) > 4 else "", where=f"第{i}行")
            for i, r in enumerate(rows, start=1)
        ]
        enter_values(user=world.admin, plan=world.plan, inputs=inputs, channel=Channel.FORM, submit=True,
                     correction=correction)
        ids = [
            DataValue.objects.get(indicator__code=r[0], unit__code=r[1], period=r[2]).id for r in rows
        ]
        return approve_values(user=world.region_reviewer, value_ids=ids)

    return run


@pytest.fixture
def annual_target(world):
    def run(indicator, unit, year, value, comparator=">="):
        return AnnualTarget.objects.create(indicator=indicator, unit=unit, year=year, value=Decimal(str(value)),
                                           comparator=comparator)

    return run
