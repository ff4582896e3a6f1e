"""Judging targets the plan gives no number (定性目标): against the nationally assigned figure, against the series
it must keep pace with, or by a person's approved judgement (人工研判). No database here: the rebuild
(assessment.services) loads what these need and hands it over.

Each route marks its result with its own method, so a page or report never shows one as a computed pace:
  国家下达目标  the year's value against the figure a ministry assigned for that year (≥, ≤ or 左右);
  同步比较      a growth rate against the referenced growth rate of the same unit and year
               (居民人均可支配收入增长 与 地区生产总值增长 同步), both in %;
  人工研判      the latest approved version of a person's reasoned judgement, with its reviewer.
A computed result always wins over a judgement: a judgement only fills a year nothing else can decide.

The rules written here, and only these: a figure is met when the value is on its side (左右: within the
about-tolerance share of it); a miss is 滞后, or 严重滞后 when the value reaches less than the lagging threshold's
share of the figure; "同步" is met when the rate is not below the referenced rate by more than
`PLANTRACK_ASSESS_IN_STEP_TOLERANCE` percentage points (default 0: no published tolerance exists, so none is
assumed). Meeting the target year's figure is 已完成; any earlier year's, 符合预期.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from plantrack.core.assess import AssessmentResult, Projection, Status, Thresholds
from plantrack.core.assess.model import not_assessable
from plantrack.core.assess.wording import num
from plantrack.core.errors import gettext_noop

# Stored in Chinese with each result (its method and label); marked for the catalogue, so a page in another language
# translates them when it shows them.
METHOD_ASSIGNED = gettext_noop("国家下达目标")
METHOD_IN_STEP = gettext_noop("同步比较")
METHOD_MANUAL = gettext_noop("人工研判")
JUDGED_METHODS = (METHOD_ASSIGNED, METHOD_IN_STEP, METHOD_MANUAL)
# What a page shows beside a status judged by a person (never a computed badge).
MANUAL_MARK = gettext_noop("人工研判（已审核）")



@dataclass(frozen=True, slots=True)
class AssignedFigure:
    """A year's nationally assigned figure, as judging needs it."""

    year: int
    value: float
    comparator: str  # ">=", "<=", "~"
    document_number: str
    document_date: date


@dataclass(frozen=True, slots=True)
class ApprovedJudgement:
    """The latest approved 人工研判 of an indicator, unit and year."""

    id: int
    year: int
    version: int
    status: str
    reasoning: str
    author: str
    reviewer: str
    reviewed_at: datetime | None
    evidence_name: str


def _missed_status(ratio: float | None, thresholds: Thresholds) -> Status:
    """A miss is never on track: 滞后, or 严重滞后 below the lagging threshold's share."""
    if ratio is not None and ratio < thresholds.lagging:
        return Status.SERIOUSLY_LAGGING
    return Status.LAGGING


def judge_against_assigned(
    *, value: float, figure: AssignedFigure, unit: str | None, target_year: int, thresholds: Thresholds
) -> AssessmentResult:
    """The year's value against the figure assigned for that year (see the module docstring for the rule)."""
    target = figure.value
    sign = {">=": "≥", "<=": "≤", "~": ""}[figure.comparator]
    about = "左右" if figure.comparator == "~" else ""
    u = unit or ""
    ratio: float | None = None
    if figure.comparator == ">=":
        met = value >= target
        ratio = value / target if target > 0 and value >= 0 else None
    elif figure.comparator == "<=":
        met = value <= target
        ratio = target / value if value > 0 and target >= 0 else None
    else:
        met = abs(value - target) <= thresholds.about_tolerance * abs(target)
    if met:
        status = Status.COMPLETED if figure.year >= target_year else Status.ON_TRACK
    else:
        status = _missed_status(ratio, thresholds)
    words = "达到" if met else "未达到"
    explanation = (
        f"{figure.year}年{num(value, 4)}{u}，{words}国家下达的年度目标{sign}{num(target, 4)}{u}{about}"
        f"（{figure.document_number}，{figure.document_date.isoformat()}）"
    )
    return AssessmentResult(
        status=status, method=METHOD_ASSIGNED, explanation=explanation, pace_ratio=ratio,
        latest_year=figure.year, latest_value=value, projection=Projection(figure.year, value),
        projected_gap=value - target,
    )


