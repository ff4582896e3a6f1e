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
    final: bool = False,
) -> str | None:
    """The sentence saying another method reaches the other side of "on course" from the headline.

    It begins "其他方法：" and says why they differ; it is never a second verdict (the headline is the one status).
    At the target year nothing is left to project or compare paces on: the target is met or it is not.
    """
    if headline in (Status.NOT_ASSESSABLE, Status.COMPLETED) or final:
        return None
    if growth is not None and growth_ratio_value is not None and growth.is_on_course != headline.is_on_course:
        away = "，指标反向变化" if growth_ratio_value < growth_away else ""
        return (
            f"{OTHER_METHODS}增速比法（增速比{num(growth_ratio_value)}{away}）落在“{growth}”一档，"
            f"与{headline_method}的“{headline}”不同：增速比按复合增速计，{headline_method}按完成量与时间之比计，"
            f"变化不匀速时二者会分开；评估结论以{headline_method}为准"
        )
    if projection is not None and target is not None and projection_meets is not None:
        if projection_meets and headline.is_lagging:
            return (
                f"{OTHER_METHODS}按目前速度线性外推，{target_year}年可达{num(projection)}，能实现目标，"
                f"与“{headline}”不同：外推看全程平均速度，{headline_method}看至今完成量与时间之比；"
                f"评估结论以{headline_method}为准"
            )
        if not projection_meets and headline.is_on_course:
            return (
                f"{OTHER_METHODS}按目前速度线性外推，{target_year}年为{num(projection)}，达不到目标{num(target)}，"
                f"与“{headline}”不同：外推看全程平均速度，{headline_method}看至今完成量与时间之比；"
                f"评估结论以{headline_method}为准"
            )
    return None


OTHER_METHODS = "其他方法："
