"""The project ledger (重大项目台账) as offices write it: read as written, previewed, imported set-based, written back.

    preview = preview_ledger(user=clerk, source=path, name="台账.xlsx")          # what was read, nothing written
    preview.columns, preview.unknown, preview.headings, preview.totals, preview.rows[:10]
    result = import_ledger(user=clerk, source=path, name="台账.xlsx", choices={"调度层级": "keep"})
    result.created, result.updated, result.unchanged, result.notes

Reading: the header may stand under title lines (a 填报单位 line gives the ledger-wide unit, a year or "第14周" in
the title gives the plan year and the week) and may be two rows with merged group cells ("投资情况（万元）" over
总投资 / 2027年计划投资 / 截至2026年底累计完成投资; "前期手续办理情况" over each procedure). Columns are found by
meaning (`plantrack.core.ledger_headers`): fields, the long and short names of every procedure on the checklist,
investment columns with a year in them. A column that is none of these is never dropped silently: the import is
refused until it is mapped to a field, kept as the project's extra attributes (附加属性, shown on its page and
exported back), or ignored, by the clerk or by a choice saved for the office.

Rows: 一、/（一） heading rows set the category of the rows below; 合计/小计/总计 rows are checked against the sums
of the rows they cover (a difference is reported; the row itself is never a project); 注 rows are skipped and listed.
A 所属旗县 column wins over 所属地区, which wins over 建设地点 (kept as the project's location); a cell naming several
places is filed under the smallest unit holding them all; Excel serial dates are read as dates; 待赋码 / 无 is no
code. Every conversion is listed in the preview's notes.

Guards (as on the values path): who may register projects is asked before the file is read; rows are bounded
(PLANTRACK_LEDGER_MAX_ROWS); amounts, dates and texts are bounded and control characters refused
(`projects.services.check_project_fields`); the write is one set-based transaction; every text cell of the export
is made inert (a name starting with = is written as text, not a formula).
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import IO

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl.utils import get_column_letter, range_boundaries

from plantrack import clock
from plantrack.core.deadlines import read_deadline
from plantrack.core.figures import grouped_figure_text
from plantrack.core.ledger_headers import clean_header, procedure_for, read_header
from plantrack.core.sheet_rows import GROUP_ROW as _GROUP_ROW
from plantrack.core.sheet_rows import NOTE_ROW as _NOTE_ROW
from plantrack.core.sheet_rows import TOTAL_ROW as _TOTAL_ROW
from plantrack.core.text_guard import append_inert, text_problem
from plantrack.core.weeks import canonical_week, week_start
from plantrack.errors import message_of
from plantrack.imports import services as column_choices
from plantrack.orgs.access import is_admin
from plantrack.orgs.models import OrgUnit, User
from plantrack.projects.access import can_edit_project_of
from plantrack.projects.errors import ProjectRejected
from plantrack.projects.models import (
    DispatchRecord,
    ProcedureKind,
    Project,
    ProjectInvestment,
    ProjectProcedure,
)
from plantrack.projects.services import (
    AMOUNT_MAX_WAN,
    DATE_MAX,
    DATE_MIN,
    EXTRA_KEY_MAX,
    ProcedureState,
    ProjectFields,
    apply_fields,
    check_project_fields,
    ledger_fields_differ,
    ledger_snapshot,
    procedure_change,
)
from plantrack.uploads import UploadRefused, read_table, upload_limits
from plantrack.wording import join_words

SHEET = "ledger"
MAX_ERRORS = 50
HEADER_SEARCH_ROWS = 12
PREVIEW_ROWS = 10
BATCH = 300  # rows per bulk statement: well under SQLite's bound on SQL variables with 30 columns a row
PROCEDURE_BATCH = 2000  # a procedure row has 8 columns
MERGE_FILL_MAX_CELLS = 50_000  # a merged range larger than this is not a heading a person wrote; it is not spread
EXTRA_PREFIXES = ("附加属性：", "附加属性:", "附加：", "附加:")

FIELD_LABELS = {
    "seq": gettext_lazy("序号"), "code": gettext_lazy("项目代码"), "name": gettext_lazy("项目名称"),
    "county": gettext_lazy("所属旗县"), "region": gettext_lazy("所属地区"), "location": gettext_lazy("建设地点"),
    "owner": gettext_lazy("项目单位"), "category": gettext_lazy("项目类别"), "content": gettext_lazy("建设内容"),
    "total": gettext_lazy("总投资"), "annual_plan": gettext_lazy("年度计划投资"),
    "completed": gettext_lazy("累计完成投资"), "year_completed": gettext_lazy("本年完成投资"),
    "week_completed": gettext_lazy("本周完成投资"), "week_progress": gettext_lazy("本周进展"),
    "start": gettext_lazy("计划开工"), "actual_start": gettext_lazy("实际开工"),
    "completion": gettext_lazy("计划竣工"), "actual_completion": gettext_lazy("实际竣工"),
    "status": gettext_lazy("项目状态"), "problems": gettext_lazy("存在问题"), "leader": gettext_lazy("包联领导"),
    "responsible": gettext_lazy("责任单位"), "period": gettext_lazy("建设起止年限"), "remarks": gettext_lazy("备注"),
}
AMOUNT_FIELDS = ("total", "annual_plan", "completed", "year_completed", "week_completed")
DATE_FIELDS = ("start", "actual_start", "completion", "actual_completion")
TEXT_FIELDS = {"owner": "owner_company", "content": "content", "problems": "problems", "location": "location",
               "leader": "liaison_leader", "responsible": "responsible_unit", "period": "construction_period",
               "remarks": "remarks"}
_STATUS_WORDS = {
    "谋划": Project.Status.PLANNING, "储备": Project.Status.PLANNING, "谋划储备": Project.Status.PLANNING,
    "前期": Project.Status.PREPARING, "前期工作": Project.Status.PREPARING, "拟开工": Project.Status.PREPARING,
    "新开工": Project.Status.BUILDING, "在建": Project.Status.BUILDING, "续建": Project.Status.BUILDING,
    "已开工": Project.Status.BUILDING, "竣工": Project.Status.COMPLETED, "已竣工": Project.Status.COMPLETED,
    "建成": Project.Status.COMPLETED, "已建成": Project.Status.COMPLETED, "投产": Project.Status.COMPLETED,
}
_NOT_NEEDED_WORDS = ("无需办理", "无需", "不需要", "不涉及", "—", "-", "／", "/", "无", "不需办理", "免于办理")
_NOT_STARTED_WORDS = ("未启动", "未办理", "未开展", "未办", "尚未启动", "待办理", "待启动", "未申报")
_IN_PROGRESS_WORDS = ("办理中", "正在办理", "在办", "审批中", "已受理", "已上报", "编制中", "已申报", "审查中",
                      "容缺", "并联", "评审中", "公示中")
_DONE_WORDS = ("已办结", "已完成", "已取得", "已批复", "已获批", "已办理", "已核发", "已出具", "已备案", "已核准",
               "已审批", "已立项", "已获得", "办结", "完成", "取得", "批复")
# What the export writes for a procedure a project is not followed on (no record), so that reading the export
# back leaves it so, where a blank cell would mean "not filled in" and open it.
NOT_LISTED = "未列入"
_NO_CODE_WORDS = ("待赋码", "未赋码", "暂未赋码", "暂无", "无", "待定", "—", "-", "/", "／")
_DATE_IN_TEXT = re.compile(r"(20\d{2})\s*[年./\-]\s*(\d{1,2})\s*[月./\-]\s*(\d{1,2})\s*日?|(20\d{2})\s*[年./\-]\s*"
                           r"(\d{1,2})\s*月?")
_EXCEL_EPOCH = date(1899, 12, 30)
# Excel serial numbers of 1990-01-01 .. 2100-12-31: a number in a date column in this range is a date Excel or
# WPS stored without its format.
_SERIAL_MIN, _SERIAL_MAX = (DATE_MIN - _EXCEL_EPOCH).days, (DATE_MAX - _EXCEL_EPOCH).days


# -- what a preview holds --------------------------------------------------------------------------------------------


@dataclass
class ColumnRead:
    """One column of the sheet and what the import does with it."""

    index: int
    header: str  # as the sheet writes it (group header first for a two-row header: "投资情况/总投资")
    key: str  # the cleaned header a choice is saved under
    field: str | None = None  # a ledger field
    procedure: str | None = None  # a procedure kind's name
    extra: str | None = None  # kept as this extra attribute
    ignored: bool = False
    year: int | None = None
    factor: Decimal | None = None
    saved: bool = False  # settled by the office's saved choice (按本单位上次的选择), not one given for this file
    stale: str = ""  # the office's saved choice for this column that no longer applies, shown and not used

    @property
    def letter(self) -> str:
        return get_column_letter(self.index + 1)

    @property
    def choice(self) -> str:
        """The column's reading as a choice is written ("keep", "ignore", "field:NAME"), to pre-select it."""
        if self.field:
            return f"field:{self.field}"
        return "keep" if self.extra else "ignore" if self.ignored else ""

    @property
    def stale_label(self) -> str:
        return column_choices.choice_label(self.stale, FIELD_LABELS) if self.stale else ""

    @property
    def decided(self) -> bool:
        return bool(self.field or self.procedure or self.extra or self.ignored)

    @property
    def meaning(self) -> str:
        if self.field:
            label = str(FIELD_LABELS.get(self.field, self.field))
            return f"{label}（{self.year}年）" if self.year else label
        if self.procedure:
            return _("审批手续：%(p)s") % {"p": self.procedure}
        if self.extra:
            return _("附加属性：%(k)s") % {"k": self.extra}
        if self.ignored:
            return _("忽略")
        return _("未识别")