def judge_in_step(
    *, year: int, rate: float, reference_rate: float | None, name: str, reference_name: str,
    tolerance: float, thresholds: Thresholds, span: str | None = None,
) -> AssessmentResult:
    """A growth rate against the rate it must keep pace with, same unit and year (see the module docstring);
    `span` names a part of the year ("2027年1–9月") when both are year-to-date (累计) rates."""
    span = span or f"{year}年"
    if reference_rate is None:
        return not_assessable(f"{span}{reference_name}尚无审核数据，无法判断是否同步",
                              latest_year=year, latest_value=rate)
    gap = rate - reference_rate
    met = gap >= -tolerance
    ratio = rate / reference_rate if reference_rate > 0 else None
    status = Status.ON_TRACK if met else _missed_status(ratio, thresholds)
    if abs(gap) < 1e-9:
        relation = "与之持平"
    elif gap > 0:
        relation = f"快{num(gap, 4)}个百分点"
    else:
        relation = f"慢{num(-gap, 4)}个百分点"
    verdict = "同步" if met else "未同步"
    explanation = (
        f"{span}{name}{num(rate, 4)}%，{reference_name}{num(reference_rate, 4)}%，{relation}，{verdict}"
    )
    return AssessmentResult(
        status=status, method=METHOD_IN_STEP, explanation=explanation, pace_ratio=ratio,
        latest_year=year, latest_value=rate, projected_gap=gap,
    )


def manual_result(judgement: ApprovedJudgement, *, latest_value: float | None) -> AssessmentResult:
    """The approved judgement as the year's result, marked 人工研判 with who wrote and who approved it."""
    reviewed = judgement.reviewed_at.date().isoformat() if judgement.reviewed_at else ""
    explanation = (
        f"{MANUAL_MARK}：{judgement.reasoning.strip()}（第{judgement.version}版，撰写：{judgement.author}，"
        f"审核：{judgement.reviewer}{'，' + reviewed if reviewed else ''}）"
    )
    return AssessmentResult(
        status=Status(judgement.status), method=METHOD_MANUAL, explanation=explanation,
        latest_year=judgement.year, latest_value=latest_value,
    )


def judgement_extra(judgement: ApprovedJudgement) -> dict:
    """What the stored result carries besides the core's fields, so pages and reports can show the judgement."""
    return {
        "source": "manual",
        "method_label": MANUAL_MARK,
        "judgement": {
            "id": judgement.id, "version": judgement.version, "author": judgement.author,
            "reviewer": judgement.reviewer, "evidence": judgement.evidence_name,
            "reviewed_at": judgement.reviewed_at.isoformat() if judgement.reviewed_at else None,
        },
    }


def assigned_extra(figure: AssignedFigure) -> dict:
    return {
        "source": "assigned",
        "method_label": METHOD_ASSIGNED,
        "assigned": {"year": figure.year, "value": figure.value, "comparator": figure.comparator,
                     "document_number": figure.document_number,
                     "document_date": figure.document_date.isoformat()},
    }


def in_step_extra(reference_code: str, reference_rate: float | None) -> dict:
    return {"source": "in_step", "method_label": METHOD_IN_STEP,
            "in_step": {"reference": reference_code, "reference_rate": reference_rate}}


NO_ROUTE_REASON = "定性目标没有数值：可录入国家下达的年度目标，或提交人工研判并经审核"


def in_step_reference_words(target_text: str) -> bool:
    """A target that asks a rate to keep pace with economic growth (与经济增长同步, 与 GDP 增长同步)."""
    text = target_text.replace(" ", "")
    return "同步" in text and any(word in text for word in ("GDP", "经济增长", "地区生产总值"))

