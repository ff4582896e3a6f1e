"""What is shown beside the headline: the growth-rate ratio, projections to the target year, disagreements.

The growth-rate ratio is the Statistics Canada / Open SDG method: the compound annual growth observed since
the baseline divided by the compound annual growth the target requires; 0.95 / 0.60 / 0 split the bands.
"""

from __future__ import annotations

from plantrack.core.assess.model import Thresholds, status_for_growth_ratio
from plantrack.core.assess.status import Status
from plantrack.core.assess.wording import num


def compound_growth(start: float, end: float, years: float) -> float | None:
    """The yearly rate (a fraction) that takes `start` to `end` in `years`; None unless both are positive."""
    if start <= 0 or end <= 0 or years <= 0:
        return None
    return (end / start) ** (1 / years) - 1


def growth_ratio(observed_rate: float | None, required_rate: float | None) -> float | None:
    if observed_rate is None or required_rate is None or required_rate == 0:
        return None
    return observed_rate / required_rate


def growth_status(ratio: float | None, *, met: bool, thresholds: Thresholds) -> Status | None:
    if met:
        return Status.COMPLETED
    if ratio is None:
        return None
    return status_for_growth_ratio(ratio, thresholds)


def disagreement(
    *,
    headline: Status,
    headline_method: str,
    growth_ratio_value: float | None,
    growth: Status | None,
    projection: float | None,
    target: float | None,
    target_year: int,
    projection_meets: bool | None,
    growth_away: float = 0.0,
) -> str | None:
    """The Chinese sentence saying a method beside the headline reaches the other side of "on course"."""
    if headline in (Status.NOT_ASSESSABLE, Status.COMPLETED):
        return None
    if growth is not None and growth_ratio_value is not None and growth.is_on_course != headline.is_on_course:
        away = "，指标反向变化" if growth_ratio_value < growth_away else ""
        return (
            f"增速比法（增速比{num(growth_ratio_value)}{away}）判断为“{growth}”，"
            f"与{headline_method}的“{headline}”不同"
        )
    if projection is not None and target is not None and projection_meets is not None:
        if projection_meets and headline.is_lagging:
            return f"按目前速度线性外推，{target_year}年可达{num(projection)}，能实现目标，与“{headline}”的判断不同"
        if not projection_meets and headline.is_on_course:
            return (
                f"按目前速度线性外推，{target_year}年为{num(projection)}，达不到目标{num(target)}，"
                f"与“{headline}”的判断不同"
            )
    return None
