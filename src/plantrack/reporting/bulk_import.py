"""Bulk import of values from a CSV or xlsx file (批量导入) for an admin or the statistics bureau.

The file has a header row with the columns indicator_code, unit_code, period, value and optionally measure_unit,
comment, explanation, source (Chinese headers 指标编码, 单位代码, 报告期, 数值, 计量单位, 备注, 预警说明, 数据来源 work
too). An xlsx file is read from its first worksheet. Rows stream into `enter_values` (channel BULK), the one door
every channel's figures go through, so the whole file is accepted or refused as one; every message names the sheet,
row, column and reason.
"""

from __future__ import annotations

import codecs
import csv
import io
import os
import re
import zipfile
from collections.abc import Callable, Generator
from datetime import date, datetime
from pathlib import Path
from typing import IO

from django.conf import settings
from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

from plantrack.orgs.models import User
from plantrack.plans.models import Plan
from plantrack.reporting.entry import EntryResult
from plantrack.reporting.findings import ERROR, Finding, ValuesRejected
from plantrack.reporting.inputs import ValueInput
from plantrack.reporting.models import Channel

REQUIRED = ("indicator_code", "unit_code", "period", "value")
OPTIONAL = ("measure_unit", "comment", "explanation", "source")
HEADER_ALIASES = {
    "指标编码": "indicator_code", "指标代码": "indicator_code", "单位代码": "unit_code", "单位编码": "unit_code",
    "报告期": "period", "数值": "value", "计量单位": "measure_unit", "备注": "comment", "预警说明": "explanation",
    "数据来源": "source",
}
_MERGE = re.compile(rb'<mergeCell\s+ref="([A-Z]+\d+:[A-Z]+\d+)"')

Source = str | Path | IO[bytes]


def _refuse(code: str, message: str, where: str = "") -> ValuesRejected:
    return ValuesRejected([Finding(severity=ERROR, code=code, message=message, where=where)])


def _size(source: Source) -> int:
    if isinstance(source, str | Path):
        return os.path.getsize(source)
    size = getattr(source, "size", None)
    if isinstance(size, int):
        return size
    here = source.tell()
    source.seek(0, io.SEEK_END)
    end = source.tell()
    source.seek(here)
    return end - here


def _name(source: Source, name: str | None) -> str:
    if name:
        return name
    if isinstance(source, str | Path):
        return Path(source).name
    return getattr(source, "name", "") or "upload"


def check_size(source: Source, *, name: str = "", max_bytes: int | None = None) -> int:
    """The file's size in bytes; ValuesRejected if over `max_bytes` (default settings.PLANTRACK_MAX_UPLOAD_BYTES)."""
    limit = settings.PLANTRACK_MAX_UPLOAD_BYTES if max_bytes is None else max_bytes
    size = _size(source)
    if size > limit:
        raise _refuse("too_large", _("文件%(name)s大小%(size)s超过上限%(limit)s，请分批导入")
                      % {"name": name, "size": _human(size), "limit": _human(limit)})
    return size


