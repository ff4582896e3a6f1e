"""Workbooks built at test time the way other tools and attackers write them: a stale <dimension ref>, a sheet
part replaced by hand-written XML (a bomb, an entity declaration, broken XML). Imported by the tests of every reader
(`from uploads.files import ...`)."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable

from openpyxl import Workbook

SHEET = "xl/worksheets/sheet1.xml"
_HEAD = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
         b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">')


def xlsx(rows: Iterable[Iterable[object]], *, title: str = "数据") -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = title
    for row in rows:
        ws.append(list(row))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def rewrite(data: bytes, member: str, content: bytes | Iterable[bytes]) -> bytes:
    """The workbook with one part replaced (streamed in, so a bomb is never whole in memory)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename != member:
                dst.writestr(info, src.read(info.filename))
        info = zipfile.ZipInfo(member)
        info.compress_type = zipfile.ZIP_DEFLATED
        with dst.open(info, "w", force_zip64=True) as part:
            for piece in [content] if isinstance(content, bytes) else content:
                part.write(piece)
    return out.getvalue()


def sheet_part(data: bytes, member: str = SHEET) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return zf.read(member)


def with_stale_dimension(data: bytes, ref: str = "A1:D2") -> bytes:
    """Every sheet's <dimension ref> set to `ref`, as files written by other tools often have it."""
    out = data
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        members = [n for n in zf.namelist() if n.startswith("xl/worksheets/") and n.endswith(".xml")]
    for member in members:
        xml = sheet_part(out, member)
        xml, n = re.subn(rb'<dimension ref="[^"]*"\s*/>', b'<dimension ref="%s"/>' % ref.encode(), xml)
        assert n == 1, "openpyxl writes one <dimension> per sheet"
        out = rewrite(out, member, xml)
    return out


def sheet_xml(*body: bytes, dtd: bytes = b"", dimension: str | None = None) -> bytes:
    """A worksheet part with these rows; with `dimension`, a <dimension ref> (openpyxl then reads no rows on load)."""
    dim = b'<dimension ref="%s"/>' % dimension.encode() if dimension else b""
    return _HEAD.replace(b"\n", b"\n" + dtd) + dim + b"<sheetData>" + b"".join(body) + b"</sheetData></worksheet>"


def one_wide_row(cells: int) -> Iterable[bytes]:
    """sheetData with a single row of `cells` empty cells, streamed: tiny packed, huge unpacked."""
    yield _HEAD + b'<sheetData><row r="1">'
    block = b"<c/>" * 65536
    for _ in range(cells // 65536):
        yield block
    yield b"<c/>" * (cells % 65536)
    yield b"</row></sheetData></worksheet>"
