"""The monthly project review (重大项目月研判): how far the year's projects have got, where, and what holds them up.

    review = build_monthly_review(user=office, month="2027-04", unit=ordos)
    Path("月研判.docx").write_bytes(review_docx(review))

For the projects being prepared, built or completed in the scope, as of the month's last day:

- 开复工率: of the projects planned to start by then (or already started), the share that has started (an actual
  start on or before that day, or 在建/竣工 status);
- investment against the annual plan: the year's completed investment (the year's recorded figure, else the weekly
  dispatches' sums up to that month) over the year's plan, by 旗县 (or by 盟市 for the region) and by category;
- lagging projects: the year's rate below `lag_ratio` (the office's choice, 0.8 by default) times the share of the
  year gone (April's end: 4/12);
- procedures open too long: open ones first seen open `long_open_days` (90 by default) or more before that day.

A month not yet begun is refused by the one clock.
"""

from __future__ import annotations

import calendar
import io
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Sum
from django.utils.translation import gettext as _

from plantrack import clock
from plantrack.orgs.access import reads_every_unit
from plantrack.orgs.models import OrgUnit, User
from plantrack.projects.models import DispatchRecord, Project, ProjectInvestment, ProjectProcedure
from plantrack.projects.selectors import projects_for

ZERO = Decimal(0)
_MONTH = re.compile(r"^\s*(\d{4})\s*(?:-|M|年)\s*(\d{1,2})\s*月?\s*$")


@dataclass
class ReviewLine:
    name: str
    projects: int = 0
    due_to_start: int = 0
    started: int = 0
    annual_plan_wan: Decimal = ZERO
    year_completed_wan: Decimal = ZERO

    @property
    def start_rate(self) -> str:
        return f"{self.started / self.due_to_start * 100:.1f}%" if self.due_to_start else "—"

    @property
    def plan_rate(self) -> str:
        return f"{self.year_completed_wan / self.annual_plan_wan * 100:.1f}%" if self.annual_plan_wan else "—"


@dataclass
class LaggingProject:
    name: str
    region: str
    annual_plan_wan: Decimal
    year_completed_wan: Decimal
    rate: float


@dataclass
class LongOpenProcedure:
    project: str
    region: str
    procedure: str
    days_open: int


@dataclass
class MonthlyReview:
    title: str
    year: int
    month: int
    last_day: date
    elapsed_share: float
    total: ReviewLine
    by_place: list[ReviewLine]
    by_category: list[ReviewLine]
    lagging: list[LaggingProject] = field(default_factory=list)
    long_open: list[LongOpenProcedure] = field(default_factory=list)


def read_month(text: str) -> tuple[int, int]:
    """"2027-04", "2027M04" or "2027年4月" → (2027, 4); ValueError with a Chinese reason otherwise."""
    m = _MONTH.match(str(text))
    if not m or not 1 <= int(m.group(2)) <= 12:
        raise ValueError(_("“%(t)s”不是月份，应写成 2027-04") % {"t": text})
    return int(m.group(1)), int(m.group(2))