@dataclass
class LedgerRow:
    number: int
    fields: ProjectFields
    week_progress: str = ""
    week_completed_wan: Decimal | None = None
    year_completed_wan: Decimal | None = None
    amounts: dict[str, Decimal | None] = field(default_factory=dict)

    @property
    def status_label(self) -> str:
        return str(Project.Status(self.fields.status).label)


@dataclass
class TotalRow:
    number: int
    text: str
    differences: list[str]


@dataclass
class LedgerPreview:
    name: str
    columns: list[ColumnRead]
    rows: list[LedgerRow]
    headings: list[tuple[int, str]]
    totals: list[TotalRow]
    note_rows: list[tuple[int, str]]
    notes: list[str]
    errors: list[str]
    plan_year: int | None
    week: str | None
    unit: OrgUnit | None
    unit_source: str

    @property
    def unknown(self) -> list[ColumnRead]:
        return [c for c in self.columns if not c.decided]

    @property
    def first_rows(self) -> list[LedgerRow]:
        return self.rows[:PREVIEW_ROWS]

    def report(self) -> list[str]:
        """The preview as lines of text, for the command line."""
        lines = [_("文件：%(n)s；项目行 %(r)s 个；计划年度 %(y)s；调度周 %(w)s；全表单位 %(u)s")
                 % {"n": self.name, "r": len(self.rows), "y": self.plan_year or "—", "w": self.week or "—",
                    "u": f"{self.unit.name}（{self.unit_source}）" if self.unit else "—"}]
        lines.append(_("列："))
        lines += [f"  {c.letter} {c.header} → {c.meaning}{_('（按本单位上次的选择）') if c.saved else ''}"
                  for c in self.columns]
        lines += [_("  标题行 第%(r)s行：%(t)s") % {"r": r, "t": t} for r, t in self.headings]
        for total in self.totals:
            state = "；".join(total.differences) if total.differences else _("与所列项目之和一致")
            lines.append(_("  合计行 第%(r)s行“%(t)s”：%(s)s") % {"r": total.number, "t": total.text, "s": state})
        lines += [_("  注释行 第%(r)s行：%(t)s") % {"r": r, "t": t[:60]} for r, t in self.note_rows]
        lines += [f"  {n}" for n in self.notes]
        for row in self.first_rows:
            f = row.fields
            lines.append(f"  {row.number}: {f.name} | {f.region.name} | {f.location or '—'} | "
                         f"{f.total_investment_wan} | {', '.join(open_names(f, self))} | {f.extra or ''}")
        return lines


def open_names(fields: ProjectFields, preview: LedgerPreview) -> list[str]:
    names = {c.procedure: c.procedure for c in preview.columns if c.procedure}
    kinds = {k.pk: k.name for k in ProcedureKind.objects.filter(name__in=names)}
    return [kinds.get(k, str(k)) for k, s in fields.procedures.items() if s.state in ProjectProcedure.OPEN_STATES]


@dataclass
class LedgerImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    dispatches: int = 0
    notes: list[str] = field(default_factory=list)

    def summary(self) -> str:
        text = _("新增%(c)s个项目，更新%(u)s个，未变%(n)s个") % {"c": self.created, "u": self.updated,
                                                           "n": self.unchanged}
        if self.dispatches:
            text += _("；记录周调度%(d)s条") % {"d": self.dispatches}
        return text


# -- permission and reading ------------------------------------------------------------------------------------------


def may_import_ledger(user: User) -> bool:
    """The office, or a clerk who keeps its own unit's projects, may register projects from a ledger."""
    return user.is_authenticated and (is_admin(user) or (
        user.unit is not None and can_edit_project_of(user, user.unit)))


def _text(cell: object) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip()


def _norm(cell: object) -> str:
    return re.sub(r"[\s\u3000]+", "", _text(cell)).lstrip("\ufeff")


def _grid(source: Path | IO[bytes], name: str) -> list[tuple[int, list[object]]]:
    """The first sheet's non-blank rows with merged ranges spread over their cells (a merged 包联领导 over three
    rows belongs to each); the row count bounded before anything is parsed."""
    limits = replace(upload_limits(), max_rows=settings.PLANTRACK_LEDGER_MAX_ROWS)
    try:
        # calamine (Rust) reads cell values about 16 times faster than openpyxl; a ledger takes formulas' values.
        table = read_table(source, name=name, formula_values=True, limits=limits, engine="calamine")
    except UploadRefused as exc:
        raise ProjectRejected([f"{name}：{message_of(exc)}"]) from None
    rows = {number: list(cells) for number, cells in table.rows}
    for ref in table.merged:
        try:
            min_col, min_row, max_col, max_row = range_boundaries(ref)
        except (TypeError, ValueError):
            continue
        if (max_col - min_col + 1) * (max_row - min_row + 1) > MERGE_FILL_MAX_CELLS:
            continue
        top = rows.get(min_row)
        value = top[min_col - 1] if top is not None and min_col - 1 < len(top) else None
        if value is None:
            continue
        for r in range(min_row, max_row + 1):
            cells = rows.get(r)
            if cells is None:
                continue
            if len(cells) < max_col:
                cells.extend([None] * (max_col - len(cells)))
            for c in range(min_col - 1, max_col):
                cells[c] = value
    return [(n, cells) for n, cells in sorted(rows.items()) if any(_text(c) for c in cells)]


