"""Yearly changes in one convention: the good way is positive (a rise for "increase", a fall for "decrease").

A falling target may be written as falls (能耗降低 3.2, target 13.5) or as signed changes (−3.2, target −13.5);
both come out as falls (3.2, 13.5). A level series becomes yearly growth rates in %; a gap of several years is
spread evenly over them (compounded).
"""

from __future__ import annotations

from dataclasses import dataclass

from plantrack.core.assess.observations import Observed
from plantrack.core.assess.wording import rate_change


@dataclass(frozen=True, slots=True)
class Changes:
    """Yearly changes and the target, both with the good way positive."""

    by_year: tuple[tuple[int, float], ...]
    target: float
    compounding: bool
    falling: bool = False

    @property
    def values(self) -> list[float]:
        return [value for _year, value in self.by_year]

    @property
    def all_against(self) -> bool:
        """Every year's change goes the wrong way: worth saying, as a sign convention may have been mixed up."""
        return bool(self.by_year) and all(value < 0 for value in self.values)

    def against_words(self) -> str:
        """The sentence that flags a series whose every change opposes the target."""
        aim = "下降" if self.falling else "增长"
        went = "上升" if self.falling else "下降"
        return f"各年变化均与目标方向相反（目标为{aim}，各年均为{went}），请核对数据的正负号口径"

    def factor(self, change: float) -> float:
        """The level multiplier one year's change stands for (compounding only): +5% → 1.05, a 3% fall → 0.97."""
        return 1 - change / 100 if self.falling else 1 + change / 100


class NotComparable(ValueError):
    """The changes cannot be judged (zero or negative base, no target rate); the message is the reason."""


def good_way_changes(observed: Observed, *, compounding: bool) -> Changes:
    spec = observed.spec
    target = spec.target_value
    if target is None:
        raise NotComparable("缺少目标值")
    if spec.effective_series == "level":
        rows = _growth_from_levels(observed)
        compounding = True
    else:
        rows = list(observed.points)
    falling = spec.direction == "decrease"
    if falling:
        # Falls written as positive numbers keep their sign; growth rates (negative for a fall) turn round.
        flip = target < 0 or spec.effective_series == "level"
        if flip:
            rows = [(year, -value) for year, value in rows]
        if target < 0:
            target = -target
    if target == 0:
        raise NotComparable("目标值为零，无法计算比值")
    if target < 0:
        raise NotComparable("目标值与指标方向相反，无法计算比值")
    changes = Changes(by_year=tuple(rows), target=target, compounding=compounding, falling=falling)
    if compounding:
        for year, value in changes.by_year:
            if changes.factor(value) <= 0:
                # A fall of 100% or more leaves nothing to compound from: any average or rate still needed
                # ("今后3年需年均增长0%") would be made up.
                word = rate_change(value, falling=falling)
                raise NotComparable(f"{year}年{word}，水平降为零或以下，无法按复合增速计算；请核对该年数据")
    return changes


def _growth_from_levels(observed: Observed) -> list[tuple[int, float]]:
    base_year, base = observed.spec.baseline_year, observed.baseline
    if base is None or base_year is None:
        raise NotComparable("缺少基期值，无法由水平值计算增速")
    rows: list[tuple[int, float]] = []
    previous_year, previous = base_year, base
    for year, value in observed.points:
        if previous <= 0 or value <= 0:
            raise NotComparable(f"{previous_year if previous <= 0 else year}年数值为零或负数，无法计算增速")
        gap = year - previous_year
        rate = ((value / previous) ** (1 / gap) - 1) * 100
        rows.extend((y, rate) for y in range(previous_year + 1, year + 1))
        previous_year, previous = year, value
    return rows


def compounded(changes: Changes) -> float:
    """The total change the yearly changes add up to, compounded: Π(1 + r) − 1 for a rise, 1 − Π(1 − r) for a fall."""
    level = 1.0
    for change in changes.values:
        level *= changes.factor(change)
    return (1 - level) * 100 if changes.falling else (level - 1) * 100


def remaining_rate(*, total: float, achieved: float, years_left: int, falling: bool, compounding: bool) -> float:
    """The yearly change still needed to reach `total` from `achieved` in `years_left` years (跨年度平衡)."""
    if not compounding:
        return (total - achieved) / years_left
    if falling:
        need, have = 1 - total / 100, 1 - achieved / 100
        if need <= 0 or have <= 0:
            return 100.0
        return (1 - (need / have) ** (1 / years_left)) * 100
    need, have = 1 + total / 100, 1 + achieved / 100
    if need <= 0 or have <= 0:
        return 0.0
    return ((need / have) ** (1 / years_left) - 1) * 100


def beyond_record(rows: list[tuple[int, float]], required: float | None) -> tuple[int | None, float | None, bool]:
    """(year, value) of the best yearly change in the good way, and whether `required` (good way) exceeds it.

    Only with two years or more: one year is not a record to judge the rest by.
    """
    if required is None or len(rows) < 2:
        return None, None, False
    year, best = max(rows, key=lambda row: row[1])
    return year, best, required > best + 1e-9
