"""Writing xlsx rows that a spreadsheet shows as written and never runs: a text starting with =, +, -, @ is stored as
a text cell (with Excel's quote prefix), not as the formula openpyxl would make of it. Every ledger and dispatch
export writes its rows through `append_inert`."""

from __future__ import annotations

from plantrack.core.text_guard import FORMULA_TRIGGERS


def append_inert(sheet, values: list) -> None:
    """Append a row; any text cell a spreadsheet would take as a formula is kept as text."""
    sheet.append(values)
    for cell in sheet[sheet.max_row]:
        if cell.data_type == "f" or isinstance(cell.value, str) and cell.value.startswith(FORMULA_TRIGGERS):
            cell.data_type = "s"
            cell.quotePrefix = True
