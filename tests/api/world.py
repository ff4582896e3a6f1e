"""A small world for the reporting faces' tests: a plan, three units, named people in each role, a round.

鄂尔多斯市 and 包头市 are sibling 盟市 under the region; 东胜区 lies inside 鄂尔多斯市. The people are named for the
scope they must (or must not) reach, as in every world (tests/people.py): admin, ordos_clerk, baotou_clerk,
ordos_reviewer, supervisor.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.test import Client

from people import BAOTOU_CLERK, OFFICE_ADMIN, ORDOS_CLERK, ORDOS_REVIEWER, SUPERVISOR
from plantrack.indicators.models import Indicator
from plantrack.orgs.models import OrgUnit, User
from plantrack.plans.models import Plan
from plantrack.reporting.models import Channel, DataValue, ReportingRound

PASSWORD = "Kq7-plantrack-test"  # noqa: S105 - test users only


@dataclass
class World:
    plan: Plan
    region: OrgUnit
    ordos: OrgUnit
    dongsheng: OrgUnit
    baotou: OrgUnit
    gdp: Indicator
    jobs: Indicator
    round: ReportingRound
    admin: User
    ordos_clerk: User
    baotou_clerk: User
    ordos_reviewer: User
    supervisor: User


def _user(username: str, role: str, unit: OrgUnit) -> User:
    user = User.objects.create_user(username=username, password=PASSWORD, role=role, unit=unit)
    return user


def build_world(period: str = "2026M10") -> World:
    plan = Plan.objects.create(title="测试规划纲要", region="测试自治区", period_start=2026, period_end=2030)
    region = OrgUnit.objects.create(code="150000", name="内蒙古自治区", kind=OrgUnit.Kind.REGION)
    ordos = OrgUnit.objects.create(code="150600", name="鄂尔多斯市", kind=OrgUnit.Kind.PREFECTURE, parent=region)
    dongsheng = OrgUnit.objects.create(code="150602", name="东胜区", kind=OrgUnit.Kind.COUNTY, parent=ordos)
    baotou = OrgUnit.objects.create(code="150200", name="包头市", kind=OrgUnit.Kind.PREFECTURE, parent=region)
    gdp = Indicator.objects.create(
        plan=plan, code="1", name="地区生产总值", unit="亿元", target_type=Indicator.TargetType.ANNUAL_GROWTH,
        frequency=Indicator.Frequency.MONTHLY, value_kind=Indicator.ValueKind.YEAR_TO_DATE,
        additive_over_units=True, additive_over_time=False,
    )
    jobs = Indicator.objects.create(
        plan=plan, code="12", name="城镇新增就业", unit="万人", target_type=Indicator.TargetType.CUMULATIVE,
        frequency=Indicator.Frequency.MONTHLY, value_kind=Indicator.ValueKind.PERIOD,
        additive_over_units=True, additive_over_time=True,
    )
    for indicator in (gdp, jobs):
        indicator.reporting_units.set([ordos, baotou])
    rnd = ReportingRound.objects.create(
        plan=plan, period=period, title=f"{period} 月报", deadline=dt.date(2026, 11, 10)
    )
    return World(
        plan=plan, region=region, ordos=ordos, dongsheng=dongsheng, baotou=baotou, gdp=gdp, jobs=jobs, round=rnd,
        # The cast of tests/people.py; the planning office and the supervisor log in here by their short names.
        admin=_user("admin", OFFICE_ADMIN.role, region),
        ordos_clerk=_user(ORDOS_CLERK.username, ORDOS_CLERK.role, ordos),
        baotou_clerk=_user(BAOTOU_CLERK.username, BAOTOU_CLERK.role, baotou),
        ordos_reviewer=_user(ORDOS_REVIEWER.username, ORDOS_REVIEWER.role, ordos),
        supervisor=_user("supervisor", SUPERVISOR.role, region),
    )


def put_value(
    world: World, *, indicator: Indicator, unit: OrgUnit, period: str, value: str,
    state: str = DataValue.State.DRAFT, comment: str = "",
) -> DataValue:
    """A stored value written directly, for tests that read, export or review (not for testing entry)."""
    return DataValue.objects.create(
        indicator=indicator, unit=unit, period=period, year=int(period[:4]), value=Decimal(value),
        state=state, comment=comment, channel=Channel.SYSTEM, updated_by=world.admin,
        round=world.round if period == world.round.period else None,
    )


class ApiClient:
    """A test client that sends one person's bearer token with every request."""

    def __init__(self, token: str | None):
        self.client = Client()
        self.headers = {"Authorization": f"Bearer {token}"} if token else {}

    def get(self, path: str, **params):
        return self.client.get(path, params, headers=self.headers)

    def post(self, path: str, body: dict):
        return self.client.post(path, body, content_type="application/json", headers=self.headers)
