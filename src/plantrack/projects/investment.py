"""Projects' completed investment as a monitoring figure: a draft value per 盟市 for an indicator such as 固定资产投资
(重大项目完成投资), written through the reporting write service so every check, the scope and the history apply.

The figure for a period is the investment completed in its year up to the period's end (year-to-date, 累计, as
flow indicators are reported): each project's latest cumulative figure by then minus its latest one before the year.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.utils.translation import gettext as _

from plantrack.core.periods import parse_period
from plantrack.indicators.models import Indicator
from plantrack.orgs.models import OrgUnit, User
from plantrack.projects.errors import ProjectRejected
from plantrack.projects.models import ProjectInvestment
from plantrack.projects.selectors import projects_for
from plantrack.reporting.inputs import ValueInput
from plantrack.reporting.models import Channel
from plantrack.reporting.services import enter_values

_FACTORS = {"万元": Decimal(1), "亿元": Decimal(10000)}


def completed_in_year_by_prefecture(*, user: User, year: int, through_month: int) -> dict[str, Decimal]:
    """Investment (万元) completed in `year` up to the end of `through_month`, by 盟市 code, in the user's scope."""
    projects = dict(projects_for(user=user).values_list("pk", "region__path"))
    latest_before: dict[int, Decimal] = {}
    latest_within: dict[int, Decimal] = {}
    rows = ProjectInvestment.objects.filter(project_id__in=list(projects), month__isnull=False,
                                            completed_wan__isnull=False, year__lte=year).order_by("year", "month")
    for project_id, y, month, done in rows.values_list("project_id", "year", "month", "completed_wan"):
        if y < year:
            latest_before[project_id] = done
        elif month <= through_month:
            latest_within[project_id] = done
    sums: dict[str, Decimal] = defaultdict(Decimal)
    for project_id, done in latest_within.items():
        parts = projects[project_id].strip("/").split("/")
        prefecture = parts[1] if len(parts) > 1 else parts[0]
        sums[prefecture] += max(done - latest_before.get(project_id, Decimal(0)), Decimal(0))
    return dict(sums)


def feed_indicator(*, user: User, indicator: Indicator, period: str, dry_run: bool = False):
    """Write each 盟市's completed project investment for `period` as a draft value of `indicator`.

    ProjectRejected when the indicator is not measured in 万元 or 亿元 or the period cannot be read; the reporting
    service's own errors (scope, validation, approved values) pass through. Returns its EntryResult.
    """
    factor = _FACTORS.get(indicator.unit.strip())
    if factor is None:
        raise ProjectRejected([_("指标“%(n)s”的计量单位是“%(u)s”：只有以万元或亿元计的指标可由项目投资生成")
                               % {"n": indicator.name, "u": indicator.unit}])
    try:
        read = parse_period(period)
    except ValueError as exc:
        raise ProjectRejected([_("报告期：%(e)s") % {"e": exc}]) from None
    through = read.end_date().month
    sums = completed_in_year_by_prefecture(user=user, year=read.year, through_month=through)
    names = dict(OrgUnit.objects.filter(code__in=sums).values_list("code", "name"))
    inputs = [ValueInput(indicator_code=indicator.code, unit_code=code, period=read.code,
                         value=(amount / factor).quantize(Decimal("0.01")), measure_unit=indicator.unit,
                         source=_("重大项目台账汇总"), where=names.get(code, code))
              for code, amount in sorted(sums.items())]
    if not inputs:
        raise ProjectRejected([_("%(p)s没有项目完成投资记录") % {"p": read.code}])
    return enter_values(user=user, plan=indicator.plan, inputs=inputs, channel=Channel.SYSTEM, dry_run=dry_run)
