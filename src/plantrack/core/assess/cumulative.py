"""Cumulative targets (累计, 〔13.5〕 over five years): what the years so far add up to ÷ the total, ÷ elapsed.

A change series adds up — compounded when the changes are rates in % (1 − Π(1 − r) for a fall, Π(1 + r) − 1
for a rise), summed otherwise (万人, 百分点); a level series counts its change since the baseline.
"""

from __future__ import annotations

from plantrack.core.assess.changes import NotComparable, beyond_record, compounded, good_way_changes, remaining_rate
from plantrack.core.assess.companions import disagreement
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
from plantrack.core.assess.wording import against_time, amount_change, pct, rate_change, time_words


def _achieved(observed: Observed) -> tuple[float, float, bool, bool, str, str, list[tuple[int, float]]]:
    """(achieved, target total, compounding, falling, method, a flag sentence or "", the yearly changes), good
    way positive; NotComparable when it cannot be worked out."""
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
        steps, previous_year, previous = [], spec.baseline_year, observed.baseline
        for year, value in observed.points:
            step = (value - previous) / (year - previous_year)
            steps.append((year, -step if falling else step))
            previous_year, previous = year, value
        return (-change if falling else change), total, False, falling, "cumulative_level", "", steps
    changes = good_way_changes(observed, compounding=spec.is_rate)
    achieved = compounded(changes) if changes.compounding else sum(changes.values)
    method = "cumulative_compound" if changes.compounding else "cumulative_sum"
    flag = changes.against_words() if changes.all_against else ""
    return achieved, changes.target, changes.compounding, changes.falling, method, flag, list(changes.by_year)


def assess_cumulative(observed: Observed, *, thresholds: Thresholds) -> AssessmentResult:
    spec = observed.spec
    try:
        achieved, total, compounding, falling, method, flag, steps = _achieved(observed)
    except NotComparable as exc:
        return not_assessable(str(exc), latest_year=observed.latest_year, latest_value=observed.latest_value)
    sign = -1.0 if falling and (spec.target_value or 0) < 0 else 1.0
    year = observed.latest_year
    elapsed = observed.elapsed()
    completion = achieved / total
    ratio = completion / elapsed
    met = completion >= 1 - 1e-9
    final = observed.at_target_year
    # 左右 on a five-year total: short by at most the tolerance's share of it still counts at the end.
    within_about = final and not met and spec.comparator == "~" and completion >= 1 - thresholds.about_tolerance
    if met:
        status = Status.COMPLETED
    elif final:
        status = Status.ON_TRACK if within_about else status_missed(completion, thresholds)
    else:
        status = status_for_ratio(ratio, thresholds)
    left = observed.years_left()
    required = (
        remaining_rate(total=total, achieved=achieved, years_left=left, falling=falling, compounding=compounding)
        if left and not met
        else None
    )
    record_year, record, beyond = beyond_record(steps, required)
    done = observed.years_done()
    linear = achieved / done * observed.span
    compound = None
    if compounding:
        factor = (1 - achieved / 100) if falling else (1 + achieved / 100)
        if factor > 0:
            grown = factor ** (observed.span / done)
            compound = (1 - grown) * 100 if falling else (grown - 1) * 100
    unit = spec.unit or ""

    def said(value: float) -> str:
        # The words carry the direction, so a fall written as −13.5 reads 下降13.5%, never 下降-13.5%.
        if compounding:
            return rate_change(value, falling=falling, unit=unit)
        return amount_change(value, falling=falling, unit=unit)

    aim = said(total)
    if met:
        text = f"截至{year}年累计{said(achieved)}，已达到目标（{aim}）"
    elif final:
        text = f"截至{year}年累计{said(achieved)}（目标{aim}），完成进度{pct(completion)}"
        text += "，在“左右”的容差内" if within_about else "，目标年未达到目标"
    else:
        when = time_words(year=year, elapsed=elapsed, baseline_year=spec.baseline_year,
                          target_year=spec.target_year, plan_base_year=spec.plan_base_year)
        text = (
            f"{when}，累计{said(achieved)}（目标{aim}），完成进度{pct(completion)}，{against_time(completion, elapsed)}"
        )
        if achieved < 0 and not flag:
            text += "，指标向目标的反方向变化"
        if required is not None and status.is_lagging:
            text += f"；今后{left}年需年均{said(required)}"
    if flag:
        text += "；" + flag
    return AssessmentResult(
        status=status,
        method=method,
        explanation=text,
        pace_ratio=ratio,
        elapsed=elapsed,
        completion=completion,
        projection=Projection(spec.target_year, linear * sign),
        required_rate=required * sign if required is not None else None,
        record_rate=record * sign if record is not None else None,
        record_year=record_year,
        required_beyond_record=beyond,
        latest_year=year,
        latest_value=observed.latest_value,
        linear_projection=linear * sign,
        compound_projection=compound * sign if compound is not None else None,
        projected_gap=(linear - total) * sign,
        disagreement=disagreement(
            headline=status, headline_method="累计值法", growth_ratio_value=None, growth=None,
            projection=linear * sign, target=total * sign, target_year=spec.target_year,
            projection_meets=linear >= total - 1e-9 * max(1.0, total), final=final,
        ),
    )
