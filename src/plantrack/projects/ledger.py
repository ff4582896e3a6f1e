"""The project ledger (重大项目台账) in the Excel layout offices pass around: read all or nothing, and written back.

    result = import_ledger(user=admin, source=Path("重大项目台账.xlsx"), name="重大项目台账.xlsx")
    result.created, result.updated, result.unchanged

The header row may stand under a merged title row or two (and over a second header row naming the procedures
under a "手续办理情况" group); columns are found by their Chinese names in any order. Amounts are 万元 unless the
column header (or a "单位：亿元" line above it) says 亿元. 合计/小计 rows, spacer rows and group rows ("一、能源项目")
are skipped. A project is matched by its code, else by its name within its region, so the same ledger twice changes
nothing and a later one updates the projects it names. Any problem refuses the whole file; each error names its row
and column.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import IO

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

from plantrack import clock
from plantrack.core.deadlines import read_deadline
from plantrack.errors import message_of
from plantrack.orgs.models import OrgUnit, User
from plantrack.projects.access import can_edit_project_of
from plantrack.projects.errors import ProjectRejected
from plantrack.projects.models import ProcedureKind, Project, ProjectProcedure
from plantrack.projects.services import ProcedureState, ProjectFields, check_project_fields, save_project
from plantrack.uploads import UploadRefused, read_table

MAX_ERRORS = 50
HEADER_SEARCH_ROWS = 10
COLUMNS = {
    "seq": ("序号",),
    "code": ("项目代码", "项目编码", "统一项目代码", "投资项目代码"),
    "name": ("项目名称", "名称"),
    "region": ("建设地点", "所属地区", "所在地区", "项目所在地", "地区", "所属旗县", "旗县", "盟市"),
    "owner": ("项目单位", "业主单位", "建设单位", "项目业主"),
    "category": ("项目类别", "类别", "项目类型", "行业类别", "所属行业"),
    "content": ("建设内容", "建设内容及规模", "主要建设内容", "建设规模及内容"),
    "total": ("总投资", "计划总投资", "项目总投资"),
    "annual_plan": ("年度计划投资", "本年计划投资", "计划投资", "年度计划"),
    "completed": ("累计完成投资", "完成投资", "累计完成", "截至目前累计完成投资", "已完成投资"),
    "start": ("计划开工", "计划开工时间", "开工时间"),
    "completion": ("计划竣工", "计划竣工时间", "竣工时间", "计划完工时间"),
    "status": ("项目状态", "状态", "建设状态", "项目进展阶段"),
    "problems": ("存在问题", "堵点", "存在问题/堵点", "存在问题堵点", "存在问题及堵点", "存在的问题", "问题及堵点"),
}
LABELS = {"seq": "序号", "code": "项目代码", "name": "项目名称", "region": "所属地区", "owner": "项目单位",
          "category": "项目类别", "content": "建设内容", "total": "总投资", "annual_plan": "年度计划投资",
          "completed": "累计完成投资", "start": "计划开工", "completion": "计划竣工", "status": "项目状态",
          "problems": "存在问题"}
REQUIRED = ("name", "region", "total")
_ANNUAL = re.compile(r"^(20\d{2})年(度)?计划(完成)?投资$")
_TOTAL_ROW_WORDS = ("合计", "小计", "总计", "总 计", "合  计")
_GROUP_ROW = re.compile(r"^[一二三四五六七八九十]+[、.．]|^[（(][一二三四五六七八九十]+[)）]")
_STATUS_WORDS = {
    "谋划": Project.Status.PLANNING, "储备": Project.Status.PLANNING, "谋划储备": Project.Status.PLANNING,
    "前期": Project.Status.PREPARING, "前期工作": Project.Status.PREPARING, "拟开工": Project.Status.PREPARING,
    "新开工": Project.Status.BUILDING, "在建": Project.Status.BUILDING, "续建": Project.Status.BUILDING,
    "已开工": Project.Status.BUILDING, "竣工": Project.Status.COMPLETED, "已竣工": Project.Status.COMPLETED,
    "建成": Project.Status.COMPLETED, "已建成": Project.Status.COMPLETED, "投产": Project.Status.COMPLETED,
}
_DONE_WORDS = ("已办结", "已完成", "已取得", "已批复", "已获批", "已办理", "已核发", "已出具", "办结", "完成", "取得")
_IN_PROGRESS_WORDS = ("办理中", "正在办理", "在办", "审批中", "已受理", "已上报", "编制中")
_NOT_STARTED_WORDS = ("未启动", "未办理", "未开展", "未办", "尚未启动")
_NOT_NEEDED_WORDS = ("", "无需办理", "无需", "不需要", "不涉及", "—", "-", "／", "/", "无")
_DATE_IN_TEXT = re.compile(r"(20\d{2})\s*[年./\-]\s*(\d{1,2})\s*[月./\-]\s*(\d{1,2})\s*日?|(20\d{2})\s*[年./\-]\s*"
                           r"(\d{1,2})\s*月?")


@dataclass
class LedgerImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    notes: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return _("新增%(c)s个项目，更新%(u)s个，未变%(n)s个") % {"c": self.created, "u": self.updated,
                                                           "n": self.unchanged}


def _norm(cell: object) -> str:
    return re.sub(r"\s", "", "" if cell is None else str(cell)).lstrip("\ufeff")


def _header_word(cell: object) -> tuple[str, Decimal | None]:
    """A header cell without its bracketed unit, and the factor to 万元 that the unit says (None: not said)."""
    text = _norm(cell)
    factor = None
    if "亿元" in text:
        factor = Decimal(10000)
    elif "万元" in text:
        factor = Decimal(1)
    text = re.sub(r"[（(][^）)]*[）)]", "", text)
    text = re.sub(r"[:：]?(万元|亿元)$", "", text)
    return text, factor


@dataclass
class SheetRow:
    number: int  # the row number a person sees in Excel (or the CSV line)
    cells: list[object]


@dataclass
class _Layout:
    header_index: int  # index in rows of the last header row
    columns: dict[str, int]
    procedures: dict[int, int]  # column → ProcedureKind pk
    procedure_names: dict[int, str]
    factors: dict[str, Decimal]
    plan_year: int | None


def _find_layout(rows: list[SheetRow], kinds: list[ProcedureKind]) -> _Layout:
    by_name = {n: k for k in kinds for n in k.names()}
    default_factor = Decimal(1)
    for i, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        words = [_header_word(c) for c in row.cells]
        if not any(w in COLUMNS["name"] for w, _f in words):
            joined = "".join(_norm(c) for c in row.cells)
            if re.search(r"单位[:：]?亿元", joined):
                default_factor = Decimal(10000)
            continue
        # A second header row under a group cell ("手续办理情况", "投资情况") names the columns there.
        below = rows[i + 1] if i + 1 < len(rows) else None
        below_words = [_header_word(c) for c in below.cells] if below else []
        two_rows = bool(below_words) and any(w in by_name or _column_for(w) for w, _f in below_words) and not any(
            w in COLUMNS["name"] for w, _f in below_words)
        columns: dict[str, int] = {}
        procedures: dict[int, int] = {}
        names: dict[int, str] = {}
        factors: dict[str, Decimal] = {}
        plan_year = None
        group_factor: Decimal | None = None
        for col in range(max(len(row.cells), len(below_words))):
            word, factor = words[col] if col < len(words) else ("", None)
            if word:
                group_factor = factor  # a group header "投资（亿元）" gives its unit to the columns under it
            if two_rows and col < len(below_words) and below_words[col][0]:
                word, factor = below_words[col][0], below_words[col][1] or factor or group_factor
            if not word:
                continue
            name = _column_for(word)
            if name is None and _ANNUAL.match(word):
                name, plan_year = "annual_plan", int(_ANNUAL.match(word).group(1))
            if name is not None and name not in columns:
                columns[name] = col
                factors[name] = factor or default_factor
            elif word in by_name and col not in procedures:
                procedures[col] = by_name[word].pk
                names[col] = by_name[word].name
        missing = [LABELS[n] for n in REQUIRED if n not in columns]
        if missing:
            raise ProjectRejected([_("第%(n)s行（表头）：缺少列 %(cols)s")
                                   % {"n": row.number, "cols": "、".join(missing)}])
        return _Layout(i + 1 if two_rows else i, columns, procedures, names, factors, plan_year)
    raise ProjectRejected([_("前%(n)s行中找不到表头：应有 项目名称、所属地区（或建设地点）、总投资 等列")
                           % {"n": HEADER_SEARCH_ROWS}])


def _column_for(word: str) -> str | None:
    for name, words in COLUMNS.items():
        if word in words:
            return name
    return None


class _Regions:
    """The 盟市 and 旗县 by code and by name ("鄂尔多斯市达拉特旗" and "达拉特旗" both find 达拉特旗)."""

    def __init__(self) -> None:
        self.by_code: dict[str, OrgUnit] = {}
        self.by_name: dict[str, list[OrgUnit]] = {}
        self.prefectures: list[OrgUnit] = []
        for unit in OrgUnit.objects.exclude(kind=OrgUnit.Kind.DEPARTMENT).order_by("path"):
            self.by_code[unit.code] = unit
            self.by_name.setdefault(unit.name, []).append(unit)
            if unit.kind == OrgUnit.Kind.PREFECTURE:
                self.prefectures.append(unit)

    def find(self, text: str) -> OrgUnit:
        text = _norm(text)
        if text in self.by_code:
            return self.by_code[text]
        for prefecture in self.prefectures:  # "鄂尔多斯市达拉特旗": the county inside the named 盟市
            if text.startswith(prefecture.name) and len(text) > len(prefecture.name):
                rest = text[len(prefecture.name):]
                inside = [u for u in self.by_name.get(rest, []) if u.is_within(prefecture)]
                if len(inside) == 1:
                    return inside[0]
        found = self.by_name.get(text, [])
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            raise ValueError(_("“%(t)s”有重名，请写上所属盟市或写代码") % {"t": text})
        raise ValueError(_("单位“%(t)s”不存在（请写盟市、旗县名称或代码）") % {"t": text})


def _text(cell: object) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip()


def read_amount(cell: object, factor: Decimal) -> Decimal | None:
    """An amount in 万元 from a cell written in the column's unit; None for a blank; ValueError for text."""
    if cell is None:
        return None
    if isinstance(cell, bool):
        raise ValueError(_("“%(v)s”不是金额") % {"v": cell})
    if isinstance(cell, int | float | Decimal):
        value = Decimal(str(cell))
    else:
        text = str(cell).strip().replace(",", "").replace("，", "")
        if text in ("", "—", "-", "/", "／"):
            return None
        text = re.sub(r"(万元|亿元)$", "", text)
        try:
            value = Decimal(text)
        except InvalidOperation:
            raise ValueError(_("“%(v)s”不是数字（金额须填数字）") % {"v": cell}) from None
    if not value.is_finite():
        raise ValueError(_("“%(v)s”不是数字（金额须填数字）") % {"v": cell})
    return (value * factor).quantize(Decimal("0.01"))


