"""Bulk import of values from a CSV or xlsx file (批量导入) for an admin or the statistics bureau.

The file (read by `plantrack.uploads`, which bounds its size, rows and columns first) has a header row with the
columns indicator_code, unit_code, period, value and optionally measure_unit, comment, explanation, source
(Chinese headers 指标编码, 单位代码, 报告期, 数值, 计量单位, 备注, 预警说明, 数据来源 work too). An xlsx file is
read from its first worksheet. Rows stream into `enter_values` (channel BULK), the one door every channel's figures
go through, so the whole file is accepted or refused as one; every message names the sheet, row, column and reason.
"""

from __future__ import annotations

from collections.abc import Callable, Generator
from datetime import date, datetime
from pathlib import Path
from typing import IO

from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

from plantrack.orgs.models import User
from plantrack.plans.models import Plan
from plantrack.reporting.entry import EntryResult
from plantrack.reporting.findings import ERROR, Finding, ValuesRejected
from plantrack.reporting.inputs import ValueInput
from plantrack.reporting.models import Channel
from plantrack.uploads import Formula, Spreadsheet, Table, UploadRefused, open_spreadsheet, upload_limits
from plantrack.uploads.table import source_name

REQUIRED = ("indicator_code", "unit_code", "period", "value")
OPTIONAL = ("measure_unit", "comment", "explanation", "source")
HEADER_ALIASES = {
    "指标编码": "indicator_code", "指标代码": "indicator_code", "单位代码": "unit_code", "单位编码": "unit_code",
    "报告期": "period", "数值": "value", "计量单位": "measure_unit", "备注": "comment", "预警说明": "explanation",
    "数据来源": "source",
}

Source = str | Path | IO[bytes]


def _refuse(code: str, message: str, where: str = "") -> ValuesRejected:
    return ValuesRejected([Finding(severity=ERROR, code=code, message=message, where=where)])


def _refused_upload(exc: UploadRefused) -> ValuesRejected:
    return _refuse(exc.code, exc.problem.message, exc.problem.where)


def _fields_of_header(cells: list[object], where: str) -> list[str]:
    fields: list[str] = []
    unknown: list[str] = []
    for cell in cells:
        text = "" if cell is None else str(cell).strip().lstrip("\ufeff")
        name = HEADER_ALIASES.get(text, text.lower())
        if name in REQUIRED or name in OPTIONAL:
            if name in fields:
                raise _refuse("wrong_header", _("表头中“%(col)s”列出现了两次") % {"col": text}, where)
            fields.append(name)
        elif text:
            unknown.append(text)
            fields.append("")
        else:
            fields.append("")
    missing = [f for f in REQUIRED if f not in fields]
    if missing or unknown:
        parts = []
        if missing:
            parts.append(_("缺少列 %(cols)s") % {"cols": "、".join(missing)})
        if unknown:
            parts.append(_("无法识别的列 %(cols)s") % {"cols": "、".join(unknown)})
        raise _refuse("wrong_header", _("表头不符合批量导入格式：%(why)s（应为 %(cols)s）")
                      % {"why": "；".join(parts), "cols": ", ".join(REQUIRED + OPTIONAL)}, where)
    return fields


def _columns(fields: list[str], prefix: str = "") -> dict[str, str]:
    return {f: f"{get_column_letter(i + 1)}列（{f}）" for i, f in enumerate(fields) if f}


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


# -- CSV ------------------------------------------------------------------------------------------------------------