class Places:
    """The region, 盟市 and 旗县 by code and by name; a cell naming several places resolves to the smallest unit
    holding them all."""

    def __init__(self) -> None:
        self.by_code: dict[str, OrgUnit] = {}
        self.by_name: dict[str, list[OrgUnit]] = {}
        self.by_path: dict[str, OrgUnit] = {}
        self.prefectures: list[OrgUnit] = []
        for unit in OrgUnit.objects.exclude(kind=OrgUnit.Kind.DEPARTMENT).order_by("path"):
            self.by_code[unit.code] = unit
            self.by_path[unit.path] = unit
            self.by_name.setdefault(unit.name, []).append(unit)
            if unit.kind == OrgUnit.Kind.PREFECTURE:
                self.prefectures.append(unit)

    def find(self, text: str) -> OrgUnit:
        text = _norm(text)
        if text in self.by_code:
            return self.by_code[text]
        for prefecture in self.prefectures:  # "鄂尔多斯市达拉特旗": the county inside the named 盟市
            if text.startswith(prefecture.name) and len(text) > len(prefecture.name):
                inside = [u for u in self.by_name.get(text[len(prefecture.name):], []) if u.is_within(prefecture)]
                if len(inside) == 1:
                    return inside[0]
        found = self.by_name.get(text, [])
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            raise ValueError(_("“%(t)s”有重名，请写上所属盟市或写代码") % {"t": text})
        raise ValueError(_("单位“%(t)s”不存在（请写盟市、旗县名称或代码）") % {"t": text})

    def starting(self, text: str) -> OrgUnit | None:
        """The unit whose name the text begins with ("达拉特旗发展和改革委员会", "达拉特旗树林召镇"), the longest."""
        text = _norm(text)
        best = None
        for name, units in self.by_name.items():
            if len(units) == 1 and text.startswith(name) and (best is None or len(name) > len(best.name)):
                best = units[0]
        return best

    def resolve(self, text: str) -> tuple[OrgUnit, str | None]:
        """The unit a cell names, and a note when it named several places."""
        parts = [p for p in re.split(r"[、，,；;\s]+", re.sub(r"[（(][^）)]*[）)]", "", _text(text))) if p]
        if not parts:
            raise ValueError(_("为空"))
        units = [self.find(p) for p in parts]
        if len(units) == 1:
            return units[0], None
        common = units[0].path
        for unit in units[1:]:
            while not unit.path.startswith(common):
                common = common[:common.rstrip("/").rfind("/") + 1]
        holder = self.by_path.get(common)
        if holder is None:
            raise ValueError(_("“%(t)s”没有共同的上级单位") % {"t": text})
        return holder, (_("项目跨%(p)s，记在共同的上级%(u)s")
                        % {"p": join_words(u.name for u in units), "u": holder.name})


# -- cells -----------------------------------------------------------------------------------------------------------


def read_amount(cell: object, factor: Decimal) -> Decimal | None:
    """An amount in 万元 from a cell written in the column's unit; None for a blank; ValueError for text or a number
    beyond what a ledger can mean."""
    if cell is None or isinstance(cell, datetime | date):
        if cell is None:
            return None
        raise ValueError(_("“%(v)s”不是金额") % {"v": cell})
    if isinstance(cell, bool):
        raise ValueError(_("“%(v)s”不是金额") % {"v": cell})
    if isinstance(cell, int | float | Decimal):
        try:
            value = Decimal(str(cell))
        except InvalidOperation:
            raise ValueError(_("“%(v)s”不是数字（金额须填数字）") % {"v": cell}) from None
    else:
        text = _norm(cell).replace(",", "").replace("，", "")
        if text in ("", "—", "-", "/", "／"):
            return None
        text = re.sub(r"(万元|亿元)$", "", text)
        try:
            value = Decimal(text)
        except InvalidOperation:
            raise ValueError(_("“%(v)s”不是数字（金额须填数字）") % {"v": _text(cell)[:40]}) from None
    if not value.is_finite():
        raise ValueError(_("“%(v)s”不是数字（金额须填数字）") % {"v": cell})
    value *= factor
    if abs(value) > AMOUNT_MAX_WAN:
        raise ValueError(_("金额超出范围（不能超过%(m)s万元）") % {"m": grouped_figure_text(AMOUNT_MAX_WAN)})
    return value.quantize(Decimal("0.01"))


def read_date(cell: object, notes: list[str] | None = None, where: str = "") -> date | None:
    """A date from a date cell, text ("2027年6月", "2027-06-30") or an Excel serial number (46447, with a note)."""
    if cell is None or _norm(cell) in ("", "—", "-", "/", "／"):
        return None
    if isinstance(cell, datetime):
        day = cell.date()
    elif isinstance(cell, date):
        day = cell
    elif isinstance(cell, int | float) and not isinstance(cell, bool) or re.fullmatch(r"\d{5}(\.0+)?", _norm(cell)):
        serial = float(cell)
        if not _SERIAL_MIN <= serial <= _SERIAL_MAX:
            raise ValueError(_("“%(v)s”不是日期（应写成 2027年6月 或 2027-06-30）") % {"v": cell})
        day = _EXCEL_EPOCH + timedelta(days=int(serial))
        if notes is not None:
            notes.append(_("%(w)s：Excel日期序号%(n)s读作%(d)s") % {"w": where, "n": _text(cell), "d": day})
    else:
        try:
            deadline = read_deadline(_text(cell), plan_end_year=2030)
        except ValueError:
            deadline = None
        if deadline is None or deadline.due is None:
            raise ValueError(_("“%(v)s”不是日期（应写成 2027年6月 或 2027-06-30）") % {"v": _text(cell)[:40]})
        day = deadline.due
    if not DATE_MIN <= day <= DATE_MAX:
        raise ValueError(_("日期%(d)s不在%(a)s年至%(b)s年之间") % {"d": day, "a": DATE_MIN.year, "b": DATE_MAX.year})
    return day


