"""The monthly project review (重大项目月研判): how far the year's projects have got, where, and what holds them up.

    review = build_monthly_review(user=office, month="2027-04", unit=ordos, by="county")
    Path("月研判.docx").write_bytes(render_monthly_review(review, "docx"))

For the projects being prepared, built or completed in the reader's scope, as of the month's last day:

- 开复工率: of the projects planned to start by then (or already started), the share that has started (an actual
  start on or before that day, or 在建/竣工 status without an actual start date);
- investment against the annual plan: the year's completed investment (the year's recorded figure, else the weekly
  dispatches' sums up to that month) over the year's plan, by 旗县, by 盟市 or by category, with the total;
- lagging projects: the year's rate below `lag_ratio` (the office's choice, 0.8 by default) times the share of the
  year gone (April's end: 4/12), or a planned start passed without a start; a completed project is not lagging;
- procedures open too long: open ones first seen open `long_open_days` (90 by default) or more before that day.

The page, the Word document, the workbook and the command line's text all show `review_tables(review)`. A month
that has not ended by the one clock is refused: its figures are not in yet.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

from django.db.models import Q, Sum
from django.utils.translation import gettext as _

from plantrack import clock
from plantrack.core.figures import figure_text, percent_text
from plantrack.core.weeks import week_of
from plantrack.operations.office_pdf import docx_to_pdf
from plantrack.orgs.access import reads_every_unit
from plantrack.orgs.models import OrgUnit, User
from plantrack.projects.meeting_document import MeetingTable, display_len, meeting_docx, meeting_xlsx, rate_text
from plantrack.projects.models import Blocker, DispatchRecord, Project, ProjectInvestment, ProjectProcedure
from plantrack.projects.selectors import projects_for

ZERO = Decimal(0)
BREAKDOWNS = ("county", "prefecture", "category")
FORMATS = ("text", "docx", "xlsx", "pdf")
DEFAULT_LAG_RATIO = Decimal("0.8")
DEFAULT_LONG_OPEN_DAYS = 90
_MONTH = re.compile(r"^\s*(\d{4})\s*(?:-|M|年)\s*(\d{1,2})\s*月?\s*$")


def breakdown_label(by: str) -> str:
    return {"county": _("按旗县（市、区）"), "prefecture": _("按盟市"), "category": _("按项目类别")}[by]


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
        return rate_text(self.started, self.due_to_start)

    @property
    def plan_rate(self) -> str:
        return rate_text(self.year_completed_wan, self.annual_plan_wan)


@dataclass
class LaggingProject:
    name: str
    region: str
    leader: str
    responsible: str
    annual_plan_wan: Decimal | None
    year_completed_wan: Decimal
    reasons: list[str]
    issues: list[str]  # 存在问题 and the 堵点 open at the month's end, each with who must solve it by when
    rate: float | None  # the year's completed over the year's plan; None without a plan

    @property
    def rate_text(self) -> str:
        return percent_text(self.rate)


@dataclass
class LongOpenProcedure:
    project: str
    region: str
    procedure: str
    department: str
    opened_on: date
    expected_on: date | None
    days_open: int


@dataclass
class MonthlyReview:
    title: str
    year: int
    month: int
    last_day: date
    elapsed_share: Decimal
    lag_ratio: Decimal
    long_open_days: int
    by: str
    total: ReviewLine
    breakdowns: dict[str, list[ReviewLine]]
    lagging: list[LaggingProject] = field(default_factory=list)
    long_open: list[LongOpenProcedure] = field(default_factory=list)

    @property
    def lines(self) -> list[ReviewLine]:
        """The lines of the chosen breakdown."""
        return self.breakdowns[self.by]

    @property
    def lag_threshold(self) -> str:
        return percent_text(self.lag_ratio * self.elapsed_share)

    @property
    def elapsed_text(self) -> str:
        return percent_text(self.elapsed_share)

    def summary(self) -> str:
        t = self.total
        return _(
            "截至%(d)s，纳入研判的项目%(n)s个，应开工%(due)s个，已开复工%(s)s个，开复工率%(sr)s；本年计划投资"
            "%(p)s万元，完成%(c)s万元，完成率%(pr)s（时序进度%(e)s）；滞后项目%(l)s个，审批手续办理超过%(days)s天的"
            "%(o)s项。") % {
            "d": _day_text(self.last_day), "n": t.projects, "due": t.due_to_start, "s": t.started,
            "sr": t.start_rate, "p": figure_text(t.annual_plan_wan), "c": figure_text(t.year_completed_wan),
            "pr": t.plan_rate, "e": self.elapsed_text, "l": len(self.lagging), "days": self.long_open_days,
            "o": len(self.long_open)}

    def definitions(self) -> list[str]:
        """What each figure means, said on the page and in every file."""
        d = _day_text(self.last_day)
        return [
            _("开复工率 = 已开复工项目数 ÷ 应开工项目数。应开工：计划开工日期不晚于%(d)s，或已经开工；已开复工："
              "实际开工日期不晚于%(d)s，或未填实际开工日期而状态为在建、竣工。纳入研判的是前期、在建和竣工项目，"
              "不含谋划项目。") % {"d": d},
            _("投资完成率 = 本年完成投资 ÷ 本年计划投资。本年完成投资取项目的年度投资记录，没有记录的取本年各周调度"
              "填报的本周完成投资之和（至%(d)s所在周）。时序进度 = %(m)s ÷ 12 = %(e)s。") % {
                "d": d, "m": self.month, "e": self.elapsed_text},
            _("滞后项目：投资完成率低于时序进度的%(r)s（即低于%(t)s），或计划开工日期已过仍未开工；竣工项目不列。")
            % {"r": percent_text(self.lag_ratio, decimals=0), "t": self.lag_threshold},
            _("手续办理时间过长：办理中、未启动或未填写的审批手续，自首次登记为未办结之日起至%(d)s已满%(n)s天。")
            % {"d": d, "n": self.long_open_days},
        ]


def _day_text(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def read_month(text: str) -> tuple[int, int]:
    """"2027-04", "2027M04" or "2027年4月" → (2027, 4); ValueError with a Chinese reason otherwise."""
    m = _MONTH.match(str(text))
    if not m or not 1 <= int(m.group(2)) <= 12 or int(m.group(1)) < 1900:
        raise ValueError(_("“%(t)s”不是月份，应写成 2027-04") % {"t": str(text)[:20]})
    return int(m.group(1)), int(m.group(2))


def last_ended_month(today: date | None = None) -> str:
    """The latest month that has ended by the one clock, as "2027-04": the month a review is usually asked for."""
    today = today or clock.today()
    before = today.replace(day=1) - timedelta(days=1)
    return f"{before.year}-{before.month:02d}"


def build_monthly_review(*, user: User, month: str, unit: OrgUnit | None = None, by: str | None = None,
                         lag_ratio: Decimal | float | str = DEFAULT_LAG_RATIO,
                         long_open_days: int = DEFAULT_LONG_OPEN_DAYS) -> MonthlyReview:
    """The review of `month` for the projects `user` may read (of `unit`'s subtree if given); ValueError with a
    Chinese reason for a month that is not one or has not ended, an unknown breakdown or a threshold out of range.

    `by` chooses the breakdown shown: county, prefecture or category; by default 盟市 for the whole region and
    旗县 below it.
    """
    year, number = read_month(month)
    last = date(year, number, calendar.monthrange(year, number)[1])
    if last >= clock.today():
        raise ValueError(_("%(y)s年%(m)s月尚未结束，月研判在次月才能生成") % {"y": year, "m": number})
    if by is not None and by not in BREAKDOWNS:
        raise ValueError(_("分组应为 county（旗县）、prefecture（盟市）或 category（类别）"))
    try:
        ratio = Decimal(str(lag_ratio).strip())
    except InvalidOperation:
        ratio = None
    if ratio is None or not ratio.is_finite() or not ZERO < ratio <= 1:
        raise ValueError(_("滞后比例应大于0且不超过1，现为%(r)s") % {"r": str(lag_ratio)[:20]})
    if not 1 <= long_open_days <= 3650:
        raise ValueError(_("手续办理天数应在1到3650之间，现为%(n)s") % {"n": long_open_days})
    elapsed = Decimal(number) / 12
    threshold = ratio * elapsed
    projects = list(projects_for(user=user, unit=unit).filter(
        status__in=[Project.Status.PREPARING, Project.Status.BUILDING, Project.Status.COMPLETED])
        .select_related("region").only(
        "pk", "name", "region__name", "region__path", "region__kind", "category", "liaison_leader",
        "responsible_unit", "annual_plan_wan", "planned_start", "actual_start", "status", "problems"))
    ids = [p.pk for p in projects]
    plans = {i["project_id"]: i for i in _chunked(ProjectInvestment.objects.filter(
        year=year, month__isnull=True).values("project_id", "planned_wan", "completed_wan"), ids)}
    # The ISO week holding the month's last day: a week written "2028-W01" may still end in December 2027.
    weekly = {d["project_id"]: d["done"] for d in _chunked(DispatchRecord.objects.filter(
        week__startswith=f"{year}-W", week__lte=week_of(last)).values("project_id")
        .annotate(done=Sum("week_completed_wan")), ids)}
    region_wide = (unit is None and reads_every_unit(user)) or (unit is not None and unit.kind == OrgUnit.Kind.REGION)
    by = by or ("prefecture" if region_wide else "county")
    prefectures = {u.path: u.name for u in OrgUnit.objects.filter(kind=OrgUnit.Kind.PREFECTURE)}
    total = ReviewLine(_("合计"))
    groups: dict[str, dict[str, ReviewLine]] = {key: {} for key in BREAKDOWNS}
    lagging_projects: list[tuple[Project, LaggingProject]] = []
    for p in projects:
        plan_row = plans.get(p.pk) or {}
        plan = plan_row.get("planned_wan") if plan_row.get("planned_wan") is not None else p.annual_plan_wan
        done = plan_row.get("completed_wan")
        if done is None:
            done = weekly.get(p.pk) or ZERO
        started = (p.actual_start is not None and p.actual_start <= last) or (
            p.actual_start is None and p.status in (Project.Status.BUILDING, Project.Status.COMPLETED))
        due = started or (p.planned_start is not None and p.planned_start <= last)
        keys = {"county": p.region.name,
                "prefecture": prefectures.get("/".join(p.region.path.split("/")[:2]) + "/", p.region.name),
                "category": p.category or _("其他")}
        for line in (total, *(groups[k].setdefault(name, ReviewLine(name)) for k, name in keys.items())):
            line.projects += 1
            line.due_to_start += due
            line.started += started
            line.annual_plan_wan += plan or ZERO
            line.year_completed_wan += done
        if p.status == Project.Status.COMPLETED:
            continue
        reasons = []
        if plan and done / plan < threshold:
            reasons.append(_("完成率低于%(t)s") % {"t": percent_text(threshold)})
        if not started and p.planned_start is not None and p.planned_start <= last:
            reasons.append(_("计划%(d)s开工，尚未开工") % {"d": f"{p.planned_start:%Y-%m-%d}"})
        if reasons:
            lagging_projects.append((p, LaggingProject(
                p.name, p.region.name, p.liaison_leader, p.responsible_unit, plan, done, reasons,
                [p.problems] if p.problems else [], float(done / plan) if plan else None)))
    _add_blockers(lagging_projects, last)
    lagging = [x for _p, x in lagging_projects]
    lagging.sort(key=lambda x: (x.rate is None, x.rate or 0, x.name))
    cutoff = last - timedelta(days=long_open_days)
    # as plain values: a region's thousands of open procedures as model instances (with each project's JSON
    # columns) took most of the review's time
    long_open = [LongOpenProcedure(name, region, kind, department, opened, expected, (last - opened).days)
                 for name, region, kind, department, opened, expected in _chunked(ProjectProcedure.objects.filter(
                     state__in=ProjectProcedure.OPEN_STATES, opened_on__lte=cutoff).values_list(
                     "project__name", "project__region__name", "kind__name", "department", "opened_on",
                     "expected_on"), ids)]
    long_open.sort(key=lambda x: (-x.days_open, x.project, x.procedure))
    scope = unit.name if unit is not None else (
        user.unit.name if not reads_every_unit(user) and user.unit else _("全区"))
    title = _("%(s)s重大项目月研判（%(y)s年%(m)s月）") % {"s": scope, "y": year, "m": number}
    return MonthlyReview(title=title, year=year, month=number, last_day=last, elapsed_share=elapsed,
                         lag_ratio=ratio, long_open_days=long_open_days, by=by, total=total,
                         breakdowns={k: _ordered(k, v) for k, v in groups.items()}, lagging=lagging,
                         long_open=long_open)


def _ordered(by: str, lines: dict[str, ReviewLine]) -> list[ReviewLine]:
    """Places in the tree's order (the projects come by path); categories biggest annual plan first."""
    if by != "category":
        return list(lines.values())
    return sorted(lines.values(), key=lambda x: (-x.annual_plan_wan, x.name))


def _add_blockers(lagging: list[tuple[Project, LaggingProject]], last: date) -> None:
    """Each lagging project's 堵点 that were open at the month's end, with who must solve them by when."""
    by_id = {p.pk: x for p, x in lagging}
    open_then = Blocker.objects.filter(Q(resolved_on__isnull=True) | Q(resolved_on__gt=last),
                                       raised_week__lte=week_of(last)).order_by("due_date", "pk")
    for project_id, description, owner, due in _chunked(
            open_then.values_list("project_id", "description", "owner", "due_date"), list(by_id)):
        late = _("（已超期）") if due < last else ""
        by_id[project_id].issues.append(
            _("堵点：%(d)s（%(o)s，%(due)s前）%(late)s") % {"d": description, "o": owner,
                                                         "due": f"{due:%Y-%m-%d}", "late": late})


def _chunked(queryset, ids: list[int], size: int = 900) -> list:
    found = []
    for start in range(0, len(ids), size):
        found.extend(queryset.filter(project_id__in=ids[start:start + size]))
    return found


# -- the review as tables, for every file ------------------------------------------------------------------------------


def review_tables(review: MonthlyReview) -> list[MeetingTable]:
    """The three tables of the review: the chosen breakdown with its total, the lagging projects, the procedures
    open too long."""
    label = breakdown_label(review.by)
    place = {"county": _("旗县（市、区）"), "prefecture": _("盟市"), "category": _("项目类别")}[review.by]
    lines = [[x.name, str(x.projects), str(x.due_to_start), str(x.started), x.start_rate,
              figure_text(x.annual_plan_wan), figure_text(x.year_completed_wan), x.plan_rate]
             for x in [*review.lines, review.total]]
    breakdown = MeetingTable(
        sheet=_("开复工与投资"), heading=_("一、开复工与投资完成情况（%(b)s）") % {"b": label},
        columns=[place, _("项目（个）"), _("应开工（个）"), _("已开复工（个）"), _("开复工率"),
                 _("本年计划投资（万元）"), _("本年完成投资（万元）"), _("完成率")],
        rows=lines, bold=frozenset({len(lines) - 1}), numeric=(1, 2, 3, 5, 6))
    lagging = MeetingTable(
        sheet=_("滞后项目"), heading=_("二、滞后项目"),
        note=_("%(n)s个，按完成率从低到高") % {"n": len(review.lagging)},
        columns=[_("序号"), _("项目名称"), _("所属地区"), _("包联领导"), _("责任单位"), _("本年计划投资（万元）"),
                 _("本年完成投资（万元）"), _("完成率"), _("滞后情形"), _("存在问题及堵点")],
        rows=[[str(n), x.name, x.region, x.leader or "—", x.responsible or "—",
               figure_text(x.annual_plan_wan, missing="—"), figure_text(x.year_completed_wan), x.rate_text,
               "；".join(x.reasons), "；".join(x.issues) or "—"] for n, x in enumerate(review.lagging, start=1)],
        numeric=(0, 5, 6))
    long_open = MeetingTable(
        sheet=_("手续办理超期"), heading=_("三、审批手续办理时间过长"),
        note=_("%(n)s项，已满%(d)s天，按办理天数从多到少") % {"n": len(review.long_open), "d": review.long_open_days},
        columns=[_("序号"), _("项目名称"), _("所属地区"), _("手续"), _("审批部门"), _("开始办理"), _("预计办结"),
                 _("已办理天数")],
        rows=[[str(n), x.project, x.region, x.procedure, x.department or "—", f"{x.opened_on:%Y-%m-%d}",
               f"{x.expected_on:%Y-%m-%d}" if x.expected_on else "—", str(x.days_open)]
              for n, x in enumerate(review.long_open, start=1)],
        numeric=(0, 7))
    return [breakdown, lagging, long_open]


def render_monthly_review(review: MonthlyReview, fmt: str, *, pdf_timeout: float | None = None) -> bytes:
    """The review as text (UTF-8), docx, xlsx or pdf, with the same title, summary, definitions and tables; a PDF is
    the docx converted by LibreOffice within `pdf_timeout` seconds, else PdfConversionFailed says why."""
    lines = [review.summary(), *review.definitions()]
    if fmt == "docx":
        return meeting_docx(title=review.title, lines=lines, tables=review_tables(review))
    if fmt == "pdf":
        return docx_to_pdf(meeting_docx(title=review.title, lines=lines, tables=review_tables(review)),
                           timeout=pdf_timeout)
    if fmt == "xlsx":
        return meeting_xlsx(title=review.title, lines=lines, tables=review_tables(review))
    if fmt == "text":
        return _text(review.title, lines, review_tables(review)).encode("utf-8")
    raise ValueError(_("格式应为 text、docx、xlsx 或 pdf"))


def _text(title: str, lines: list[str], tables: list[MeetingTable]) -> str:
    out = [title, "", *lines]
    for table in tables:
        out += ["", table.heading + (f"（{table.note}）" if table.note else "")]
        rows = [table.columns, *table.rows] if table.rows else [table.columns, [_("（无）")] + [""] * (
            len(table.columns) - 1)]
        widths = [max(display_len(r[i]) for r in rows) for i in range(len(table.columns))]
        for row in rows:
            out.append("  ".join(text + " " * (w - display_len(text)) for text, w in zip(row, widths, strict=True))
                       .rstrip())
    return "\n".join(out) + "\n"
