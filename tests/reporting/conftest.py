"""A small reporting world: a plan, its registry, a slice of the org tree and named people in different units.

The people are the cast of tests/people.py: the planning office admin, a clerk and a reviewer of 鄂尔多斯市, a
clerk of 包头市 who must not touch 鄂尔多斯市's figures, and a supervisor who reads everything.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from types import SimpleNamespace

import pytest

from people import BAOTOU_CLERK, OFFICE_ADMIN, ORDOS_CLERK, ORDOS_REVIEWER, SUPERVISOR, create_people
from plantrack.core.periods import parse_period
from plantrack.indicators.models import Indicator
from plantrack.orgs.models import OrgUnit, User
from plantrack.plans.models import Plan
from plantrack.reporting.inputs import ValueInput
from plantrack.reporting.models import Channel, ReportingRound
from plantrack.reporting.services import enter_values

M = Indicator.Frequency.MONTHLY


def _unit(code: str, name: str, kind: str, parent: OrgUnit | None = None) -> OrgUnit:
    return OrgUnit.objects.create(code=code, name=name, kind=kind, parent=parent)


@pytest.fixture
def world(db) -> SimpleNamespace:
    plan = Plan.objects.create(title="测试规划", region="测试区", period_start=2026, period_end=2030)
    K = OrgUnit.Kind
    region = _unit("150000", "内蒙古自治区", K.REGION)
    hohhot = _unit("150100", "呼和浩特市", K.PREFECTURE, region)
    baotou = _unit("150200", "包头市", K.PREFECTURE, region)
    ordos = _unit("150600", "鄂尔多斯市", K.PREFECTURE, region)
    dongsheng = _unit("150602", "东胜区", K.COUNTY, ordos)
    kangbashi = _unit("150603", "康巴什区", K.COUNTY, ordos)
    stats = _unit("150000-TJJ", "自治区统计局", K.DEPARTMENT, region)

    def indicator(code: str, name: str, unit: str, **kw) -> Indicator:
        kw.setdefault("frequency", M)
        return Indicator.objects.create(plan=plan, code=code, name=name, unit=unit,
                                        target_type=kw.pop("target_type", Indicator.TargetType.LEVEL), **kw)

    gdp = indicator("1", "地区生产总值", "亿元", additive_over_units=True)
    urban = indicator("2", "常住人口城镇化率", "%")
    jobs = indicator("3", "城镇新增就业", "万人", value_kind=Indicator.ValueKind.YEAR_TO_DATE,
                     additive_over_time=True, additive_over_units=True)
    growth = indicator("4", "规模以上工业增加值增长", "%", target_type=Indicator.TargetType.ANNUAL_GROWTH)
    revenue = indicator("5", "一般公共预算收入", "亿元")
    tax = indicator("6", "税收收入", "亿元")
    yearly = indicator("7", "森林覆盖率", "%", frequency=Indicator.Frequency.YEARLY)
    for ind in (gdp, urban, jobs, growth, revenue, tax):
        ind.reporting_units.set([region, hohhot, baotou, ordos])
    yearly.reporting_units.set([region])

    units = {u.code: u for u in (region, hohhot, baotou, ordos, dongsheng, kangbashi, stats)}
    cast = create_people(units, cast=(OFFICE_ADMIN, ORDOS_CLERK, ORDOS_REVIEWER, BAOTOU_CLERK, SUPERVISOR))
    return SimpleNamespace(
        plan=plan, region=region, hohhot=hohhot, baotou=baotou, ordos=ordos, dongsheng=dongsheng,
        kangbashi=kangbashi, stats=stats,
        gdp=gdp, urban=urban, jobs=jobs, growth=growth, revenue=revenue, tax=tax, yearly=yearly,
        **cast,
        # Beyond the cast: 包头市's own reviewer, for the sibling-subtree rules of review.
        baotou_reviewer=User.objects.create(username="baotou_reviewer", role=User.Role.REVIEWER, unit=baotou),
    )


@pytest.fixture
def enter(world):
    """enter_values with the test plan; rows are (indicator, unit, period, value[, explanation])."""

    def run(user, rows, *, submit=False, correction=False, channel=Channel.FORM, **fields):
        ensure_rounds(world.plan, [r[2] for r in rows], by=world.admin)
        inputs = [
            ValueInput(indicator_code=r[0], unit_code=r[1], period=r[2], value=r[3],
                       explanation=r[4] if len(r) > 4 else "", where=f"第{i}行", **fields)
            for i, r in enumerate(rows, start=1)
        ]
        return enter_values(user=user, plan=world.plan, inputs=inputs, channel=channel, submit=submit,
                            correction=correction)

    return run


def ensure_rounds(plan: Plan, periods, *, by: User) -> None:
    """A reporting round for each valid period (clerks report inside rounds); an existing round is left as it is."""
    for text in set(periods):
        try:
            code = parse_period(str(text)).code
        except ValueError:
            continue
        ReportingRound.objects.get_or_create(
            plan=plan, period=code, defaults={"title": f"{code}填报", "deadline": date(2031, 1, 31), "created_by": by},
        )


@pytest.fixture
def rounds_for(world):
    """Open a reporting round for each period given (as the planning office would before clerks report)."""

    def run(*periods: str) -> None:
        ensure_rounds(world.plan, periods, by=world.admin)

    return run


def d(text: str) -> Decimal:
    return Decimal(text)
