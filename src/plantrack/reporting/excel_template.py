"""The Excel fill-in template (Excel填报模板) for one unit and round: generated, filled in, uploaded back.

The data sheet lists the indicators the unit must report, with last period and last year beside each; only the
value, comment and explanation cells are unlocked. A very hidden metadata sheet carries the template version, the
round, the unit and the indicator codes, signed with the site key, so a wrong or altered template is recognised.
Reading a filled template checks everything before anything is written and names sheet, row, column and reason;
the workbook is read through `plantrack.uploads` (bounded before it is loaded, every row read).
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.core import signing
from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter, range_boundaries

from plantrack.core.errors import InvalidInput
from plantrack.core.sheet_rows import HEADING, NOTE, TOTAL, row_shape
from plantrack.indicators.models import Indicator
from plantrack.orgs.access import require_enter, require_entering_role
from plantrack.orgs.models import OrgUnit, User
from plantrack.reporting import column_choices
from plantrack.reporting.bulk_import import ColumnRead, FileImportResult, SkippedRow
from plantrack.reporting.inputs import ValueInput
from plantrack.reporting.models import Channel, ReportingRound
from plantrack.reporting.selectors import previous_values, required_indicators
from plantrack.uploads import (
    MAX_LISTED_PROBLEMS,
    Formula,
    Spreadsheet,
    Table,
    UploadRefused,
    listed_problems,
    open_spreadsheet,
    template_limits,
)
from plantrack.wording import join_words

TEMPLATE_VERSION = "plantrack-template/1"
DATA_SHEET = "填报"
META_SHEET = "_meta"
FIRST_ROW = 5
HEADERS = ("指标编码", "指标名称", "计量单位", "上期值", "上年同期", "本期数值", "备注", "预警说明")
CODE_COL, VALUE_COL, COMMENT_COL, EXPLANATION_COL = 1, 6, 7, 8
# What each of the template's columns is read as; the others are shown for reference only.
TEMPLATE_FIELDS = {CODE_COL: "indicator_code", VALUE_COL: "value", COMMENT_COL: "comment",
                   EXPLANATION_COL: "explanation"}
# A column a person added to the template may be read as one of these (its text joins the template's own).
MAPPABLE = ("comment", "explanation")
FILL_COLS = (VALUE_COL, COMMENT_COL, EXPLANATION_COL)
_SIGN_SALT = "plantrack.reporting.excel_template"


@dataclass(frozen=True)
class TemplateProblem:
    """One thing wrong with an uploaded template, located as a person would find it in Excel."""

    reason: str
    sheet: str = DATA_SHEET
    row: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        from openpyxl.utils import get_column_letter

        where = [_("工作表“%(sheet)s”") % {"sheet": self.sheet}]
        if self.row is not None:
            where.append(_("第%(row)d行") % {"row": self.row})
        if self.column is not None:
            where.append(_("%(col)s列") % {"col": get_column_letter(self.column)})
        return f"{' '.join(where)}: {self.reason}"


class TemplateError(InvalidInput):
    """An upload refused as a whole; `refusals` lists the reasons found (the first 200), `total` counts them all."""

    code = "template_refused"

    def __init__(self, problems: list[TemplateProblem], *, total: int | None = None):
        self.refusals = problems
        self.total = len(problems) if total is None else total
        super().__init__("; ".join(str(p) for p in problems[:5]), problems=[str(p) for p in problems])

    def lines(self) -> list[str]:
        """Every kept problem as a line, then "还有N处问题未列出" when some were not kept."""
        return listed_problems([str(p) for p in self.problems], self.total)


@dataclass(frozen=True)
class TemplateRow:
    row: int
    indicator_code: str
    value: object  # the cell as openpyxl read it; enter_values reads the figure
    comment: str
    explanation: str


@dataclass
class FilledTemplate:
    """What an uploaded template says, once every cell has been checked: its rows with a figure, each column and
    what it is read as, and the rows skipped (the template's title lines, totals and notes added below)."""

    round: ReportingRound
    unit: OrgUnit
    rows: list[TemplateRow] = field(default_factory=list)
    columns: list[ColumnRead] = field(default_factory=list)
    skipped: list[SkippedRow] = field(default_factory=list)

    @property
    def unknown(self) -> list[ColumnRead]:
        return [c for c in self.columns if not c.decided]

    @property
    def ignored(self) -> list[ColumnRead]:
        return [c for c in self.columns if c.ignored and c.chosen]

    def refuse_unknown(self) -> None:
        """A column added to the template is never dropped silently: it must be ignored or mapped first."""
        if self.unknown:
            raise TemplateError([TemplateProblem(
                _("无法识别的列 %(cols)s：请选择忽略该列，或将其对应到备注或预警说明")
                % {"cols": join_words(f"{c.ref}“{c.header}”" for c in self.unknown)}, row=FIRST_ROW - 1,
                column=self.unknown[0].index + 1)])

    def row_of(self, indicator_code: str) -> int | None:
        return next((r.row for r in self.rows if r.indicator_code == indicator_code), None)


def _payload(round_id: int, period: str, unit_code: str, codes: list[str]) -> str:
    return "|".join([TEMPLATE_VERSION, str(round_id), period, unit_code, ",".join(codes)])


def build_template(
    *, round: ReportingRound, unit: OrgUnit, indicators: list[Indicator],
    previous: dict[int, dict[str, Decimal | None]] | None = None,
) -> bytes:
    """The xlsx template for `unit` in `round`; `previous` is `selectors.previous_values` for the indicators."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill, Protection
    from openpyxl.worksheet.datavalidation import DataValidation

    previous = previous or {}
    codes = [i.code for i in indicators]
    wb = Workbook()
    ws = wb.active
    ws.title = DATA_SHEET
    ws["A1"] = _("%(unit)s %(title)s 数据填报") % {"unit": unit.name, "title": round.title}
    ws["A1"].font = Font(bold=True, size=14)
    ws["A2"] = _("单位")
    ws["B2"] = f"{unit.code} {unit.name}"
    ws["D2"] = _("报告期")
    ws["E2"] = round.period
    ws["A3"] = _("只填写黄色单元格；数值不得使用公式或文字。截止日期：%(deadline)s") % {"deadline": round.deadline}
    for col, title in enumerate(HEADERS, start=1):
        cell = ws.cell(row=FIRST_ROW - 1, column=col, value=_(title))
        cell.font = Font(bold=True)
    fill = PatternFill("solid", fgColor="FFF2B3")
    for offset, indicator in enumerate(indicators):
        r = FIRST_ROW + offset
        before = previous.get(indicator.pk, {})
        last, last_year = before.get("last_period"), before.get("last_year")
        ws.cell(row=r, column=1, value=indicator.code).data_type = "s"
        ws.cell(row=r, column=2, value=indicator.name)
        ws.cell(row=r, column=3, value=indicator.unit)
        ws.cell(row=r, column=4, value=last)
        ws.cell(row=r, column=5, value=last_year)
        for col in FILL_COLS:
            cell = ws.cell(row=r, column=col)
            cell.protection = Protection(locked=False)
            cell.fill = fill
    if indicators:
        last_row = FIRST_ROW + len(indicators) - 1
        check = DataValidation(
            type="decimal", operator="between", formula1="-1E+15", formula2="1E+15", allow_blank=True,
            showErrorMessage=True, error=_("请填写数字"), errorTitle=_("数值有误"),
        )
        check.add(f"F{FIRST_ROW}:F{last_row}")
        ws.add_data_validation(check)
    for col, width in zip("ABCDEFGH", (10, 36, 10, 14, 14, 14, 24, 30), strict=True):
        ws.column_dimensions[col].width = width
    ws.freeze_panes = ws.cell(row=FIRST_ROW, column=2)
    ws.protection.sheet = True
    ws.protection.formatColumns = False

    meta = wb.create_sheet(META_SHEET)
    payload = _payload(round.pk, round.period, unit.code, codes)
    for key, value in (
        ("version", TEMPLATE_VERSION), ("round", str(round.pk)), ("period", round.period), ("unit", unit.code),
        ("codes", ",".join(codes)), ("signature", signing.Signer(salt=_SIGN_SALT).signature(payload)),
    ):
        meta.append([key, value])
    meta.sheet_state = "veryHidden"
    meta.protection.sheet = True
    wb.security.lockStructure = True
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _text(raw: object) -> str:
    return "" if raw is None else str(raw).strip()


def read_template(
    data: bytes, *, expected_round: ReportingRound | None = None, expected_unit: OrgUnit | None = None,
    user: User | None = None, choices: dict[str, str] | None = None,
) -> FilledTemplate:
    """Check a filled template and return what it holds; raises TemplateError naming every problem found.

    The workbook is bounded (`plantrack.uploads.template_limits`) before it is loaded; with `user`, their right to
    enter the template's unit is checked (PermissionDenied) as soon as the metadata names it, before the data sheet
    is read.
    """
    limit = settings.PLANTRACK_MAX_UPLOAD_BYTES
    if len(data) > limit:
        raise TemplateError([TemplateProblem(
            _("文件大小 %(size)d 字节，超过上限 %(limit)d 字节") % {"size": len(data), "limit": limit}, sheet="-")])
    try:
        with open_spreadsheet(io.BytesIO(data), name="template.xlsx", limits=template_limits()) as book:
            meta = _read_meta(book)
            rnd, unit = _check_meta(meta, expected_round=expected_round, expected_unit=expected_unit)
            if user is not None:
                require_enter(user, unit)
            if DATA_SHEET not in book.sheet_titles:
                raise TemplateError([TemplateProblem(_("缺少数据工作表，不是本系统生成的模板"), sheet=DATA_SHEET)])
            codes = meta["codes"].split(",") if meta["codes"] else []
            return _read_data_sheet(book.table(DATA_SHEET), rnd=rnd, unit=unit, codes=codes, choices=choices or {})
    except UploadRefused as exc:
        raise _template_error(exc) from None


def _template_error(exc: UploadRefused) -> TemplateError:
    problem = exc.problem
    if exc.code == "corrupt_xlsx":
        return TemplateError([TemplateProblem(
            _("文件损坏或不是xlsx格式（%(error)s）") % {"error": problem.message}, sheet="-")])
    return TemplateError([TemplateProblem(problem.message, sheet=problem.sheet or "-", row=problem.row,
                                          column=problem.column)])


class _Problems:
    """Problems as they are found: the first MAX_LISTED_PROBLEMS kept, all counted."""

    def __init__(self) -> None:
        self.kept: list[TemplateProblem] = []
        self.total = 0

    def add(self, problem: TemplateProblem) -> None:
        self.total += 1
        if len(self.kept) < MAX_LISTED_PROBLEMS:
            self.kept.append(problem)


def _template_columns(header: list, width: int, choices: dict[str, str], problems: _Problems) -> list[ColumnRead]:
    """The template's own columns, then any a person added (named by its header cell on the header row)."""
    columns = []
    for index in range(max(width, len(HEADERS))):
        number = index + 1
        ref = f"{get_column_letter(number)}{FIRST_ROW - 1}"
        if number <= len(HEADERS):
            name = TEMPLATE_FIELDS.get(number)
            columns.append(ColumnRead(index=index, ref=ref, header=_(HEADERS[index]), field=name,
                                      reference=name is None))
            continue
        text = _text(header[index]) if index < len(header) else ""
        unnamed = _("（无列名）%(c)s列") % {"c": get_column_letter(number)}
        column = ColumnRead(index=index, ref=ref, header=text or unnamed)
        choice = choices.get(column.header) or choices.get(ref)
        if choice == "ignore":
            column.ignored = column.chosen = True
        elif choice and choice.removeprefix("field:") in MAPPABLE:
            column.field, column.chosen = choice.removeprefix("field:"), True
        elif choice:
            problems.add(TemplateProblem(_("“%(h)s”列只能忽略，或对应到备注、预警说明") % {"h": column.header},
                                         row=FIRST_ROW - 1, column=number))
        columns.append(column)
    return columns


def _joined(cells: list, columns: list[ColumnRead], name: str) -> str:
    return "；".join(t for t in (_text(cells[c.index]) if c.index < len(cells) else "" for c in columns
                                 if c.field == name) if t)


def _read_data_sheet(table: Table, *, rnd: ReportingRound, unit: OrgUnit, codes: list[str],
                     choices: dict[str, str]) -> FilledTemplate:
    problems = _Problems()
    for merged in table.merged:
        min_col, min_row, _max_col, _max_row = range_boundaries(merged)
        problems.add(TemplateProblem(_("不允许合并单元格（%(range)s）") % {"range": merged},
                                     row=min_row, column=min_col))
    last = FIRST_ROW + len(codes) - 1
    cells_of: dict[int, list] = {}
    skipped: list[SkippedRow] = []
    header: list = []
    width = 0
    for number, cells in table.rows:
        for column, value in enumerate(cells, start=1):
            if isinstance(value, Formula):
                problems.add(TemplateProblem(_("不允许使用公式，请填写数值"), row=number, column=column))
        written = [str(v).strip() for v in cells if v not in (None, "") and str(v).strip()]
        if number < FIRST_ROW - 1:
            if written:
                skipped.append(SkippedRow(number, HEADING, " ".join(written)[:80]))
            continue
        if number == FIRST_ROW - 1:
            header = cells
        elif FIRST_ROW <= number <= last:
            cells_of[number] = cells
        elif number > last and written:
            shape = row_shape(written[0])
            if shape in (TOTAL, NOTE):
                skipped.append(SkippedRow(number, shape, " ".join(written)[:80]))
                continue
            problems.add(TemplateProblem(_("模板之外多出的行"), row=number, column=CODE_COL))
            continue
        # A column counts from its header or from a cell written under it.
        width = max(width, *(i + 1 for i, v in enumerate(cells) if v not in (None, "")), 0)
    columns = _template_columns(header, width, choices, problems)
    added = [c for c in columns if c.index >= len(HEADERS)]

    rows: list[TemplateRow] = []
    for offset, code in enumerate(codes):
        r = FIRST_ROW + offset
        cells = cells_of.get(r, [])

        def cell(column: int, cells=cells):
            return cells[column - 1] if column <= len(cells) else None

        found = _text(cell(CODE_COL))
        if found != code:
            problems.add(TemplateProblem(
                _("指标编码被改动：应为“%(want)s”，实为“%(got)s”") % {"want": code, "got": found},
                row=r, column=CODE_COL))
            continue
        raw = cell(VALUE_COL)
        # The figure itself is read by enter_values, like every channel's; here only "is anything there".
        value = None if raw is None or (isinstance(raw, str) and not raw.strip()) else raw
        comment = "；".join(t for t in (_text(cell(COMMENT_COL)), _joined(cells, added, "comment")) if t)
        explanation = "；".join(t for t in (_text(cell(EXPLANATION_COL)), _joined(cells, added, "explanation")) if t)
        if value is None and (comment or explanation):
            problems.add(TemplateProblem(_("填写了备注或说明但没有数值"), row=r, column=VALUE_COL))
            continue
        rows.append(TemplateRow(row=r, indicator_code=code, value=value, comment=comment, explanation=explanation))
    if problems.total:
        raise TemplateError(problems.kept, total=problems.total)
    return FilledTemplate(round=rnd, unit=unit, rows=[r for r in rows if r.value is not None], columns=columns,
                          skipped=skipped)


def _read_meta(book: Spreadsheet) -> dict[str, str]:
    if META_SHEET not in book.sheet_titles:
        raise TemplateError([TemplateProblem(_("缺少模板元数据，不是本系统生成的填报模板"), sheet=META_SHEET)])
    meta = {}
    for _number, cells in book.table(META_SHEET).rows:
        key, value = (list(cells) + [None, None])[:2]
        if key:
            meta[str(key)] = "" if value is None else str(value)
    missing = [k for k in ("version", "round", "period", "unit", "codes", "signature") if k not in meta]
    if missing:
        raise TemplateError([TemplateProblem(
            _("模板元数据不完整（缺少 %(keys)s）") % {"keys": ", ".join(missing)}, sheet=META_SHEET)])
    return meta


def _check_meta(
    meta: dict[str, str], *, expected_round: ReportingRound | None, expected_unit: OrgUnit | None
) -> tuple[ReportingRound, OrgUnit]:
    def refuse(reason: str) -> TemplateError:
        return TemplateError([TemplateProblem(reason, sheet=META_SHEET)])

    if meta["version"] != TEMPLATE_VERSION:
        raise refuse(_("模板版本“%(got)s”已不适用，请下载新模板") % {"got": meta["version"]})
    codes = meta["codes"].split(",") if meta["codes"] else []
    payload = _payload(int(meta["round"]) if meta["round"].isdigit() else -1, meta["period"], meta["unit"], codes)
    if not signing.Signer(salt=_SIGN_SALT).signature(payload) == meta["signature"]:
        raise refuse(_("模板元数据被改动，请重新下载模板"))
    rnd = ReportingRound.objects.filter(pk=int(meta["round"]), period=meta["period"]).first()
    if rnd is None:
        raise refuse(_("模板所属的填报轮次（%(period)s）不存在") % {"period": meta["period"]})
    unit = OrgUnit.objects.filter(code=meta["unit"]).first()
    if unit is None:
        raise refuse(_("模板所属的单位（%(code)s）不存在") % {"code": meta["unit"]})
    if expected_round is not None and rnd.pk != expected_round.pk:
        raise refuse(_("这是%(got)s的模板，不是%(want)s的") % {"got": rnd.title, "want": expected_round.title})
    if expected_unit is not None and unit.pk != expected_unit.pk:
        raise refuse(_("这是%(got)s的模板，不是%(want)s的") % {"got": unit.name, "want": expected_unit.name})
    return rnd, unit


def template_for(*, user: User, round: ReportingRound, unit: OrgUnit) -> bytes:
    """The template a person who may enter `unit`'s values downloads for `round` (refused and logged otherwise)."""
    require_enter(user, unit)
    indicators = required_indicators(round=round, unit=unit)
    previous = previous_values(indicators=indicators, unit=unit, period=round.period)
    return build_template(round=round, unit=unit, indicators=indicators, previous=previous)


def template_filename(*, round: ReportingRound, unit: OrgUnit) -> str:
    return f"{unit.code}_{round.period}_template.xlsx"


def template_inputs(filled: FilledTemplate) -> list[ValueInput]:
    """The filled rows as the inputs every channel hands to enter_values, each saying which cell it came from."""
    columns = {"indicator_code": _("%(col)s列") % {"col": "A"}, "value": _("%(col)s列") % {"col": "F"},
               "comment": _("%(col)s列") % {"col": "G"}, "explanation": _("%(col)s列") % {"col": "H"}}
    return [
        ValueInput(
            indicator_code=row.indicator_code, unit_code=filled.unit.code, period=filled.round.period,
            value=row.value, comment=row.comment, explanation=row.explanation,
            where=_("工作表“%(sheet)s” 第%(row)d行") % {"sheet": DATA_SHEET, "row": row.row}, columns=columns,
        )
        for row in filled.rows
    ]


def upload_template(
    *, user: User, data: bytes, submit: bool = False,
    expected_round: ReportingRound | None = None, expected_unit: OrgUnit | None = None,
    choices: dict[str, str] | None = None, remember_choices: bool = False,
) -> FileImportResult:
    """Read a filled template and enter its values through enter_values (channel 模板), all or nothing.

    A column added to the template must be settled in `choices` ({"说明": "ignore"} or {"说明": "field:comment"})
    or by the choice the user's office saved for it; `remember_choices` keeps `choices` for the office's next
    templates once this one is imported.
    Raises TemplateError (structure: wrong template, changed codes, formulas, merged cells, size, corrupt file, a
    column not settled), ValuesRejected (the figures' checks) or PermissionDenied.
    """
    from plantrack.reporting.services import enter_values

    require_entering_role(user, "upload template")  # before a byte of the file is read
    if remember_choices:
        column_choices.check_remember(choices, fields=MAPPABLE)
    applied = column_choices.with_saved(user, column_choices.TEMPLATE_SHEET, choices, fields=MAPPABLE)
    filled = read_template(data, expected_round=expected_round, expected_unit=expected_unit, user=user,
                           choices=applied.choices)
    filled.refuse_unknown()
    if not filled.rows:
        raise TemplateError([TemplateProblem(_("模板中没有填写任何数值"), column=VALUE_COL)])
    result = enter_values(
        user=user, plan=filled.round.plan, inputs=template_inputs(filled), channel=Channel.TEMPLATE,
        round=filled.round, submit=submit,
    )
    if remember_choices and choices:
        column_choices.remember(user, column_choices.TEMPLATE_SHEET, choices, fields=MAPPABLE)
    return FileImportResult(**vars(result), ignored_columns=[c.label for c in filled.ignored],
                            skipped_rows=len(filled.skipped))
