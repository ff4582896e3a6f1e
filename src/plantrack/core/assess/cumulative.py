"""Cumulative targets (累计, 〔13.5〕 over five years): what the years so far add up to ÷ the total, ÷ elapsed.

A change series adds up — compounded when the changes are rates in % (1 − Π(1 − r) for a fall, Π(1 + r) − 1
for a rise), summed otherwise (万人, 百分点); a level series counts its change since the baseline.
"""

from __future__ import annotations

from plantrack.core.assess.changes import NotComparable, compounded, good_way_changes, remaining_rate
from plantrack.core.assess.companions import disagreement
from plantrack.core.assess.model import AssessmentResult, Projection, Thresholds, not_assessable, status_for_ratio
from plantrack.core.assess.observations import Observed
from plantrack.core.assess.status import Status
from plantrack.core.assess.wording import against_time, pct, with_unit


def _achieved(observed: Observed) -> tuple[float, float, bool, bool, str]:
    """(achieved, target total, compounding, falling, method), good way positive; NotComparable when it cannot."""
    spec = observed.spec
    target = spec.target_value
    if target is None:
        raise NotComparable("缺少目标值")
    falling = spec.direction == "decrease"
    if spec.effective_series == "level":
        if observed.baseline is None:
            raise NotComparable(f"缺少{spec.baseline_year}年基期值，无法计算较基期的变化")
        change = observed.latest_value - observed.baseline
        total = abs(target)
        if total == 0:
            raise NotComparable("目标值为零，无法计算完成进度")
        return (-change if falling else change), total, False, falling, "cumulative_level"
    changes = good_way_changes(observed, compounding=spec.is_rate)
    achieved = compounded(changes) if changes.compounding else sum(changes.values)
    method = "cumulative_compound" if changes.compounding else "cumulative_sum"
    return achieved, changes.target, changes.compounding, changes.falling, method


def assess_cumulative(observed: Observed, *, thresholds: Thresholds) -> AssessmentResult:
    spec = observed.spec
    try:
        achieved, total, compounding, falling, method = _achieved(observed)
    except NotComparable as exc:
        return not_assessable(str(exc), latest_year=observed.latest_year, latest_value=observed.latest_value)
    sign = -1.0 if falling and (spec.target_value or 0) < 0 else 1.0
    year = observed.latest_year
    elapsed = observed.elapsed()
    completion = achieved / total
    ratio = completion / elapsed
    met = completion >= 1
    status = Status.COMPLETED if met else status_for_ratio(ratio, thresholds)
    left = observed.years_left()
    required = (
        remaining_rate(total=total, achieved=achieved, years_left=left, falling=falling, compounding=compounding)
        if left and not met
        else None
    )
    done = observed.years_done()
    linear = achieved / done * observed.span
    compound = None
    if compounding:
        factor = (1 - achieved / 100) if falling else (1 + achieved / 100)
        if factor > 0:
            grown = factor ** (observed.span / done)
            compound = (1 - grown) * 100 if falling else (grown - 1) * 100
    verb = "下降" if falling else "增加"
    unit = spec.unit or ""
    if met:
        text = f"截至{year}年累计{verb}{with_unit(achieved * sign, unit)}，已达到目标{with_unit(total * sign, unit)}"
    else:
        text = (
            f"{year}年末时序进度{pct(elapsed)}，累计{verb}{with_unit(achieved * sign, unit)}"
            f"（目标{with_unit(total * sign, unit)}），完成进度{pct(completion)}，{against_time(completion, elapsed)}"
        )
        if achieved < 0:
            text += "，指标向目标的反方向变化"
        if required is not None and status.is_lagging:
            text += f"；今后{left}年需年均{verb}{with_unit(required * sign, unit)}"
    return AssessmentResult(
        status=status,
        method=method,
        explanation=text,
        pace_ratio=ratio,
        elapsed=elapsed,
        completion=completion,
        projection=Projection(spec.target_year, linear * sign),
        required_rate=required * sign if required is not None else None,
        latest_year=year,
        latest_value=observed.latest_value,
        linear_projection=linear * sign,
        compound_projection=compound * sign if compound is not None else None,
        projected_gap=(linear - total) * sign,
        disagreement=disagreement(
            headline=status, headline_method="累计值法", growth_ratio_value=None, growth=None,
            projection=linear * sign, target=total * sign, target_year=spec.target_year,
            projection_meets=linear >= total - 1e-9 * max(1.0, total),
        ),
    )