def read_procedure(cell: object) -> ProcedureState | None:
    """已办结/已批复/已备案 (+date) → done; 办理中/容缺/并联 → in progress (flags kept); 未启动 → not started;
    不涉及/无需办理 → not needed; a blank cell → not filled in (open until someone says 不涉及); 未列入 → None
    (the project is not followed on this procedure; what is recorded stays)."""
    state = ProjectProcedure.State
    if isinstance(cell, datetime | date):
        return ProcedureState(state.DONE, cell.date() if isinstance(cell, datetime) else cell)
    text = _norm(cell)
    if not text:
        return ProcedureState(state.NOT_FILLED)
    if isinstance(cell, int | float) and not isinstance(cell, bool):
        return ProcedureState(state.DONE, read_date(cell))
    parallel, tolerant = "并联" in text, "容缺" in text
    if text == NOT_LISTED:
        return None
    if text in _NOT_NEEDED_WORDS:
        return ProcedureState(state.NOT_NEEDED)
    if text.startswith(_NOT_STARTED_WORDS):
        return ProcedureState(state.NOT_STARTED, parallel=parallel, tolerant=tolerant)
    if text.startswith(_IN_PROGRESS_WORDS) or (parallel or tolerant) and not text.startswith(_DONE_WORDS):
        return ProcedureState(state.IN_PROGRESS, parallel=parallel, tolerant=tolerant)
    m = _DATE_IN_TEXT.search(text)
    if text.startswith(_DONE_WORDS) or (m and m.start() == 0) or text.startswith("已"):
        done_on = None
        if m:
            try:
                if m.group(1):
                    done_on = date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
                else:
                    done_on = read_deadline(f"{m.group(4)}年{m.group(5)}月", plan_end_year=2030).due
            except ValueError:
                raise ValueError(_("“%(v)s”中的日期无效") % {"v": _text(cell)[:40]}) from None
            if done_on is not None and not DATE_MIN <= done_on <= clock.today():
                raise ValueError(_("办结日期%(d)s不在%(a)s年至今天之间") % {"d": done_on, "a": DATE_MIN.year})
        return ProcedureState(state.DONE, done_on, parallel=parallel, tolerant=tolerant)
    raise ValueError(_("无法识别的办理状态“%(v)s”（应为 已办结（可加日期）、办理中、未启动、不涉及 或留空）")
                     % {"v": _text(cell)[:40]})


# -- the header ------------------------------------------------------------------------------------------------------


@dataclass
class _Head:
    number: int  # the header's row number in the file
    index: int  # position in the grid of the last header row
    columns: list[ColumnRead]
    title_year: int | None
    week_number: int | None
    unit_text: str
    default_factor: Decimal


def _find_head(grid: list[tuple[int, list[object]]], kinds: dict[str, list[str]]) -> _Head:
    title_year = week_number = None
    unit_text = ""
    default_factor = Decimal(1)
    for i, (_number, cells) in enumerate(grid[:HEADER_SEARCH_ROWS]):
        reads = [read_header(c) for c in cells]
        found = {r.field for r in reads if r.field}
        if "name" in found and found & {"total", "region", "county", "location", "code", "annual_plan"}:
            return _columns(grid, i, kinds, title_year, week_number, unit_text, default_factor)
        line = "".join(_norm(c) for c in dict.fromkeys(c for c in cells if _text(c)))
        if title_year is None and (m := re.search(r"(20\d{2})年", line)):
            title_year = int(m.group(1))
        if week_number is None and (m := re.search(r"第(\d{1,2})周", line)):
            week_number = int(m.group(1))
        if m := re.search(r"填报单位[:：]([^填:：]+)", line):
            unit_text = m.group(1)
        if re.search(r"单位[:：]?亿元", line):
            default_factor = Decimal(10000)
    raise ProjectRejected([_("前%(n)s行中找不到表头：应有 项目名称 及 总投资、所属地区（或建设地点）等列")
                           % {"n": HEADER_SEARCH_ROWS}])


def _columns(grid, i, kinds, title_year, week_number, unit_text, default_factor) -> _Head:
    top = grid[i][1]
    below = grid[i + 1][1] if i + 1 < len(grid) else []
    width = max(len(top), len(below))
    name_col = next(c for c, cell in enumerate(top) if read_header(cell).field == "name")

    def differs(col: int) -> bool:
        t = top[col] if col < len(top) else None
        b = below[col] if col < len(below) else None
        return bool(_text(b)) and _norm(b) != _norm(t)

    # A second header row: the cells under a group header name fields or procedures, and the project-name column
    # holds nothing new (it is blank or merged down from the row above).
    two_rows = bool(below) and not differs(name_col) and any(
        differs(c) and (read_header(below[c]).field or procedure_for(below[c], kinds)) for c in range(width))
    columns: list[ColumnRead] = []
    group_factor: Decimal | None = None
    for col in range(width):
        t = top[col] if col < len(top) else None
        label_cell, group = t, None
        if two_rows and differs(col):
            label_cell, group = below[col], t
        _word, top_factor = clean_header(t)
        if group is None:
            group_factor = top_factor
        elif top_factor is not None:
            group_factor = top_factor
        head = read_header(label_cell)
        shown = re.sub(r"\s+", "", _text(label_cell))
        group_shown = re.sub(r"\s+", "", _text(group))
        columns.append(ColumnRead(
            index=col, header=f"{group_shown}/{shown}" if group else shown,
            key=head.text[:100], field=head.field, year=head.year,
            factor=head.factor or (group_factor if group is not None else None) or default_factor))
    return _Head(grid[i][0], i + 1 if two_rows else i, columns, title_year, week_number, unit_text, default_factor)


def _decide(columns: list[ColumnRead], grid_body: list[list[object]], kinds: dict[str, list[str]],
            choices: dict[str, str], errors: list[str]) -> None:
    """Settle what each column is: a given or saved choice first, then the field or procedure it names; a field
    named twice (a second 备注) is left for the clerk to decide."""
    taken: dict[str, ColumnRead] = {}
    taken_procedures: dict[str, ColumnRead] = {}
    for column in columns:
        named_field, column.field = column.field, None
        choice = choices.get(column.key) or choices.get(column.header)
        if not column.key:
            if not any(_text(r[column.index]) for r in grid_body if column.index < len(r)):
                column.ignored = True  # a blank column without a header: nothing to keep
                continue
            column.key = column.header = _("（无列名）%(c)s列") % {"c": column.letter}
            choice = choices.get(column.key)
        if column.key.startswith(EXTRA_PREFIXES):
            column.extra = re.sub(r"^附加(属性)?[:：]", "", column.key)[:EXTRA_KEY_MAX]
            continue
        if choice == "ignore":
            column.ignored = True
            continue
        if choice == "keep":
            column.extra = column.key[:EXTRA_KEY_MAX]
            continue
        if choice and choice.startswith("field:"):
            named_field = choice.removeprefix("field:")
            if named_field not in FIELD_LABELS:
                errors.append(_("%(c)s列“%(h)s”：没有字段“%(f)s”") % {"c": column.letter, "h": column.header,
                                                                 "f": named_field})
                continue
        procedure = None if named_field else procedure_for(column.key, kinds)
        if named_field and named_field not in taken:
            column.field = named_field
            taken[named_field] = column
        elif procedure and procedure not in taken_procedures:
            column.procedure = procedure
            taken_procedures[procedure] = column
        elif procedure:
            errors.append(_("%(c)s列“%(h)s”与%(o)s列都是手续“%(p)s”，请合并为一列")
                          % {"c": column.letter, "h": column.header, "o": taken_procedures[procedure].letter,
                             "p": procedure})


CHOICE_KINDS = ("keep", "ignore", "field")


def saved_choices(user: User) -> dict[str, str]:
    """The column choices the user's office saved for ledgers ({header: "keep"|"ignore"|"field:NAME"}) that still
    apply; one naming a field the ledger no longer has is left out (`stale_choices` lists it)."""
    usable, _stale = column_choices.usable_choices(column_choices.saved_choices(user.unit, SHEET),
                                                   kinds=CHOICE_KINDS, fields=FIELD_LABELS)
    return usable


def stale_choices(user: User) -> dict[str, str]:
    """The office's saved ledger choices that no longer apply (a field renamed or removed since)."""
    _usable, stale = column_choices.usable_choices(column_choices.saved_choices(user.unit, SHEET),
                                                   kinds=CHOICE_KINDS, fields=FIELD_LABELS)
    return stale


