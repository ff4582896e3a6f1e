"""The weekly dispatch sheet (周调度表) for Monday's meeting, built once and written as xlsx, docx or PDF (the docx
converted by LibreOffice).

    sheet = build_dispatch_sheet(user=clerk, week="2027-W14", unit=dalad, group_by="place", with_blockers=True)
    Path("调度表.docx").write_bytes(render_dispatch_sheet(sheet, "docx"))

A unit's sheet carries the unit's own title and week and lists the projects being prepared or built (谋划 and 竣工
projects are not on the agenda), grouped by category or by 苏木镇 (建设地点) with a subtotal for each group: the
包联领导 and 责任单位, the annual plan, this week's and the year's completed investment with the rate against the
annual plan (not against the total), planned against actual start, the week's progress (or 本周未报送), 存在问题
together with the open 堵点 and who must solve them by when, and the procedures still open. It can be narrowed to
the projects with a 堵点, with open procedures, or not reported this week.

The region's sheet summarises by 盟市 (one row each: projects, started, plan, completed, rate, projects with a 堵点
or open procedures, not reported) rather than listing thousands of rows no meeting reads; `detail=True` lists them.

The files are written by `meeting_document`, as the monthly review's are, and print by the same rules: A4
landscape, the header row repeated on every page, column widths fitted to their content, page numbers in the footer;
amounts and counts are numbers in the workbook, every other cell is text (a 堵点 starting with = stays text).
A week that has not yet begun is refused by the one clock.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db.models import Sum
from django.utils.translation import gettext as _

from plantrack import clock
from plantrack.core.figures import grouped_figure_text
from plantrack.core.weeks import canonical_week, week_end, week_start
from plantrack.operations.office_pdf import docx_to_pdf
from plantrack.orgs.access import reads_every_unit
from plantrack.orgs.models import OrgUnit, User
from plantrack.projects.meeting_document import MeetingTable, meeting_docx, meeting_xlsx, rate_text
from plantrack.projects.models import Blocker, DispatchRecord, Project, ProjectInvestment
from plantrack.projects.selectors import projects_for
from plantrack.wording import join_words

FORMATS = ("xlsx", "docx", "pdf")
GROUPINGS = ("category", "place", "region")
ZERO = Decimal(0)


@dataclass
class DispatchRow:
    name: str
    region: str
    location: str
    category: str
    leader: str
    responsible: str
    total_wan: Decimal
    annual_plan_wan: Decimal | None
    week_completed_wan: Decimal | None
    year_completed_wan: Decimal | None
    completed_wan: Decimal
    planned_start: date | None
    actual_start: date | None
    progress: str
    reported: bool
    problems: str
    open_procedures: list[str]
    blockers: list[str]

    @property
    def year_rate(self) -> str:
        """The year's completed investment against the year's plan (what the meeting asks), not against the total."""
        return rate_text(self.year_completed_wan, self.annual_plan_wan)

    @property
    def issues(self) -> str:
        return "；".join([p for p in [self.problems] if p] + self.blockers) or "—"


@dataclass
class DispatchGroup:
    name: str
    rows: list[DispatchRow]

    def total(self, attr: str) -> Decimal:
        return sum((getattr(r, attr) or ZERO for r in self.rows), ZERO)


@dataclass
class SummaryRow:
    """One 盟市 on the region's sheet."""

    name: str
    projects: int = 0
    started: int = 0
    annual_plan_wan: Decimal = ZERO
    week_completed_wan: Decimal = ZERO
    year_completed_wan: Decimal = ZERO
    with_blockers: int = 0
    with_open_procedures: int = 0
    unreported: int = 0

    @property
    def start_rate(self) -> str:
        return rate_text(self.started, self.projects)

    @property
    def year_rate(self) -> str:
        return rate_text(self.year_completed_wan, self.annual_plan_wan)


