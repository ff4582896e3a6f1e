"""Year-end approved figures (年末值) of indicators for units: the series the dashboard and indicator page draw.

A year's figure is the one of the year's last reported period: the year itself for a yearly indicator, else the
latest month or quarter (a year-to-date figure then stands for the year so far). Only approved figures count.
Judging needs a complete year instead (`plantrack.assessment.series.year_end_values`): the two rules differ on
purpose, since a chart shows the year so far and a judgement of the five-year target must not.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from plantrack.core.periods import period_sort_key
from plantrack.core.simulated import is_simulated_source
from plantrack.reporting.models import DataValue


@dataclass(frozen=True, slots=True)
class YearValue:
    year: int
    period: str
    value: Decimal
    simulated: bool


def latest_of_each_year(
    *, indicator_ids: Iterable[int], unit_ids: Iterable[int]
) -> dict[tuple[int, int], list[YearValue]]:
    """{(indicator id, unit id): [YearValue, …] oldest first}, in one query over the approved figures."""
    rows = DataValue.objects.filter(
        indicator_id__in=list(indicator_ids), unit_id__in=list(unit_ids), approved_value__isnull=False
    ).values_list("indicator_id", "unit_id", "year", "period", "approved_value", "source")
    best: dict[tuple[int, int, int], tuple[int, YearValue]] = {}
    positions: dict[str, int] = {}
    for indicator_id, unit_id, year, period, value, source in rows.iterator(chunk_size=5000):
        ordinal = positions.get(period)
        if ordinal is None:
            ordinal = positions[period] = period_sort_key(period)
        key = (indicator_id, unit_id, year)
        if key not in best or ordinal > best[key][0]:
            best[key] = (ordinal, YearValue(year, period, value, is_simulated_source(source)))
    series: dict[tuple[int, int], list[YearValue]] = defaultdict(list)
    for (indicator_id, unit_id, _year), (_o, item) in sorted(best.items()):
        series[(indicator_id, unit_id)].append(item)
    return dict(series)