def save_choices(*, user: User, choices: dict[str, str]) -> int:
    """Keep the clerk's column choices for the office's next ledgers; returns how many were saved."""
    return column_choices.save_choices(user=user, sheet=SHEET, choices=choices, kinds=CHOICE_KINDS,
                                       fields=FIELD_LABELS)


# -- rows ------------------------------------------------------------------------------------------------------------


def preview_ledger(*, user: User, source: Path | IO[bytes], name: str, unit: OrgUnit | None = None,
                   year: int | None = None, week: str | None = None,
                   choices: dict[str, str] | None = None) -> LedgerPreview:
    """Read a ledger file as written and say what an import would store; writes nothing.

    PermissionDenied before the file is read when `user` may not register projects; ProjectRejected when the file
    cannot be read at all (no header, too many rows, not a spreadsheet). Row problems are in `errors`.
    """
    from plantrack.orgs.access import deny

    if not may_import_ledger(user):
        raise deny(user, user.unit if user.is_authenticated else None, "import project ledger")
    grid = _grid(source, name)
    kinds = {k.name: k.names() for k in ProcedureKind.objects.filter(active=True)}
    kind_ids = dict(ProcedureKind.objects.filter(active=True).values_list("name", "pk"))
    head = _find_head(grid, kinds)
    errors: list[str] = []
    body = grid[head.index + 1:]
    saved = saved_choices(user)
    given = choices or {}
    _decide(head.columns, [cells for _n, cells in body], kinds, {**saved, **given}, errors)
    stale = stale_choices(user)
    for column in head.columns:
        names = (column.key, column.header)
        if any(n in given for n in names):
            continue  # the clerk's choice for this file, whatever the office saved
        column.saved = column.decided and any(n in saved for n in names)
        column.stale = next((stale[n] for n in names if n in stale), "")
    places = Places()
    notes: list[str] = [
        _("本单位上次对“%(h)s”列的选择（%(c)s）已不适用，未采用")
        % {"h": header, "c": column_choices.choice_label(choice)}
        for header, choice in stale.items()
        if header not in given and any(header in (c.key, c.header) for c in head.columns)]
    unit_source = ""
    if unit is not None:
        unit_source = _("指定")
    elif head.unit_text:
        unit = places.starting(head.unit_text)
        if unit is not None:
            unit_source = _("填报单位行")
        else:
            notes.append(_("填报单位“%(t)s”不是盟市或旗县，未作为全表单位") % {"t": head.unit_text})
    columns = {c.field: c for c in head.columns if c.field}
    header_year = next((c.year for c in head.columns if c.field == "annual_plan" and c.year), None)
    if year is not None and header_year is not None and year != header_year:
        errors.append(_("指定的年度%(y)s与表头“%(h)s”的年度不同") % {"y": year, "h": columns["annual_plan"].header})
    plan_year = year or header_year or head.title_year
    if week is None and head.week_number is not None and (head.title_year or year):
        week = f"{head.title_year or year}-W{head.week_number:02d}"
    if week is not None:
        try:
            week = canonical_week(week)
            if week_start(week) > clock.today():
                errors.append(_("调度周%(w)s尚未到来") % {"w": week})
        except ValueError as exc:
            errors.append(message_of(exc))
            week = None
    missing = [str(FIELD_LABELS[k]) for k in ("name", "total") if k not in columns]
    if not (columns.keys() & {"county", "region", "location"}) and unit is None:
        missing.append(_("所属地区（或所属旗县、建设地点，或指定全表单位）"))
    if missing:
        raise ProjectRejected([_("第%(n)s行（表头）：缺少列 %(cols)s")
                               % {"n": head.number, "cols": join_words(missing)}])
    if ({"week_progress", "week_completed"} & columns.keys()) and week is None:
        errors.append(_("表中有“本周进展/本周完成投资”列，但未写明调度周：请在标题写“第N周”或指定调度周"))
    preview = LedgerPreview(name=name, columns=head.columns, rows=[], headings=[], totals=[], note_rows=[],
                            notes=notes, errors=errors, plan_year=plan_year, week=week, unit=unit,
                            unit_source=unit_source)
    _read_rows(preview, body, columns, kind_ids, places)
    if preview.rows and "annual_plan" in columns and plan_year is None and any(
            r.fields.annual_plan_wan is not None for r in preview.rows):
        errors.append(_("“%(h)s”列未写年份：请在表头（如“2027年计划投资”）或标题写明年份，或指定年度")
                      % {"h": columns["annual_plan"].header})
    for row in preview.rows:
        row.fields.plan_year = plan_year
    if not preview.rows and not errors:
        errors.append(_("文件中没有项目行"))
    return preview


def _read_rows(preview: LedgerPreview, body, columns: dict[str, ColumnRead], kind_ids: dict[str, int],
               places: Places) -> None:
    errors, notes = preview.errors, preview.notes
    category = ""
    group_rows: list[LedgerRow] = []
    first_row_of: dict[tuple[int, str], int] = {}
    first_row_of_code: dict[str, int] = {}
    procedure_columns = [c for c in preview.columns if c.procedure]
    extra_columns = [c for c in preview.columns if c.extra]
    name_col = columns["name"].index
    for number, cells in body:
        if len(errors) >= MAX_ERRORS:
            errors.append(_("错误太多，只列出前%(n)s条") % {"n": MAX_ERRORS})
            break

        def cell(key: str, cells: list[object] = cells) -> object:
            column = columns.get(key)
            return cells[column.index] if column is not None and column.index < len(cells) else None

        texts = [_norm(c) for c in cells if _norm(c)]
        distinct = list(dict.fromkeys(texts))
        first = distinct[0]
        name_text = _norm(cells[name_col]) if name_col < len(cells) else ""
        if _NOTE_ROW.match(first) and (not name_text or name_text == first or len(distinct) == 1):
            preview.note_rows.append((number, _text(next(c for c in cells if _text(c)))))
            continue
        if any(_TOTAL_ROW.match(_norm(c)) for c in cells[:max(3, name_col + 1)] if _norm(c)):
            preview.totals.append(_check_total(number, cells, columns, distinct,
                                               group_rows if _norm(first).startswith("小计") else preview.rows))
            if _norm(first).startswith("小计"):
                group_rows = []
            continue
        if len(distinct) == 1 and not re.fullmatch(r"[\d.]+", first):
            preview.headings.append((number, first))
            category = re.sub(r"[（(]\d+个(项目)?[)）]$", "", _GROUP_ROW.sub("", first)).strip()
            group_rows = []
            continue
        row = _read_row(number, cells, cell, columns, procedure_columns, extra_columns, kind_ids, places,
                        preview, category, errors, notes)
        if row is None:
            continue
        key = (row.fields.region.pk, row.fields.name)
        where = _("第%(r)s行 %(c)s列（%(label)s）") % {"r": number, "c": columns["name"].letter,
                                                    "label": FIELD_LABELS["name"]}
        if key in first_row_of:
            errors.append(_("%(w)s：“%(n)s”在%(u)s重复（第%(f)s行已有）")
                          % {"w": where, "n": row.fields.name, "u": row.fields.region.name, "f": first_row_of[key]})
            continue
        first_row_of[key] = number
        if row.fields.code:
            if row.fields.code in first_row_of_code:
                errors.append(_("%(w)s：项目代码与第%(f)s行重复")
                              % {"w": where, "f": first_row_of_code[row.fields.code]})
                continue
            first_row_of_code[row.fields.code] = number
        preview.rows.append(row)
        group_rows.append(row)


