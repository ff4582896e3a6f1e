"""What a report says, frozen: every figure a briefing or an evaluation prints, copied from the stored assessments.

`take_snapshot` reads the database once; the renderers (.docx, .pdf, .html) read only the plain dict it returns, so
a report generated today prints the same figures tomorrow, whatever is approved or corrected in between.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from plantrack.assessment.models import Assessment, Warning
from plantrack.assessment.thresholds import configured_thresholds
from plantrack.clock import is_fixed, today
from plantrack.core.assess import STATUS_ORDER, Status
from plantrack.core.errors import InvalidInput
from plantrack.core.figures import figure_text
from plantrack.core.periods import Period, parse_period
from plantrack.core.simulated import SIMULATED_SOURCES
from plantrack.indicators.models import Indicator
from plantrack.orgs.models import OrgUnit
from plantrack.plans.models import Plan, PlanCommitment
from plantrack.reporting.models import DataValue
from plantrack.reports.briefing import month_changes
from plantrack.reports.evaluation import evaluation_parts, prefecture_table, problems, recommendations

SNAPSHOT_VERSION = 2
KIND_LABELS = {"briefing": "月度研判", "midterm": "中期评估", "final": "总结评估"}
STATUS_WORDS = [str(s) for s in STATUS_ORDER] + [str(Status.NOT_ASSESSABLE)]
LAGGING_WORDS = {str(Status.LAGGING), str(Status.SERIOUSLY_LAGGING)}


class ReportInputError(InvalidInput):
    """The report cannot be made as asked (no region unit, an as-of month not ended …); the message says why."""


def as_of_period(text: str) -> Period:
    """A report's as-of month: "2028-12", "2028M12" or a year "2028" (its December)."""
    try:
        period = parse_period(text)
    except ValueError as exc:
        raise ReportInputError(_("截至时间“%(text)s”无法识别，应写作 2028-12 或 2028M12") % {"text": text}) from exc
    if period.kind == "Y":
        return Period(period.year, "M", 12)
    if period.kind == "Q":
        return Period(period.year, "M", period.index * 3)
    return period


def last_ended_month(day: date) -> Period:
    """The newest month that has ended on `day`: a report can be as of it at the latest."""
    return Period(day.year, "M", day.month).previous()


def require_ended(period: Period) -> None:
    """A report speaks of time that has happened: its as-of month must have ended by the project's clock."""
    latest = last_ended_month(today())
    if period.end_date() > latest.end_date():
        raise ReportInputError(
            _("截至时间%(asked)s尚未结束：报告只能截至已经结束的月份，目前最晚为%(latest)s")
            % {"asked": period.label_zh(), "latest": latest.label_zh()}
        )


def issuing_body(plan: Plan) -> str:
    """Who issues the report (发文机关): the setting, else the plan region's development and reform commission."""
    configured = getattr(settings, "PLANTRACK_REPORT_ISSUER", "") or ""
    return configured or f"{plan.region or ''}发展和改革委员会"


def report_title(*, plan: Plan, kind: str, as_of: Period) -> str:
    if kind == "briefing":
        return f"《{plan.title}》实施情况月度研判（{as_of.label_zh()}）"
    return f"《{plan.title}》实施情况{KIND_LABELS[kind]}报告（截至{as_of.label_zh()}）"


def data_as_of_label(generated: datetime) -> str:
    """Up to when the report's figures were approved, by the project's one clock: the moment of generation, or, in a
    world whose clock is fixed (the demo's January 2029), that world's day, never a real timestamp beside it."""
    if is_fixed():
        return today().isoformat()
    return timezone.localtime(generated).strftime("%Y-%m-%d %H:%M")


