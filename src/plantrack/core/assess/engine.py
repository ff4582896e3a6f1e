"""`assess_target`: pick the method a target type calls for and say 无法评估 (with why) where none applies."""

from __future__ import annotations

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
    observed = observe(spec, values, as_of=as_of)
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
        return method(observed, thresholds=thresholds)
    except OverflowError:
        # Figures many orders of magnitude apart (a mistyped baseline): say so rather than fail the caller.
        return not_assessable(
            "数值相差过大，超出可计算范围，请核对基期值和监测数据",
            latest_year=observed.latest_year, latest_value=observed.latest_value,
        )