def _check_total(number: int, cells, columns, distinct: list[str], covered: list[LedgerRow]) -> TotalRow:
    """A 合计/小计 row against the sum of the project rows it covers: each differing amount, said in 万元."""
    differences = []
    for key in ("total", "annual_plan", "completed", "year_completed", "week_completed"):
        column = columns.get(key)
        if column is None or column.index >= len(cells):
            continue
        try:
            stated = read_amount(cells[column.index], column.factor or Decimal(1))
        except ValueError:
            continue
        if stated is None:
            continue
        summed = sum((r.amounts.get(key) or Decimal(0) for r in covered), Decimal(0))
        if abs(stated - summed) > Decimal("0.01") * max(len(covered), 1):
            differences.append(_("%(c)s %(s)s万元与上方%(n)s个项目之和%(t)s万元不符")
                               % {"c": FIELD_LABELS[key], "s": f"{stated:f}", "n": len(covered), "t": f"{summed:f}"})
    return TotalRow(number, distinct[0], differences)


def _read_row(number, cells, cell, columns, procedure_columns, extra_columns, kind_ids, places, preview, category,
              errors, notes) -> LedgerRow | None:
    row_errors: list[str] = []

    def where(key: str | ColumnRead) -> str:
        column = columns[key] if isinstance(key, str) else key
        label = FIELD_LABELS[key] if isinstance(key, str) else column.header
        return _("第%(r)s行 %(c)s列（%(label)s）") % {"r": number, "c": column.letter, "label": label}

    title = _text(cell("name"))
    if not title:
        errors.append(_("%(w)s：项目名称为空，但这一行有其他内容") % {"w": where("name")})
        return None
    region = None
    for key in ("county", "region"):
        if key in columns and _text(cell(key)):
            try:
                region, note = places.resolve(_text(cell(key)))
            except ValueError as exc:
                row_errors.append(f"{where(key)}：{message_of(exc)}")
                break
            if note:
                notes.append(_("第%(r)s行：%(n)s") % {"r": number, "n": note})
            break
    location = _text(cell("location"))
    if region is None and not row_errors:
        if location:
            try:
                region, note = places.resolve(location)
                if note:
                    notes.append(_("第%(r)s行：%(n)s") % {"r": number, "n": note})
            except ValueError:
                region = preview.unit or places.starting(location)
                if region is None:
                    row_errors.append(_("%(w)s：“%(t)s”不是盟市或旗县：请加“所属旗县”列，或指定全表单位（填报单位）")
                                      % {"w": where("location"), "t": location[:40]})
        elif preview.unit is not None:
            region = preview.unit
        else:
            key = next((k for k in ("county", "region", "location") if k in columns), None)
            row_errors.append(_("%(w)s：未填写所属地区") % {"w": where(key) if key else _("第%(r)s行") % {"r": number}})
    amounts: dict[str, Decimal | None] = {}
    for key in AMOUNT_FIELDS:
        if key in columns:
            try:
                amounts[key] = read_amount(cell(key), columns[key].factor or Decimal(1))
            except ValueError as exc:
                row_errors.append(f"{where(key)}：{message_of(exc)}")
    if "total" in columns and amounts.get("total") is None and not any(
            e.startswith(where("total")) for e in row_errors):
        row_errors.append(_("%(w)s：必须填写总投资") % {"w": where("total")})
    dates: dict[str, date | None] = {}
    for key in DATE_FIELDS:
        if key in columns:
            try:
                dates[key] = read_date(cell(key), notes, where(key))
            except ValueError as exc:
                row_errors.append(f"{where(key)}：{message_of(exc)}")
    status = None
    if "status" in columns and _text(cell("status")):
        status = _STATUS_WORDS.get(_norm(cell("status")))
        if status is None:
            row_errors.append(_("%(w)s：“%(v)s”应为谋划、前期、在建或竣工") % {"w": where("status"),
                                                                      "v": _text(cell("status"))[:20]})
    procedures: dict[int, ProcedureState] = {}
    for column in procedure_columns:
        value = cells[column.index] if column.index < len(cells) else None
        try:
            wanted = read_procedure(value)
        except ValueError as exc:
            row_errors.append(f"{where(column)}：{message_of(exc)}")
        else:
            if wanted is None:
                continue
            procedures[kind_ids[column.procedure]] = wanted
            if isinstance(value, int | float) and not isinstance(value, bool):
                notes.append(_("%(w)s：Excel日期序号%(n)s读作办结于%(d)s")
                             % {"w": where(column), "n": _text(value),
                                "d": procedures[kind_ids[column.procedure]].done_on})
    code = _text(cell("code"))
    if _norm(code) in _NO_CODE_WORDS:
        if _norm(code) not in ("", "—", "-", "/", "／"):
            notes.append(_("%(w)s：“%(v)s”读作尚无项目代码") % {"w": where("code"), "v": code})
        code = ""
    extra = {}
    for column in extra_columns:
        value = _text(cells[column.index]) if column.index < len(cells) else ""
        if value:
            extra[column.extra] = value
    if row_errors or region is None:
        errors.extend(row_errors)
        return None
    completed = amounts.get("completed")
    texts = {attr: _text(cell(key)) for key, attr in TEXT_FIELDS.items()}
    if not texts["location"] and "location" not in columns and "region" in columns and "county" in columns:
        texts["location"] = ""
    fields = ProjectFields(
        name=title, region=region, total_investment_wan=amounts.get("total") or Decimal(0), code=code or None,
        category=_text(cell("category")) or category, annual_plan_wan=amounts.get("annual_plan"),
        completed_wan=completed or Decimal(0), planned_start=dates.get("start"),
        planned_completion=dates.get("completion"), actual_start=dates.get("actual_start"),
        actual_completion=dates.get("actual_completion"),
        status=status or (Project.Status.BUILDING if (completed or dates.get("actual_start"))
                          else Project.Status.PREPARING),
        procedures=procedures, extra=extra, **texts,
    )
    for name_, why in check_project_fields(fields):
        key = {"owner_company": "owner", "liaison_leader": "leader", "responsible_unit": "responsible",
               "construction_period": "period", "actual_start": "actual_start"}.get(name_, name_)
        if key in columns:
            prefix = where(key)
        else:
            prefix = _("第%(r)s行（%(f)s）") % {"r": number, "f": FIELD_LABELS.get(key, name_)}
        row_errors.append(f"{prefix}：{why}")
    progress = _text(cell("week_progress"))
    why = text_problem(progress, max_length=2000)
    if why:
        row_errors.append(f"{where('week_progress')}：{why}")
    if row_errors:
        errors.extend(row_errors)
        return None
    return LedgerRow(number, fields, week_progress=progress, week_completed_wan=amounts.get("week_completed"),
                     year_completed_wan=amounts.get("year_completed"), amounts=amounts)


# -- writing ---------------------------------------------------------------------------------------------------------