def take_snapshot(*, plan: Plan, kind: str, as_of: Period, now: datetime | None = None) -> dict[str, Any]:
    """Every figure of the report, from stored assessments of the region as of the month `as_of`."""
    region = OrgUnit.objects.filter(parent__isnull=True, kind=OrgUnit.Kind.REGION).order_by("code").first()
    if region is None:
        raise ReportInputError(_("没有自治区一级的组织单位，无法生成报告"))
    indicators = list(
        Indicator.objects.filter(plan=plan, is_active=True).select_related("source_row", "source_commitment")
    )
    # 约束性 first (the plan's red lines), then the plan's own order of codes.
    indicators.sort(key=lambda i: (i.attribute != Indicator.Attribute.BINDING, _code_key(i.code)))
    # The five-year verdicts are of the plan's main indicators (专栏1); operating indicators (运行监测指标, no table
    # row) are judged only inside the year, in the monthly briefing; commitments have their own section.
    everything, indicators = indicators, [i for i in indicators if i.source_row_id is not None]
    if kind == "briefing":
        # The month judges what is reported within the year: main and operating indicators against the year's target.
        rows, compared_to = _briefing_rows(everything, region, as_of)
        judged_label = as_of.label_zh()
    else:
        judged_year = as_of.year if as_of.index == 12 else as_of.year - 1
        rows, compared_to = _year_rows(indicators, region, judged_year)
        judged_label = f"{judged_year}年"
    counts = Counter(row["status"] for row in rows)
    generated = now or timezone.now()
    thresholds = configured_thresholds()
    snapshot = {
        "version": SNAPSHOT_VERSION,
        "kind": kind,
        "kind_label": KIND_LABELS[kind],
        "title": report_title(plan=plan, kind=kind, as_of=as_of),
        "plan": {"title": plan.title, "region": plan.region, "period": [plan.period_start, plan.period_end]},
        "unit": {"code": region.code, "name": region.name},
        "as_of": as_of.code,
        "as_of_label": as_of.label_zh(),
        "judged_label": judged_label,
        "compared_to_label": compared_to,
        "generated_at": timezone.localtime(generated).strftime("%Y-%m-%d %H:%M"),
        "data_as_of": data_as_of_label(generated),
        "simulated": _uses_simulated_figures(indicators, as_of),
        "thresholds": {"ahead": thresholds.ahead, "on_track": thresholds.on_track, "lagging": thresholds.lagging},
        "counts": [{"status": word, "count": counts.get(word, 0)} for word in STATUS_WORDS],
        "total": len(rows),
        "binding_total": sum(1 for row in rows if row["attribute"] == Indicator.Attribute.BINDING),
        "binding_lagging": sum(
            1 for row in rows if row["attribute"] == Indicator.Attribute.BINDING and row["status"] in LAGGING_WORDS
        ),
        # Counted openly: binding targets no figure or judgement decides, and those judged by a person.
        "binding_unassessable": sum(
            1 for row in rows
            if row["attribute"] == Indicator.Attribute.BINDING and row["status"] == str(Status.NOT_ASSESSABLE)
        ),
        "judged_by_source": dict(Counter(row["source"] for row in rows if row["source"] in _JUDGED_SOURCES)),
        "indicators": rows,
        "lagging": [row["code"] for row in rows if row["status"] in LAGGING_WORDS],
        "changes": [
            {"code": row["code"], "name": row["name"], "from": row["previous_status"], "to": row["status"]}
            for row in rows
            if row["previous_status"] and row["previous_status"] != row["status"]
        ],
        "open_warnings": Warning.objects.filter(
            indicator__plan=plan, acknowledged_at__isnull=True, unit__kind__in=_judged_kinds()
        ).count(),
        "commitments": _commitments(plan, {row["indicator_id"]: row for row in rows}),
        "issuer": issuing_body(plan),
        "unassessable": [
            {"code": row["code"], "name": row["name"], "attribute": row["attribute"], "reason": row["explanation"]}
            for row in rows if row["status"] == str(Status.NOT_ASSESSABLE)
        ],
    }
    if kind == "briefing":
        snapshot["month"] = month_changes(plan=plan, indicators=everything, region=region, as_of=as_of)
        if as_of.index == 12:
            # In December the year has closed: the five-year judgement of the year, the mid-term report's very rows.
            year_rows, _previous_label = _year_rows(indicators, region, as_of.year)
            snapshot["five_year"] = {
                "year": as_of.year,
                "counts": [{"status": w, "count": sum(1 for r in year_rows if r["status"] == w)} for w in STATUS_WORDS],
                "lagging": [{"code": r["code"], "name": r["name"], "status": r["status"]}
                            for r in year_rows if r["status"] in LAGGING_WORDS],
            }
    else:
        as_of_end = as_of.end_date()
        parts, overall = evaluation_parts(plan=plan, rows=rows, as_of_end=as_of_end)
        prefectures = prefecture_table(indicators=indicators, year=judged_year)
        snapshot.update({
            "judged_year": judged_year,
            # The plan's elapsed time at the end of the judged year: 3/5 at the end of 2028 for 2026–2030.
            "plan_elapsed": max(0.0, min(1.0, (judged_year - plan.period_start + 1)
                                         / (plan.period_end - plan.period_start + 1))),
            "parts": parts,
            "overall": overall,
            "prefectures": prefectures,
            "problems": problems(rows=rows, overall=overall, prefectures=prefectures),
            "recommendations": recommendations(rows=rows, plan=plan),
            "missing_target_year": _missing_target_year(rows, plan) if kind == "final" else [],
            "previous_year_judged": any(row["previous_status"] for row in rows),
        })
    return snapshot