def read_date(cell: object) -> date | None:
    if cell is None or _text(cell) in ("", "—", "-", "/"):
        return None
    if isinstance(cell, datetime):
        return cell.date()
    if isinstance(cell, date):
        return cell
    try:
        deadline = read_deadline(_text(cell), plan_end_year=2030)
    except ValueError:
        deadline = None
    if deadline is None or deadline.due is None:
        raise ValueError(_("“%(v)s”不是日期（应写成 2027年6月 或 2027-06-30）") % {"v": cell})
    return deadline.due


def read_procedure(cell: object) -> ProcedureState:
    """已办结/已完成/已取得 (+date) → done, 办理中 → in progress, 未启动 → not started, blank → not needed."""
    if isinstance(cell, datetime | date):
        return ProcedureState(ProjectProcedure.State.DONE, cell.date() if isinstance(cell, datetime) else cell)
    text = _norm(cell)
    if text in _NOT_NEEDED_WORDS:
        return ProcedureState(ProjectProcedure.State.NOT_NEEDED)
    for word in _NOT_STARTED_WORDS:
        if text.startswith(word):
            return ProcedureState(ProjectProcedure.State.NOT_STARTED)
    for word in _IN_PROGRESS_WORDS:
        if text.startswith(word):
            return ProcedureState(ProjectProcedure.State.IN_PROGRESS)
    m = _DATE_IN_TEXT.search(text)
    if any(text.startswith(w) for w in _DONE_WORDS) or (m and m.start() == 0):
        done_on = None
        if m:
            try:
                if m.group(1):
                    done_on = date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
                else:
                    done_on = read_deadline(f"{m.group(4)}年{m.group(5)}月", plan_end_year=2030).due
            except ValueError:
                raise ValueError(_("“%(v)s”中的日期无效") % {"v": cell}) from None
        return ProcedureState(ProjectProcedure.State.DONE, done_on)
    raise ValueError(_("无法识别的办理状态“%(v)s”（应为 已办结（可加日期）、办理中、未启动 或留空）") % {"v": cell})