@dataclass
class DispatchSheet:
    title: str
    unit_name: str
    week: str
    year: int
    first_day: date
    last_day: date
    groups: list[DispatchGroup]
    summary: list[SummaryRow] | None
    reported: int
    open_blockers: int
    filters: list[str] = field(default_factory=list)

    @property
    def rows(self) -> list[DispatchRow]:
        return [r for g in self.groups for r in g.rows]

    @property
    def project_count(self) -> int:
        return sum(s.projects for s in self.summary) if self.summary is not None else len(self.rows)


def _scope_name(user: User, unit: OrgUnit | None) -> str:
    if unit is not None:
        return unit.name
    if not reads_every_unit(user) and user.unit is not None:
        return user.unit.name
    root = OrgUnit.objects.filter(parent__isnull=True).exclude(kind=OrgUnit.Kind.DEPARTMENT).order_by("path").first()
    return root.name if root is not None else _("全区")


def build_dispatch_sheet(*, user: User, week: str, unit: OrgUnit | None = None, group_by: str = "category",
                         with_blockers: bool = False, with_open_procedures: bool = False, unreported: bool = False,
                         detail: bool | None = None) -> DispatchSheet:
    """The sheet's content for `week` in `unit`'s subtree (or all the user may read); ValueError for a bad week, a
    week not yet begun, or an unknown grouping."""
    week = canonical_week(week)
    first, last = week_start(week), week_end(week)
    if first > clock.today():
        raise ValueError(_("调度周%(w)s尚未到来") % {"w": week})
    if group_by not in GROUPINGS:
        raise ValueError(_("分组应为 category（类别）、place（建设地点）或 region（地区）"))
    year = first.year
    on_agenda = projects_for(user=user, unit=unit).filter(
        status__in=[Project.Status.PREPARING, Project.Status.BUILDING])
    projects = list(on_agenda.select_related("region").only(
        "pk", "name", "region__name", "region__path", "region__kind", "region__code", "category", "location",
        "liaison_leader", "responsible_unit", "total_investment_wan", "annual_plan_wan", "completed_wan",
        "planned_start", "actual_start", "problems", "open_procedures"))
    # The projects' own rows are asked for with the agenda as a subquery, not a list of thousands of ids (which
    # costs more to build into SQL than to run, and must be cut under SQLite's bound on parameters).
    ids = on_agenda.values("pk")
    records = {d["project_id"]: d for d in DispatchRecord.objects.filter(week=week, project_id__in=ids).values(
        "project_id", "progress", "week_completed_wan")}
    year_rows = {i["project_id"]: i for i in ProjectInvestment.objects.filter(
        year=year, month__isnull=True, project_id__in=ids).values("project_id", "planned_wan", "completed_wan")}
    weekly_sums = {d["project_id"]: d["done"] for d in DispatchRecord.objects.filter(
        week__startswith=f"{year}-W", week__lte=week, project_id__in=ids).values("project_id").annotate(
        done=Sum("week_completed_wan"))}
    blockers: dict[int, list[str]] = {}
    open_count = 0
    for b in Blocker.objects.filter(resolved_on__isnull=True, raised_week__lte=week, project_id__in=ids).order_by(
            "due_date", "pk").values_list("project_id", "description", "owner", "due_date"):
        project_id, description, owner, due = b
        late = _("（已超期）") if due < last else ""
        blockers.setdefault(project_id, []).append(f"{description}（{owner}，{due:%Y-%m-%d}前）{late}")
        open_count += 1
    rows_by_project: list[tuple[Project, DispatchRow]] = []
    for p in projects:
        record = records.get(p.pk)
        plan_row = year_rows.get(p.pk) or {}
        year_done = plan_row.get("completed_wan")
        if year_done is None:
            year_done = weekly_sums.get(p.pk)
        row = DispatchRow(
            name=p.name, region=p.region.name, location=p.location, category=p.category, leader=p.liaison_leader,
            responsible=p.responsible_unit, total_wan=p.total_investment_wan,
            annual_plan_wan=plan_row.get("planned_wan") if plan_row.get("planned_wan") is not None
            else p.annual_plan_wan,
            week_completed_wan=record["week_completed_wan"] if record else None, year_completed_wan=year_done,
            completed_wan=p.completed_wan, planned_start=p.planned_start, actual_start=p.actual_start,
            progress=record["progress"] if record and record["progress"] else (
                _("本周未报送") if record is None else "—"),
            reported=record is not None, problems=p.problems, open_procedures=list(p.open_procedures),
            blockers=blockers.get(p.pk, []))
        if with_blockers and not row.blockers:
            continue
        if with_open_procedures and not row.open_procedures:
            continue
        if unreported and row.reported:
            continue
        rows_by_project.append((p, row))
    filters = [label for on, label in ((with_blockers, _("有堵点")), (with_open_procedures, _("手续未办结")),
                                       (unreported, _("本周未报送"))) if on]
    scope = _scope_name(user, unit)
    region_wide = (unit is None and reads_every_unit(user)) or (unit is not None and unit.kind == OrgUnit.Kind.REGION)
    summary = None
    groups: list[DispatchGroup] = []
    if region_wide and not detail:
        summary = _summary_by_prefecture(rows_by_project)
    else:
        grouped: dict[str, list[DispatchRow]] = {}
        for _p, row in rows_by_project:
            key = {"category": row.category, "place": row.location or row.region, "region": row.region}[group_by]
            grouped.setdefault(key or _("其他"), []).append(row)
        groups = [DispatchGroup(name, rows) for name, rows in grouped.items()]
    iso_year, iso_week = week.split("-W")
    title = _("%(where)s重大项目周调度表") % {"where": scope}
    subtitle = _("%(y)s年第%(w)s周（%(a)s—%(b)s）") % {"y": iso_year, "w": int(iso_week), "a": f"{first:%m月%d日}",
                                                    "b": f"{last:%m月%d日}"}
    return DispatchSheet(title=f"{title}（{subtitle}）", unit_name=scope, week=week, year=year, first_day=first,
                         last_day=last, groups=groups, summary=summary,
                         reported=sum(1 for _p, r in rows_by_project if r.reported), open_blockers=open_count,
                         filters=filters)


