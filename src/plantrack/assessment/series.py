"""One indicator × unit: its approved values turned into the assessments of every as-of period (no database).

Year periods judge the five-year target on yearly values; months and quarters judge the year-to-date value
(累计) against that year's annual target (a month of a year without one is not stored). A sub-region is judged
on its own base-year value; an amount that adds up over units (GDP 亿元) has no five-year target of its own
below the region, so it is 无法评估 there.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from plantrack.core.assess import AssessmentResult, TargetSpec, Thresholds, assess_target, assess_year_to_date
from plantrack.core.assess.model import not_assessable
from plantrack.core.periods import Period

# (annual target value or None, comparator, text) of a year, or None when the year has no annual target.
AnnualTargetLookup = Callable[[int], tuple[float | None, str, str] | None]


@dataclass(frozen=True, slots=True)
class PeriodAssessment:
    period: Period
    result: AssessmentResult
    # Fields the stored result carries beyond the core's (a judgement's source, reviewer, document).
    extra: Mapping[str, Any] | None = None


@dataclass(frozen=True, slots=True)
class UnitSeries:
    """What is known of one indicator in one unit."""

    spec: TargetSpec
    is_top_unit: bool
    additive_over_units: bool
    additive_over_time: bool
    year_to_date_values: bool
    yearly: Mapping[int, float]
    within_year: Mapping[Period, float]


def _spec_for_unit(series: UnitSeries) -> TargetSpec | str:
    spec = series.spec
    if series.is_top_unit:
        return spec
    if series.additive_over_units and spec.target_type != "annual_growth":
        return "目标值是全区总量，未分解到本单位"
    # Below the region the target still applies (a rate, a share), measured from the unit's own base year.
    return dataclasses.replace(spec, baseline_value=None)


def year_end_values(series: UnitSeries) -> dict[int, float]:
    """The yearly values, with a year's figure taken from its December (or fourth-quarter) value where the
    indicator is reported monthly or quarterly: the year-to-date figure, the year-end level, or — for monthly
    figures of a flow — the sum of all twelve months (four quarters)."""
    yearly: dict[int, float] = {}
    by_year: dict[tuple[int, str], dict[int, float]] = {}
    for period, value in series.within_year.items():
        by_year.setdefault((period.year, period.kind), {})[period.index] = value
    # Quarters first, so a year's months win over its quarters.
    for (year, kind), values in sorted(by_year.items(), key=lambda item: item[0][1] == "M"):
        last = 12 if kind == "M" else 4
        if series.additive_over_time and not series.year_to_date_values:
            if len(values) == last:
                yearly[year] = sum(values.values())
        elif last in values:
            yearly[year] = values[last]
    # A value reported for the year itself wins over one derived from its months.
    yearly.update(series.yearly)
    return yearly


def assess_unit_series(
    series: UnitSeries, *, annual_target: AnnualTargetLookup, thresholds: Thresholds
) -> list[PeriodAssessment]:
    """Every as-of period of the series with its result, years first, each kind in time order."""
    spec = _spec_for_unit(series)
    out: list[PeriodAssessment] = []
    base_year = series.spec.baseline_year or 0
    yearly = year_end_values(series)
    for year in sorted(yearly):
        if year <= base_year:
            continue
        if isinstance(spec, str):
            result = not_assessable(spec, latest_year=year, latest_value=yearly[year])
        else:
            result = assess_target(spec, yearly, as_of=year, thresholds=thresholds)
        out.append(PeriodAssessment(Period(year, "Y"), result))
    running: dict[tuple[int, str], float] = {}
    for period in sorted(series.within_year, key=lambda p: p.ordinal):
        value = series.within_year[period]
        if not series.year_to_date_values and series.additive_over_time:
            # Monthly figures of a flow add up to the year-to-date figure (累计).
            key = (period.year, period.kind)
            value = running[key] = running.get(key, 0.0) + value
        target = annual_target(period.year)
        if target is None:
            # Without an annual target a month has nothing to be judged against; the year's judgement stands.
            continue
        target_value, comparator, text = target
        if target_value is None:
            words = f"（{text}）" if text else ""
            out.append(PeriodAssessment(period, not_assessable(
                f"{period.year}年度目标没有数值{words}，需人工判断", latest_year=period.year, latest_value=value,
            )))
            continue
        result = assess_year_to_date(
            annual_target=target_value,
            comparator=comparator,
            direction=series.spec.direction,
            ytd_value=value,
            period=period.code,
            thresholds=thresholds,
            unit=series.spec.unit,
        )
        out.append(PeriodAssessment(period, result))
    return out
