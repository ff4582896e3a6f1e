"""The weekly dispatch sheet (周调度表) for a meeting, built once and written as xlsx or docx.

    sheet = build_dispatch_sheet(user=admin, week="2027-W14", unit=ordos)
    Path("调度表.docx").write_bytes(render_dispatch_sheet(sheet, "docx"))

One row per project that is being prepared or built in the scope (谋划 and 竣工 projects are not on the agenda):
its investment, the week's progress (or "本周未报送"), the procedures still open, and the open 堵点 with who must
solve them by when, overdue ones marked.
"""

from __future__ import annotations

import copy
import io
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext as _

from plantrack.core.errors import InvalidInput
from plantrack.core.weeks import canonical_week, week_end, week_start
from plantrack.orgs.models import OrgUnit, User
from plantrack.projects.models import Blocker, DispatchRecord, Project
from plantrack.projects.selectors import projects_for

FORMATS = ("xlsx", "docx")
COLUMNS = ("序号", "项目名称", "所属地区", "总投资（万元）", "累计完成（万元）", "完成率", "本周进展", "未办结手续",
           "堵点问题（责任单位，时限）")


@dataclass
class DispatchRow:
    name: str
    region: str
    total_wan: Decimal
    completed_wan: Decimal
    progress: str
    open_procedures: list[str]
    blockers: list[str]

    @property
    def completion_rate(self) -> str:
        if not self.total_wan:
            return "—"
        return f"{self.completed_wan / self.total_wan * 100:.1f}%"


@dataclass
class DispatchSheet:
    title: str
    week: str
    first_day: date
    last_day: date
    rows: list[DispatchRow]
    reported: int
    open_blockers: int


def build_dispatch_sheet(*, user: User, week: str, unit: OrgUnit | None = None) -> DispatchSheet:
    """The sheet's content for `week` in `unit`'s subtree (or all the user may read); ValueError for a bad week."""
    week = canonical_week(week)
    first, last = week_start(week), week_end(week)
    projects = list(projects_for(user=user, unit=unit).filter(
        status__in=[Project.Status.PREPARING, Project.Status.BUILDING]).only(
        "pk", "name", "region__name", "region__path", "total_investment_wan", "completed_wan", "open_procedures"))
    ids = [p.pk for p in projects]
    progress = dict(DispatchRecord.objects.filter(project_id__in=ids, week=week).values_list("project_id", "progress"))
    blockers: dict[int, list[str]] = {}
    open_count = 0
    for b in Blocker.objects.filter(project_id__in=ids, resolved_on__isnull=True, raised_week__lte=week) \
            .order_by("due_date", "pk").values_list("project_id", "description", "owner", "due_date"):
        project_id, description, owner, due = b
        late = _("（已超期）") if due < last else ""
        blockers.setdefault(project_id, []).append(f"{description}（{owner}，{due:%Y-%m-%d}前）{late}")
        open_count += 1
    rows = [DispatchRow(name=p.name, region=p.region.name, total_wan=p.total_investment_wan,
                        completed_wan=p.completed_wan, progress=progress.get(p.pk, _("本周未报送")),
                        open_procedures=list(p.open_procedures), blockers=blockers.get(p.pk, []))
            for p in projects]
    where = unit.name if unit is not None else _("全区")
    title = _("%(where)s重大项目周调度表（%(week)s，%(a)s—%(b)s）") % {
        "where": where, "week": week, "a": f"{first:%m月%d日}", "b": f"{last:%m月%d日}"}
    return DispatchSheet(title=title, week=week, first_day=first, last_day=last, rows=rows,
                         reported=len(progress), open_blockers=open_count)


def render_dispatch_sheet(sheet: DispatchSheet, fmt: str) -> bytes:
    if fmt == "xlsx":
        return _xlsx(sheet)
    if fmt == "docx":
        return _docx(sheet)
    raise InvalidInput(_("格式应为 xlsx 或 docx"))


def _summary(sheet: DispatchSheet) -> str:
    return _("调度项目%(n)s个，本周报送%(r)s个，未解决堵点%(b)s个") % {
        "n": len(sheet.rows), "r": sheet.reported, "b": sheet.open_blockers}


def _cells(n: int, row: DispatchRow) -> list[object]:
    return [n, row.name, row.region, float(row.total_wan), float(row.completed_wan), row.completion_rate,
            row.progress, "、".join(row.open_procedures) or "—", "；".join(row.blockers) or "—"]


def _xlsx(sheet: DispatchSheet) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    # Write-only mode streams the rows: a region's 4,000 rows take a fraction of the time of a normal workbook.
    book = Workbook(write_only=True)
    ws = book.create_sheet(sheet.week)
    for letter, width in zip("ABCDEFGHI", (6, 36, 12, 14, 14, 9, 40, 24, 48), strict=True):
        ws.column_dimensions[letter].width = width
    title = WriteOnlyCell(ws, value=sheet.title)
    title.font = Font(bold=True, size=14)
    ws.append([title])
    ws.append([_summary(sheet)])
    bold = Font(bold=True)
    header = []
    for text in COLUMNS:
        cell = WriteOnlyCell(ws, value=text)
        cell.font = bold
        header.append(cell)
    ws.append(header)
    for n, row in enumerate(sheet.rows, start=1):
        ws.append(_cells(n, row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _docx(sheet: DispatchSheet) -> bytes:
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Pt

    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width
    heading = document.add_heading(sheet.title, level=1)
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    document.add_paragraph(_summary(sheet))
    table = document.add_table(rows=2, cols=len(COLUMNS))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, COLUMNS, strict=True):
        cell.text = text
    # python-docx rebuilds the cell grid on every add_row(), which takes a minute for a region's 4,000 rows; one
    # styled row is made through the API and copied as XML for each project instead.
    pattern = table.rows[1]._tr
    for cell in table.rows[1].cells:
        run = cell.paragraphs[0].add_run("-")  # a w:t to fill in
        run.font.size = Pt(9)
    body = pattern.getparent()
    body.remove(pattern)
    for n, row in enumerate(sheet.rows, start=1):
        tr = copy.deepcopy(pattern)
        for t, value in zip(tr.iter(qn("w:t")), _cells(n, row), strict=True):
            t.text = f"{value:,.2f}" if isinstance(value, float) else str(value)
        body.append(tr)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