def import_ledger(*, user: User, source: Path | IO[bytes], name: str, unit: OrgUnit | None = None,
                  year: int | None = None, week: str | None = None, choices: dict[str, str] | None = None,
                  remember_choices: bool = False,
                  on_progress: Callable[[int, int], None] | None = None) -> LedgerImportResult:
    """Create or update the projects of a ledger file, all or nothing, within what `user` may edit.

    Refused (ProjectRejected, nothing written) while any row has a problem or any column is undecided. A project
    is matched by its code, else by its name within its unit. One transaction of set-based statements;
    `on_progress(done, total)` is called after each batch, so a background job can show how far it got.
    """
    preview = preview_ledger(user=user, source=source, name=name, unit=unit, year=year, week=week, choices=choices)
    errors = list(preview.errors)
    if preview.unknown:
        errors.append(_("以下列未识别，请逐列选择对应字段、保留为附加属性或忽略：%(c)s")
                      % {"c": join_words(f"{c.letter}列“{c.header}”" for c in preview.unknown)})
    if remember_choices:
        errors += column_choices.choice_problems(choices or {}, kinds=CHOICE_KINDS, fields=FIELD_LABELS)
    if errors:
        raise ProjectRejected(errors)
    result = write_ledger_rows(user=user, rows=preview.rows, plan_year=preview.plan_year, week=preview.week,
                               on_progress=on_progress)
    if remember_choices and choices:  # checked above; kept only once the import they settled went through
        save_choices(user=user, choices=choices)
    result.notes = preview.notes + [
        _("第%(r)s行“%(t)s”：%(d)s") % {"r": t.number, "t": t.text, "d": "；".join(t.differences)}
        for t in preview.totals if t.differences]
    return result


def _match(rows: list[LedgerRow]) -> dict[int, Project | None]:
    by_code: dict[str, Project] = {}
    by_name: dict[tuple[int, str], Project] = {}
    codes = [r.fields.code for r in rows if r.fields.code]
    names = list({r.fields.name for r in rows})
    for start in range(0, len(codes), 500):
        by_code.update((p.code, p) for p in Project.objects.filter(code__in=codes[start:start + 500]))
    for start in range(0, len(names), 500):
        by_name.update(((p.region_id, p.name), p) for p in Project.objects.filter(name__in=names[start:start + 500]))
    return {r.number: by_code.get(r.fields.code) or by_name.get((r.fields.region.pk, r.fields.name)) for r in rows}


_UPDATE_FIELDS = ["code", "name", "region", "owner_company", "category", "content", "node", "chapter_number",
                  "total_investment_wan", "annual_plan_wan", "completed_wan", "planned_start", "planned_completion",
                  "status", "problems", "actual_start", "actual_completion", "location", "liaison_leader",
                  "responsible_unit", "construction_period", "remarks", "extra", "updated_at"]
_PROCEDURE_FIELDS = ["state", "done_on", "parallel", "tolerant", "opened_on"]


