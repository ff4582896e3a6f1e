"""Read a plan file into text: UTF-8 / GB18030 (GBK) text, .docx (paragraphs and Word tables in order) or .pdf
(its text layer; tables as tab-separated rows; printed lines joined back into paragraphs). Every failure is a
one-line PlanParseError naming the file.

Tables become one line per row with cells separated by tabs, the shape the indicator-table reader expects.
Heavy libraries (python-docx, pdfium/pdfplumber, charset-normalizer) are imported only for the format that
needs them. Before a library sees the file, what it may expand to is bounded (`DocumentLimits`): a .docx's zip
members, a PDF's pages, inflated streams and text; a bomb is refused in well under a second.
"""

from __future__ import annotations

import os
import re
import zipfile
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from plantrack.core.files import (
    ArchiveLimits,
    ExpansionRefused,
    PdfLimits,
    UnsafeXml,
    check_pdf_streams,
    decode_text,
    inspect_archive,
)
from plantrack.core.planparse.errors import DocumentTooLarge, PlanParseError
from plantrack.core.planparse.textnorm import is_page_number

_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
# Lines that start a block of their own, never the rest of a paragraph: headings, boxes, items, "一、" sections,
# footnotes, numbered points and table rows.
_STARTS_BLOCK_RE = re.compile(
    r"^[ \t\u3000]*(第[零〇一二两三四五六七八九十百千\d]+[篇章节]|专栏|[（(][一二三四五六七八九十]+[）)]"
    r"|[一二三四五六七八九十]+、|注[：:]|目[ \u3000]*录|\d{1,3}[.．、](?!\d))"
)
_MAX_CONTROL_SHARE = 0.001
# A main-indicator table's header: 指标 … 属性 (letters may be spaced out, cells may wrap over lines).
_TABLE_HEADER_RE = re.compile(r"指[ \t\u3000]*标[^。]{0,80}?属[ \t\u3000]*性")  # header cells may wrap


def _env_int(env: Mapping[str, str], name: str, default: int) -> int:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError:
        raise PlanParseError(f"{name}={raw!r}: not a whole number") from None


@dataclass(frozen=True)
class DocumentLimits:
    """How big a plan document may be, and what it may expand to once read (set from the environment)."""

    max_file_bytes: int = 200 << 20
    archive: ArchiveLimits = field(default_factory=lambda: ArchiveLimits(max_unpacked=256 << 20,
                                                                        max_member=64 << 20))
    pdf: PdfLimits = field(default_factory=PdfLimits)

    @classmethod
    def from_environment(cls, env: Mapping[str, str] = os.environ) -> DocumentLimits:
        """PLANTRACK_DOC_MAX_BYTES (the file), _UNPACKED_BYTES (a .docx unpacked), _PAGES, _STREAM_BYTES (one
        PDF stream inflated), _TEXT_CHARS (the text read); unset ones keep their defaults."""
        base = cls()
        return cls(
            max_file_bytes=_env_int(env, "PLANTRACK_DOC_MAX_BYTES", base.max_file_bytes),
            archive=ArchiveLimits(
                max_unpacked=_env_int(env, "PLANTRACK_DOC_MAX_UNPACKED_BYTES", base.archive.max_unpacked),
                max_member=base.archive.max_member, max_ratio=base.archive.max_ratio,
                max_members=base.archive.max_members),
            pdf=PdfLimits(
                max_pages=_env_int(env, "PLANTRACK_DOC_MAX_PAGES", base.pdf.max_pages),
                max_stream=_env_int(env, "PLANTRACK_DOC_MAX_STREAM_BYTES", base.pdf.max_stream),
                max_font_stream=base.pdf.max_font_stream,
                max_streams=max(base.pdf.max_streams, _env_int(env, "PLANTRACK_DOC_MAX_STREAM_BYTES", 0)),
                max_text_chars=_env_int(env, "PLANTRACK_DOC_MAX_TEXT_CHARS", base.pdf.max_text_chars)),
        )


def read_document_text(path: str | os.PathLike, *, limits: DocumentLimits | None = None) -> str:
    """The text of a plan file, whatever its format (chosen by content, then by suffix).

    Raises PlanParseError (one line naming the file); DocumentTooLarge when a bound of `limits` (default: from
    the environment) is passed.
    """
    p = Path(path)
    limits = limits or DocumentLimits.from_environment()
    try:
        size = p.stat().st_size
        if size > limits.max_file_bytes:
            raise _too_large(p, ExpansionRefused(ExpansionRefused.MEMBER, size=size, limit=limits.max_file_bytes,
                                                 member=p.name))
        data = p.read_bytes()
    except OSError as exc:
        raise PlanParseError(f"{p}: cannot read the file ({exc.strerror or exc})") from None
    if not data.strip():
        raise PlanParseError(f"{p}: the file is empty")
    suffix = p.suffix.lower()
    try:
        if data.startswith(b"%PDF-") or suffix == ".pdf":
            text = _pdf_text(p, data, limits.pdf)
        elif data.startswith(b"PK\x03\x04") or suffix == ".docx":
            text = _docx_text(p, limits.archive)
        else:
            text = _plain_text(p, data)
    except (ExpansionRefused, UnsafeXml) as exc:
        raise _too_large(p, exc) from None
    if len(text) > limits.pdf.max_text_chars:
        raise _too_large(p, ExpansionRefused(ExpansionRefused.TEXT, size=len(text),
                                             limit=limits.pdf.max_text_chars))
    return text


