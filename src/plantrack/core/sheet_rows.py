"""The shapes of rows offices put among a sheet's data rows: totals, notes and headings; pure Python, no Django.

>>> row_shape("合计（9个项目）"), row_shape("注：数据为快报数"), row_shape("一、经济发展"), row_shape("2500")
('total', 'note', 'heading', None)

A ledger, a 分工方案 and a values sheet all carry them; each importer lists such rows and skips them (a ledger
also checks a total against the rows it covers).
"""

from __future__ import annotations

import re

__all__ = ["GROUP_ROW", "NOTE_ROW", "TOTAL_ROW", "row_shape"]

TOTAL_ROW = re.compile(r"^(合计|小计|总计|总合计|全部合计)")
NOTE_ROW = re.compile(r"^(注|说明|填表说明|备注)[:：0-9１-９一二三、.．]")
GROUP_ROW = re.compile(r"^([一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十]+[)）]|[0-9]+[、．])")

TOTAL, NOTE, HEADING = "total", "note", "heading"


def row_shape(text: str) -> str | None:
    """What the first written cell of a row says the row is: TOTAL, NOTE, HEADING, or None for a data row."""
    text = re.sub(r"[\s\u3000]+", "", text)
    if TOTAL_ROW.match(text):
        return TOTAL
    if NOTE_ROW.match(text):
        return NOTE
    if GROUP_ROW.match(text):
        return HEADING
    return None
