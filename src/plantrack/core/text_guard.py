"""The guards every text a person gives must pass before it is stored, on every channel (sheet, page, API, CLI):
no control characters, no bidirectional overrides, a bounded length; and cells made inert before export.

>>> text_problem("风光制氢\\u202e项目", max_length=200)
'含有不允许的控制字符 \\\\u202e（第5个字符）'
>>> text_problem("x" * 201, max_length=200)
'不能超过200字（现有201字）'
>>> inert_cell("=HYPERLINK(\\"http://x\\")")
'\\'=HYPERLINK("http://x")'
"""

from __future__ import annotations

import re

from plantrack.core.control_chars import first_control_character

__all__ = ["FORMULA_TRIGGERS", "append_inert", "inert_cell", "text_problem"]

# Bidirectional embeddings, overrides and isolates make a name read differently from how it is stored
# ("…\u202egpj.exe"); no ledger, task or comment needs them.
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")
# What a spreadsheet takes as the start of a formula (OWASP's CSV injection list).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def text_problem(text: str, *, max_length: int) -> str | None:
    """A Chinese reason the text may not be stored, or None when it may."""
    found = first_control_character(text)
    bidi = _BIDI.search(text)
    if bidi is not None and (found is None or bidi.start() < found[0]):
        found = (bidi.start(), f"\\u{ord(bidi.group()):04x}")
    if found is not None:
        return f"含有不允许的控制字符 {found[1]}（第{found[0] + 1}个字符）"
    if len(text) > max_length:
        return f"不能超过{max_length}字（现有{len(text)}字）"
    return None


def inert_cell(value: object) -> object:
    """A text cell that a spreadsheet will show as text, never run: a quote before a formula trigger. Numbers and
    dates pass unchanged; a text that is a plain negative number ("-3.5") is left alone as well."""
    if not isinstance(value, str) or not value:
        return value
    if value.startswith(FORMULA_TRIGGERS) and not re.fullmatch(r"-\d+(\.\d+)?", value):
        return "'" + value
    return value


def append_inert(sheet, values: list) -> None:
    """Append a row to an openpyxl worksheet so that a text a spreadsheet would take as a formula stays text (a text
    cell with Excel's quote prefix), and reads back exactly as written. Every ledger, dispatch sheet and 分工方案
    export writes its rows through this."""
    sheet.append(values)
    # The row just written: `sheet.max_row` and `sheet[row]` scan every cell of the sheet, which makes an export of
    # thousands of rows quadratic (a region's 13,000 rows took minutes).
    row = sheet._current_row
    for column in range(1, len(values) + 1):
        cell = sheet._cells.get((row, column))
        if cell is None:
            continue
        if cell.data_type == "f" or isinstance(cell.value, str) and cell.value.startswith(FORMULA_TRIGGERS):
            cell.data_type = "s"
            cell.quotePrefix = True
