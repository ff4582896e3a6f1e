"""Annual targets inside the year: a monthly or quarterly year-to-date (累计) value against the year's target.

An amount (投资、产量) is judged like 时序进度: completion = ytd ÷ annual target against the share of the year
passed (6 months → 50%); a rate in % (1–6月累计增长6.8%) is compared with the year's rate directly; a ceiling
rate (物价涨幅 ≤ 3%) is a bound.
"""

from __future__ import annotations

from functools import lru_cache

from plantrack.core.assess.bound import is_inside
from plantrack.core.assess.model import (
    DEFAULT_THRESHOLDS,
    AssessmentResult,
    Projection,
    Thresholds,
    not_assessable,
    status_for_ratio,
)
from plantrack.core.assess.status import Status
from plantrack.core.assess.wording import against_time, num, pct, with_unit
from plantrack.core.periods import KINDS, parse_period
from plantrack.core.units import is_percent_unit

# Rebuilding a region's assessments reads the same sixty period codes over and over.
_period = lru_cache(maxsize=1024)(parse_period)


def _span_text(kind: str, index: int) -> str:
    if kind == "M":
        return "1月" if index == 1 else f"1–{index}月"
    if kind == "Q":
        return ("一季度", "上半年", "前三季度", "全年")[index - 1]
    return "全年"


def assess_year_to_date(
    *,
    annual_target: float | None,
    comparator: str,
    direction: str,
    ytd_value: float,
    period: str,
    thresholds: Thresholds = DEFAULT_THRESHOLDS,
    unit: str | None = None,
) -> AssessmentResult:
    """Judge `ytd_value` (the year-to-date figure of `period`, e.g. "2027M06", "2027Q2") against the year's target.

    `unit` "%" marks a rate; any other unit an amount that accumulates over the year.
    """
    p = _period(period)
    elapsed = p.index / KINDS[p.kind]
    span = f"{p.year}年{_span_text(p.kind, p.index)}"
    if annual_target is None:
        return not_assessable(f"{p.year}年无年度目标", latest_year=p.year, latest_value=ytd_value, elapsed=elapsed)
    target = float(annual_target)
    value = float(ytd_value)
    is_rate = is_percent_unit(unit)
    common = {"elapsed": elapsed, "latest_year": p.year, "latest_value": value}
    if is_rate:
        if comparator == "<=" or (comparator == "~" and direction == "decrease"):
            inside = is_inside(value, target=target, comparator=comparator, direction=direction,
                               tolerance=thresholds.about_tolerance)
            sign = {"<=": "≤", "~": ""}[comparator]
            about = "左右" if comparator == "~" else ""
            return AssessmentResult(
                status=Status.ON_TRACK if inside else Status.LAGGING,
                method="year_to_date_bound",
                explanation=f"{span}累计{num(value)}%，{'在' if inside else '超出'}年度控制目标"
                f"（{sign}{num(target)}%{about}）{'以内' if inside else ''}",
                projection=Projection(p.year, value),
                **common,
            )
        good_target, good_value = (-target, -value) if direction == "decrease" and target < 0 else (target, value)
        if good_target <= 0:
            return not_assessable("年度目标增速不为正，无法计算比值", **common)
        ratio = good_value / good_target
        return AssessmentResult(
            status=status_for_ratio(ratio, thresholds),
            method="year_to_date_rate",
            explanation=f"{span}累计{'下降' if direction == 'decrease' else '增长'}{num(abs(value))}%，"
            f"年度目标{num(abs(target))}%，为目标的{pct(ratio)}",
            pace_ratio=ratio,
            projection=Projection(p.year, value),
            projected_gap=value - target,
            **common,
        )
    if target <= 0:
        return not_assessable("年度目标为零或负数，无法计算完成进度", **common)
    completion = value / target
    year_end = value / elapsed
    if direction == "decrease":
        # A ceiling on an amount (能耗总量): using less of the year's allowance than the time passed is good.
        ratio = elapsed / completion if completion > 0 else thresholds.ahead
        status = Status.SERIOUSLY_LAGGING if completion > 1 else status_for_ratio(ratio, thresholds)
        text = f"{span}累计{with_unit(value, unit)}，已用年度控制目标的{pct(completion)}，时间进度{pct(elapsed)}"
    else:
        ratio = completion / elapsed
        status = Status.COMPLETED if completion >= 1 else status_for_ratio(ratio, thresholds)
        text = (
            f"{span}累计{with_unit(value, unit)}，完成年度目标{with_unit(target, unit)}的{pct(completion)}，"
            f"时间进度{pct(elapsed)}，{against_time(completion, elapsed)}"
        )
    left = KINDS[p.kind] - p.index
    return AssessmentResult(
        status=status,
        method="year_to_date",
        explanation=text,
        pace_ratio=ratio,
        completion=completion,
        projection=Projection(p.year, year_end),
        required_rate=(target - value) / left if left and direction != "decrease" and completion < 1 else None,
        linear_projection=year_end,
        projected_gap=year_end - target,
        **common,
    )
