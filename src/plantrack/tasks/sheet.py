"""Reading a 分工方案 file (csv or xlsx) into numbered rows of cells, in one function so the reader is easy to swap.

The project's shared tabular reader is being unified; until then this does what the others do: openpyxl's
streaming reader on the first worksheet (formulas read as their cached values), a CSV in UTF-8 or GB18030.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from django.utils.translation import gettext as _

from plantrack.tasks.errors import TaskRejected


@dataclass
class SheetRow:
    number: int  # the row number a person sees in Excel (or the CSV line)
    cells: list[object]


def read_sheet(source: Path | IO[bytes], *, name: str) -> list[SheetRow]:
    """Every non-empty row of the file's first sheet; TaskRejected for a file that cannot be read."""
    lower = name.lower()
    data = source.read_bytes() if isinstance(source, Path) else source.read()
    if lower.endswith((".xlsx", ".xlsm")):
        from openpyxl import load_workbook

        try:
            book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as exc:
            raise TaskRejected([_("%(name)s：不是有效的 xlsx 文件（%(kind)s）")
                                % {"name": name, "kind": type(exc).__name__}]) from None
        try:
            rows = [SheetRow(n, list(values)) for n, values in
                    enumerate(book.worksheets[0].iter_rows(values_only=True), start=1)]
        finally:
            book.close()
    elif lower.endswith((".csv", ".txt")):
        for encoding in ("utf-8-sig", "gb18030"):  # Excel on a Chinese Windows saves "CSV" as GB18030
            try:
                text = data.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:
            raise TaskRejected([_("%(name)s：无法识别文件编码（请保存为 UTF-8）") % {"name": name}])
        reader = csv.reader(io.StringIO(text, newline=""))
        try:
            rows = [SheetRow(reader.line_num, list(cells)) for cells in reader]
        except csv.Error as exc:
            raise TaskRejected([_("第%(n)s行：CSV格式错误（%(e)s）") % {"n": reader.line_num, "e": exc}]) from None
    else:
        raise TaskRejected([_("不支持的文件类型“%(name)s”：请上传 .csv 或 .xlsx 文件") % {"name": name}])
    return [r for r in rows if any(c is not None and str(c).strip() for c in r.cells)]
