"""A quick pass over a workbook's sheet XML before openpyxl sees it: how many rows, the most cells in one row, and
the merged ranges. Counting is done on the raw bytes (C-speed `split`/`count`), so a sheet of a million rows is
measured in a fraction of its reading time, and a "bomb" (one row of millions of cells, a row numbered in the
billions) is found without building a single cell.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from itertools import repeat

_SHEET_DATA_RE = re.compile(rb"<(\w+:)?sheetData[\s>/]")
_MERGE_RE = re.compile(rb'<(?:\w+:)?mergeCell\s[^>]*?ref="([A-Za-z]{1,3}\d{1,7}(?::[A-Za-z]{1,3}\d{1,7})?)"')
_ROW_NUMBER_RE = re.compile(rb'[^>]*?\sr\s*=\s*["\'](\d{1,15})["\']')
_CELL_RE_TEMPLATE = rb"<%sc[\s/>]"
_CHUNK = 1 << 20
_KEEP = 64  # bytes carried between chunks, longer than any tag we look for
_MERGED_KEPT = 50


@dataclass
class SheetScan:
    """What one worksheet part holds: `rows` (its highest row number, or its count of rows when more), `widest`
    (the most cells in one row) and up to 50 merged ranges."""

    member: str
    rows: int = 0
    widest: int = 0
    merged: list[str] = field(default_factory=list)


def scan_sheets(zf: zipfile.ZipFile) -> dict[str, SheetScan]:
    """Every member that holds sheet data, by member name (any name: a sheet's path is the workbook's choice)."""
    found: dict[str, SheetScan] = {}
    for info in zf.infolist():
        if not info.is_dir():
            scan = _scan_member(zf, info.filename)
            if scan is not None:
                found[info.filename] = scan
    return found


def sheet_titles(zf: zipfile.ZipFile) -> dict[str, str]:
    """Part name → the sheet's title, from the workbook part and its relationships (parsed without entities);
    empty when the workbook does not say (the caller then names the part)."""
    from defusedxml.ElementTree import fromstring

    main = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    rel_ns = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
    try:
        rels = fromstring(zf.read("xl/_rels/workbook.xml.rels"))
        targets = {r.get("Id"): r.get("Target", "") for r in rels}
        titles = {}
        for sheet in fromstring(zf.read("xl/workbook.xml")).iter(f"{main}sheet"):
            target = targets.get(sheet.get(f"{rel_ns}id"), "")
            part = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
            titles[part] = sheet.get("name", "")
        return titles
    except Exception:  # a missing or odd workbook part: openpyxl will say what is wrong with it
        return {}


def _scan_member(zf: zipfile.ZipFile, member: str) -> SheetScan | None:
    scan: SheetScan | None = None
    row_tag = cell_tag = end_tag = b""
    cell_re: re.Pattern[bytes] | None = None
    current = 0  # cells of the row being counted so far
    after = False
    tail = b""
    merged: set[str] = set()
    with zf.open(member) as part:
        while chunk := part.read(_CHUNK):
            buf = tail + chunk
            if scan is None:
                m = _SHEET_DATA_RE.search(buf)
                if m is None:
                    tail = buf[-_KEEP:]
                    continue
                prefix = m.group(1) or b""
                scan = SheetScan(member=member)
                row_tag, cell_tag, end_tag = b"<" + prefix + b"row", b"<" + prefix + b"c", b"</" + prefix + b"sheetData"
                cell_re = re.compile(_CELL_RE_TEMPLATE % re.escape(prefix))
                after = buf[m.end() - 1 : m.end()] == b"/"  # <sheetData/>: an empty sheet
                buf = buf[m.end():]
            if not after:
                end = buf.find(end_tag)
                if end >= 0:
                    segment, buf, after = buf[:end], buf[end:], True
                else:
                    # Cut just before a "<" so that no tag is split between this stretch and the next.
                    cut = buf.rfind(b"<", 0, max(len(buf) - _KEEP, 0))
                    cut = cut if cut > 0 else max(len(buf) - _KEEP, 0)
                    segment, buf = buf[:cut], buf[cut:]
                current = _count(scan, segment, row_tag, cell_tag, cell_re, current)
                if not after:
                    tail = buf
                    continue
                scan.widest = max(scan.widest, current)
            if len(merged) < _MERGED_KEPT:
                merged.update(m.decode().upper() for m in _MERGE_RE.findall(buf))
            tail = buf[-_KEEP * 4:]
    if scan is None:
        return None
    if not after:
        scan.widest = max(scan.widest, current)
    scan.merged = sorted(merged)[:_MERGED_KEPT]
    return scan


def _count(scan: SheetScan, segment: bytes, row_tag: bytes, cell_tag: bytes, cell_re, current: int) -> int:
    """Add a stretch of sheetData to the counts; returns the cells of the row still open at its end."""
    parts = segment.split(row_tag)
    # "<c" also starts <color>, <charset> … inside rich text: a rough count first, exact only where it matters.
    rough = list(map(bytes.count, parts, repeat(cell_tag)))
    if len(parts) == 1:
        return current + rough[0]
    scan.rows += len(parts) - 1
    closed = [current + rough[0], *rough[1:-1]]
    if max(closed) > scan.widest:
        exact = [len(cell_re.findall(parts[i])) + (current if i == 0 else 0)
                 for i, n in enumerate(closed) if n > scan.widest]
        scan.widest = max(scan.widest, *exact)
    numbered = _ROW_NUMBER_RE.match(parts[-1])
    if numbered:
        scan.rows = max(scan.rows, int(numbered.group(1)))
    return rough[-1]
