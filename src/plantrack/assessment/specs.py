"""The registry's indicator (indicators.Indicator) as the core's TargetSpec: the one place this mapping lives."""

from __future__ import annotations

from plantrack.core.assess import TargetSpec
from plantrack.core.units import is_percent_unit
from plantrack.indicators.models import Indicator

# The registry also knows "+" (an amount added, from a commitment) and "range"; the core knows four.
_COMPARATORS = {">=": ">=", "<=": "<=", "~": "~", "=": "=", "+": ">=", "range": "~", "": "="}


def target_spec_for(indicator: Indicator) -> TargetSpec:
    """The target of `indicator` as the assessment methods read it.

    Yearly values of cumulative targets, and of growth targets reported as a rate in %, are each year's change
    (GDP 增长 5.2, 能耗降低 3.1, 新增就业 27 万人); all others are the level at the year's end (a growth target
    reported in 亿元 is judged on the rates its levels make). A missing base year is the year before the plan
    period, a missing target year its last year (a 2026–2030 plan: 2025 and 2030).
    """
    plan = indicator.plan
    target_type = indicator.target_type
    series = "level"
    if target_type == Indicator.TargetType.CUMULATIVE:
        series = "change"
    elif target_type == Indicator.TargetType.ANNUAL_GROWTH and is_percent_unit(indicator.unit):
        # 地区生产总值增长 (%) is reported as the year's rate; 规模以上工业增加值 (亿元) as the amount itself,
        # from which the methods work out the rates.
        series = "change"
    return TargetSpec(
        target_type=target_type,
        direction="decrease" if indicator.direction == Indicator.Direction.LOWER else "increase",
        unit=indicator.unit or None,
        series=series,
        baseline_year=indicator.baseline_year or plan.period_start - 1,
        baseline_value=float(indicator.baseline_value) if indicator.baseline_value is not None else None,
        target_year=indicator.target_year or plan.period_end,
        target_value=float(indicator.target_value) if indicator.target_value is not None else None,
        comparator=_COMPARATORS.get(indicator.comparator.strip(), "="),
        plan_base_year=plan.period_start - 1,
    )