def _summary_by_prefecture(rows: list[tuple[Project, DispatchRow]]) -> list[SummaryRow]:
    prefectures = {u.path: u.name for u in OrgUnit.objects.filter(kind=OrgUnit.Kind.PREFECTURE)}
    by_name: dict[str, SummaryRow] = {}
    order: dict[str, str] = {}
    for project, row in rows:
        path = "/".join(project.region.path.split("/")[:2]) + "/"
        name = prefectures.get(path, project.region.name)
        order.setdefault(name, path)
        s = by_name.setdefault(name, SummaryRow(name))
        s.projects += 1
        s.started += row.actual_start is not None
        s.annual_plan_wan += row.annual_plan_wan or ZERO
        s.week_completed_wan += row.week_completed_wan or ZERO
        s.year_completed_wan += row.year_completed_wan or ZERO
        s.with_blockers += bool(row.blockers)
        s.with_open_procedures += bool(row.open_procedures)
        s.unreported += not row.reported
    return [by_name[n] for n in sorted(by_name, key=lambda n: order[n])]


# -- the table as rows of text -----------------------------------------------------------------------------------------


def _columns(sheet: DispatchSheet) -> list[str]:
    if sheet.summary is not None:
        return ["序号", "盟市", "调度项目（个）", "已开工（个）", "开复工率", f"{sheet.year}年计划投资（万元）",
                "本周完成（万元）", "年度累计完成（万元）", "完成率", "有堵点（个）", "手续未办结（个）",
                "本周未报送（个）"]
    return ["序号", "项目名称", "建设地点", "包联领导", "责任单位", "总投资（万元）", f"{sheet.year}年计划投资（万元）",
            "本周完成（万元）", "年度累计完成（万元）", "完成率", "计划开工", "实际开工", "本周进展",
            "存在问题及堵点（责任单位，时限）", "未办结手续"]