def write_ledger_rows(*, user: User, rows: list[LedgerRow], plan_year: int | None, week: str | None,
                      on_progress: Callable[[int, int], None] | None = None) -> LedgerImportResult:
    """Store checked ledger rows in one transaction of set-based statements (no statement per row)."""
    matched = _match(rows)
    errors = []
    allowed: dict[int, bool] = {}
    for row in rows:
        region = row.fields.region
        if region.pk not in allowed:
            allowed[region.pk] = can_edit_project_of(user, region)
        found = matched[row.number]
        if not allowed[region.pk]:
            errors.append(_("第%(r)s行：无权登记%(u)s的项目") % {"r": row.number, "u": region.name})
        elif found is not None and found.region_id != region.pk and not can_edit_project_of(user, found.region):
            errors.append(_("第%(r)s行：无权修改%(u)s的项目") % {"r": row.number, "u": found.region.name})
        if found is not None and found.code and row.fields.code and found.code != row.fields.code:
            errors.append(_("第%(r)s行：项目“%(n)s”已登记的项目代码为%(c)s，与表中不同")
                          % {"r": row.number, "n": row.fields.name, "c": found.code})
        if found is not None and found.code and not row.fields.code:
            row.fields.code = found.code  # a sheet that leaves the code blank keeps the one known
        if found is not None and row.fields.node is None:
            row.fields.node = found.node
    if errors:
        raise ProjectRejected(errors[:MAX_ERRORS])
    result = LedgerImportResult()
    changed: set[int] = set()  # row numbers
    total = len(rows)
    now = timezone.now()
    kinds = {k.pk: k for k in ProcedureKind.objects.all()}
    with transaction.atomic():
        projects: dict[int, Project] = {}
        to_create, to_update = [], []
        for row in rows:
            found = matched[row.number]
            project = found or Project()
            before = ledger_snapshot(project) if found else None
            apply_fields(project, row.fields)
            project.updated_at = now
            if found is None:
                # A new project's open procedures are those its row opens: known before it is written, so the
                # copy on the project needs no second statement.
                names = [k.name for k in sorted((kinds[kind_id] for kind_id, s in row.fields.procedures.items()
                                                 if s.state in ProjectProcedure.OPEN_STATES
                                                 and kind_id in kinds and kinds[kind_id].active),
                                                key=lambda k: (k.order, k.pk))]
                project.open_procedures, project.has_open_procedures = names, bool(names)
                to_create.append(project)
            elif ledger_fields_differ(before, project):
                to_update.append(project)
                changed.add(row.number)
            projects[row.number] = project
        for start in range(0, len(to_create), BATCH):
            Project.objects.bulk_create(to_create[start:start + BATCH])
            _report(on_progress, min(start + BATCH, len(to_create)) // 2, total)
        for start in range(0, len(to_update), BATCH):
            Project.objects.bulk_update(to_update[start:start + BATCH], _UPDATE_FIELDS)
        known = [p.pk for p in matched.values() if p is not None]  # a project just created has no procedures yet
        current = _in_chunks(ProjectProcedure.objects, "project_id", known)
        states = {(p.project_id, p.kind_id): p for p in current}
        new_procedures, changed_procedures = [], []
        for row in rows:
            project = projects[row.number]
            for kind_id, wanted in row.fields.procedures.items():
                existing = states.get((project.pk, kind_id))
                change = procedure_change(existing, wanted)
                if change is None:
                    continue
                changed.add(row.number)
                if existing is None:
                    made = ProjectProcedure(project=project, kind_id=kind_id, **change)
                    new_procedures.append(made)
                    states[(project.pk, kind_id)] = made
                else:
                    for name_, value in change.items():
                        setattr(existing, name_, value)
                    changed_procedures.append(existing)
        for start in range(0, len(new_procedures), PROCEDURE_BATCH):
            ProjectProcedure.objects.bulk_create(new_procedures[start:start + PROCEDURE_BATCH])
        for start in range(0, len(changed_procedures), BATCH):
            ProjectProcedure.objects.bulk_update(changed_procedures[start:start + BATCH], _PROCEDURE_FIELDS)
        # The copy of open procedure names each project keeps, from the final states, in checklist order.
        open_by_project: dict[int, list[ProcedureKind]] = {}
        for (project_id, kind_id), proc in states.items():
            kind = kinds.get(kind_id)
            if kind is not None and kind.active and proc.state in ProjectProcedure.OPEN_STATES:
                open_by_project.setdefault(project_id, []).append(kind)
        refreshed = []
        for row in rows:
            project = projects[row.number]
            names = [k.name for k in sorted(open_by_project.get(project.pk, []), key=lambda k: (k.order, k.pk))]
            if names != list(project.open_procedures or []) or project.has_open_procedures != bool(names):
                project.open_procedures, project.has_open_procedures = names, bool(names)
                refreshed.append(project)
                changed.add(row.number)
        for start in range(0, len(refreshed), BATCH):
            Project.objects.bulk_update(refreshed[start:start + BATCH], ["open_procedures", "has_open_procedures"])
        _write_investments(rows, projects, plan_year, changed)
        if week is not None:
            result.dispatches = _write_dispatches(rows, projects, week, user, changed)
    for row in rows:
        if matched[row.number] is None:
            result.created += 1
        elif row.number in changed:
            result.updated += 1
        else:
            result.unchanged += 1
    _report(on_progress, total, total)
    return result


def _report(on_progress, done: int, total: int) -> None:
    if on_progress is not None:
        on_progress(done, total)


def _in_chunks(manager, key: str, ids: list[int]) -> list:
    found = []
    for start in range(0, len(ids), 500):
        found.extend(manager.filter(**{f"{key}__in": ids[start:start + 500]}))
    return found


def _write_investments(rows, projects, plan_year, changed: set[int]) -> None:
    """The year's plan (the ledger's plan year) and a year's completed investment, one row per project and year."""
    wanted: dict[tuple[int, int], dict[str, Decimal]] = {}
    numbers: dict[int, int] = {}
    for row in rows:
        pk = projects[row.number].pk
        numbers[pk] = row.number
        if plan_year and row.fields.annual_plan_wan is not None:
            wanted.setdefault((pk, plan_year), {})["planned_wan"] = row.fields.annual_plan_wan
        if row.year_completed_wan is not None and plan_year:
            wanted.setdefault((pk, plan_year), {})["completed_wan"] = row.year_completed_wan
    if not wanted:
        return
    existing = {(i.project_id, i.year): i for i in _in_chunks(
        ProjectInvestment.objects.filter(month__isnull=True), "project_id", list({k[0] for k in wanted}))}
    new, updated = [], []
    for (pk, year), values in wanted.items():
        row = existing.get((pk, year))
        if row is None:
            new.append(ProjectInvestment(project_id=pk, year=year, month=None, **values))
            changed.add(numbers[pk])
        elif any(getattr(row, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(row, k, v)
            updated.append(row)
            changed.add(numbers[pk])
    ProjectInvestment.objects.bulk_create(new, batch_size=BATCH)
    ProjectInvestment.objects.bulk_update(updated, ["planned_wan", "completed_wan"], batch_size=BATCH)


def _write_dispatches(rows, projects, week: str, user: User, changed: set[int]) -> int:
    """A weekly county ledger's rows as that week's dispatch records (a week again replaces them)."""
    wanted = {projects[r.number].pk: r for r in rows if r.week_progress or r.week_completed_wan is not None}
    existing = {d.project_id: d for d in _in_chunks(DispatchRecord.objects.filter(week=week), "project_id",
                                                     list(wanted))}
    new, updated = [], []
    for pk, row in wanted.items():
        values = {"progress": row.week_progress, "week_completed_wan": row.week_completed_wan,
                  "completed_wan": row.amounts.get("completed")}
        record = existing.get(pk)
        if record is None:
            new.append(DispatchRecord(project_id=pk, week=week, recorded_by=user, **values))
            changed.add(row.number)
        elif any(getattr(record, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(record, k, v)
            record.recorded_by = user
            updated.append(record)
            changed.add(row.number)
    DispatchRecord.objects.bulk_create(new, batch_size=BATCH)
    DispatchRecord.objects.bulk_update(updated, ["progress", "week_completed_wan", "completed_wan", "recorded_by"],
                                       batch_size=BATCH)
    return len(wanted)


# -- the export ------------------------------------------------------------------------------------------------------


def _procedure_cell(proc: ProjectProcedure | None) -> str | None:
    if proc is None:
        return NOT_LISTED
    if proc.state == ProjectProcedure.State.NOT_FILLED:
        return None
    if proc.state == ProjectProcedure.State.NOT_NEEDED:
        return "不涉及"
    if proc.state == ProjectProcedure.State.DONE:
        text = f"已办结{proc.done_on:%Y-%m-%d}" if proc.done_on else "已办结"
    else:
        text = str(proc.get_state_display())
    flags = [w for w, on in (("并联", proc.parallel), ("容缺", proc.tolerant)) if on]
    return text + (f"（{'、'.join(flags)}）" if flags else "")


def export_year(projects: QuerySet[Project]) -> int:
    """The plan year an export carries: the latest year a project's annual plan is recorded for, else this year."""
    latest = (ProjectInvestment.objects.filter(project__in=projects, month__isnull=True, planned_wan__isnull=False)
              .order_by("-year").values_list("year", flat=True).first())
    return latest or clock.today().year


def ledger_workbook(projects: QuerySet[Project], *, title: str, year: int | None = None) -> bytes:
    """The ledger as an xlsx that `import_ledger` reads back unchanged: the plan year in the title and in the annual
    plan's header, every procedure, the fields and the extra attributes ("附加：…" columns); every text inert."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    projects = projects.select_related("region")
    year = year or export_year(projects)
    rows = list(projects)
    states = {}
    for proc in _in_chunks(ProjectProcedure.objects, "project_id", [p.pk for p in rows]):
        states[(proc.project_id, proc.kind_id)] = proc
    # The procedures these projects are followed on (every one, for a ledger without any yet): a column for a
    # procedure none of them has would read back as "not filled in" on every row.
    in_use = {kind_id for _pk, kind_id in states}
    kinds = [k for k in ProcedureKind.objects.filter(active=True) if k.pk in in_use or not in_use]
    extra_keys = list(dict.fromkeys(k for p in rows for k in (p.extra or {})))
    header = ["序号", "项目代码", "项目名称", "所属地区", "建设地点", "项目单位", "项目类别", "建设内容",
              "总投资（万元）", f"{year}年计划投资（万元）", "累计完成投资（万元）", "计划开工", "计划竣工", "实际开工",
              "项目状态", *(k.name for k in kinds), "存在问题", "包联领导", "责任单位", "建设起止年限", "备注",
              *(f"附加：{k}" for k in extra_keys)]
    book = Workbook()
    sheet = book.active
    sheet.title = "重大项目台账"
    append_inert(sheet, [f"{year}年{title}"])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header))
    sheet["A1"].font = Font(bold=True, size=14)
    sheet["A1"].alignment = Alignment(horizontal="center")
    append_inert(sheet, header)
    planned = {i.project_id: i.planned_wan for i in _in_chunks(
        ProjectInvestment.objects.filter(year=year, month__isnull=True), "project_id", [p.pk for p in rows])}
    for n, p in enumerate(rows, start=1):
        plan = planned.get(p.pk, p.annual_plan_wan if not planned else None)
        cells = [n, p.code, p.name, p.region.name, p.location, p.owner_company, p.category, p.content,
                 float(p.total_investment_wan), None if plan is None else float(plan), float(p.completed_wan),
                 p.planned_start, p.planned_completion, p.actual_start, p.get_status_display(),
                 *(_procedure_cell(states.get((p.pk, k.pk))) for k in kinds), p.problems, p.liaison_leader,
                 p.responsible_unit, p.construction_period, p.remarks, *((p.extra or {}).get(k) for k in extra_keys)]
        append_inert(sheet, cells)
    for row in sheet.iter_rows(min_row=3):
        for c in row:
            if isinstance(c.value, date | datetime):
                c.number_format = "yyyy-mm-dd"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
