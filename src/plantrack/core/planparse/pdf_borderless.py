"""A borderless main-indicator table in a PDF page, rebuilt from word positions: one tab-separated line per row.

Without ruling lines a PDF's text layer gives a table one printed line at a time, so a cell that wraps
("3.常住人" / "口城镇化率(%)") lands on two lines and the second would be read as part of the next row. Here:
- the header line (指标 … 属性) gives the columns: between the centres of two header cells from 指标 rightwards,
  the edge is the middle of the widest stretch no word of the rows covers (each later page of the table adds its
  words and places the edges again); left of the first value column, cells (a category, a name, a sub-row name)
  are told apart by the gaps between the words of each row;
- printed lines become rows: when the table's first line, every row number and some name text stand on each
  line with an attribute (cells aligned at the top, as word processors print them), each line with an attribute
  starts a row and the lines below it belong to it; otherwise (cells centred in their rows) every line goes to the
  row whose attribute line is nearest;
- a header cell may wrap too: lines right below the header line (closer than half a line, before the first row)
  are part of the header, and so are lines right above it that hold no sentence (taller header cells, centred);
- a category on a line of its own ("一、经济发展") is a row of one cell, and rows never run across it;
- the table ends at its note (注：), a heading or box line, or a line that runs across the columns; a table that
  reaches the page's foot continues on the next page with the same columns, below that page's running head.
pdfplumber (pdfminer) gives the words; it is imported by the caller only for pages that need it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from plantrack.core.planparse.textnorm import is_page_number

_ROW_NUMBER = re.compile(r"^\d{1,3}[.．、]")
_ATTRIBUTE = re.compile(r"预期|约束")  # 预期性 / 约束性, or their first half when the cell wraps
_END = re.compile(r"^(注\s*[:：]|第[零〇一二两三四五六七八九十百千\d]+[篇章节]|专栏)")
_BLANKS = re.compile(r"\s+")
# A category standing on a line of its own between rows ("一、经济发展", "（二）民生福祉").
_CATEGORY_LINE = re.compile(r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)])\S{2,12}$")
MAX_HEADER_LINES = 3
_SENTENCE = re.compile(r"[。，；：,;:“”]")
SAME_LINE = 2.0  # points: words whose tops differ by less are on one printed line


@dataclass
class _Word:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float

    @property
    def middle(self) -> float:
        return (self.x0 + self.x1) / 2


@dataclass
class _Line:
    words: list[_Word]
    top: float = field(init=False)
    bottom: float = field(init=False)

    def __post_init__(self) -> None:
        self.top = min(w.top for w in self.words)
        self.bottom = max(w.bottom for w in self.words)

    @property
    def text(self) -> str:
        return " ".join(w.text for w in sorted(self.words, key=lambda w: w.x0))


@dataclass
class TableColumns:
    """Where a borderless table's columns are: `lead_edge` ends the category/name area, `edges` cut the value
    columns (the last one is the attribute column); `left`/`right` bound the table. `centres` (of the header
    cells from 指标 on) and the `words` read so far let a later page place the edges again with more evidence."""

    header: list[str]
    centres: list[float]
    size: float  # a typical word height: gaps wider than about half of it separate cells
    words: list[_Word]
    lead_edge: float = 0.0
    edges: list[float] = field(default_factory=list)
    left: float = 0.0
    right: float = 0.0

    def place(self, more: list[_Word]) -> None:
        """Put the column edges in the gutters between the words of all rows read so far and `more`."""
        self.words = self.words + more
        edges = []
        for lo, hi in zip(self.centres, self.centres[1:], strict=False):
            # A word wider than the two half-columns (a spanned cell) says nothing about where they meet.
            inside = [w for w in self.words if not (w.x0 < lo and w.x1 > hi)]
            edges.append(_gap_between(lo, hi, inside))
        self.lead_edge, self.edges = edges[0], edges[1:]
        self.left = min(w.x0 for w in self.words)
        self.right = max(w.x1 for w in self.words)


def _lines(words: list[_Word]) -> list[_Line]:
    lines: list[list[_Word]] = []
    for w in sorted(words, key=lambda w: (w.top, w.x0)):
        if lines and abs(lines[-1][0].top - w.top) < SAME_LINE:
            lines[-1].append(w)
        else:
            lines.append([w])
    return [_Line(ws) for ws in lines]


def _squashed(text: str) -> str:
    return _BLANKS.sub("", text)


def _is_header(line: _Line) -> bool:
    flat = _squashed(line.text)
    return "指标" in flat and "属性" in flat


def _header_at(lines: list[_Line]) -> int | None:
    """The printed line of the header row that names both 指标 and 属性 (one whose cells are centred may hold them
    on its middle line only)."""
    return next((k for k, line in enumerate(lines) if _is_header(line)), None)


def _header_above(lines: list[_Line], at: int) -> int:
    """The first printed line of a header row whose taller cells start above the line holding 指标 and 属性."""
    first = at
    while (first > 0 and at - first < MAX_HEADER_LINES - 1 and not _END.match(lines[first - 1].text.strip())
           and not _SENTENCE.search(lines[first - 1].text)
           and lines[first].top - lines[first - 1].bottom < lines[at].bottom - lines[at].top):
        first -= 1
    return first


def _clusters(words: list[_Word], gap: float) -> list[list[_Word]]:
    """Words grouped into cells: a word joins a cell when it overlaps it across lines or nearly touches it."""
    cells: list[list[_Word]] = []
    spans: list[list[float]] = []
    for w in sorted(words, key=lambda w: w.x0):
        if spans and w.x0 <= spans[-1][1] + gap:
            cells[-1].append(w)
            spans[-1][1] = max(spans[-1][1], w.x1)
        else:
            cells.append([w])
            spans.append([w.x0, w.x1])
    return cells


def _cell_text(words: list[_Word]) -> str:
    ordered = sorted(words, key=lambda w: (round(w.top / SAME_LINE), w.x0))
    return " ".join(w.text for w in ordered)


def _gap_between(lo: float, hi: float, words: list[_Word]) -> float:
    """The middle of the widest stretch of [lo, hi] that no word covers (the gutter between two columns)."""
    covered = sorted((max(lo, w.x0), min(hi, w.x1)) for w in words if w.x1 > lo and w.x0 < hi)
    best, best_width, cursor = (lo + hi) / 2, 0.0, lo
    for a, b in covered:
        if a - cursor > best_width:
            best, best_width = (cursor + a) / 2, a - cursor
        cursor = max(cursor, b)
    if hi - cursor > best_width:
        best = (cursor + hi) / 2
    return best


def _columns(header: _Line, body: list[_Line]) -> TableColumns | None:
    size = sorted(w.bottom - w.top for w in header.words)[len(header.words) // 2]
    cells = _clusters(header.words, size * 0.5)  # a blank inside a cell ("指 标") is narrower than a gutter
    texts = [_squashed(_cell_text(c)) for c in cells]
    name_at = next((k for k, t in enumerate(texts) if "指标" in t), None)
    if name_at is None or name_at == len(cells) - 1:
        return None
    centres = [(min(w.x0 for w in c) + max(w.x1 for w in c)) / 2 for c in cells]
    cols = TableColumns([_cell_text(c) for c in cells], centres[name_at:], size, list(header.words))
    cols.place([w for line in body for w in line.words])
    return cols


def _value_column(x: float, cols: TableColumns) -> int:
    return sum(1 for e in cols.edges if x >= e)


def _attribute(line: _Line, cols: TableColumns) -> bool:
    last = len(cols.edges)
    return any(_ATTRIBUTE.search(w.text) for w in line.words if w.x0 >= cols.lead_edge
               and _value_column(w.middle, cols) == last)


def _numbered(line: _Line, cols: TableColumns) -> bool:
    return any(_ROW_NUMBER.match(w.text) for w in line.words if w.x1 <= cols.lead_edge)


def _ends_table(line: _Line, cols: TableColumns) -> bool:
    if _END.match(line.text.strip()):
        return True
    # A paragraph: one stretch of text running over the lead edge and the value columns.
    return any(w.x0 < cols.lead_edge < w.x1 and w.x1 > (cols.edges[0] if cols.edges else cols.right)
               for w in line.words)


def _rows(lines: list[_Line], cols: TableColumns) -> list[list[_Line]]:
    attrs = [k for k, line in enumerate(lines) if _attribute(line, cols)]
    if not attrs:
        return []
    owner: list[int] = []
    # Cells aligned at the top start every row on its attribute line: the first line, each row number and the first
    # line of each name stand beside an attribute. Centred cells put a wrapped cell's upper lines above it.
    numbered = [k for k, line in enumerate(lines) if _numbered(line, cols)]
    named = all(any(w.middle < cols.lead_edge and not w.text.isdigit() for w in lines[k].words) for k in attrs)
    # A line less than a line's height from an attribute line is half a line off: a cell centred beside it.
    half_off = any(0 < abs(lines[k].top - lines[a].top) < 0.9 * cols.size
                   for k in range(len(lines)) if k not in attrs for a in attrs)
    if attrs[0] == 0 and named and not half_off and all(k in attrs for k in numbered):
        row = 0
        for k in range(len(lines)):
            if k in attrs:
                row = attrs.index(k)
            owner.append(row)
    else:  # centred cells: each printed line belongs to the row whose attribute line is nearest
        centre = [(line.top + line.bottom) / 2 for line in lines]
        for k in range(len(lines)):
            owner.append(min(range(len(attrs)), key=lambda r: abs(centre[attrs[r]] - centre[k])))
    rows: list[list[_Line]] = [[] for _ in attrs]
    for k, r in enumerate(owner):
        rows[r].append(lines[k])
    return rows


def _row_cells(row: list[_Line], cols: TableColumns) -> list[str]:
    lead = [w for line in row for w in line.words if w.middle < cols.lead_edge]
    values: list[list[_Word]] = [[] for _ in range(len(cols.edges) + 1)]
    for line in row:
        for w in line.words:
            if w.middle >= cols.lead_edge:
                values[_value_column(w.middle, cols)].append(w)
    lead_cells = [_cell_text(c) for c in _clusters(lead, cols.size * 0.6)]
    return lead_cells + [_cell_text(v) for v in values]


def _is_category(line: _Line) -> bool:
    return bool(_CATEGORY_LINE.match(_squashed(line.text)))


def _starts_body(line: _Line) -> bool:
    """A printed line that is a row's (it has an attribute or a row number) or a category line: no header."""
    return (_is_category(line) or bool(_ATTRIBUTE.search(line.text))
            or any(_ROW_NUMBER.match(w.text) or w.text.isdigit() for w in line.words))


