"""Rows written to a workbook through `append_inert`: a text a spreadsheet would run as a formula stays text on the
row just written, whatever rows came before and with gaps in the row; numbers stay numbers."""

from __future__ import annotations

import io

from openpyxl import Workbook, load_workbook

from plantrack.core.text_guard import append_inert


def test_each_row_is_made_inert_where_it_was_written():
    book = Workbook()
    sheet = book.active
    sheet["A10"] = "a cell far below"  # rows are appended after it, not at the sheet's bottom
    append_inert(sheet, ["=1+2", None, 3, "-3.5", "+86 电话"])
    append_inert(sheet, ["名称", "@SUM(A1)"])
    out = io.BytesIO()
    book.save(out)
    sheet = load_workbook(io.BytesIO(out.getvalue())).active
    first = [sheet.cell(row=11, column=c) for c in range(1, 6)]
    assert [c.value for c in first] == ["=1+2", None, 3, "-3.5", "+86 电话"]
    assert [c.data_type for c in first] == ["s", "n", "n", "s", "s"]
    assert [bool(c.quotePrefix) for c in first] == [True, False, False, True, True]
    assert (sheet["B12"].value, sheet["B12"].data_type, sheet["B12"].quotePrefix) == ("@SUM(A1)", "s", True)
    assert not sheet["A12"].quotePrefix
