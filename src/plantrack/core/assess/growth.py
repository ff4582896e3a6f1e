"""Average annual growth targets (年均增长): the average of the yearly rates so far ÷ the target rate.

Beside it: the rate the remaining years now need to still meet the target (跨年度平衡, compounded for rates in
%), and the growth-rate ratio of the compound (geometric) average rate to the target rate.
"""

from __future__ import annotations

from plantrack.core.assess.changes import Changes, NotComparable, compounded, good_way_changes, remaining_rate
from plantrack.core.assess.companions import disagreement, growth_status
from plantrack.core.assess.model import AssessmentResult, Projection, Thresholds, not_assessable, status_for_ratio
from plantrack.core.assess.observations import Observed
from plantrack.core.assess.status import Status
from plantrack.core.assess.wording import pct, with_unit, years_span


def required_total(changes: Changes, years: int) -> float:
    """The whole period's change a yearly target rate stands for: (1 + t)^N − 1, 1 − (1 − t)^N, or t × N."""
    if not changes.compounding:
        return changes.target * years
    factor = changes.factor(changes.target) ** years
    return (1 - factor) * 100 if changes.falling else (factor - 1) * 100


def compound_average(changes: Changes) -> float:
    """The geometric average yearly rate: (Π(1 + r))^(1/n) − 1 (or its fall)."""
    level = 1.0
    for change in changes.values:
        level *= changes.factor(change)
    if level <= 0:
        return -100.0 if not changes.falling else 100.0
    mean_factor = level ** (1 / len(changes.values))
    return (1 - mean_factor) * 100 if changes.falling else (mean_factor - 1) * 100


def assess_annual_growth(observed: Observed, *, thresholds: Thresholds) -> AssessmentResult:
    spec = observed.spec
    compounding = spec.is_rate or not spec.unit
    try:
        changes = good_way_changes(observed, compounding=compounding)
    except NotComparable as exc:
        return not_assessable(str(exc), latest_year=observed.latest_year, latest_value=observed.latest_value)
    # A target written as signed changes (−3) is answered in the same signs.
    sign = -1.0 if spec.direction == "decrease" and (spec.target_value or 0) < 0 else 1.0
    year = observed.latest_year
    rates = changes.values
    average = sum(rates) / len(rates)
    ratio = average / changes.target
    elapsed = observed.elapsed()
    left = observed.years_left()
    # The years with a rate plus the years still to come: a year without a figure (the base year of a
    # "2024年数据" baseline, a gap) is neither counted as zero growth nor required again.
    total = required_total(changes, len(rates) + left)
    achieved = compounded(changes) if changes.compounding else sum(rates)
    completion = achieved / total
    met = left == 0 and average >= changes.target
    status = Status.COMPLETED if met else status_for_ratio(ratio, thresholds)
    required = (
        remaining_rate(total=total, achieved=achieved, years_left=left, falling=changes.falling,
                       compounding=changes.compounding)
        if left
        else None
    )
    geometric = compound_average(changes) if changes.compounding else None
    g_ratio = geometric / changes.target if geometric is not None else None
    g_status = growth_status(g_ratio, met=met, thresholds=thresholds) if g_ratio is not None else None

    first_year = changes.by_year[0][0]
    unit = "%" if changes.compounding else (spec.unit or "")
    verb = ("下降" if changes.falling else "增长") if changes.compounding else ""
    text = (
        f"{years_span(first_year, year)}年均{verb}{with_unit(average * sign, unit)}，"
        f"为年均目标{with_unit(changes.target * sign, unit)}的{pct(ratio)}"
    )
    if required is not None:
        text += f"；今后{left}年需年均{verb}{with_unit(required * sign, unit)}"
    return AssessmentResult(
        status=status,
        method="average_growth",
        explanation=text,
        pace_ratio=ratio,
        elapsed=elapsed,
        completion=completion,
        projection=Projection(spec.target_year, average * sign),
        required_rate=required * sign if required is not None else None,
        latest_year=year,
        latest_value=observed.latest_value,
        growth_ratio=g_ratio,
        growth_status=g_status,
        linear_projection=average * sign,
        compound_projection=geometric * sign if geometric is not None else None,
        projected_gap=(average - changes.target) * sign,
        disagreement=disagreement(
            headline=status, headline_method="年均增速法", growth_ratio_value=g_ratio, growth=g_status,
            projection=None, target=None, target_year=spec.target_year, projection_meets=None,
            growth_away=thresholds.growth_away,
        ),
    )


__all__ = ["assess_annual_growth", "compound_average", "required_total"]
