"""Bulk import of values from a CSV or xlsx file (批量导入) for an admin or the statistics bureau.

The file (read by `plantrack.uploads`, which bounds its size, rows and columns first) has a header with the columns
indicator_code, unit_code, period, value and optionally measure_unit, comment, explanation, source (Chinese headers
指标编码, 单位代码, 报告期, 数值, 计量单位, 备注, 预警说明, 数据来源 work too). It is read as offices write it:
title lines above the header, a two-row header under merged group cells ("本期数据" over 数值 / 计量单位), heading
(一、), total (合计/小计) and note (注) rows among the values, each skipped and listed. A column it does not know is
never dropped silently: the file is refused until the column is ignored or mapped to a field (`choices`).
An xlsx file is read from its first worksheet. Rows stream into `enter_values` (channel BULK), the one door every
channel's figures go through, so the whole file is accepted or refused as one; every message names the sheet, row,
column and reason. `values_preview` says what a file would do before it is imported.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Generator, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from itertools import chain
from pathlib import Path
from typing import IO

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl.utils import get_column_letter, range_boundaries

from plantrack import wording
from plantrack.core.sheet_rows import HEADING, NOTE, TOTAL, row_shape
from plantrack.orgs.models import User
from plantrack.plans.models import Plan
from plantrack.reporting import column_choices
from plantrack.reporting.entry import EntryResult
from plantrack.reporting.findings import ERROR, Finding, ValuesRejected
from plantrack.reporting.inputs import ValueInput
from plantrack.reporting.models import Channel
from plantrack.uploads import (
    MAX_LISTED_PROBLEMS,
    Formula,
    Spreadsheet,
    Table,
    TableRow,
    UploadRefused,
    open_spreadsheet,
    upload_limits,
)
from plantrack.uploads.table import source_name
from plantrack.wording import join_words

REQUIRED = ("indicator_code", "unit_code", "period", "value")
OPTIONAL = ("measure_unit", "comment", "explanation", "source")
HEADER_ALIASES = {
    "指标编码": "indicator_code", "指标代码": "indicator_code", "单位代码": "unit_code", "单位编码": "unit_code",
    "报告期": "period", "数值": "value", "计量单位": "measure_unit", "备注": "comment", "预警说明": "explanation",
    "数据来源": "source",
}

HEADER_SEARCH_ROWS = 10  # title lines an office writes above the header

Source = str | Path | IO[bytes]


def _refuse(code: str, message: str, where: str = "") -> ValuesRejected:
    return ValuesRejected([Finding(severity=ERROR, code=code, message=message, where=where)])


def _refused_upload(exc: UploadRefused) -> ValuesRejected:
    return _refuse(exc.code, exc.problem.message, exc.problem.where)


# -- the header ------------------------------------------------------------------------------------------------------


@dataclass
class ColumnRead:
    """One column of the file and what the import does with it."""

    index: int
    ref: str  # the header cell ("G2"); of the lower row for a two-row header
    header: str  # as written; "本期数据/数值" under a merged group header
    field: str | None = None  # the value field it is read as
    ignored: bool = False
    chosen: bool = False  # settled by the person (ignore, or mapped to a field), not by its name
    saved: bool = False  # settled by the office's saved choice (按本单位上次的选择), not one given for this file
    reference: bool = False  # shown for reference by the template (指标名称, 上期值…), never imported

    @property
    def letter(self) -> str:
        return get_column_letter(self.index + 1)

    @property
    def decided(self) -> bool:
        return bool(self.field or self.ignored or self.reference)

    @property
    def label(self) -> str:
        """The column as a person finds it in the file: "G2 备注说明"."""
        return f"{self.ref} {self.header}"

    @property
    def meaning(self) -> str:
        if self.field:
            return f"{FIELD_LABELS[self.field]}{wording.bracketed(self.field)}"
        if self.reference:
            return _("模板的参考列（不导入）")
        return _("忽略") if self.ignored else _("未识别")


@dataclass
class SkippedRow:
    """A row taken as a title or heading, a total (合计/小计) or a note (注), and not imported."""

    number: int
    shape: str  # sheet_rows.HEADING, TOTAL or NOTE
    text: str

    @property
    def kind(self) -> str:
        return str(SHAPE_LABELS[self.shape])


FIELD_LABELS = {
    "indicator_code": gettext_lazy("指标编码"), "unit_code": gettext_lazy("单位代码"),
    "period": gettext_lazy("报告期"), "value": gettext_lazy("数值"), "measure_unit": gettext_lazy("计量单位"),
    "comment": gettext_lazy("备注"), "explanation": gettext_lazy("预警说明"), "source": gettext_lazy("数据来源"),
}
SHAPE_LABELS = {HEADING: gettext_lazy("标题行"), TOTAL: gettext_lazy("合计行"), NOTE: gettext_lazy("注释行")}


@dataclass
class BulkLayout:
    """What the header of a bulk file says: where it is, each column and what it is read as; and, as the rows are
    read, the rows skipped (titles above the header, headings, totals, notes)."""

    sheet: str | None  # None for a CSV
    first_row: int  # the header's (first) row in the file
    last_row: int  # its last row: first_row + 1 for a two-row header
    columns: list[ColumnRead]
    skipped: list[SkippedRow] = field(default_factory=list)
    skipped_total: int = 0
    body_merges: list[str] = field(default_factory=list)  # merged ranges reaching below the header

    @property
    def unknown(self) -> list[ColumnRead]:
        return [c for c in self.columns if not c.decided]

    @property
    def ignored(self) -> list[ColumnRead]:
        return [c for c in self.columns if c.ignored and c.header]

    @property
    def where(self) -> str:
        rows = (str(self.first_row) if self.first_row == self.last_row
                else f"{self.first_row}–{self.last_row}")
        if self.sheet is None:
            return _("第%(r)s行（表头）") % {"r": rows}
        return _("工作表“%(s)s”第%(r)s行（表头）") % {"s": self.sheet, "r": rows}

    def skip(self, number: int, shape: str, text: str) -> None:
        self.skipped_total += 1
        if len(self.skipped) < MAX_LISTED_PROBLEMS:
            self.skipped.append(SkippedRow(number, shape, text[:80]))

    def refuse_unknown(self) -> None:
        """Nothing unrecognised is dropped silently: an import with an unsettled column is refused."""
        if self.unknown:
            raise _refuse("unknown_column", _("无法识别的列 %(cols)s：请选择忽略该列，或将其对应到字段（%(fields)s）")
                          % {"cols": join_words(f"{c.ref}“{c.header}”" for c in self.unknown),
                             "fields": ", ".join(REQUIRED + OPTIONAL)}, self.where)


def _cell_text(cell: object) -> str:
    return "" if cell is None else re.sub(r"[\s\u3000]+", "", str(cell)).lstrip("\ufeff")


def field_of_header(text: str) -> str | None:
    """The value field a header names ("数值", "value", "指标编码"…), or None."""
    name = HEADER_ALIASES.get(text, text.lower())
    return name if name in REQUIRED or name in OPTIONAL else None


def _chosen(choices: dict[str, str], *keys: str) -> str | None:
    for key in keys:
        if key and key in choices:
            return choices[key]
    return None


def _read_header(top: list, below: list | None, *, first_row: int, sheet: str | None,
                 choices: dict[str, str]) -> BulkLayout:
    """The columns of a one-row header (`below` None) or of a two-row one: under a merged group header ("本期数据")
    the lower row names the column ("数值"); elsewhere the upper row does (its cell merged down)."""
    width = max(len(top), len(below or []))
    columns: list[ColumnRead] = []
    group = ""
    for i in range(width):
        upper = _cell_text(top[i]) if i < len(top) else ""
        lower = _cell_text(below[i]) if below is not None and i < len(below) else ""
        if upper:
            group = upper
        elif below is None:
            group = ""
        if lower and lower != upper:
            text, header, row = lower, f"{group}/{lower}" if group and group != lower else lower, first_row + 1
        else:
            text, header, row = upper, upper, first_row
            if not upper:
                group = ""
        column = ColumnRead(index=i, ref=f"{get_column_letter(i + 1)}{row}", header=header)
        choice = _chosen(choices, header, text, column.ref, column.label)
        if choice == "ignore":
            column.ignored = column.chosen = True
        elif choice and choice.startswith("field:"):
            column.field, column.chosen = choice.removeprefix("field:"), True
        else:
            column.field = field_of_header(text)
            column.ignored = not text  # a column without a header; its cells are checked row by row
        columns.append(column)
    return BulkLayout(sheet=sheet, first_row=first_row, last_row=first_row + (below is not None), columns=columns)


def _check_fields(layout: BulkLayout) -> None:
    seen: dict[str, ColumnRead] = {}
    for column in layout.columns:
        if column.field is None:
            continue
        if column.field not in FIELD_LABELS:
            raise _refuse("wrong_header", _("%(col)s列“%(h)s”：没有字段“%(f)s”（可选 %(fields)s）")
                          % {"col": column.letter, "h": column.header, "f": column.field,
                             "fields": ", ".join(REQUIRED + OPTIONAL)}, layout.where)
        if column.field in seen:
            raise _refuse("wrong_header", _("表头中“%(col)s”列出现了两次") % {"col": column.header}
                          if not column.chosen else
                          _("%(col)s列“%(h)s”对应的字段%(f)s已由%(o)s列读取")
                          % {"col": column.letter, "h": column.header, "f": column.field,
                             "o": seen[column.field].letter}, layout.where)
        seen[column.field] = column


def _known(layout: BulkLayout) -> int:
    return sum(1 for c in layout.columns if c.field)


def find_header(rows: Iterator[TableRow], *, sheet: str | None, choices: dict[str, str] | None = None,
                merged: Iterable[str] = ()) -> tuple[BulkLayout, list[TableRow]]:
    """Find the header among the first rows (title lines may stand above it; it may be two rows with merged group
    cells); returns the layout and the rows read past it, still to be imported. A file whose first rows hold no
    header with every required column → ValuesRejected naming what is missing, as the first row reads."""
    choices = choices or {}
    seen: list[TableRow] = []
    for row in rows:
        if not any(_cell_text(c) for c in row.cells):
            continue
        seen.append(row)
        if len(seen) > HEADER_SEARCH_ROWS:
            break
    for i, (number, cells) in enumerate(seen[:HEADER_SEARCH_ROWS]):
        one = _read_header(cells, None, first_row=number, sheet=sheet, choices=choices)
        layout = one
        if i + 1 < len(seen) and seen[i + 1].number == number + 1:
            two = _read_header(cells, seen[i + 1].cells, first_row=number, sheet=sheet, choices=choices)
            if _known(two) > _known(one):
                layout = two
        if all(f in {c.field for c in layout.columns} for f in REQUIRED):
            _check_fields(layout)
            for title_number, title_cells in seen[:i]:
                layout.skip(title_number, HEADING, " ".join(dict.fromkeys(
                    str(c).strip() for c in title_cells if _cell_text(c))))
            rest = seen[i + 1 + (layout.last_row - layout.first_row):]
            _check_header_merges(layout, merged)
            return layout, rest
    if not seen:
        raise _refuse("empty_file", _("文件是空的") if sheet is None else _("工作表是空的"),
                      "" if sheet is None else _("工作表“%(s)s”") % {"s": sheet})
    first = _read_header(seen[0].cells, None, first_row=seen[0].number, sheet=sheet, choices=choices)
    missing = [f for f in REQUIRED if f not in {c.field for c in first.columns}]
    raise _refuse("wrong_header", _("表头不符合批量导入格式：缺少列 %(missing)s（应有 %(cols)s，可在上方加标题行）")
                  % {"missing": join_words(missing), "cols": ", ".join(REQUIRED + OPTIONAL)}, first.where)


def _check_header_merges(layout: BulkLayout, merged: Iterable[str]) -> None:
    """Merged cells are a header's and a title's habit; below the header, they are refused on a value row."""
    layout.body_merges = [m for m in merged if range_boundaries(m)[3] > layout.last_row]


def _columns(layout: BulkLayout) -> dict[str, str]:
    return {c.field: (_("%(col)s列") % {"col": c.letter}) + wording.bracketed(c.field)
            for c in layout.columns if c.field}


def _shape_of(cells: list, value_at: int) -> tuple[str, str] | None:
    """(shape, text) when a row is a heading, a total or a note rather than a value row."""
    written = [str(c).strip() for c in cells if _cell_text(c)]
    if not written:
        return None
    first = written[0]
    shape = row_shape(first)
    empty_value = value_at >= len(cells) or not _cell_text(cells[value_at])
    if shape == HEADING and not empty_value:
        shape = None
    if shape is None and empty_value and len(set(written)) == 1 and not first[0].isascii():
        shape = HEADING  # a chapter line written alone ("经济发展"): no code, no figure
    return (shape, " ".join(dict.fromkeys(written))) if shape else None


def _input(fields: list[str], cells: list, where: str, columns: dict[str, str]) -> ValueInput:
    data: dict[str, object] = {}
    for name, cell in zip(fields, cells, strict=False):
        if name:
            data[name] = cell
    return ValueInput(
        indicator_code=_text(data.get("indicator_code")),
        unit_code=_text(data.get("unit_code")),
        period=_period_text(data.get("period")),
        value=data.get("value"),
        measure_unit=_text(data.get("measure_unit")) or None,
        comment=_text(data.get("comment")),
        explanation=_text(data.get("explanation")),
        source=_text(data.get("source")),
        where=where,
        columns=columns,
    )


def _text(cell: object) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip()


def _period_text(cell: object) -> str:
    # Excel turns a typed "2026-10" into a date; the month is what was meant.
    if isinstance(cell, datetime | date):
        return f"{cell.year}M{cell.month}"
    return _text(cell)


def _headless_content(layout: BulkLayout, cells: list, where: str) -> None:
    """A cell under no header (and not under a column the person chose to ignore) is refused, not dropped."""
    for column in layout.columns:
        if not column.header and column.index < len(cells) and _cell_text(cells[column.index]):
            raise _refuse("extra_cells", _("%(col)s列没有表头却有内容“%(v)s”：请补上表头或删去")
                          % {"col": column.letter, "v": str(cells[column.index]).strip()[:40]}, where)


# -- CSV ------------------------------------------------------------------------------------------------------------


def read_csv(table: Table, layout: BulkLayout, rest: list[TableRow]) -> Generator[ValueInput, None, None]:
    """ValueInputs from an opened CSV table past its header (`find_header`); a broken row → ValuesRejected."""
    row_place = _("第%(n)s行")
    rows = table.rows
    columns = _columns(layout)
    width = len(layout.columns)
    fields = [c.field or "" for c in layout.columns]
    at = {f: i for i, f in enumerate(fields) if f}
    ii, iu, ip, iv = (at[f] for f in REQUIRED)
    im, ic, ie, isrc = (at.get(f) for f in OPTIONAL)
    headless = [c.index for c in layout.columns if not c.header]
    # "第%(n)s行" split once around its number: formatting it with a dict for a million rows costs a second.
    before, marker, after = row_place.partition("%(n)s")
    if not marker or "%" in before + after:
        before = None
    for line, cells in chain(rest, rows):
        n = len(cells)
        if n < width:
            if not any(c.strip() for c in cells):
                continue
            cells = cells + [""] * (width - n)
        elif n > width and any(c.strip() for c in cells[width:]):
            raise _refuse("extra_cells", _("有%(n)s列，表头只有%(w)s列") % {"n": n, "w": width},
                          row_place % {"n": line})
        code = cells[ii].strip()
        if not code or code[0] >= "\x80":  # a code is ASCII; a 合计 or 注 row starts otherwise
            if not any(c.strip() for c in cells):
                continue
            if shape := _shape_of(cells, iv):
                layout.skip(line, *shape)
                continue
        where = f"{before}{line}{after}" if before is not None else row_place % {"n": line}
        if headless:
            _headless_content(layout, cells, where)
        yield ValueInput(
            code, cells[iu].strip(), cells[ip].strip(), cells[iv],
            (cells[im].strip() or None) if im is not None else None,
            cells[ic].strip() if ic is not None else "",
            cells[ie].strip() if ie is not None else "",
            cells[isrc].strip() if isrc is not None else "",
            None, where, columns,
        )


# -- xlsx -----------------------------------------------------------------------------------------------------------


def read_xlsx(table: Table, layout: BulkLayout, rest: list[TableRow]) -> Generator[ValueInput, None, None]:
    """ValueInputs from an opened worksheet past its header (`find_header`): heading, total and note rows are
    skipped; merged cells or formulas among the values, cells beyond the header → ValuesRejected."""
    sheet = table.title
    rows = table.rows
    body_merges = [(m, range_boundaries(m)) for m in layout.body_merges]
    columns = _columns(layout)
    fields = [c.field or "" for c in layout.columns]
    width = len(fields)
    value_at = fields.index("value")
    for r, values in chain(rest, rows):
        if not any(v is not None and str(v).strip() for v in values):
            continue
        if shape := _shape_of(values, value_at):
            layout.skip(r, *shape)
            continue
        where = _("工作表“%(s)s”第%(r)s行") % {"s": sheet, "r": r}
        covering = [m for m, (_c0, r0, _c1, r1) in body_merges if r0 <= r <= r1]
        if covering:
            raise _refuse("merged_cells", _("含合并单元格 %(ranges)s：请取消合并，每格只填一个值")
                          % {"ranges": join_words(covering[:5])}, _("工作表“%(s)s”") % {"s": sheet})
        for i, value in enumerate(values):
            if isinstance(value, Formula) and not (i < width and layout.columns[i].chosen
                                                   and layout.columns[i].ignored):
                name = fields[i] if i < width and fields[i] else ""
                raise _refuse("formula", _("单元格%(ref)s是公式“%(f)s”：请粘贴为数值后再导入")
                              % {"ref": f"{get_column_letter(i + 1)}{r}", "f": value},
                              f"{where} {columns.get(name, get_column_letter(i + 1) + '列')}")
        if len(values) > width and any(v is not None and str(v).strip() for v in values[width:]):
            raise _refuse("extra_cells", _("表头之外的列有内容"), where)
        _headless_content(layout, values, where)
        yield _input(fields, values, where, columns)


def estimate_rows(source: Source, *, name: str | None = None, max_bytes: int | None = None) -> int:
    """A quick row count for a progress bar (lines of a CSV; for xlsx the rows the bounds check counted, 0 for a
    file the import will refuse)."""
    path = Path(source) if isinstance(source, str | Path) else None
    if path is None:
        return 0
    if source_name(source, name).lower().endswith(".xlsx"):
        try:
            with open_spreadsheet(path, name=name, limits=upload_limits(max_bytes=max_bytes)) as book:
                return max(book.largest_sheet_rows - 1, 0)
        except (UploadRefused, OSError):
            return 0
    with open(path, "rb") as fh:
        return max(sum(chunk.count(b"\n") for chunk in iter(lambda: fh.read(1 << 20), b"")) - 1, 0)


def read_bulk(book: Spreadsheet, *, choices: dict[str, str] | None = None,
              ) -> tuple[BulkLayout, Generator[ValueInput, None, None]]:
    """The layout of an opened bulk file (the CSV, or the workbook's first sheet) and its value rows, read as the
    generator is consumed; `choices` settles columns by header ({"备注说明": "ignore", "说明": "field:comment"})."""
    try:
        table = book.table(0)
        csv = book.kind == "csv"
        layout, rest = find_header(table.rows, sheet=None if csv else table.title, choices=choices,
                                   merged=() if csv else table.merged)
    except UploadRefused as exc:
        raise _refused_upload(exc) from None

    def rows() -> Generator[ValueInput, None, None]:
        try:
            yield from read_csv(table, layout, rest) if csv else read_xlsx(table, layout, rest)
        except UploadRefused as exc:  # the reader stopped at a row beyond the limits, or unreadable XML
            raise _refused_upload(exc) from None

    return layout, rows()


def read_rows(book: Spreadsheet, *, choices: dict[str, str] | None = None) -> Generator[ValueInput, None, None]:
    """Rows of an opened bulk file; a column neither recognised nor settled by `choices` refuses the file."""
    layout, rows = read_bulk(book, choices=choices)
    layout.refuse_unknown()
    yield from rows


@dataclass
class FileImportResult(EntryResult):
    """What a file import (bulk file or filled template) did, and what of the file it did not import: the columns
    ignored by the person's choice, the rows skipped as titles, headings, totals and notes."""

    ignored_columns: list[str] = field(default_factory=list)
    skipped_rows: int = 0


def import_bulk_file(
    *,
    user: User,
    plan: Plan,
    source: Source,
    name: str | None = None,
    submit: bool = False,
    correction: bool = False,
    channel: str = Channel.BULK,
    progress: Callable[[int], None] | None = None,
    max_bytes: int | None = None,
    choices: dict[str, str] | None = None,
    dry_run: bool = False,
    remember_choices: bool = False,
) -> FileImportResult:
    """Import a whole bulk file through `enter_values`, all or nothing; ValuesRejected says why not.

    A column that is neither recognised by its header nor settled in `choices` ("ignore" or "field:NAME"), or by
    the choice the user's office saved for it, refuses the file before any row is read. `remember_choices` keeps
    `choices` for the office's next files once this one is imported. `max_bytes` overrides the upload limit (the
    command line may import files larger than a web upload); `dry_run` checks everything and writes nothing.
    """
    if remember_choices:
        column_choices.check_remember(choices, fields=FIELD_LABELS)
    applied = column_choices.with_saved(user, column_choices.BULK_SHEET, choices, fields=FIELD_LABELS)
    try:
        book = open_spreadsheet(source, name=name, limits=upload_limits(max_bytes=max_bytes))
    except UploadRefused as exc:
        raise _refused_upload(exc) from None
    rows: Generator[ValueInput, None, None] | None = None
    from plantrack.reporting.services import enter_values

    try:
        layout, rows = read_bulk(book, choices=applied.choices)
        layout.refuse_unknown()
        # The reader's rows go straight in (no list of inputs in between), so progress moves as rows are read.
        result = enter_values(user=user, plan=plan, inputs=rows, channel=channel, submit=submit,
                              correction=correction, keep_value_ids=0, progress=progress, dry_run=dry_run)
        if remember_choices and not dry_run and choices:
            column_choices.remember(user, column_choices.BULK_SHEET, choices, fields=FIELD_LABELS)
        return FileImportResult(**vars(result), ignored_columns=[c.label for c in layout.ignored],
                          skipped_rows=layout.skipped_total)
    finally:
        if rows is not None:
            rows.close()  # a refusal may stop it mid-file; it lets go of the stream before the stream is closed
        book.close()