def read_csv(table: Table) -> Generator[ValueInput, None, None]:
    """ValueInputs from an opened CSV table; a wrong header or a broken row → ValuesRejected naming the row."""
    row_place = _("第%(n)s行")
    rows = table.rows
    header = next(rows, None)
    if header is None:
        raise _refuse("empty_file", _("文件是空的"))
    fields = _fields_of_header(header.cells, _("第1行（表头）"))
    columns = _columns(fields)
    width = len(fields)
    at = {f: i for i, f in enumerate(fields) if f}
    ii, iu, ip, iv = (at[f] for f in REQUIRED)
    im, ic, ie, isrc = (at.get(f) for f in OPTIONAL)
    # "第%(n)s行" split once around its number: formatting it with a dict for a million rows costs a second.
    before, marker, after = row_place.partition("%(n)s")
    if not marker or "%" in before + after:
        before = None
    for line, cells in rows:
        n = len(cells)
        if n < width:
            if not any(c.strip() for c in cells):
                continue
            cells = cells + [""] * (width - n)
        elif n > width and any(c.strip() for c in cells[width:]):
            raise _refuse("extra_cells", _("有%(n)s列，表头只有%(w)s列") % {"n": n, "w": width},
                          row_place % {"n": line})
        code = cells[ii].strip()
        if not code and not any(c.strip() for c in cells):
            continue
        yield ValueInput(
            code, cells[iu].strip(), cells[ip].strip(), cells[iv],
            (cells[im].strip() or None) if im is not None else None,
            cells[ic].strip() if ic is not None else "",
            cells[ie].strip() if ie is not None else "",
            cells[isrc].strip() if isrc is not None else "",
            None, f"{before}{line}{after}" if before is not None else row_place % {"n": line}, columns,
        )


# -- xlsx -----------------------------------------------------------------------------------------------------------


def read_xlsx(table: Table) -> Generator[ValueInput, None, None]:
    """ValueInputs from an opened worksheet; merged cells, formulas, cells beyond the header → ValuesRejected."""
    sheet = table.title
    if table.merged:
        raise _refuse("merged_cells", _("含合并单元格 %(ranges)s：请取消合并，每格只填一个值")
                      % {"ranges": "、".join(table.merged[:5])}, _("工作表“%(s)s”") % {"s": sheet})
    rows = table.rows
    header = next(rows, None)
    while header is not None and not any(v is not None and str(v).strip() for v in header.cells):
        header = next(rows, None)  # blank rows above the header
    if header is None:
        raise _refuse("empty_file", _("工作表是空的"), _("工作表“%(s)s”") % {"s": sheet})
    fields = _fields_of_header(header.cells, _("工作表“%(s)s”第%(r)s行（表头）") % {"s": sheet, "r": header.number})
    columns = _columns(fields)
    width = len(fields)
    for r, values in rows:
        if not any(v is not None and str(v).strip() for v in values):
            continue
        where = _("工作表“%(s)s”第%(r)s行") % {"s": sheet, "r": r}
        for i, value in enumerate(values):
            if isinstance(value, Formula):
                name = fields[i] if i < width and fields[i] else ""
                raise _refuse("formula", _("单元格%(ref)s是公式“%(f)s”：请粘贴为数值后再导入")
                              % {"ref": f"{get_column_letter(i + 1)}{r}", "f": value},
                              f"{where} {columns.get(name, get_column_letter(i + 1) + '列')}")
        if len(values) > width and any(v is not None and str(v).strip() for v in values[width:]):
            raise _refuse("extra_cells", _("表头之外的列有内容"), where)
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


def read_rows(book: Spreadsheet) -> Generator[ValueInput, None, None]:
    """Rows of an opened bulk file: the CSV, or the workbook's first sheet."""
    try:
        table = book.table(0)
        yield from read_csv(table) if book.kind == "csv" else read_xlsx(table)
    except UploadRefused as exc:  # the reader stopped at a row beyond the limits, or unreadable XML
        raise _refused_upload(exc) from None


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
) -> EntryResult:
    """Import a whole bulk file through `enter_values`, all or nothing; ValuesRejected says why not.

    `max_bytes` overrides the upload limit (the command line may import files larger than a web upload).
    """
    try:
        book = open_spreadsheet(source, name=name, limits=upload_limits(max_bytes=max_bytes))
    except UploadRefused as exc:
        raise _refused_upload(exc) from None
    rows: Generator[ValueInput, None, None] | None = None
    from plantrack.reporting.services import enter_values

    try:
        rows = read_rows(book)
        # The reader's rows go straight in (no list of inputs in between), so progress moves as rows are read.
        return enter_values(user=user, plan=plan, inputs=rows, channel=channel, submit=submit,
                            correction=correction, keep_value_ids=0, progress=progress)
    finally:
        if rows is not None:
            rows.close()  # a refusal may stop it mid-file; it lets go of the stream before the stream is closed
        book.close()
