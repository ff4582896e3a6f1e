"""What happened in one month, for the monthly briefing (月度研判): warnings raised, figures that came in or are late,
督办 items opened and closed, projects started, and the operating indicators' year-to-date figure against the year's
target. Read from stored rows as they stand when the briefing is generated."""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

from django.utils import timezone

from plantrack import clock
from plantrack.assessment.models import Warning
from plantrack.core.figures import figure_text
from plantrack.core.periods import Period, parse_period
from plantrack.indicators.models import AnnualTarget, Indicator
from plantrack.orgs.models import OrgUnit
from plantrack.plans.models import Plan
from plantrack.projects.models import Project
from plantrack.reporting.models import DataValue, ReportingRound
from plantrack.tasks.models import SupervisionItem


def periods_ending_in(month: Period) -> list[str]:
    """The periods that close with `month`: the month, its quarter at a quarter's end, its year in December."""
    codes = [month.code]
    if month.index % 3 == 0:
        codes.append(Period(month.year, "Q", month.index // 3).code)
    if month.index == 12:
        codes.append(str(month.year))
    return codes


def month_changes(*, plan: Plan, indicators: list[Indicator], region: OrgUnit, as_of: Period) -> dict[str, Any]:
    start = timezone.make_aware(datetime.combine(as_of.start_date(), time.min))
    end = timezone.make_aware(datetime.combine(as_of.end_date(), time.max))
    closing = periods_ending_in(as_of)
    judged_units = [OrgUnit.Kind.REGION, OrgUnit.Kind.PREFECTURE]
    warnings = list(
        Warning.objects.filter(indicator__in=indicators, assessment__period__in=closing, unit__kind__in=judged_units)
        .select_related("indicator", "unit").order_by("unit__code", "indicator__code")
    )
    due = [i for i in indicators if _due_in(i, as_of)]
    arrived: dict[int, int] = {}
    for indicator_id, in DataValue.objects.filter(
        indicator__in=due, period__in=closing, state=DataValue.State.APPROVED
    ).values_list("indicator_id"):
        arrived[indicator_id] = arrived.get(indicator_id, 0) + 1
    # Who owes the month's figures: a unit that has submitted nothing for a due indicator (figures submitted and not
    # yet reviewed are the reviewers' to clear, counted apart), grouped by unit, as a meeting chases them.
    owed: dict[str, list[str]] = {}
    awaiting_review = 0
    for indicator in due:
        expected = [u for u in indicator.reporting_units.all() if u.kind in judged_units]
        states = dict(DataValue.objects.filter(indicator=indicator, period__in=closing, unit__in=expected)
                      .values_list("unit_id", "state"))
        awaiting_review += sum(1 for state in states.values() if state == DataValue.State.SUBMITTED)
        for unit in expected:
            if states.get(unit.id) not in (DataValue.State.SUBMITTED, DataValue.State.APPROVED):
                owed.setdefault(unit.name, []).append(indicator.name)
    late = [{"unit": unit, "indicators": names} for unit, names in owed.items()]
    month_round = ReportingRound.objects.filter(plan=plan, period=as_of.code).first()
    deadline = month_round.deadline if month_round is not None else None
    opened = SupervisionItem.objects.filter(task__plan=plan, opened_at__range=(start, end))
    closed = SupervisionItem.objects.filter(task__plan=plan, closed_at__range=(start, end))
    started = Project.objects.filter(actual_start__range=(as_of.start_date(), as_of.end_date())).order_by("name")
    return {
        "warnings": [
            {"code": w.indicator.code, "name": w.indicator.name, "unit": w.unit.name, "status": w.status,
             "message": w.message}
            for w in warnings
        ],
        "figures_in": sum(arrived.values()),
        "indicators_in": [{"code": i.code, "name": i.name, "count": arrived[i.id]} for i in due if i.id in arrived],
        "late": late,
        "awaiting_review": awaiting_review,
        "deadline": deadline.isoformat() if deadline else "",
        "overdue": bool(deadline and deadline < clock.today()),
        "supervision_opened": [s.task.title for s in opened.select_related("task")],
        "supervision_closed": [s.task.title for s in closed.select_related("task")],
        "projects_started": [f"{p.name}（{p.region.name}）" for p in started.select_related("region")],
        "operating": _operating(indicators, region, as_of),
    }


def _due_in(indicator: Indicator, month: Period) -> bool:
    if indicator.frequency == Indicator.Frequency.MONTHLY:
        return True
    if indicator.frequency == Indicator.Frequency.QUARTERLY:
        return month.index % 3 == 0
    # A yearly figure comes with the annual round after the year has closed (统计公报), not in December's month.
    return False


def _operating(indicators: list[Indicator], region: OrgUnit, as_of: Period) -> list[dict[str, Any]]:
    """Monthly or quarterly indicators: the newest year-to-date figure in the year by `as_of` and the year's target."""
    targets = {
        t.indicator_id: t
        for t in AnnualTarget.objects.filter(indicator__in=indicators, unit=region, year=as_of.year)
    }
    rows = []
    for indicator in indicators:
        if indicator.frequency == Indicator.Frequency.YEARLY:
            continue
        values = DataValue.objects.filter(
            indicator=indicator, unit=region, year=as_of.year, state=DataValue.State.APPROVED
        ).exclude(period=str(as_of.year)).values_list("period", "approved_value")
        newest = None
        for period, value in values:
            closes = parse_period(period).end_date()
            if closes <= as_of.end_date() and (newest is None or closes > newest[0]):
                newest = (closes, period, value)
        target = targets.get(indicator.id)
        target_text = ""
        if target is not None:
            sign = {">=": "≥", "<=": "≤"}.get(target.comparator, "")
            about = "左右" if target.comparator == "~" else ""
            target_text = (f"{sign}{figure_text(target.value)}{indicator.unit}{about}" if target.value is not None
                           else target.text)
        rows.append({
            "code": indicator.code, "name": indicator.name, "unit": indicator.unit,
            "period": newest[1] if newest else "", "value": figure_text(newest[2]) if newest else "",
            "target": target_text,
        })
    return rows
