"""Open an uploaded CSV or xlsx and read its rows, each with its row number in the file, after checking it
against the upload limits: the file's size; for xlsx, what its zip unpacks to, its compression ratio, XML that
declares entities, and every sheet's rows and widest row (before openpyxl reads any of it).

    with open_spreadsheet(upload, name="values.xlsx", limits=upload_limits()) as book:
        table = book.table(0)                       # the first sheet (a CSV has just one)
        for row in table.rows:                      # TableRow(number=5, cells=[...])
            ... table.place(row.number, 4) ...      # "工作表“数据”第5行 D列", for messages

Every refusal is an UploadRefused naming the place and the reason. A formula cell reads as a `Formula` (its text),
so a reader can refuse it naming the cell; blank rows are kept (the row numbers stay those of the file).
"""

from __future__ import annotations

import csv
import io
import os
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, NamedTuple

from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

from plantrack import wording
from plantrack.core.files import ArchiveLimits, ExpansionRefused, UnsafeXml, encoding_of, inspect_archive
from plantrack.uploads.errors import UploadProblem, UploadRefused, expansion_text, place
from plantrack.uploads.limits import UploadLimits, upload_limits
from plantrack.uploads.sheet_scan import SheetScan, scan_sheets, sheet_titles

Source = str | Path | IO[bytes]
CSV_SUFFIXES = (".csv", ".txt")
XLSX_SUFFIXES = (".xlsx", ".xlsm")
# Read by calamine (python-calamine, Rust): the older Excel format offices still send, and OpenDocument sheets.
CALAMINE_SUFFIXES = (".xls", ".ods")


class TableRow(NamedTuple):
    number: int  # the row's number in the file (the line of a CSV record's end, as Python's csv counts)
    cells: list  # str for CSV; for xlsx what each cell holds (str, int, float, datetime, Formula) or None; [] blank


class Formula(str):
    """A cell that holds a formula ("=SUM(D2:D9)") rather than a value."""


class Table:
    """One sheet: `title` (None for a CSV), `rows` (an iterator read once, or a list from `read_table`),
    `merged` ranges."""

    def __init__(self, *, title: str | None, rows: Iterator[TableRow] | list[TableRow],
                 merged: list[str] | None = None) -> None:
        self.title = title
        self.rows = rows
        self.merged = merged or []

    def place(self, row: int | None = None, column: int | None = None) -> str:
        """"工作表“数据”第5行 D列" (or "第5行 D列" for a CSV): where a problem is, for a message."""
        return place(sheet=self.title, row=row, column=column)

    @staticmethod
    def ref(row: int, column: int) -> str:
        """The cell's Excel reference: ref(5, 4) == "D5"."""
        return f"{get_column_letter(column)}{row}"


def _refuse(code: str, message: str, **where) -> UploadRefused:
    return UploadRefused(code, UploadProblem(message, **where))


