"""Reading a 分工方案 file (csv or xlsx) into numbered rows of cells, through the shared upload reader
(`plantrack.uploads`: GB18030 CSV, every xlsx row whatever its <dimension> says, bombs and entity declarations
refused before the workbook is loaded); formulas are read as their cached values."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import IO

from plantrack import wording
from plantrack.errors import message_of
from plantrack.tasks.errors import TaskRejected
from plantrack.uploads import UploadRefused, read_table


@dataclass
class SheetRow:
    number: int  # the row number a person sees in Excel (or the CSV line)
    cells: list[object]


def read_sheet(source: Path | IO[bytes], *, name: str) -> list[SheetRow]:
    """Every non-empty row of the file's first sheet; TaskRejected for a file that cannot be read."""
    try:
        table = read_table(source, name=name, formula_values=True)
    except UploadRefused as exc:
        raise TaskRejected([wording.labelled(name, message_of(exc))]) from None
    return [SheetRow(number, list(cells)) for number, cells in table.rows
            if any(c is not None and str(c).strip() for c in cells)]
