"""What the assessment methods take (TargetSpec, Thresholds) and give back (AssessmentResult)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from plantrack.core.assess.status import Status
from plantrack.core.errors import InvalidInput, gettext_noop
from plantrack.core.units import is_percent_unit

TARGET_TYPES = ("level", "annual_growth", "cumulative", "bound", "qualitative")
DIRECTIONS = ("increase", "decrease")
SERIES_KINDS = ("level", "change")
COMPARATORS = (">=", "<=", "~", "=")

# The method names a result carries, and how a page names them: stored in Chinese with the result, each marked for
# the catalogue so a page in another language translates the stored label when it shows it.
METHOD_LABELS = {
    "time_progress": gettext_noop("时序进度法"),
    "average_growth": gettext_noop("年均增速法"),
    "cumulative_compound": gettext_noop("累计值法（复合）"),
    "cumulative_sum": gettext_noop("累计值法（加总）"),
    "cumulative_level": gettext_noop("累计值法（较基期变化）"),
    "bound": gettext_noop("控制值法"),
    "held_bound": gettext_noop("保持型目标（按控制值判断）"),
    "year_to_date": gettext_noop("年度目标累计进度法"),
    "year_to_date_rate": gettext_noop("年度目标累计增速法"),
    "year_to_date_bound": gettext_noop("年度目标控制值法"),
    "in_step": gettext_noop("同步比较法"),
    "none": gettext_noop("无"),
}


@dataclass(frozen=True, slots=True, kw_only=True)
class TargetSpec:
    """One target of an indicator, as the methods need it.

    `series` says what the yearly values are: "level" (the level at each year's end) or "change" (each year's
    change: a growth rate in % or an amount added); None means level for level/bound targets, change otherwise.
    For a falling target ("decrease") a change series and its target may be written as falls (能耗降低3.2 → 3.2,
    target 13.5) or as negative changes (−3.2, target −13.5): both read the same.
    """

    target_type: str
    direction: str = "increase"
    unit: str | None = None
    series: str | None = None
    baseline_year: int | None = None
    baseline_value: float | None = None
    target_year: int
    target_value: float | None = None
    comparator: str = "="
    # The year before the plan period (2025 for 2026–2030): where the plan's own 时序进度 starts. A baseline of an
    # earlier year (a "2024年数据") keeps its own span for the ratio, and the sentence says so.
    plan_base_year: int | None = None

    def __post_init__(self) -> None:
        if self.target_type not in TARGET_TYPES:
            raise InvalidInput(gettext_noop("target_type 应为 %(choices)s 之一，而不是 %(value)r"), code="bad_spec",
                               params={"choices": "、".join(TARGET_TYPES), "value": self.target_type})
        if self.direction not in DIRECTIONS:
            raise InvalidInput(gettext_noop("direction 应为 increase 或 decrease，而不是 %(value)r"), code="bad_spec",
                               params={"value": self.direction})
        if self.series is not None and self.series not in SERIES_KINDS:
            raise InvalidInput(gettext_noop("series 应为 level、change 或 null，而不是 %(value)r"), code="bad_spec",
                               params={"value": self.series})
        if self.comparator not in COMPARATORS:
            raise InvalidInput(gettext_noop("comparator 应为 >=、<=、~ 或 =，而不是 %(value)r"), code="bad_spec",
                               params={"value": self.comparator})
        for name in ("baseline_value", "target_value"):
            value = getattr(self, name)
            if value is not None and not math.isfinite(value):
                raise InvalidInput(gettext_noop("%(name)s 应为有限数值，而不是 %(value)r"), code="bad_spec",
                                   params={"name": name, "value": value})

    @property
    def effective_series(self) -> str:
        if self.series is not None:
            return self.series
        return "level" if self.target_type in ("level", "bound", "qualitative") else "change"

    @property
    def is_rate(self) -> bool:
        """Changes in % compound (1.05 × 1.04); changes in any other unit (万人, 百分点) add up."""
        return is_percent_unit(self.unit)


@dataclass(frozen=True, slots=True)
class Thresholds:
    """Where the statuses begin; every one is a setting (PLANTRACK_ASSESS_* in the environment).

    `about_tolerance` is the share of the target a value may pass it on the wrong side and still count as
    inside a 左右 (~) bound: 5.5 左右 with 0.05 holds up to 5.775.
    """

    ahead: float = 1.10
    on_track: float = 0.95
    lagging: float = 0.60
    about_tolerance: float = 0.05
    growth_on_track: float = 0.95
    growth_lagging: float = 0.60
    growth_away: float = 0.0

    def __post_init__(self) -> None:
        if not self.ahead > self.on_track > self.lagging:
            raise InvalidInput(gettext_noop("阈值应满足 超前 > 符合预期 > 滞后"), code="bad_thresholds")
        if not self.growth_on_track > self.growth_lagging >= self.growth_away:
            raise InvalidInput(gettext_noop("增速比阈值应满足 符合预期 > 滞后 ≥ 反向"), code="bad_thresholds")
        if self.about_tolerance < 0:
            raise InvalidInput(gettext_noop("“左右”容差不能为负"), code="bad_thresholds")


DEFAULT_THRESHOLDS = Thresholds()


@dataclass(frozen=True, slots=True)
class Projection:
    """The value expected in `year` if the pace so far continues."""

    year: int
    value: float


@dataclass(frozen=True, slots=True)
class AssessmentResult:
    """A judgement with the numbers it used and a one-line Chinese explanation.

    Ratios are fractions (elapsed 0.4 = 40%); `required_rate` is in the target's own terms (a growth rate in %
    for growth targets, the unit per year otherwise). `reason` says why a target is 无法评估.
    """

    status: Status
    method: str
    explanation: str
    pace_ratio: float | None = None
    elapsed: float | None = None
    completion: float | None = None
    projection: Projection | None = None
    required_rate: float | None = None
    latest_year: int | None = None
    latest_value: float | None = None
    reason: str | None = None
    growth_ratio: float | None = None
    growth_status: Status | None = None
    linear_projection: float | None = None
    compound_projection: float | None = None
    projected_gap: float | None = None
    disagreement: str | None = None
    plan_elapsed: float | None = None
    # The best single year so far, in the terms and signs of `required_rate`; `required_beyond_record` when the
    # remaining years need, every year, more than that best year (seen over two years or more).
    record_rate: float | None = None
    record_year: int | None = None
    required_beyond_record: bool = False

    @property
    def method_label(self) -> str:
        return METHOD_LABELS.get(self.method, self.method)

    def to_dict(self) -> dict[str, Any]:
        """The `plantrack assess --json` contract of DESIGN.md (its keys first), then the extra fields."""
        return {
            "status": str(self.status),
            "method": self.method,
            "pace_ratio": _clean(self.pace_ratio),
            "elapsed": _clean(self.elapsed),
            "completion": _clean(self.completion),
            "projection": (
                {"year": self.projection.year, "value": _clean(self.projection.value)} if self.projection else None
            ),
            "required_rate": _clean(self.required_rate),
            "explanation": self.explanation,
            "method_label": self.method_label,
            "reason": self.reason,
            "latest_year": self.latest_year,
            "latest_value": _clean(self.latest_value),
            "growth_ratio": _clean(self.growth_ratio),
            "growth_status": str(self.growth_status) if self.growth_status is not None else None,
            "linear_projection": _clean(self.linear_projection),
            "compound_projection": _clean(self.compound_projection),
            "projected_gap": _clean(self.projected_gap),
            "disagreement": self.disagreement,
            "plan_elapsed": _clean(self.plan_elapsed),
            "record_rate": _clean(self.record_rate),
            "record_year": self.record_year,
            "required_beyond_record": self.required_beyond_record,
        }


def _clean(value: float | None) -> float | None:
    # Six decimals: enough for any reported figure, and no 0.30000000000000004 in the JSON; JSON has no infinity.
    if value is None or not math.isfinite(value):
        return None
    return round(float(value), 6)


def not_assessable(reason: str, *, latest_year: int | None = None, latest_value: float | None = None,
                   elapsed: float | None = None) -> AssessmentResult:
    """无法评估, with the reason as the explanation: never a made-up status."""
    return AssessmentResult(
        status=Status.NOT_ASSESSABLE,
        method="none",
        explanation=f"无法评估：{reason}",
        reason=reason,
        latest_year=latest_year,
        latest_value=latest_value,
        elapsed=elapsed,
    )


def status_for_ratio(ratio: float, thresholds: Thresholds) -> Status:
    """The headline status of a pace ratio R: ≥ ahead 超前, ≥ on_track 符合预期, ≥ lagging 滞后, else 严重滞后.

    A ratio on a threshold takes the better status, float noise aside ((1.055)^(1/1) − 1 over 5% is 1.1).
    """
    ratio += _NOISE
    if ratio >= thresholds.ahead:
        return Status.AHEAD
    if ratio >= thresholds.on_track:
        return Status.ON_TRACK
    if ratio >= thresholds.lagging:
        return Status.LAGGING
    return Status.SERIOUSLY_LAGGING


_NOISE = 1e-9


def status_missed(completion: float, thresholds: Thresholds) -> Status:
    """A target not met at the target year is off course whatever the pace was: 滞后 when it got at least
    `lagging` of the way (0.60), 严重滞后 below that."""
    return Status.LAGGING if completion >= thresholds.lagging else Status.SERIOUSLY_LAGGING


def status_for_growth_ratio(ratio: float, thresholds: Thresholds) -> Status:
    """Open SDG / Statistics Canada bands: ≥ 0.95 on track, 0.60–0.95 lagging, below (and moving away) seriously."""
    if ratio >= thresholds.growth_on_track:
        return Status.ON_TRACK
    if ratio >= thresholds.growth_lagging:
        return Status.LAGGING
    return Status.SERIOUSLY_LAGGING
