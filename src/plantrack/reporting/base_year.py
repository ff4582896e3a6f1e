"""Base-year figures (基期值): the year-end figure before the plan that a unit's progress is measured from.

A 盟市 is judged from its own base-year level, not the region's; that figure goes through the one write door
(`enter_values`) like any other — entered by the planning office (the base year lies before the plan, outside
every reporting round), with its source and history, then approved by a reviewer — and its approval refreshes
the unit's assessments.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q

from plantrack.indicators.models import Indicator
from plantrack.indicators.selectors import base_year_of
from plantrack.orgs.access import require_read
from plantrack.orgs.models import OrgUnit, User
from plantrack.plans.models import Plan
from plantrack.reporting.inputs import ValueInput
from plantrack.reporting.models import DataValue

# What a base year means for each kind of target: a level (or a bound kept) starts from it; a growth rate or a
# yearly change needs no level of its own, but an amount reported as a level (亿元) does.
_NEEDS_NO_BASE = (Indicator.TargetType.QUALITATIVE,)


@dataclass(frozen=True)
class BaseYearLine:
    """One indicator of the base-year form: its base year and the figure stored for it, if any."""

    indicator: Indicator
    year: int
    current: DataValue | None

    @property
    def period(self) -> str:
        return str(self.year)

    @property
    def prefix(self) -> str:
        return f"i{self.indicator.pk}"


def base_year_lines(*, user: User, plan: Plan, unit: OrgUnit) -> list[BaseYearLine]:
    """The indicators `unit` reports that are measured from a base year before the plan, with what is stored."""
    require_read(user, unit)
    indicators = [
        i for i in Indicator.objects.filter(plan=plan, is_active=True, reporting_units=unit)
        .exclude(target_type__in=_NEEDS_NO_BASE).select_related("plan").order_by("code")
        if base_year_of(i, plan) is not None
    ]
    years = {i.id: base_year_of(i, plan) for i in indicators}
    wanted = Q()
    for ind in indicators:
        wanted |= Q(indicator_id=ind.id, period=str(years[ind.id]))
    stored = {}
    if indicators:
        for value in DataValue.objects.filter(wanted, unit=unit).select_related("approved_by", "updated_by"):
            stored[value.indicator_id] = value
    return [BaseYearLine(i, years[i.id], stored.get(i.id)) for i in indicators]


def base_year_inputs(
    lines: list[BaseYearLine], *, unit: OrgUnit, figures: dict[str, str], source: str, comment: str = "",
    explanations: dict[str, str] | None = None,
) -> list[ValueInput]:
    """A ValueInput for every line with a figure typed in (keyed by the line's prefix), all with the same source."""
    explanations = explanations or {}
    return [
        ValueInput(
            indicator_code=line.indicator.code, unit_code=unit.code, period=line.period,
            value=figures[line.prefix].strip(), comment=comment, source=source,
            explanation=explanations.get(line.prefix, ""),
            expected_revision=line.current.revision if line.current else 0,
            where=str(line.indicator.name),
        )
        for line in lines
        if figures.get(line.prefix, "").strip()
    ]