@dataclass
class LedgerRow:
    number: int
    fields: ProjectFields


def read_ledger(*, source: Path | IO[bytes], name: str) -> tuple[list[LedgerRow], dict[int, str]]:
    """Every project row of a ledger file, checked; ProjectRejected naming row and column for any problem.

    Returns the rows and the procedure columns the sheet has (ProcedureKind pk → the sheet's name for it).
    """
    try:
        table = read_table(source, name=name, formula_values=True)
    except UploadRefused as exc:
        raise ProjectRejected([f"{name}：{message_of(exc)}"]) from None
    rows = [SheetRow(number, list(cells)) for number, cells in table.rows
            if any(c is not None and str(c).strip() for c in cells)]
    kinds = list(ProcedureKind.objects.filter(active=True))
    layout = _find_layout(rows, kinds)
    regions = _Regions()
    errors: list[str] = []
    parsed: list[LedgerRow] = []
    first_row_of: dict[tuple[int, str], int] = {}
    first_row_of_code: dict[str, int] = {}
    group_category = ""

    def where(row: SheetRow, col: str | int) -> str:
        index = layout.columns[col] if isinstance(col, str) else col
        label = LABELS[col] if isinstance(col, str) else layout.procedure_names[col]
        return _("第%(r)s行 %(c)s列（%(label)s）") % {"r": row.number, "c": get_column_letter(index + 1),
                                                   "label": label}

    for row in rows[layout.header_index + 1:]:
        if len(errors) >= MAX_ERRORS:
            errors.append(_("错误太多，只列出前%(n)s条") % {"n": MAX_ERRORS})
            break

        def cell(col: str, row: SheetRow = row) -> object:
            i = layout.columns.get(col)
            return row.cells[i] if i is not None and i < len(row.cells) else None

        texts = [_norm(c) for c in row.cells if _norm(c)]
        if any(t.replace(" ", "") in _TOTAL_ROW_WORDS for t in texts):
            continue
        title = _text(cell("name"))
        if len(texts) == 1 and _GROUP_ROW.match(texts[0]):
            group_category = re.sub(r"[（(]\d+个[)）]$", "", _GROUP_ROW.sub("", texts[0])).strip()
            continue
        if not title:
            errors.append(_("%(w)s：项目名称为空，但这一行有其他内容") % {"w": where(row, "name")})
            continue
        row_errors: list[str] = []
        region = None
        try:
            region = regions.find(_text(cell("region")))
        except ValueError as exc:
            row_errors.append(f"{where(row, 'region')}：{message_of(exc)}")
        amounts: dict[str, Decimal | None] = {}
        for col in ("total", "annual_plan", "completed"):
            if col not in layout.columns:
                continue
            try:
                amounts[col] = read_amount(cell(col), layout.factors[col])
            except ValueError as exc:
                row_errors.append(f"{where(row, col)}：{message_of(exc)}")
        if amounts.get("total") is None and not any(e.startswith(where(row, "total")) for e in row_errors):
            row_errors.append(_("%(w)s：必须填写总投资") % {"w": where(row, "total")})
        dates: dict[str, date | None] = {}
        for col in ("start", "completion"):
            if col in layout.columns:
                try:
                    dates[col] = read_date(cell(col))
                except ValueError as exc:
                    row_errors.append(f"{where(row, col)}：{message_of(exc)}")
        status = None
        if "status" in layout.columns and _text(cell("status")):
            status = _STATUS_WORDS.get(_norm(cell("status")))
            if status is None:
                row_errors.append(_("%(w)s：“%(v)s”应为谋划、前期、在建或竣工") % {"w": where(row, "status"),
                                                                          "v": _text(cell("status"))})
        procedures: dict[int, ProcedureState] = {}
        for col, kind_id in layout.procedures.items():
            try:
                procedures[kind_id] = read_procedure(row.cells[col] if col < len(row.cells) else None)
            except ValueError as exc:
                row_errors.append(f"{where(row, col)}：{message_of(exc)}")
        if row_errors or region is None:
            errors.extend(row_errors)
            continue
        completed = amounts.get("completed") or Decimal(0)
        fields = ProjectFields(
            name=title, region=region, total_investment_wan=amounts["total"], code=_text(cell("code")) or None,
            owner_company=_text(cell("owner")), category=_text(cell("category")) or group_category,
            content=_text(cell("content")), annual_plan_wan=amounts.get("annual_plan"),
            plan_year=layout.plan_year or clock.today().year, completed_wan=completed,
            planned_start=dates.get("start"), planned_completion=dates.get("completion"),
            status=status or (Project.Status.BUILDING if completed > 0 else Project.Status.PREPARING),
            problems=_text(cell("problems")), procedures=procedures,
        )
        for name_, why in check_project_fields(fields):
            col = {"total": "total", "completed": "completed", "code": "code", "name": "name", "region": "region",
                   "completion": "completion", "annual_plan": "annual_plan"}.get(name_)
            prefix = where(row, col) if col in layout.columns else _("第%(r)s行") % {"r": row.number}
            row_errors.append(f"{prefix}：{why}")
        key = (region.pk, fields.name)
        if key in first_row_of:
            row_errors.append(_("%(w)s：“%(n)s”在%(u)s重复（第%(f)s行已有）")
                              % {"w": where(row, "name"), "n": fields.name, "u": region.name, "f": first_row_of[key]})
        else:
            first_row_of[key] = row.number
        if fields.code and not row_errors:
            if fields.code in first_row_of_code:
                row_errors.append(_("%(w)s：项目代码与第%(f)s行重复") % {"w": where(row, "code"),
                                                                 "f": first_row_of_code[fields.code]})
            first_row_of_code.setdefault(fields.code, row.number)
        if row_errors:
            errors.extend(row_errors)
        else:
            parsed.append(LedgerRow(row.number, fields))
    if errors:
        raise ProjectRejected(errors)
    if not parsed:
        raise ProjectRejected([_("文件中没有项目行")])
    return parsed, {kind_id: layout.procedure_names[col] for col, kind_id in layout.procedures.items()}