def _human(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB" if n >= 1024 * 1024 else f"{n / 1024:.0f} KB"


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


def _encoding(head: bytes) -> str:
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
        return "utf-8"
    except UnicodeDecodeError:
        return "gb18030"  # what Excel on a Chinese Windows writes as "CSV"


def read_csv(stream: IO[bytes]) -> Generator[ValueInput, None, None]:
    """ValueInputs from a CSV byte stream; wrong header or broken encoding → ValuesRejected naming the row."""
    head = stream.read(65536)
    stream.seek(0)
    text = io.TextIOWrapper(stream, encoding=_encoding(head), newline="")
    reader = csv.reader(text)
    line = 1
    row_place = _("第%(n)s行")
    try:
        header = next(reader, None)
        if header is None:
            raise _refuse("empty_file", _("文件是空的"))
        fields = _fields_of_header(header, _("第1行（表头）"))
        columns = _columns(fields)
        width = len(fields)
        at = {f: i for i, f in enumerate(fields) if f}
        ii, iu, ip, iv = (at[f] for f in REQUIRED)
        im, ic, ie, isrc = (at.get(f) for f in OPTIONAL)
        # "第%(n)s行" split once around its number: formatting it with a dict for a million rows costs a second.
        before, marker, after = row_place.partition("%(n)s")
        if not marker or "%" in before + after:
            before = None
        for cells in reader:
            line = reader.line_num
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
    except UnicodeDecodeError as exc:
        raise _refuse("encoding", _("文件编码无法识别（请另存为UTF-8编码的CSV）"),
                      _("第%(n)s行附近") % {"n": line + 1}) from exc
    except csv.Error as exc:
        raise _refuse("bad_csv", _("CSV格式错误：%(e)s") % {"e": exc}, row_place % {"n": reader.line_num}) from exc
    finally:
        text.detach()


# -- xlsx -----------------------------------------------------------------------------------------------------------


def _merged_ranges(stream: IO[bytes], sheet_path: str) -> list[str]:
    """Merged ranges of one worksheet, read from its XML (openpyxl's streaming reader does not report them)."""
    stream.seek(0)
    with zipfile.ZipFile(stream) as zf, zf.open(sheet_path.lstrip("/")) as part:
        tail = b""
        found: list[str] = []
        while chunk := part.read(1 << 20):
            data = tail + chunk
            found.extend(m.decode() for m in _MERGE.findall(data))
            tail = data[-200:]
            if len(found) > 20:
                break
        return sorted(set(found))


def read_xlsx(stream: IO[bytes]) -> Generator[ValueInput, None, None]:
    """ValueInputs from the first worksheet of an xlsx; corrupt file, merged cells, formulas → ValuesRejected."""
    from openpyxl import load_workbook

    try:
        wb = load_workbook(stream, read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises many kinds for a broken file; all mean the same to the user
        raise _refuse("corrupt_xlsx", _("文件不是有效的xlsx工作簿，可能已损坏（%(kind)s）")
                      % {"kind": type(exc).__name__}) from exc
    try:
        ws = wb.worksheets[0]
        sheet = ws.title
        merged = _merged_ranges(stream, ws._worksheet_path)
        if merged:
            raise _refuse("merged_cells", _("含合并单元格 %(ranges)s：请取消合并，每格只填一个值")
                          % {"ranges": "、".join(merged[:5])}, _("工作表“%(s)s”") % {"s": sheet})
        rows = ws.iter_rows()
        header = next(rows, None)
        if header is None:
            raise _refuse("empty_file", _("工作表是空的"), _("工作表“%(s)s”") % {"s": sheet})
        fields = _fields_of_header([c.value for c in header], _("工作表“%(s)s”第1行（表头）") % {"s": sheet})
        columns = _columns(fields)
        width = len(fields)
        for row in rows:
            values = [c.value for c in row]
            if not any(v is not None and str(v).strip() for v in values):
                continue
            r = next((c.row for c in row if getattr(c, "row", None)), None)
            where = _("工作表“%(s)s”第%(r)s行") % {"s": sheet, "r": r}
            for i, cell in enumerate(row):
                if getattr(cell, "data_type", None) == "f":
                    name = fields[i] if i < width and fields[i] else ""
                    raise _refuse("formula", _("单元格%(ref)s是公式“%(f)s”：请粘贴为数值后再导入")
                                  % {"ref": f"{get_column_letter(i + 1)}{r}", "f": cell.value},
                                  f"{where} {columns.get(name, get_column_letter(i + 1) + '列')}")
            if len(values) > width and any(v is not None and str(v).strip() for v in values[width:]):
                raise _refuse("extra_cells", _("表头之外的列有内容"), where)
            yield _input(fields, values, where, columns)
    finally:
        wb.close()


def estimate_rows(source: Source, *, name: str | None = None) -> int:
    """A quick row count for a progress bar (lines of a CSV; the sheet's dimension for xlsx)."""
    path = Path(source) if isinstance(source, str | Path) else None
    if path is None:
        return 0
    if _name(source, name).lower().endswith(".xlsx"):
        try:
            from openpyxl import load_workbook

            wb = load_workbook(path, read_only=True)
            n = (wb.worksheets[0].max_row or 1) - 1
            wb.close()
            return max(n, 0)
        except Exception:
            return 0
    with open(path, "rb") as fh:
        return max(sum(chunk.count(b"\n") for chunk in iter(lambda: fh.read(1 << 20), b"")) - 1, 0)


def read_rows(stream: IO[bytes], *, name: str) -> Generator[ValueInput, None, None]:
    """Rows of a bulk file, by its name's ending (.csv or .xlsx)."""
    lower = name.lower()
    if lower.endswith(".xlsx"):
        return read_xlsx(stream)
    if lower.endswith(".csv") or lower.endswith(".txt"):
        return read_csv(stream)
    raise _refuse("file_type", _("不支持的文件类型“%(name)s”：请上传 .csv 或 .xlsx 文件") % {"name": name})


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
    name = _name(source, name)
    check_size(source, name=name, max_bytes=max_bytes)
    stream: IO[bytes] = open(source, "rb") if isinstance(source, str | Path) else source  # noqa: SIM115
    rows: Generator[ValueInput, None, None] | None = None
    from plantrack.reporting.services import enter_values

    try:
        rows = read_rows(stream, name=name)
        # The reader's rows go straight in (no list of inputs in between), so progress moves as rows are read.
        return enter_values(user=user, plan=plan, inputs=rows, channel=channel, submit=submit,
                            correction=correction, keep_value_ids=0, progress=progress)
    finally:
        if rows is not None:
            rows.close()  # a refusal may stop it mid-file; it lets go of the stream before the stream is closed
        if isinstance(source, str | Path):
            stream.close()