def _body_rows(body: list[_Line], cols: TableColumns) -> list[str]:
    """The body's rows as tab-separated lines; category lines stand as rows of their own."""
    out: list[str] = []
    segment: list[_Line] = []
    for line in body + [None]:
        if line is None or _is_category(line):
            out.extend("\t".join(_row_cells(row, cols)) for row in _rows(segment, cols))
            segment = []
            if line is not None:
                out.append(_squashed(line.text))
        else:
            segment.append(line)
    return out


def table_lines(words: list[dict], carried: TableColumns | None) -> tuple[float, float, list[str], TableColumns | None]:
    """The borderless table on a page whose `words` pdfplumber extracted: (top, bottom, rows as tab-separated
    lines, the columns when the table runs on to the next page). (0, 0, [], None) when there is no such table.
    `carried` are the columns of a table that ran on from the page before."""
    lines = _lines([_Word(w["text"], w["x0"], w["x1"], w["top"], w["bottom"]) for w in words])
    header_at = _header_at(lines)
    out: list[str] = []
    if header_at is not None:
        first = header_at + 1
        above = _header_above(lines, header_at)
        header = [w for line in lines[above : header_at + 1] for w in line.words]
        while (first < min(len(lines), header_at + MAX_HEADER_LINES) and not _starts_body(lines[first])
               and lines[first].top - lines[first - 1].bottom < 0.5 * (lines[header_at].bottom - lines[header_at].top)):
            header += lines[first].words  # a wrapped header cell ("年均/累" / "计")
            first += 1
        end = next((k for k in range(first, len(lines)) if _END.match(lines[k].text.strip())), len(lines))
        cols = _columns(_Line(header), lines[first:end])
        if cols is None:
            return 0, 0, [], None
        out.append("\t".join(cols.header))
        top = lines[above].top
    elif carried is not None:
        cols = carried
        # Below the running head: the table goes on at its first line with an attribute or a row number.
        first = next((k for k, line in enumerate(lines) if _attribute(line, cols) or _numbered(line, cols)), None)
        if first is None:
            return 0, 0, [], None
        top = lines[first].top
        end = next((k for k in range(first, len(lines)) if _ends_table(lines[k], cols)), len(lines))
        cols.place([w for line in lines[first:end] for w in line.words])
    else:
        return 0, 0, [], None
    end = next((k for k in range(first, len(lines)) if _ends_table(lines[k], cols)), len(lines))
    body = [line for line in lines[first:end] if not is_page_number(line.text)]  # the page's footer
    out.extend(_body_rows(body, cols))
    bottom = lines[end - 1].bottom if end > first else top
    return top, bottom, out, cols if end == len(lines) else None