def _too_large(p: Path, cause: ValueError) -> DocumentTooLarge:
    return DocumentTooLarge(f"{p}: {cause}", cause=cause)


def _plain_text(p: Path, data: bytes) -> str:
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise PlanParseError(f"{p}: a legacy Word/Office binary file; save it as .docx, .pdf or text")
    if not data.startswith((b"\xff\xfe", b"\xfe\xff")) and b"\x00" in data[:8192]:
        raise PlanParseError(f"{p}: a binary file, not text, .docx or .pdf")
    text = decode_text(data)
    if text is None or len(_CONTROL_RE.findall(text)) > max(1, len(text) * _MAX_CONTROL_SHARE):
        raise PlanParseError(f"{p}: a binary file, not text in UTF-8 or GB18030/GBK, .docx or .pdf")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _docx_text(p: Path, limits: ArchiveLimits) -> str:
    try:
        inspect_archive(str(p), limits=limits)
        import docx
        from docx.oxml.ns import qn

        document = docx.Document(str(p))
    except (ExpansionRefused, UnsafeXml):
        raise
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise PlanParseError(f"{p}: not a readable .docx (damaged or truncated: {type(exc).__name__})") from None
    except Exception as exc:  # python-docx raises its own package and XML errors for broken files
        raise PlanParseError(f"{p}: not a readable .docx ({type(exc).__name__}: {exc})".splitlines()[0]) from None
    W_P, W_TBL, W_TR, W_TC, W_T, W_TAB, W_BR = (qn(t) for t in ("w:p", "w:tbl", "w:tr", "w:tc", "w:t", "w:tab", "w:br"))

    def para_text(el) -> str:
        out = []
        for node in el.iter(W_T, W_TAB, W_BR):
            if node.tag == W_T:
                out.append(node.text or "")
            elif node.tag == W_TAB:
                out.append("\t")
            else:
                out.append("\n")
        return "".join(out)

    lines: list[str] = []
    for block in document.element.body.iterchildren():
        if block.tag == W_P:
            lines.append(para_text(block))
        elif block.tag == W_TBL:
            for tr in block.iter(W_TR):
                cells = []
                for tc in tr.iterchildren(W_TC):
                    # Paragraphs inside a cell are wrapped parts of one value (clean_text drops CJK-internal spaces).
                    cells.append(" ".join(para_text(q) for q in tc.iterchildren(W_P)).replace("\n", " ").strip())
                lines.append("\t".join(cells))
    text = "\n".join(lines)
    if not text.strip():
        raise PlanParseError(f"{p}: the .docx has no text")
    return text


def _pdf_text(p: Path, data: bytes, limits: PdfLimits) -> str:
    if not data.startswith(b"%PDF-"):
        raise PlanParseError(f"{p}: not a PDF file (no %PDF header)")
    if b"%%EOF" not in data[-2048:]:
        raise PlanParseError(f"{p}: the PDF is truncated (no end-of-file marker)")
    check_pdf_streams(data, limits=limits)
    try:
        out = _pdf_lines(p, limits)
    except (PlanParseError, ExpansionRefused):
        raise
    except Exception as exc:  # pdfium and pdfminer raise many kinds of errors for damaged files
        raise PlanParseError(f"{p}: not a readable PDF ({type(exc).__name__})") from None
    text = "\n".join(reflow(out))
    if not text.strip():
        raise PlanParseError(f"{p}: the PDF has no text layer (a scanned image?); run OCR first or use the text")
    return text


def _width(line: str) -> int:
    """Printed width in half-width units: CJK characters count two."""
    return sum(2 if ord(ch) >= 0x2E80 else 1 for ch in line)


def reflow(lines: list[str]) -> list[str]:
    """PDF text comes one printed line at a time: drop page-number lines and join the printed lines of each
    paragraph again. A line as wide as the text column continues on the next line unless that one is a
    heading, a box heading, an item, a numbered point or a table row; the column width is the 90th percentile of
    line widths."""
    kept = [line.rstrip() for line in lines if not is_page_number(line)]
    widths = sorted(_width(line) for line in kept if "\t" not in line and _width(line) > 20)
    if not widths:
        return kept
    full = 0.85 * widths[int(len(widths) * 0.9)]
    out: list[str] = []
    joining = False
    for line in kept:
        if joining and line.strip() and "\t" not in line and not _STARTS_BLOCK_RE.match(line):
            out[-1] += line.strip()
        else:
            out.append(line)
        joining = "\t" not in out[-1] and _width(line) >= full
    return out


