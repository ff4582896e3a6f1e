"""Average annual growth targets (年均增长): the average yearly rate so far ÷ the target rate.

Rates in % average geometrically, (Π(1 + r))^(1/n) − 1, the statistics bureau's 水平法; whether the target is
met at the end comes from the compounded total. Beside it: the rate the remaining years now need to still meet
the target (跨年度平衡).
"""

from __future__ import annotations

from plantrack.core.assess.changes import (
    Changes,
    NotComparable,
    beyond_record,
    compounded,
    good_way_changes,
    remaining_rate,
)
from plantrack.core.assess.companions import growth_status
from plantrack.core.assess.model import (
    AssessmentResult,
    Projection,
    Thresholds,
    not_assessable,
    status_for_ratio,
    status_missed,
)
from plantrack.core.assess.observations import Observed
from plantrack.core.assess.status import Status
from plantrack.core.assess.wording import amount_change, pct, rate_change, with_unit, years_span


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
    # A target written as signed changes (−3) keeps its signs in the numbers; the words always read 下降3%.
    sign = -1.0 if spec.direction == "decrease" and (spec.target_value or 0) < 0 else 1.0
    year = observed.latest_year
    rates = changes.values
    # Rates in % average geometrically (水平法: 10, −10, 10, −10, 10 is 1.52% a year, not 2%); amounts in
    # another unit (万人) add up, so their average is the plain mean.
    average = compound_average(changes) if changes.compounding else sum(rates) / len(rates)
    ratio = average / changes.target
    elapsed = observed.elapsed()
    left = observed.years_left()
    # The years with a rate plus the years still to come: a year without a figure (the base year of a
    # "2024年数据" baseline, a gap) is neither counted as zero growth nor required again.
    total = required_total(changes, len(rates) + left)
    achieved = compounded(changes) if changes.compounding else sum(rates)
    completion = achieved / total
    final = left == 0
    # "Met" is the compounded total against the total the target rate compounds to over the same years.
    met = final and achieved >= total - 1e-9 * max(1.0, abs(total))
    within_about = final and not met and spec.comparator == "~" and ratio >= 1 - thresholds.about_tolerance
    if met:
        status = Status.COMPLETED
    elif final:
        status = Status.ON_TRACK if within_about else status_missed(ratio, thresholds)
    else:
        status = status_for_ratio(ratio, thresholds)
    required = (
        remaining_rate(total=total, achieved=achieved, years_left=left, falling=changes.falling,
                       compounding=changes.compounding)
        if left
        else None
    )
    g_status = growth_status(ratio, met=met, thresholds=thresholds) if changes.compounding else None
    record_year, record, beyond = beyond_record(list(changes.by_year), required)

    first_year = changes.by_year[0][0]
    if changes.compounding:
        def said(value: float) -> str:
            return rate_change(value, falling=changes.falling)
    else:
        def said(value: float) -> str:
            return amount_change(value, falling=changes.falling, unit=spec.unit)
    aim = with_unit(changes.target, "%" if changes.compounding else spec.unit)
    text = f"{years_span(first_year, year)}年均{said(average)}，为年均目标{aim}的{pct(ratio)}"
    if final:
        text += "，目标年已达到目标" if met else ("，在“左右”的容差内" if within_about else "，目标年未达到目标")
    elif required is not None:
        text += f"；今后{left}年需年均{said(required)}"
    if changes.all_against:
        text += "；" + changes.against_words()
    return AssessmentResult(
        status=status,
        method="average_growth",
        explanation=text,
        pace_ratio=ratio,
        elapsed=elapsed,
        completion=completion,
        projection=Projection(spec.target_year, average * sign),
        required_rate=required * sign if required is not None else None,
        record_rate=record * sign if record is not None else None,
        record_year=record_year,
        required_beyond_record=beyond,
        latest_year=year,
        latest_value=observed.latest_value,
        growth_ratio=ratio if changes.compounding else None,
        growth_status=g_status,
        linear_projection=average * sign,
        compound_projection=average * sign if changes.compounding else None,
        projected_gap=(average - changes.target) * sign,
    )


__all__ = ["assess_annual_growth", "compound_average", "required_total"]