def _missing_target_year(rows: list[dict], plan: Plan) -> list[dict]:
    """For a final evaluation: the indicators without a figure for the plan's last year, each by name."""
    return [
        {"code": row["code"], "name": row["name"], "latest_year": row["latest_year"]}
        for row in rows if row["latest_year"] != plan.period_end
    ]


def _briefing_rows(indicators: list[Indicator], region: OrgUnit, as_of: Period) -> tuple[list[dict], str]:
    """Each indicator's newest year-to-date judgement within the as-of month's year, with the last full year's."""
    in_year = Assessment.objects.filter(
        indicator__in=indicators, year=as_of.year, period_kind__in=["M", "Q"]
    ).select_related("unit")
    newest: dict[tuple[int, int], Assessment] = {}
    for a in in_year:
        period = parse_period(a.period)
        if period.end_date() > as_of.end_date():
            continue
        key = (a.indicator_id, a.unit_id)
        if key not in newest or parse_period(newest[key].period).end_date() < period.end_date():
            newest[key] = a
    previous = {}
    for (indicator_id, unit_id), a in newest.items():
        if unit_id == region.id:
            previous[indicator_id] = (
                Assessment.objects.filter(
                    indicator_id=indicator_id, unit_id=unit_id, period=parse_period(a.period).previous().code
                )
                .values_list("status", flat=True)
                .first()
            )
    last_year = as_of.year if as_of.index == 12 else as_of.year - 1
    year_status = dict(
        Assessment.objects.filter(indicator__in=indicators, unit=region, period=str(last_year)).values_list(
            "indicator_id", "status"
        )
    )
    rows = []
    for indicator in indicators:
        a = newest.get((indicator.id, region.id))
        behind = [
            other for (ind_id, unit_id), other in newest.items()
            if ind_id == indicator.id and unit_id != region.id and other.unit.kind == OrgUnit.Kind.PREFECTURE
        ]
        row = _row(indicator, a, behind, previous.get(indicator.id))
        row["year_status"] = year_status.get(indicator.id)
        rows.append(row)
    return rows, "上一报告期"


def _year_rows(indicators: list[Indicator], region: OrgUnit, year: int) -> tuple[list[dict], str]:
    """Each indicator's judgement of the five-year target at the end of `year` (or its newest year before)."""
    by_key: dict[tuple[int, int], Assessment] = {}
    previous: dict[int, str] = {}
    for a in (
        Assessment.objects.filter(indicator__in=indicators, period_kind="Y", year__lte=year)
        .filter(unit__kind__in=[OrgUnit.Kind.REGION, OrgUnit.Kind.PREFECTURE])
        .select_related("unit")
        .order_by("year")
    ):
        key = (a.indicator_id, a.unit_id)
        if a.unit_id == region.id and key in by_key:
            previous[a.indicator_id] = by_key[key].status
        by_key[key] = a
    rows = []
    for indicator in indicators:
        a = by_key.get((indicator.id, region.id))
        behind = [
            other for (ind_id, unit_id), other in by_key.items()
            if ind_id == indicator.id and unit_id != region.id and (a is None or other.year == a.year)
        ]
        row = _row(indicator, a, behind, previous.get(indicator.id) if a is not None and a.year == year else None)
        rows.append(row)
    return rows, f"{year - 1}年"


_JUDGED_SOURCES = ("assigned", "in_step", "manual")


