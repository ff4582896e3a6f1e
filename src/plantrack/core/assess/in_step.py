"""Targets to keep pace with another series (收入增长与经济增长同步): one growth series against another, same years.

    >>> r = assess_in_step({2026: 5.3, 2027: 5.0}, {2026: 5.0, 2027: 5.1}, as_of=2027)
    >>> r.status.value
    '符合预期'

Each year the follower's growth (居民人均可支配收入增长 %) is set beside the reference's growth of the same year
(地区生产总值增长 %). The verdict compares the two geometric average rates over the years both have: in step when
the follower's is not lower than the reference's by more than `tolerance` percentage points (a setting the
caller passes; no published standard fixes a margin, so 0.5 points by default is ours and says so), 滞后 when
it is. Years only one series has are named, never compared with a guess.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

from plantrack.core.assess.model import AssessmentResult, not_assessable
from plantrack.core.assess.status import Status
from plantrack.core.assess.wording import num, years_span

DEFAULT_IN_STEP_TOLERANCE = 0.5  # percentage points


def _clean(series: Mapping[int, float | None], as_of: int) -> dict[int, float]:
    out: dict[int, float] = {}
    for year, value in series.items():
        if value is None:
            continue
        try:
            number = float(value)
        except OverflowError:
            continue
        if math.isfinite(number) and int(year) <= as_of:
            out[int(year)] = number
    return out


def _geometric(rates: list[float]) -> float | None:
    level = 1.0
    for rate in rates:
        level *= 1 + rate / 100
    if level <= 0:
        return None
    return (level ** (1 / len(rates)) - 1) * 100


def assess_in_step(
    follower: Mapping[int, float | None],
    reference: Mapping[int, float | None],
    *,
    as_of: int,
    tolerance: float = DEFAULT_IN_STEP_TOLERANCE,
    follower_name: str = "收入",
    reference_name: str = "经济",
) -> AssessmentResult:
    """Judge "`follower` growth in step with `reference` growth" on the yearly rates (%) of both, up to `as_of`."""
    if tolerance < 0 or not math.isfinite(tolerance):
        raise ValueError("同步比较的容差应为非负的有限数值")
    own, ref = _clean(follower, as_of), _clean(reference, as_of)
    common = sorted(set(own) & set(ref))
    if not common:
        missing = f"{follower_name}增速" if not own else f"{reference_name}增速" if not ref else "同一年份的两项增速"
        return not_assessable(f"截至{as_of}年尚无{missing}，无法比较是否同步")
    a = _geometric([own[y] for y in common])
    b = _geometric([ref[y] for y in common])
    if a is None or b is None:
        return not_assessable("有年份增速为−100%或更低，无法计算年均增速")
    gap = a - b
    in_step = gap >= -tolerance - 1e-9
    slower = [y for y in common if own[y] < ref[y] - tolerance - 1e-9]
    span = years_span(common[0], common[-1])
    text = (
        f"{span}{follower_name}年均增长{num(a)}%，{reference_name}年均增长{num(b)}%，"
        f"相差{num(gap)}个百分点"
    )
    text += "，基本同步" if in_step else f"，{follower_name}增长慢于{reference_name}增长，未同步"
    if slower:
        years = "、".join(map(str, slower))
        text += f"；{years}年{follower_name}增速低于{reference_name}增速{num(tolerance)}个百分点以上"
    only = sorted(set(own) ^ set(ref))
    if only:
        text += f"；{'、'.join(map(str, only))}年只有一项增速，未参与比较"
    year = common[-1]
    return AssessmentResult(
        status=Status.ON_TRACK if in_step else Status.LAGGING,
        method="in_step",
        explanation=text,
        pace_ratio=a / b if b > 0 else None,
        latest_year=year,
        latest_value=own[year],
        projected_gap=gap,
    )
