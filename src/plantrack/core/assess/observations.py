"""The values a method may use: on or before the as-of year, after the base year, up to the target year."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from plantrack.core.assess.model import TargetSpec


@dataclass(frozen=True, slots=True)
class Observed:
    """A target's usable values in year order, with the baseline (from the spec, or the base year's own value)."""

    spec: TargetSpec
    points: tuple[tuple[int, float], ...]
    baseline: float | None
    as_of: int
    ignored_after_as_of: int

    @property
    def latest_year(self) -> int:
        return self.points[-1][0]

    @property
    def latest_value(self) -> float:
        return self.points[-1][1]

    @property
    def span(self) -> int:
        """Years from the base year to the target year."""
        return self.spec.target_year - (self.spec.baseline_year or 0)

    def elapsed(self) -> float:
        """时序进度 at the latest value: (year − base year) / (target year − base year), at most 1."""
        base = self.spec.baseline_year or 0
        return min(1.0, (self.latest_year - base) / self.span)

    @property
    def at_target_year(self) -> bool:
        """The latest value is the target year's: nothing is left to project, the target is met or it is not."""
        return self.latest_year >= self.spec.target_year

    def years_done(self) -> int:
        return min(self.latest_year, self.spec.target_year) - (self.spec.baseline_year or 0)

    def years_left(self) -> int:
        return max(0, self.spec.target_year - self.latest_year)


def observe(spec: TargetSpec, values: Mapping[int, float | None], *, as_of: int) -> Observed:
    """Keep the finite values of years ≤ as_of; a level series' base-year value stands in for a missing baseline.

    Values of the base year and before are not progress; values after the target year count only for bounds,
    which hold every year.
    """
    clean: dict[int, float] = {}
    for year, value in values.items():
        if value is None:
            continue
        number = float(value)
        if math.isfinite(number):
            clean[int(year)] = number
    ignored = sum(1 for year in clean if year > as_of)
    last = as_of if spec.target_type == "bound" else min(as_of, spec.target_year)
    first = spec.baseline_year
    points = tuple(
        (year, clean[year]) for year in sorted(clean) if year <= last and (first is None or year > first)
    )
    baseline = spec.baseline_value
    if baseline is None and first is not None and spec.effective_series == "level" and first in clean:
        baseline = clean[first]
    return Observed(spec=spec, points=points, baseline=baseline, as_of=as_of, ignored_after_as_of=ignored)