def _row(indicator: Indicator, a: Assessment | None, others: list[Assessment], previous: str | None) -> dict:
    result = a.result if a is not None else {}
    status = a.status if a is not None else str(Status.NOT_ASSESSABLE)
    gap = None
    # The gap is against the indicator's own span (an earlier baseline's), the one its completion is measured on;
    # the 时序进度 column shows the plan's.
    own_elapsed = result.get("elapsed", a.elapsed if a is not None else None)
    if a is not None and own_elapsed is not None and a.completion is not None and status in LAGGING_WORDS:
        gap = round((own_elapsed - a.completion) * 100, 1)
    behind = sorted(
        (o for o in others if o.status in LAGGING_WORDS),
        key=lambda o: (-(STATUS_WORDS.index(o.status)), o.pace_ratio if o.pace_ratio is not None else 0, o.unit.code),
    )
    return {
        "indicator_id": indicator.id,
        "source_commitment_id": indicator.source_commitment_id,
        "code": indicator.code,
        "name": indicator.name,
        "category": indicator.category,
        "attribute": indicator.attribute,
        "unit": indicator.unit,
        "baseline": _figure_with_year(indicator.baseline_value, indicator.baseline_year, indicator.baseline_note),
        "target": _target_text(indicator),
        "assessment_id": a.id if a is not None else None,
        "period": a.period if a is not None else None,
        "status": status,
        "previous_status": previous,
        "method_label": result.get("method_label") or "",
        # How a target without a number was decided: "assigned" (国家下达目标), "in_step" (同步), "manual" (人工研判).
        "source": result.get("source") or "",
        "reason": result.get("reason") or "",
        "latest_year": a.latest_year if a is not None else None,
        "latest_value": figure_text(a.latest_value) if a is not None else "",
        "elapsed": a.elapsed if a is not None else None,
        "completion": a.completion if a is not None else None,
        "pace_ratio": a.pace_ratio if a is not None else None,
        "required_rate": a.required_rate if a is not None else None,
        "gap_points": gap,
        "explanation": a.explanation if a is not None else "无法评估：尚无已审核数据，未生成评估结果",
        "disagreement": result.get("disagreement"),
        "projection": result.get("projection"),
        "units_behind": [
            {"code": o.unit.code, "name": o.unit.name, "status": o.status, "explanation": o.explanation}
            for o in behind
        ],
        "units_judged": len(others),
    }


def _commitments(plan: Plan, rows_by_indicator: dict[int, dict]) -> dict[str, Any]:
    """The plan's quantitative commitments (量化目标): how many, and those tracked as indicators with their status."""
    commitments = PlanCommitment.objects.filter(version__plan=plan, version__is_current=True)
    by_chapter = Counter(commitments.values_list("chapter_number", flat=True))
    tracked = []
    for indicator in Indicator.objects.filter(plan=plan, source_commitment__isnull=False).select_related(
        "source_commitment"
    ):
        row = rows_by_indicator.get(indicator.id)
        c = indicator.source_commitment
        tracked.append({
            "quote": c.quote, "chapter": c.chapter_number, "indicator_code": indicator.code,
            "status": row["status"] if row else str(Status.NOT_ASSESSABLE),
        })
    return {
        "total": commitments.count(),
        "chapters": len(by_chapter),
        "with_deadline": commitments.filter(deadline__isnull=False).count(),
        "tracked": tracked,
    }


def _uses_simulated_figures(indicators: list[Indicator], as_of: Period) -> bool:
    return DataValue.objects.filter(
        indicator__in=indicators, source__in=SIMULATED_SOURCES, year__lte=as_of.year
    ).exists()


def _judged_kinds() -> list[str]:
    return [OrgUnit.Kind.REGION, OrgUnit.Kind.PREFECTURE]


def _figure_with_year(value: Any, year: int | None, note: str = "") -> str:
    if value is None:
        return note or "—"
    text = figure_text(value)
    return f"{text}（{year}年）" if year else text


def _target_text(indicator: Indicator) -> str:
    """The target as the plan writes it: 年均增长 for a rate, 累计〔〕 for a five-year total, ≥ / ≤ for a bound."""
    if indicator.target_value is None:
        return indicator.target_text or "—"
    about = "左右" if indicator.comparator == "~" else ""
    value = indicator.target_value
    if indicator.target_type == Indicator.TargetType.ANNUAL_GROWTH:
        verb = "下降" if value < 0 or indicator.direction == Indicator.Direction.LOWER else "增长"
        return f"年均{verb}{figure_text(abs(value))}%{about}"
    if indicator.target_type == Indicator.TargetType.CUMULATIVE:
        return f"累计〔{figure_text(value)}〕{about}"
    sign = {">=": "≥", "<=": "≤"}.get(indicator.comparator, "")
    return f"{sign}{figure_text(value)}{about}"


def _code_key(code: str) -> tuple:
    return tuple(int(part) if part.isdigit() else 0 for part in code.split("."))