def _pdf_lines(p: Path, limits: PdfLimits) -> list[str]:
    """Every page's lines. Pages that draw lines or rectangles may hold a ruled table: pdfplumber reads those,
    tables as cells; a page whose text holds a table without a grid (no lines, or rules between rows only) with
    its header (指标 … 属性), or the rest of such a table, is rebuilt from word positions (`pdf_borderless`);
    pdfium (the C library pdfplumber itself ships with) reads the other pages ten times faster."""
    import pypdfium2
    import pypdfium2.raw as pdfium_raw

    pages: list[list[str]] = []
    plumber = None
    carried = None  # the columns of a borderless table that runs on to the next page
    document = pypdfium2.PdfDocument(str(p))
    chars = 0
    try:
        if len(document) > limits.max_pages:
            raise ExpansionRefused(ExpansionRefused.PAGES, size=len(document), limit=limits.max_pages)
        for index in range(len(document)):
            page = document[index]
            if next(iter(page.get_objects(filter=[pdfium_raw.FPDF_PAGEOBJ_PATH])), None) is not None:
                if plumber is None:
                    import pdfplumber

                    plumber = pdfplumber.open(str(p))
                tables = plumber.pages[index].find_tables()
                if tables:
                    carried = None
                    pages.append(_pdf_page_lines(plumber.pages[index], tables))
                    continue
                # Lines without a grid (rules above and below rows only) make no ruled table: read by position.
            text = page.get_textpage().get_text_bounded().replace("\r\n", "\n").replace("\r", "\n")
            chars += len(text)
            if chars > limits.max_text_chars:
                raise ExpansionRefused(ExpansionRefused.TEXT, size=chars, limit=limits.max_text_chars)
            if carried is None and not _TABLE_HEADER_RE.search(text):
                pages.append(text.split("\n"))
                continue
            if plumber is None:
                import pdfplumber

                plumber = pdfplumber.open(str(p))
            lines, carried = _borderless_page_lines(plumber.pages[index], carried)
            pages.append(lines if lines is not None else text.split("\n"))
    finally:
        document.close()
        if plumber is not None:
            plumber.close()
    return _without_running_heads(pages)


def _without_running_heads(pages: list[list[str]]) -> list[str]:
    """The pages' lines, one after another, without the running head or foot: a first or last line (page numbers
    aside) that comes back on at least three pages and a third of them. Dropped here, before printed lines are
    joined into paragraphs, it cannot end up inside the paragraph that runs over the page break."""

    def edge(lines: list[str], step: int) -> int | None:
        k = 0 if step > 0 else len(lines) - 1
        while 0 <= k < len(lines) and (not lines[k].strip() or is_page_number(lines[k])):
            k += step
        return k if 0 <= k < len(lines) else None

    def key(line: str) -> str:
        return re.sub(r"[\s\d\-—–·]+", "", line)  # the page number beside a head changes from page to page

    edges = [(edge(lines, 1), edge(lines, -1)) for lines in pages]
    seen = Counter(key(pages[n][k]) for n, pair in enumerate(edges) for k in set(pair) if k is not None)
    repeated = {text for text, count in seen.items() if text and count >= max(3, len(pages) / 3)}
    out: list[str] = []
    for lines, pair in zip(pages, edges, strict=True):
        drop = {k for k in pair if k is not None and "\t" not in lines[k] and key(lines[k]) in repeated}
        out.extend(line for k, line in enumerate(lines) if k not in drop)
    return out


def _borderless_page_lines(page, carried):
    """A page with a borderless table: the text above it, its rows as tab-separated lines, the text below; None
    when no table could be rebuilt. Also the columns when the table runs on to the next page."""
    from plantrack.core.planparse.pdf_borderless import table_lines

    top, bottom, rows, runs_on = table_lines(page.extract_words(), carried)
    if not rows:
        return None, None
    above = page.within_bbox((0, 0, page.width, max(0.0, top - 0.5))).extract_text() if top > 1 else ""
    below = ""
    if bottom + 0.5 < page.height:
        below = page.within_bbox((0, bottom + 0.5, page.width, page.height)).extract_text() or ""
    lines = (above or "").split("\n") if above else []
    return lines + rows + (below.split("\n") if below else []), runs_on


def _pdf_page_lines(page, tables) -> list[str]:
    """A page's text lines in reading order, each ruled table (pdfplumber's `tables`) as tab-separated rows in
    its place."""
    lines: list[str] = []
    top = 0.0
    for table in sorted(tables, key=lambda t: t.bbox[1]):
        x0, t_top, x1, t_bottom = table.bbox
        if t_top > top:
            lines.extend((page.crop((0, top, page.width, t_top)).extract_text() or "").split("\n"))
        for row in table.extract():
            # A cell's text wraps over lines inside the cell: rejoin it (clean_text drops CJK-internal spaces).
            lines.append("\t".join((c or "").replace("\n", " ") for c in row))
        top = t_bottom
    if top < page.height:
        lines.extend((page.crop((0, top, page.width, page.height)).extract_text() or "").split("\n"))
    return lines