def _human(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB" if n >= 1024 * 1024 else f"{n / 1024:.0f} KB"


def source_name(source: Source, name: str | None = None) -> str:
    """The file name to show and to choose the format by."""
    if name:
        return name
    if isinstance(source, str | Path):
        return Path(source).name
    return getattr(source, "name", "") or "upload"


def source_size(source: Source) -> int:
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


def check_size(source: Source, *, name: str, limits: UploadLimits) -> int:
    """The file's size; UploadRefused when it is over `limits.max_bytes`."""
    size = source_size(source)
    if size > limits.max_bytes:
        raise _refuse("too_large", _("文件%(name)s大小%(size)s超过上限%(limit)s，请分批导入")
                      % {"name": name, "size": _human(size), "limit": _human(limits.max_bytes)})
    return size


class Spreadsheet:
    """An opened upload; use as a context manager (it closes the file it opened)."""

    def __init__(self, source: Source, *, name: str | None = None, limits: UploadLimits | None = None,
                 formula_values: bool = False, engine: str = "openpyxl") -> None:
        self.name = source_name(source, name)
        self.limits = limits or upload_limits()
        lower = self.name.lower()
        if lower.endswith(XLSX_SUFFIXES):
            self.kind = "xlsx"
        elif lower.endswith(CSV_SUFFIXES):
            self.kind = "csv"
        elif lower.endswith(CALAMINE_SUFFIXES):
            self.kind = lower.rsplit(".", 1)[-1]
        else:
            raise _refuse("file_type", _("不支持的文件类型“%(name)s”：请上传 .csv、.xlsx、.xls 或 .ods 文件")
                          % {"name": self.name})
        # calamine reads cell values only, so it serves readers that take a formula's cached value (ledgers,
        # lists); the values channel, which must see a formula as one, stays on openpyxl.
        self._calamine = self.kind in ("xls", "ods") or (engine == "calamine" and formula_values)
        check_size(source, name=self.name, limits=self.limits)
        self._opened = isinstance(source, str | Path)
        self._stream: IO[bytes] = open(source, "rb") if self._opened else source  # noqa: SIM115
        self._book = None
        self._scans: dict[str, SheetScan] = {}
        self._titles: dict[str, str] = {}
        self._readers: list = []  # row generators, closed before the file they read
        self._formula_values = formula_values
        try:
            if self.kind == "xlsx":
                self._check_xlsx()
            elif self.kind == "ods":
                self._check_archive()
        except BaseException:
            self.close()
            raise

    # -- xlsx ------------------------------------------------------------------------------------------------------

    def _check_xlsx(self) -> None:
        limits = self.limits
        archive = ArchiveLimits(max_unpacked=limits.max_unpacked, max_member=limits.max_unpacked,
                                max_ratio=limits.max_ratio)
        try:
            inspect_archive(self._stream, limits=archive)
            self._stream.seek(0)
            with zipfile.ZipFile(self._stream) as zf:
                self._scans = scan_sheets(zf)
                self._titles = sheet_titles(zf)
        except ExpansionRefused as exc:
            raise _expansion(exc, self.name) from None
        except UnsafeXml as exc:
            raise _unsafe(exc.member) from None
        except Exception as exc:  # zipfile raises many kinds for a damaged file; all mean the same to a person
            raise _corrupt(exc) from None
        for scan in self._scans.values():
            self._check_scan(scan)

    def _check_archive(self) -> None:
        """An .ods is a zip too: the same bounds on what it unpacks to before calamine reads it."""
        limits = self.limits
        archive = ArchiveLimits(max_unpacked=limits.max_unpacked, max_member=limits.max_unpacked,
                                max_ratio=limits.max_ratio)
        try:
            inspect_archive(self._stream, limits=archive)
        except ExpansionRefused as exc:
            raise _expansion(exc, self.name) from None
        except Exception as exc:
            raise _corrupt(exc) from None
        finally:
            self._stream.seek(0)

    def _calamine_table(self, which: int | str) -> Table:
        import python_calamine

        self._stream.seek(0)
        try:
            book = python_calamine.load_workbook(self._stream)
            names = book.sheet_names
            if isinstance(which, int):
                if which >= len(names):
                    raise _refuse("no_sheet", _("工作簿没有第%(n)d个工作表") % {"n": which + 1})
                title = names[which]
            elif which in names:
                title = which
            else:
                raise _refuse("no_sheet", _("缺少工作表“%(s)s”") % {"s": which})
            sheet = book.get_sheet_by_name(title)
        except UploadRefused:
            raise
        except Exception as exc:  # CalamineError, XmlError, ZipError …: a damaged or foreign file
            raise _refuse("corrupt_xlsx", _("文件无法读取，可能已损坏或不是表格文件（%(kind)s）")
                          % {"kind": _first_line(exc)}) from None
        # Rows come from the sheet's first row (blank ones included); cells from its first used column.
        first_col = (sheet.start or (0, 0))[1]
        last_row, last_col = sheet.end or (-1, -1)
        if last_row + 1 > self.limits.max_rows:
            raise _refuse("too_many_rows", _("有%(n)s行，超过上限%(limit)s行，请分批导入")
                          % {"n": f"{last_row + 1:,}", "limit": f"{self.limits.max_rows:,}"}, sheet=title)
        if last_col + 1 > self.limits.max_columns:
            raise _refuse("too_many_columns", _("一行有%(n)s个单元格，超过上限%(limit)s列")
                          % {"n": f"{last_col + 1:,}", "limit": self.limits.max_columns}, sheet=title)
        merged = [f"{get_column_letter(c0 + 1)}{r0 + 1}:{get_column_letter(c1 + 1)}{r1 + 1}"
                  for (r0, c0), (r1, c1) in (sheet.merged_cell_ranges or [])]

        def rows() -> Iterator[TableRow]:
            pad = [None] * first_col
            for number, cells in enumerate(sheet.iter_rows(), start=1):
                yield TableRow(number, pad + [None if c == "" else c for c in cells])

        return Table(title=title, rows=self._reader(rows()), merged=merged)

    def _workbook(self):
        """The workbook, loaded (read-only) on first use, once the bounds have been checked."""
        if self._book is None:
            from openpyxl import load_workbook

            self._stream.seek(0)
            try:
                self._book = load_workbook(self._stream, read_only=True, data_only=self._formula_values)
            except Exception as exc:  # broken XML, missing parts, entity declarations (defusedxml) …
                raise _corrupt(exc) from None
        return self._book

    @property
    def largest_sheet_rows(self) -> int:
        """The row count of the longest sheet, from the check made before loading (0 for a CSV)."""
        return max((scan.rows for scan in self._scans.values()), default=0)

    def _check_scan(self, scan: SheetScan) -> None:
        title = self._title_of(scan.member)
        if scan.rows > self.limits.max_lines:
            raise _refuse("too_many_rows", _("有%(n)s行，超过上限%(limit)s行（表头不计），请分批导入")
                          % {"n": f"{scan.rows:,}", "limit": f"{self.limits.max_rows:,}"}, sheet=title)
        if scan.widest > self.limits.max_columns:
            raise _refuse("too_many_columns", _("一行有%(n)s个单元格，超过上限%(limit)s列")
                          % {"n": f"{scan.widest:,}", "limit": self.limits.max_columns}, sheet=title)

    def _title_of(self, member: str) -> str:
        return self._titles.get(member) or member.rsplit("/", 1)[-1].removesuffix(".xml")

    @property
    def sheet_titles(self) -> list[str]:
        if self.kind == "csv":
            return [self.name]
        if self.kind in ("xls", "ods"):
            import python_calamine

            self._stream.seek(0)
            return list(python_calamine.load_workbook(self._stream).sheet_names)
        return list(self._workbook().sheetnames)

    def table(self, which: int | str = 0) -> Table:
        """One sheet by position or title (a CSV is sheet 0); UploadRefused if there is no such sheet."""
        if self.kind == "csv":
            if which not in (0, self.name):
                raise _refuse("no_sheet", _("CSV 文件只有一张表"))
            return Table(title=None, rows=self._reader(self._csv_rows()))
        if self._calamine:
            return self._calamine_table(which)
        book = self._workbook()
        if isinstance(which, int):
            if which >= len(book.worksheets):
                raise _refuse("no_sheet", _("工作簿没有第%(n)d个工作表") % {"n": which + 1})
            ws = book.worksheets[which]
        elif which in book.sheetnames:
            ws = book[which]
        else:
            raise _refuse("no_sheet", _("缺少工作表“%(s)s”") % {"s": which})
        path = getattr(ws, "_worksheet_path", "").lstrip("/")
        scan = self._scans.get(path)
        if scan is None:  # the part holds no sheet data at all: an empty sheet
            return Table(title=ws.title, rows=iter(()))
        return Table(title=ws.title, rows=self._reader(self._xlsx_rows(ws)), merged=scan.merged)

    def _reader(self, rows):
        self._readers.append(rows)
        return rows

    def _xlsx_rows(self, ws) -> Iterator[TableRow]:
        # Read-only openpyxl trusts <dimension ref>, which other tools often leave stale: forget it, read all rows.
        ws.reset_dimensions()
        limits = self.limits
        rows = ws.iter_rows()
        number = 0
        while True:
            try:
                row = next(rows)
            except StopIteration:
                return
            except Exception as exc:  # malformed sheet XML (expat/defusedxml) or a cell openpyxl cannot convert
                if _is_entity_refusal(exc):
                    raise _unsafe(ws.title) from None
                raise _refuse("corrupt_xlsx", _("工作表内容无法读取（XML格式错误：%(kind)s），可能已损坏")
                              % {"kind": _first_line(exc)}, sheet=ws.title, row=number + 1) from None
            number += 1
            if number > limits.max_lines:
                raise _refuse("too_many_rows", _("数据超过上限%(limit)s行（表头不计），请分批导入")
                              % {"limit": f"{limits.max_rows:,}"}, sheet=ws.title, row=number)
            if len(row) > limits.max_columns:
                raise _refuse("too_many_columns", _("超过上限%(limit)s列") % {"limit": limits.max_columns},
                              sheet=ws.title, row=number)
            yield TableRow(number, [Formula(getattr(c.value, "text", c.value)) if c.data_type == "f" else c.value
                                    for c in row])

    # -- CSV -------------------------------------------------------------------------------------------------------

    def _csv_rows(self) -> Iterator[TableRow]:
        stream = self._stream
        head = stream.read(65536)
        stream.seek(0)
        text = io.TextIOWrapper(stream, encoding=encoding_of(head), newline="")
        reader = csv.reader(text)
        max_lines, max_columns = self.limits.max_lines, self.limits.max_columns
        line = 0
        make = tuple.__new__  # TableRow(line, cells) without NamedTuple's Python-level __new__: a million rows' worth
        try:
            for cells in reader:
                line = reader.line_num
                if line > max_lines or len(cells) > max_columns:
                    raise self._csv_too_big(line, cells)
                yield make(TableRow, (line, cells))
        except UnicodeDecodeError:
            # The text is decoded ahead in blocks, so the line is where reading had got to, not exact.
            raise _refuse("encoding", _("第%(n)s行附近：文件编码无法识别（请另存为UTF-8编码的CSV）")
                          % {"n": line + 1}) from None
        except csv.Error as exc:
            raise _refuse("bad_csv", _("CSV格式错误：%(e)s") % {"e": exc}, row=reader.line_num) from None
        finally:
            text.detach()

    def _csv_too_big(self, line: int, cells: list[str]) -> UploadRefused:
        if line > self.limits.max_lines:
            return _refuse("too_many_rows", _("数据超过上限%(limit)s行（表头不计），请分批导入")
                           % {"limit": f"{self.limits.max_rows:,}"}, row=line)
        return _refuse("too_many_columns", _("有%(n)s列，超过上限%(limit)s列")
                       % {"n": len(cells), "limit": self.limits.max_columns}, row=line)

    # -- closing ---------------------------------------------------------------------------------------------------

    def close(self) -> None:
        for rows in self._readers:
            rows.close()
        self._readers = []
        if self._book is not None:
            self._book.close()
            self._book = None
        if self._opened:
            self._stream.close()

    def __enter__(self) -> Spreadsheet:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def open_spreadsheet(source: Source, *, name: str | None = None, limits: UploadLimits | None = None,
                     formula_values: bool = False, engine: str = "openpyxl") -> Spreadsheet:
    """Check an uploaded .csv or .xlsx against `limits` (default: the upload settings) and open it.

    `formula_values` reads formulas' cached results instead of `Formula` cells (for lists where a formula is
    harmless). UploadRefused says why a file cannot be opened.
    """
    return Spreadsheet(source, name=name, limits=limits, formula_values=formula_values, engine=engine)


def read_table(source: Source, *, name: str | None = None, sheet: int | str = 0,
               limits: UploadLimits | None = None, formula_values: bool = False, engine: str = "openpyxl") -> Table:
    """One sheet read whole (for ledgers and lists, not million-row files): a Table whose `rows` is a list.

        table = read_table(upload, name=upload.name)
        for number, cells in table.rows: ...   # problems: table.place(number, column), table.ref(number, column)
    """
    with open_spreadsheet(source, name=name, limits=limits, formula_values=formula_values, engine=engine) as book:
        table = book.table(sheet)
        return Table(title=table.title, rows=list(table.rows), merged=table.merged)


def _first_line(exc: Exception) -> str:
    text = str(exc).splitlines()[0][:120] if str(exc) else ""
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _causes(exc: BaseException) -> list[BaseException]:
    """The exception and what it was raised from (openpyxl wraps XML errors in a ValueError)."""
    chain = [exc]
    while (exc := exc.__cause__ or exc.__context__) is not None and len(chain) < 10:
        chain.append(exc)
    return chain


def _is_entity_refusal(exc: Exception) -> bool:
    names = {"EntitiesForbidden", "DTDForbidden", "ExternalReferenceForbidden"}
    return any(type(e).__name__ in names for e in _causes(exc))


def _xml_error(exc: Exception) -> BaseException | None:
    return next((e for e in _causes(exc) if type(e).__name__ in {"ParseError", "XMLSyntaxError"}), None)


def _corrupt(exc: Exception) -> UploadRefused:
    if _is_entity_refusal(exc):
        return _unsafe("")
    if (xml := _xml_error(exc)) is not None:
        return _refuse("corrupt_xlsx", _("文件中的XML格式错误（%(kind)s），可能已损坏") % {"kind": _first_line(xml)})
    return _refuse("corrupt_xlsx", _("文件不是有效的xlsx工作簿，可能已损坏（%(kind)s）") % {"kind": _first_line(exc)})


def _unsafe(member: str) -> UploadRefused:
    return _refuse("unsafe_xml", expansion_text(UnsafeXml(member)) + (wording.bracketed(member) if member else ""))


def _expansion(exc: ExpansionRefused, name: str) -> UploadRefused:
    code = "ratio" if exc.kind == ExpansionRefused.RATIO else "unpacked"
    return _refuse(code, _("文件%(name)s%(why)s") % {"name": name, "why": expansion_text(exc)})
