"""Bounds (控制值): a value kept at or under / at or over a line every year, judged in the latest year.

A 左右 (~) bound lets a value pass the line on the wrong side by `about_tolerance` of the target; the good side
is always inside (失业率 5.5 左右: 5.0 and 5.7 are inside, 5.9 is not).
"""

from __future__ import annotations

from plantrack.core.assess.model import AssessmentResult, Projection, TargetSpec, Thresholds
from plantrack.core.assess.observations import Observed
from plantrack.core.assess.status import Status
from plantrack.core.assess.wording import num, with_unit

_EXACT = 1e-9


def is_inside(value: float, *, target: float, comparator: str, direction: str, tolerance: float) -> bool:
    """Whether `value` keeps the bound `comparator target` (tolerance is a share of the target, for ~)."""
    if comparator == ">=":
        return value >= target - _EXACT
    if comparator == "<=":
        return value <= target + _EXACT
    if comparator == "~":
        slack = tolerance * abs(target)
        if direction == "decrease":
            return value <= target + slack + _EXACT
        return value >= target - slack - _EXACT
    return abs(value - target) <= _EXACT * max(1.0, abs(target))


def held_comparator(spec: TargetSpec) -> str:
    """A held "=" target is a floor or a ceiling by the indicator's direction: moving the good way keeps it."""
    if spec.comparator == "=":
        return ">=" if spec.direction == "increase" else "<="
    return spec.comparator


def bound_text(spec: TargetSpec, comparator: str | None = None) -> str:
    comparator = comparator or spec.comparator
    sign = {">=": "≥", "<=": "≤", "~": "", "=": "="}[comparator]
    about = "左右" if comparator == "~" else ""
    return f"{sign}{with_unit(spec.target_value or 0.0, spec.unit)}{about}"


def assess_bound(observed: Observed, *, thresholds: Thresholds, held: bool = False) -> AssessmentResult:
    """Inside the bound in the latest year → 符合预期, outside → 滞后; earlier years outside are named."""
    spec = observed.spec
    target = float(spec.target_value)  # the caller checked it is set
    comparator = held_comparator(spec) if held else spec.comparator
    outside = [
        year
        for year, value in observed.points
        if not is_inside(
            value, target=target, comparator=comparator, direction=spec.direction,
            tolerance=thresholds.about_tolerance,
        )
    ]
    year, value = observed.points[-1]
    inside = year not in outside
    status = Status.ON_TRACK if inside else Status.LAGGING
    if held and inside and year >= spec.target_year:
        status = Status.COMPLETED  # kept to the target year: the target is met
    where = "在控制范围内" if inside else "超出控制范围"
    text = f"{year}年为{with_unit(value, spec.unit)}，{where}（{bound_text(spec, comparator)}）"
    earlier = [y for y in outside if y != year]
    if earlier:
        text += f"，{'、'.join(map(str, earlier))}年曾越界"
    if held:
        text = f"基期{num(observed.baseline or 0.0)}已达到目标，按保持型目标判断：{text}"
    elapsed = observed.elapsed() if spec.baseline_year is not None and observed.span > 0 else None
    return AssessmentResult(
        status=status,
        method="held_bound" if held else "bound",
        explanation=text,
        elapsed=elapsed,
        latest_year=year,
        latest_value=value,
        projection=Projection(spec.target_year, value) if held else None,
    )
