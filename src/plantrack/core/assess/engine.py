"""`assess_target`: pick the method a target type calls for and say 无法评估 (with why) where none applies."""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping

from plantrack.core.assess.bound import assess_bound
from plantrack.core.assess.cumulative import assess_cumulative
from plantrack.core.assess.growth import assess_annual_growth
from plantrack.core.assess.level import assess_level
from plantrack.core.assess.model import (
    DEFAULT_THRESHOLDS,
    AssessmentResult,
    TargetSpec,
    Thresholds,
    not_assessable,
)
from plantrack.core.assess.observations import observe


def assess_target(
    spec: TargetSpec,
    values: Mapping[int, float | None],
    *,
    as_of: int,
    thresholds: Thresholds = DEFAULT_THRESHOLDS,
) -> AssessmentResult:
    """Judge one target on its yearly values (by year; levels at year end or the year's change, per `spec.series`).

    >>> spec = TargetSpec(target_type="level", baseline_year=2025, baseline_value=71.5,
    ...                   target_year=2030, target_value=73, comparator=">=", unit="%")
    >>> r = assess_target(spec, {2026: 71.8, 2027: 72.0}, as_of=2027)
    >>> r.status.value, round(r.pace_ratio, 3)
    ('滞后', 0.833)
    """
    if spec.target_type == "qualitative":
        return not_assessable("定性目标，没有可计算的数值，需依据进展材料人工判断")
    if spec.target_value is None:
        return not_assessable("目标没有数值（如“完成国家下达目标”），需人工判断")
    if spec.target_type != "bound":
        if spec.baseline_year is None:
            return not_assessable("缺少基期年份，无法计算时序进度")
        if spec.target_year <= spec.baseline_year:
            return not_assessable(f"目标年{spec.target_year}不晚于基期年{spec.baseline_year}")
    try:
        observed = observe(spec, values, as_of=as_of)
    except OverflowError:
        return not_assessable(OVERFLOW_REASON)
    if not observed.points:
        if observed.ignored_after_as_of:
            return not_assessable(f"截至{as_of}年尚无数据（{as_of}年以后的数据不计入）")
        return not_assessable(f"截至{as_of}年尚无基期以后的数据")
    method = {
        "bound": assess_bound,
        "annual_growth": assess_annual_growth,
        "cumulative": assess_cumulative,
    }.get(spec.target_type, assess_level)
    try:
        result = method(observed, thresholds=thresholds)
    except (OverflowError, ZeroDivisionError):
        # Figures many orders of magnitude apart (a mistyped baseline): say so rather than fail the caller.
        result = None
    if result is None or not _finite(result):
        # A float overflow gives inf or nan silently; a judgement on it ("inf%") would be made up.
        return not_assessable(OVERFLOW_REASON, latest_year=observed.latest_year,
                              latest_value=observed.latest_value if math.isfinite(observed.latest_value) else None)
    return _with_plan_time(result, spec)


OVERFLOW_REASON = "数值相差过大，超出可计算范围，请核对基期值和监测数据"
_NUMBERS = ("pace_ratio", "elapsed", "completion", "required_rate", "latest_value", "growth_ratio",
            "linear_projection", "compound_projection", "projected_gap")


def _finite(result: AssessmentResult) -> bool:
    numbers = [getattr(result, name) for name in _NUMBERS]
    if result.projection is not None:
        numbers.append(result.projection.value)
    if any(n is not None and not math.isfinite(n) for n in numbers):
        return False
    return not any(word in result.explanation for word in ("inf", "nan"))


def plan_elapsed(*, plan_base_year: int, target_year: int, year: int) -> float:
    """The plan's 时序进度 at the end of `year`: (year − base year) / (target year − base year), within 0–1.

    A 2026–2030 plan (base 2025) at the end of 2028: 3/5 = 0.6. This is what every page and report shows as
    时序进度; an indicator whose baseline is an earlier year's figure keeps its own span for its pace ratio.

    >>> plan_elapsed(plan_base_year=2025, target_year=2030, year=2028)
    0.6
    """
    span = target_year - plan_base_year
    if span <= 0:
        raise ValueError(f"目标年{target_year}应晚于基期年{plan_base_year}")
    return min(1.0, max(0.0, (year - plan_base_year) / span))


def _with_plan_time(result: AssessmentResult, spec: TargetSpec) -> AssessmentResult:
    if result.elapsed is None or result.latest_year is None:
        return result
    base = spec.plan_base_year if spec.plan_base_year is not None else spec.baseline_year
    if base is None or spec.target_year <= base:
        return dataclasses.replace(result, plan_elapsed=result.elapsed)
    return dataclasses.replace(
        result, plan_elapsed=plan_elapsed(plan_base_year=base, target_year=spec.target_year, year=result.latest_year)
    )
