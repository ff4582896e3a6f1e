"""What a rebuild of stored assessments reads: approved values by indicator and unit, and annual targets."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

from plantrack.core.periods import Period, parse_period
from plantrack.indicators.models import AnnualTarget, Indicator
from plantrack.orgs.models import OrgUnit
from plantrack.reporting.models import DataValue

# The registry also knows "+" (an amount added) and "range"; the core knows four comparators.
_ANNUAL_COMPARATORS = {">=": ">=", "<=": "<=", "~": "~", "=": "=", "+": ">=", "range": "~", "": "="}


def top_unit_ids() -> set[int]:
    # The region itself and its departments report region-wide figures: the plan's targets are theirs.
    return set(
        OrgUnit.objects.filter(parent__isnull=True).values_list("id", flat=True)
    ) | set(OrgUnit.objects.filter(kind=OrgUnit.Kind.DEPARTMENT).values_list("id", flat=True))


class AnnualTargets:
    """Each unit's annual targets; a rate target of a unit above stands in where a unit has none of its own."""

    def __init__(self, indicator_ids: list[int]) -> None:
        self.by_key: dict[tuple[int, int, int], tuple[float | None, str, str]] = {}
        for ind, unit, year, value, comparator, text in AnnualTarget.objects.filter(
            indicator_id__in=indicator_ids
        ).values_list("indicator_id", "unit_id", "year", "value", "comparator", "text"):
            self.by_key[(ind, unit, year)] = (
                float(value) if value is not None else None,
                _ANNUAL_COMPARATORS.get((comparator or "").strip(), "="),
                text,
            )
        self.parent = dict(OrgUnit.objects.values_list("id", "parent_id"))

    def lookup(self, indicator: Indicator, unit_id: int) -> Callable[[int], tuple[float | None, str, str] | None]:
        inherit = not indicator.additive_over_units

        def find(year: int) -> tuple[float | None, str, str] | None:
            current: int | None = unit_id
            while current is not None:
                found = self.by_key.get((indicator.id, current, year))
                if found is not None or not inherit:
                    return found
                current = self.parent.get(current)
            return None

        return find


def approved_values(
    indicator_ids: list[int], unit_ids: list[int] | None
) -> tuple[dict[tuple[int, int], dict[int, float]], dict[tuple[int, int], dict[Period, float]]]:
    """Approved values grouped by (indicator, unit): yearly by year, within-year by period."""
    yearly: dict[tuple[int, int], dict[int, float]] = defaultdict(dict)
    within: dict[tuple[int, int], dict[Period, float]] = defaultdict(dict)
    periods: dict[str, Period] = {}
    qs = DataValue.objects.filter(indicator_id__in=indicator_ids, approved_value__isnull=False)
    if unit_ids is not None:
        qs = qs.filter(unit_id__in=unit_ids)
    for ind, unit, code, value in qs.values_list("indicator_id", "unit_id", "period", "approved_value").iterator(
        chunk_size=5000
    ):
        period = periods.get(code)
        if period is None:
            period = periods[code] = parse_period(code)
        if period.kind == "Y":
            yearly[(ind, unit)][period.year] = float(value)
        else:
            within[(ind, unit)][period] = float(value)
    return yearly, within