def _day(value: date | None) -> str:
    return f"{value:%Y-%m-%d}" if value else "—"


def _table(sheet: DispatchSheet) -> MeetingTable:
    """The sheet as one table: the region's 盟市 with their total, or each group's heading, projects and subtotal."""
    columns = _columns(sheet)
    rows: list[list[str]] = []
    bold: set[int] = set()
    groups: set[int] = set()
    if sheet.summary is not None:
        total = SummaryRow(_("合计"))
        for s in sheet.summary:
            for attr in ("projects", "started", "annual_plan_wan", "week_completed_wan", "year_completed_wan",
                         "with_blockers", "with_open_procedures", "unreported"):
                setattr(total, attr, getattr(total, attr) + getattr(s, attr))
        for n, s in enumerate([*sheet.summary, total], start=1):
            rows.append([str(n) if s is not total else "", s.name, str(s.projects), str(s.started), s.start_rate,
                         *map(grouped_figure_text, (s.annual_plan_wan, s.week_completed_wan, s.year_completed_wan)),
                         s.year_rate, str(s.with_blockers), str(s.with_open_procedures), str(s.unreported)])
        bold.add(len(rows) - 1)
        numeric = (0, 2, 3, 5, 6, 7, 9, 10, 11)
    else:
        n = 0
        for group in sheet.groups:
            groups.add(len(rows))
            rows.append([f"{group.name}（{len(group.rows)}个）"] + [""] * (len(columns) - 1))
            for row in group.rows:
                n += 1
                amounts = (row.total_wan, row.annual_plan_wan, row.week_completed_wan, row.year_completed_wan)
                rows.append([str(n), row.name, row.location or row.region, row.leader or "—", row.responsible or "—",
                             *map(grouped_figure_text, amounts), row.year_rate, _day(row.planned_start),
                             _day(row.actual_start), row.progress, row.issues, "、".join(row.open_procedures) or "—"])
            plan, done = group.total("annual_plan_wan"), group.total("year_completed_wan")
            bold.add(len(rows))
            rows.append(["", _("小计"), "", "", "", *map(grouped_figure_text, (
                group.total("total_wan"), plan, group.total("week_completed_wan"), done)), rate_text(done, plan),
                "", "", "", "", ""])
        numeric = (0, 5, 6, 7, 8)
    return MeetingTable(sheet=sheet.week, heading="", columns=columns, rows=rows, bold=frozenset(bold),
                        numeric=numeric, groups=frozenset(groups))


def _summary_line(sheet: DispatchSheet) -> str:
    text = _("调度项目%(n)s个，本周报送%(r)s个，未解决堵点%(b)s个") % {
        "n": sheet.project_count, "r": sheet.reported, "b": sheet.open_blockers}
    if sheet.filters:
        text += _("（仅列：%(f)s）") % {"f": join_words(sheet.filters)}
    return text


def page_pdf_timeout() -> float:
    """How long a page waits for LibreOffice: the PDF setting, but always inside the web server's own timeout, so
    the clerk reads why it failed instead of the proxy's error page."""
    return float(min(settings.PLANTRACK_PDF_TIMEOUT, max(5, settings.PLANTRACK_WEB_TIMEOUT - 10)))


def render_dispatch_sheet(sheet: DispatchSheet, fmt: str, *, pdf_timeout: float | None = None) -> bytes:
    """The sheet as `fmt`; a PDF is the docx converted by LibreOffice within `pdf_timeout` seconds (default
    PLANTRACK_PDF_TIMEOUT), else PdfConversionFailed says why."""
    if fmt not in FORMATS:
        raise ValueError(_("格式应为 xlsx、docx 或 pdf"))
    write = meeting_xlsx if fmt == "xlsx" else meeting_docx
    data = write(title=sheet.title, lines=[_summary_line(sheet)], tables=[_table(sheet)])
    return docx_to_pdf(data, timeout=pdf_timeout) if fmt == "pdf" else data
