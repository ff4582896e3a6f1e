"""Demo judgements of targets without a number (演示数据): every binding (约束性) indicator ends judged.

The demo plan leaves five binding targets to the nation ("完成经国家审核衔接后确定的目标", "达到国家要求"). This part
records the yearly figures a ministry would assign (国家下达的年度目标, with a made-up document number, labelled
模拟) for the three that have a yearly series — 14 单位GDP二氧化碳排放降低 (its simulated yearly falls are entered
here), 15 非化石能源占比, 16 PM2.5 — and writes, submits and approves a 人工研判 (planning office → the region's
reviewer, with a generated evidence document) for the two that have none: 17 优良水体比例, 19 粮食综合生产能力.
Income growth (8, "与 GDP 增长同步") needs nothing: it is compared with GDP growth. Every figure and document here
is simulated and says so. Running it again changes nothing.
"""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

from django.db import transaction

from plantrack.assessment.judgements import approve_judgement, submit_judgement, write_judgement
from plantrack.assessment.models import ManualJudgement
from plantrack.core.simulated import SIMULATED_SOURCE
from plantrack.indicators.assigned_targets import record_assigned_target
from plantrack.indicators.models import AssignedTarget, Indicator
from plantrack.orgs.models import OrgUnit, User
from plantrack.plans.models import Plan
from plantrack.reporting.demo import SIMULATED_YEARS
from plantrack.reporting.findings import ValuesRejected
from plantrack.reporting.inputs import ValueInput
from plantrack.reporting.models import Channel
from plantrack.reporting.services import approve_values, enter_values

YEARS = SIMULATED_YEARS
# The simulated world's day (plantrack.web.demo enters its years as of then): documents are dated before it.
SIMULATED_TODAY = date(YEARS[-1] + 1, 1, 15)
SIMULATED_COMMENT = "演示用模拟数据，并非统计部门发布的数字"

# indicator code → (comparator, assigned figure per year, document-number pattern, title pattern)
ASSIGNED = {
    "14": (">=", (3.4, 3.4, 3.3), "模拟文号 环气候〔{y}〕{n}号",
           "（模拟）关于下达{y}年单位GDP二氧化碳排放降低目标的通知"),
    "15": (">=", (31.5, 33.5, 35.5), "模拟文号 发改能源〔{y}〕{n}号",
           "（模拟）关于下达{y}年可再生能源和非化石能源目标的通知"),
    "16": ("<=", (25.0, 24.0, 23.0), "模拟文号 环大气〔{y}〕{n}号", "（模拟）关于下达{y}年空气质量改善目标的通知"),
}
# 14's simulated yearly falls for the region (%): met in 2026 and 2027, missed in 2028 (a binding target off course).
CARBON_FALLS = (3.6, 3.5, 3.1)
# indicator code → (status, reasoning) of the region's 2028 judgement.
JUDGEMENTS = {
    "17": ("符合预期", "（演示数据）据模拟的生态环境厅2028年水环境质量通报，全区国考断面优良水体比例达到国家"
                      "下达的年度要求，劣Ⅴ类断面保持动态清零，判断为符合预期。"),
    "19": ("符合预期", "（演示数据）据模拟的农牧厅和统计局2028年粮食生产情况通报，全区粮食播种面积和产量稳定在"
                      "国家下达的任务以上，综合生产能力达到国家要求，判断为符合预期。"),
}


def load(stdout) -> list[str]:
    with transaction.atomic():
        return _load()