def _match(rows: list[LedgerRow]) -> dict[int, Project | None]:
    codes = [r.fields.code for r in rows if r.fields.code]
    by_code = {p.code: p for p in Project.objects.filter(code__in=codes)}
    names = [r.fields.name for r in rows]
    by_name = {(p.region_id, p.name): p for p in Project.objects.filter(name__in=names)}
    return {r.number: by_code.get(r.fields.code) or by_name.get((r.fields.region.pk, r.fields.name)) for r in rows}


def import_ledger(*, user: User, source: Path | IO[bytes], name: str) -> LedgerImportResult:
    """Create or update the projects of a ledger file, all or nothing, within what `user` may edit."""
    size = source.stat().st_size if isinstance(source, Path) else getattr(source, "size", None)
    limit = settings.PLANTRACK_MAX_UPLOAD_BYTES
    if isinstance(size, int) and size > limit:
        raise ProjectRejected([_("文件%(name)s超过上限%(limit)s MB") % {"name": name, "limit": limit // 1048576}])
    rows, _procedure_columns = read_ledger(source=source, name=name)
    matched = _match(rows)
    errors = []
    for row in rows:
        if not can_edit_project_of(user, row.fields.region):
            errors.append(_("第%(r)s行：无权登记%(u)s的项目") % {"r": row.number, "u": row.fields.region.name})
        found = matched[row.number]
        if found is not None and found.code and row.fields.code and found.code != row.fields.code:
            errors.append(_("第%(r)s行：项目“%(n)s”已登记的项目代码为%(c)s，与表中不同")
                          % {"r": row.number, "n": row.fields.name, "c": found.code})
        if found is not None and found.code and not row.fields.code:
            row.fields.code = found.code  # a sheet that leaves the code blank keeps the one known
    if errors:
        raise ProjectRejected(errors)
    result = LedgerImportResult()
    with transaction.atomic():
        for row in rows:
            found = matched[row.number]
            if found is not None and row.fields.node is None:
                row.fields.node = found.node
            try:
                _project, changed = save_project(user=user, fields=row.fields, project=found)
            except ProjectRejected as exc:
                raise ProjectRejected([_("第%(r)s行：%(e)s") % {"r": row.number, "e": e} for e in exc.errors]) from None
            if found is None:
                result.created += 1
            elif changed:
                result.updated += 1
            else:
                result.unchanged += 1
    return result


def ledger_workbook(projects, *, title: str) -> bytes:
    """The ledger as an xlsx in the layout `import_ledger` reads (a title row, amounts in 万元)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    kinds = list(ProcedureKind.objects.filter(active=True))
    header = ["序号", "项目代码", "项目名称", "所属地区", "项目单位", "项目类别", "建设内容", "总投资（万元）",
              "年度计划投资（万元）", "累计完成投资（万元）", "计划开工", "计划竣工", "项目状态",
              *(k.name for k in kinds), "存在问题"]
    book = Workbook()
    sheet = book.active
    sheet.title = "重大项目台账"
    sheet.append([title])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header))
    sheet["A1"].font = Font(bold=True, size=14)
    sheet["A1"].alignment = Alignment(horizontal="center")
    sheet.append(header)
    states = {}
    projects = list(projects.select_related("region"))
    for proc in ProjectProcedure.objects.filter(project__in=[p.pk for p in projects]):
        states[(proc.project_id, proc.kind_id)] = proc
    for n, p in enumerate(projects, start=1):
        cells = []
        for kind in kinds:
            proc = states.get((p.pk, kind.pk))
            if proc is None or proc.state == ProjectProcedure.State.NOT_NEEDED:
                cells.append(None)
            elif proc.state == ProjectProcedure.State.DONE:
                cells.append(f"已办结{proc.done_on:%Y-%m-%d}" if proc.done_on else "已办结")
            else:
                cells.append(proc.get_state_display())
        sheet.append([n, p.code, p.name, p.region.name, p.owner_company, p.category, p.content,
                      float(p.total_investment_wan), None if p.annual_plan_wan is None else float(p.annual_plan_wan),
                      float(p.completed_wan), p.planned_start, p.planned_completion, p.get_status_display(),
                      *cells, p.problems])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