def build_monthly_review(*, user: User, month: str, unit: OrgUnit | None = None, lag_ratio: float = 0.8,
                         long_open_days: int = 90) -> MonthlyReview:
    year, number = read_month(month)
    first = date(year, number, 1)
    if first > clock.today():
        raise ValueError(_("%(y)s年%(m)s月尚未到来") % {"y": year, "m": number})
    last = date(year, number, calendar.monthrange(year, number)[1])
    elapsed = number / 12
    projects = list(projects_for(user=user, unit=unit).filter(
        status__in=[Project.Status.PREPARING, Project.Status.BUILDING, Project.Status.COMPLETED])
        .select_related("region"))
    ids = [p.pk for p in projects]
    plans = {i["project_id"]: i for i in _chunked(ProjectInvestment.objects.filter(
        year=year, month__isnull=True).values("project_id", "planned_wan", "completed_wan"), ids)}
    weekly = {d["project_id"]: d["done"] for d in _chunked(DispatchRecord.objects.filter(
        week__startswith=f"{year}-W", week__lte=f"{year}-W{last.isocalendar()[1]:02d}").values("project_id")
        .annotate(done=Sum("week_completed_wan")), ids)}
    by_level = unit is not None and unit.kind != OrgUnit.Kind.REGION or (
        unit is None and not reads_every_unit(user))
    prefectures = {u.path: u.name for u in OrgUnit.objects.filter(kind=OrgUnit.Kind.PREFECTURE)}
    total = ReviewLine(_("合计"))
    places: dict[str, ReviewLine] = {}
    categories: dict[str, ReviewLine] = {}
    lagging: list[LaggingProject] = []
    for p in projects:
        plan_row = plans.get(p.pk) or {}
        plan = plan_row.get("planned_wan") if plan_row.get("planned_wan") is not None else p.annual_plan_wan
        done = plan_row.get("completed_wan")
        if done is None:
            done = weekly.get(p.pk) or ZERO
        started = (p.actual_start is not None and p.actual_start <= last) or (
            p.actual_start is None and p.status in (Project.Status.BUILDING, Project.Status.COMPLETED))
        due = started or (p.planned_start is not None and p.planned_start <= last)
        place = p.region.name if by_level else prefectures.get("/".join(p.region.path.split("/")[:2]) + "/",
                                                              p.region.name)
        for line in (total, places.setdefault(place, ReviewLine(place)),
                     categories.setdefault(p.category or _("其他"), ReviewLine(p.category or _("其他")))):
            line.projects += 1
            line.due_to_start += due
            line.started += started
            line.annual_plan_wan += plan or ZERO
            line.year_completed_wan += done
        if plan and float(done / plan) < lag_ratio * elapsed:
            lagging.append(LaggingProject(p.name, p.region.name, plan, done, float(done / plan)))
    lagging.sort(key=lambda x: x.rate)
    cutoff = last - timedelta(days=long_open_days)
    long_open = [LongOpenProcedure(proc.project.name, proc.project.region.name, proc.kind.name,
                                   (last - proc.opened_on).days)
                 for proc in _chunked(ProjectProcedure.objects.filter(
                     state__in=ProjectProcedure.OPEN_STATES, opened_on__lte=cutoff).select_related(
                     "project__region", "kind"), ids)]
    long_open.sort(key=lambda x: -x.days_open)
    scope = unit.name if unit is not None else (user.unit.name if by_level and user.unit else _("全区"))
    title = _("%(s)s重大项目月研判（%(y)s年%(m)s月）") % {"s": scope, "y": year, "m": number}
    return MonthlyReview(title=title, year=year, month=number, last_day=last, elapsed_share=elapsed, total=total,
                         by_place=list(places.values()), by_category=list(categories.values()), lagging=lagging,
                         long_open=long_open)


def _chunked(queryset, ids: list[int], size: int = 900) -> list:
    found = []
    for start in range(0, len(ids), size):
        found.extend(queryset.filter(project_id__in=ids[start:start + size]))
    return found


def review_docx(review: MonthlyReview) -> bytes:
    """The review as a Word document: a summary paragraph, then one table for each part."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    document = Document()
    document.styles["Normal"].font.size = Pt(10)
    heading = document.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = heading.add_run(review.title)
    run.bold, run.font.size = True, Pt(16)
    t = review.total
    document.add_paragraph(_(
        "截至%(d)s，在库重大项目%(n)s个，应开工%(due)s个，已开复工%(s)s个，开复工率%(sr)s；年度计划投资%(p)s万元，"
        "完成%(c)s万元，完成率%(pr)s（时序进度%(e).1f%%）；投资滞后项目%(l)s个，审批手续办理超过期限的%(o)s项。") % {
        "d": f"{review.last_day:%Y年%m月%d日}", "n": t.projects, "due": t.due_to_start, "s": t.started,
        "sr": t.start_rate, "p": f"{t.annual_plan_wan:,.0f}", "c": f"{t.year_completed_wan:,.0f}",
        "pr": t.plan_rate, "e": review.elapsed_share * 100, "l": len(review.lagging), "o": len(review.long_open)})

    def table(title: str, header: list[str], rows: list[list[str]]) -> None:
        document.add_heading(title, level=2)
        grid = document.add_table(rows=1, cols=len(header))
        grid.style = "Table Grid"
        for cell, text in zip(grid.rows[0].cells, header, strict=True):
            cell.text = text
        for values in rows or [["—"] + [""] * (len(header) - 1)]:
            for cell, text in zip(grid.add_row().cells, values, strict=True):
                cell.text = text

    def lines(items: list[ReviewLine]) -> list[list[str]]:
        return [[x.name, str(x.projects), str(x.due_to_start), str(x.started), x.start_rate,
                 f"{x.annual_plan_wan:,.0f}", f"{x.year_completed_wan:,.0f}", x.plan_rate] for x in [*items, t]]

    header = [_("地区/类别"), _("项目"), _("应开工"), _("已开复工"), _("开复工率"), _("年度计划（万元）"),
              _("年度完成（万元）"), _("完成率")]
    table(_("一、分地区"), header, lines(review.by_place))
    table(_("二、分类别"), header, lines(review.by_category))
    table(_("三、投资滞后项目"), [_("项目"), _("地区"), _("年度计划（万元）"), _("年度完成（万元）"), _("完成率")],
          [[x.name, x.region, f"{x.annual_plan_wan:,.0f}", f"{x.year_completed_wan:,.0f}", f"{x.rate * 100:.1f}%"]
           for x in review.lagging[:200]])
    table(_("四、审批手续办理时间过长"), [_("项目"), _("地区"), _("手续"), _("已办理天数")],
          [[x.project, x.region, x.procedure, str(x.days_open)] for x in review.long_open[:200]])
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