def _load() -> list[str]:
    from plantrack.plans.demo import demo_plan

    plan = demo_plan()
    admin = User.objects.filter(role=User.Role.ADMIN, is_active=True).order_by("id").first()
    region = OrgUnit.objects.filter(kind=OrgUnit.Kind.REGION).order_by("path").first()
    if plan is None or admin is None or region is None:
        return ["judged targets: the demo plan, org tree or admin is missing, nothing loaded"]
    reviewer = User.objects.filter(role=User.Role.REVIEWER, unit=region, is_active=True).order_by("id").first()
    if reviewer is None:
        return ["judged targets: the region has no reviewer to approve judgements, nothing loaded"]
    indicators = {i.code: i for i in Indicator.objects.filter(plan=plan, is_active=True).select_related("plan")}
    if AssignedTarget.objects.filter(indicator__plan=plan).exists():
        return ["judged targets: assigned figures and judgements already loaded, left as they are"]
    falls = _carbon_falls(plan, indicators.get("14"), region, admin, reviewer)
    assigned = 0
    for code, (comparator, figures, number, title) in ASSIGNED.items():
        indicator = indicators.get(code)
        if indicator is None or not indicator.target_without_number:
            continue
        for n, (year, figure) in enumerate(zip(YEARS, figures, strict=True), start=3):
            record_assigned_target(
                user=admin, indicator=indicator, unit=region, year=year, value=Decimal(str(figure)),
                comparator=comparator, document_number=number.format(y=year, n=n),
                document_title=title.format(y=year), document_date=date(year, 3, 1), today=SIMULATED_TODAY,
            )
            assigned += 1
    judged = 0
    for code, (status, reasoning) in JUDGEMENTS.items():
        indicator = indicators.get(code)
        if indicator is None or not indicator.target_without_number:
            continue
        if ManualJudgement.objects.filter(indicator=indicator, unit=region, year=YEARS[-1]).exists():
            continue
        draft = write_judgement(user=admin, indicator=indicator, unit=region, year=YEARS[-1], status=status,
                                reasoning=reasoning, evidence=(f"演示数据_{code}_{YEARS[-1]}年研判依据.docx",
                                                               _evidence(indicator, reasoning)))
        submit_judgement(user=admin, judgement=draft)
        approve_judgement(user=reviewer, judgement=draft, note="（演示数据）审核同意")
        judged += 1
    return [
        f"judged targets (模拟数据): {assigned} nationally assigned yearly figures, {falls} simulated yearly figures "
        f"of 14, {judged} manual judgements (人工研判) written by {admin.username} and approved by "
        f"{reviewer.username}"
    ]


def _carbon_falls(plan: Plan, indicator: Indicator | None, region: OrgUnit, admin: User, reviewer: User) -> int:
    """The region's simulated yearly falls of 14, entered and approved like any figure."""
    if indicator is None or not indicator.reporting_units.filter(pk=region.pk).exists():
        return 0
    inputs = [
        ValueInput(indicator_code=indicator.code, unit_code=region.code, period=str(year), value=str(fall),
                   measure_unit=indicator.unit or None, comment=SIMULATED_COMMENT, source=SIMULATED_SOURCE,
                   where=f"{indicator.code}/{region.code}/{year}")
        for year, fall in zip(YEARS, CARBON_FALLS, strict=True)
    ]

    def enter() -> list[int]:
        return enter_values(user=admin, plan=plan, inputs=inputs, channel=Channel.SYSTEM, submit=True,
                            today=SIMULATED_TODAY).value_ids

    try:
        ids = enter()
    except ValuesRejected as exc:
        if exc.errors:
            raise
        for inp in inputs:
            inp.explanation = SIMULATED_COMMENT
        ids = enter()
    return approve_values(user=reviewer, value_ids=ids, channel=Channel.SYSTEM)


def _evidence(indicator: Indicator, reasoning: str) -> io.BytesIO:
    """A short Word document standing in for the bulletin a real judgement would cite, labelled 演示数据."""
    from docx import Document

    document = Document()
    document.add_heading(f"演示数据：{indicator.name} {YEARS[-1]}年研判依据（模拟）", level=1)
    document.add_paragraph("本文件为演示系统生成的模拟材料，并非任何部门发布的文件。")
    document.add_paragraph(reasoning)
    out = io.BytesIO()
    document.save(out)
    out.seek(0)
    return out
