"""Level targets (目标值): 时序进度 — completion since the baseline against the time that has passed.

completion = (latest − baseline) / (target − baseline); elapsed = (latest year − base year) / (target year −
base year); R = completion ÷ elapsed. A ≥ or ≤ target the baseline already meets is kept, not reached: it is
judged as a bound (see bound.py).
"""

from __future__ import annotations

from plantrack.core.assess.bound import assess_bound
from plantrack.core.assess.changes import beyond_record
from plantrack.core.assess.companions import compound_growth, disagreement, growth_ratio, growth_status
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
from plantrack.core.assess.wording import against_time, num, pct, time_words, with_unit


def is_held(*, baseline: float, target: float, comparator: str, direction: str = "increase") -> bool:
    """A target the baseline already meets (粮食产量不低于 800 with 810 at the base): kept, not reached.

    For ≥ and ≤ the comparator says which side is good; for = and 左右 the indicator's direction does (a 盟市
    whose 城镇化率 is already above the regional 73% keeps it; a target equal to its baseline is held).
    """
    if comparator == ">=":
        return baseline >= target
    if comparator == "<=":
        return baseline <= target
    return baseline >= target if direction == "increase" else baseline <= target


def assess_level(observed: Observed, *, thresholds: Thresholds) -> AssessmentResult:
    spec = observed.spec
    baseline, target = observed.baseline, spec.target_value
    if baseline is None:
        return not_assessable(
            f"缺少{spec.baseline_year}年基期值，无法计算完成进度",
            latest_year=observed.latest_year, latest_value=observed.latest_value,
        )
    assert target is not None  # checked by the caller
    if is_held(baseline=baseline, target=target, comparator=spec.comparator, direction=spec.direction):
        return assess_bound(observed, thresholds=thresholds, held=True)
    year, latest = observed.points[-1]
    elapsed = observed.elapsed()
    completion = (latest - baseline) / (target - baseline)
    ratio = completion / elapsed
    met = completion >= 1
    final = observed.at_target_year
    within_about = final and not met and spec.comparator == "~" and (
        abs(latest - target) <= thresholds.about_tolerance * abs(target) + 1e-9
    )
    if met:
        status = Status.COMPLETED
    elif final:
        status = Status.ON_TRACK if within_about else status_missed(completion, thresholds)
    else:
        status = status_for_ratio(ratio, thresholds)
    rising = target > baseline
    years_done = year - spec.baseline_year
    left = observed.years_left()
    required = (target - latest) / left if left and not met else None
    toward = 1.0 if target > baseline else -1.0
    steps, previous_year, previous = [], spec.baseline_year, baseline
    for step_year, value in observed.points:
        steps.append((step_year, (value - previous) / (step_year - previous_year) * toward))
        previous_year, previous = step_year, value
    record_year, record, beyond = beyond_record(steps, required * toward if required is not None else None)

    linear = baseline + (latest - baseline) / years_done * observed.span
    observed_growth = compound_growth(baseline, latest, years_done)
    compound = baseline * (1 + observed_growth) ** observed.span if observed_growth is not None else None
    needed_growth = compound_growth(baseline, target, observed.span)
    g_ratio = growth_ratio(observed_growth, needed_growth)
    g_status = growth_status(g_ratio, met=met, thresholds=thresholds)
    slack = 1e-9 * max(1.0, abs(target))  # a projection equal to the target meets it, float noise or not
    meets = linear >= target - slack if rising else linear <= target + slack

    if met:
        text = f"{year}年为{with_unit(latest, spec.unit)}，已达到{spec.target_year}年目标{with_unit(target, spec.unit)}"
    elif final:
        text = (
            f"{year}年为{with_unit(latest, spec.unit)}，目标{with_unit(target, spec.unit)}"
            f"{'左右' if spec.comparator == '~' else ''}，完成进度{pct(completion)}"
        )
        text += "，在“左右”的容差内" if within_about else "，目标年未达到目标"
        if completion < 0:
            text += "，指标向目标的反方向变化"
    else:
        when = time_words(year=year, elapsed=elapsed, baseline_year=spec.baseline_year,
                          target_year=spec.target_year, plan_base_year=spec.plan_base_year)
        text = f"{when}，完成进度{pct(completion)}，{against_time(completion, elapsed)}"
        if completion < 0:
            text += "，指标向目标的反方向变化"
        if required is not None and status.is_lagging:
            step = f"{num(abs(required))}个百分点" if spec.is_rate else with_unit(abs(required), spec.unit)
            text += f"；今后{left}年需年均{'提高' if rising else '降低'}{step}"
    return AssessmentResult(
        status=status,
        method="time_progress",
        explanation=text,
        pace_ratio=ratio,
        elapsed=elapsed,
        completion=completion,
        projection=Projection(spec.target_year, linear),
        required_rate=required,
        record_rate=record * toward if record is not None else None,
        record_year=record_year,
        required_beyond_record=beyond,
        latest_year=year,
        latest_value=latest,
        growth_ratio=g_ratio,
        growth_status=g_status,
        linear_projection=linear,
        compound_projection=compound,
        projected_gap=linear - target,
        disagreement=disagreement(
            headline=status, headline_method="时序进度法", final=final, growth_ratio_value=g_ratio, growth=g_status,
            projection=linear, target=target, target_year=spec.target_year, projection_meets=meets,
            growth_away=thresholds.growth_away,
        ),
    )


__all__ = ["assess_level", "is_held"]
