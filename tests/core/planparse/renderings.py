"""Word and PDF renderings of a plan text, built at test (and bench) time: the parser must read them like the text.

Lines whose cells are separated by three or more tabs form a table: a real Word table in the .docx, a ruled
table in the PDF (a row with one cell fewer than the widest spans its name over two columns, as in 专栏1; a short
line between two rows is a category row spanning the whole table).
Every other line is a paragraph; the PDF uses WenQuanYi Micro Hei so that it has a real text layer.
"""

from __future__ import annotations

from pathlib import Path

FONT_PATH = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"
_FONT = "WQYMicroHei"


def _is_row(line: str) -> bool:
    return line.rstrip("\t ").count("\t") >= 3


def blocks(text: str) -> list[tuple[str, object]]:
    """("para", line) and ("table", rows of cells) in document order; a short line between two rows (a category
    on a row of its own, "一、经济发展") is a row of one cell spanning the table."""
    out: list[tuple[str, object]] = []
    rows: list[list[str]] = []
    lines = text.split("\n")
    for k, line in enumerate(lines):
        line = line.rstrip("\t ")
        if _is_row(line):
            rows.append([c.strip() for c in line.split("\t")])
            continue
        if rows and line.strip() and len(line) <= 14 and k + 1 < len(lines) and _is_row(lines[k + 1]):
            rows.append([line.strip()])
            continue
        if rows:
            out.append(("table", rows))
            rows = []
        out.append(("para", line))
    if rows:
        out.append(("table", rows))
    return out


def _spread(rows: list[list[str]]) -> tuple[int, list[tuple[list[str], str]]]:
    """Rows padded to the widest, with what spans: "" nothing, "name" a short row's name over the extra column,
    "all" a one-cell row over the whole table."""
    width = max(len(r) for r in rows)
    spread: list[tuple[list[str], str]] = []
    for r in rows:
        if len(r) == 1:
            spread.append((r + [""] * (width - 1), "all"))
        elif len(r) < width:
            spread.append((r[:2] + [""] * (width - len(r)) + r[2:], "name"))
        else:
            spread.append((r, ""))
    return width, spread


def write_docx(text: str, path: Path) -> Path:
    import docx

    document = docx.Document()
    for kind, value in blocks(text):
        if kind == "para":
            document.add_paragraph(value)
            continue
        width, spread = _spread(value)
        table = document.add_table(rows=len(spread), cols=width)
        for r, (cells, spans) in enumerate(spread):
            row = table.rows[r]
            if spans == "all":
                row.cells[0].merge(row.cells[width - 1]).text = cells[0]
            elif spans:
                merged = row.cells[1].merge(row.cells[2])
                merged.text = cells[1]
                for c in range(3, width):
                    row.cells[c].text = cells[c]
                row.cells[0].text = cells[0]
            else:
                for c in range(width):
                    row.cells[c].text = cells[c]
    document.save(str(path))
    return path


def write_pdf(text: str, path: Path, *, ruled: bool = True, by_line: str | None = None,
              running_head: str | None = None) -> Path:
    """A PDF of `text`; `ruled=False` draws the tables without lines.

    `by_line` ("TOP" or "MIDDLE") draws each table the way word processors print one: in narrow columns, so that
    names and texts wrap over several printed lines, and the text layer written one printed line at a time across
    the row (cells aligned at the top of their row or centred in it), instead of cell after cell.
    `running_head` is printed at the top of every page after the first, as plans print their title."""
    from xml.sax.saxutils import escape

    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    if _FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(_FONT, FONT_PATH, subfontIndex=0))
    body = ParagraphStyle("body", fontName=_FONT, fontSize=10.5, leading=15, wordWrap="CJK")
    cell = ParagraphStyle("cell", fontName=_FONT, fontSize=8, leading=10, wordWrap="CJK")
    heading = ParagraphStyle("heading", parent=body, fontSize=14, leading=20)

    story: list = []
    for kind, value in blocks(text):
        if kind == "para":
            line = value.replace("\t", " …… ")
            if not line.strip():
                story.append(Spacer(1, 4))
                continue
            style = heading if line.lstrip().startswith("第") and len(line) < 50 and "。" not in line else body
            story.append(Paragraph(escape(line), style))
            continue
        width, spread = _spread(value)
        if by_line:
            story.append(_LineByLineTable(spread, ruled=ruled, valign=by_line))
            continue
        data = [[Paragraph(escape(c), cell) for c in cells] for cells, _ in spread]
        style = [("VALIGN", (0, 0), (-1, -1), "MIDDLE")]
        if ruled:
            style.append(("GRID", (0, 0), (-1, -1), 0.5, "black"))
        style += [("SPAN", (1, r), (2, r)) for r, (_, spans) in enumerate(spread) if spans == "name"]
        style += [("SPAN", (0, r), (-1, r)) for r, (_, spans) in enumerate(spread) if spans == "all"]
        widths = [40, 110, 70, 50, 60, 70, 50][:width] if width == 7 else None
        table = Table(data, colWidths=widths, repeatRows=0)
        table.setStyle(TableStyle(style))
        story.append(table)

    def footer(canvas, doc):
        canvas.setFont(_FONT, 9)
        canvas.drawCentredString(A4[0] / 2, 30, f"- {doc.page} -")
        if running_head and doc.page > 1:
            canvas.drawCentredString(A4[0] / 2, A4[1] - 35, running_head)

    SimpleDocTemplate(str(path), pagesize=A4, leftMargin=60, rightMargin=60, topMargin=60, bottomMargin=60).build(
        story, onFirstPage=footer, onLaterPages=footer
    )
    return path


def write_scanned_pdf(path: Path) -> Path:
    """A PDF with one page that is only an image (as a scanner makes it): no text layer."""
    from PIL import Image
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    image = Image.new("RGB", (200, 100), "white")
    for x in range(20, 180):
        image.putpixel((x, 50), (0, 0, 0))
    c = canvas.Canvas(str(path))
    c.drawImage(ImageReader(image), 100, 500, width=400, height=200)
    c.showPage()
    c.save()
    return path


# Column widths of the narrow rendering (points): category, name, sub-row name, 2025, 2030, 年均/累计, 属性.
NARROW_WIDTHS = [34, 70, 44, 38, 40, 52, 40]


def _wrap(text: str, width: float, size: float) -> list[str]:
    """`text` cut into printed lines no wider than `width` (character by character, as CJK text wraps)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    lines, current = [], ""
    for ch in text:
        if current and stringWidth(current + ch, _FONT, size) > width:
            lines.append(current)
            current = ""
        current += ch
    return lines + [current] if current else lines or [""]


def _line_by_line_table_class():
    from reportlab.platypus import Flowable

    class LineByLineTable(Flowable):
        """A table whose text layer runs one printed line at a time across each row; rows split over pages."""

        size, leading, pad = 8, 10, 3

        def __init__(self, spread, *, ruled: bool, valign: str):
            super().__init__()
            self.spread, self.ruled, self.valign = spread, ruled, valign
            self.widths = NARROW_WIDTHS[: len(spread[0][0])]

        def _cells(self, cells: list[str], spans: str) -> list[tuple[float, float, list[str]]]:
            """(x, width, printed lines) per cell; a spanning name takes its neighbour's width."""
            if spans == "all":
                return [(0.0, sum(self.widths), _wrap(cells[0], sum(self.widths) - 2 * self.pad, self.size))]
            out, x, k = [], 0.0, 0
            while k < len(cells):
                width = self.widths[k] + (self.widths[k + 1] if spans and k == 1 else 0)
                out.append((x, width, _wrap(cells[k], width - 2 * self.pad, self.size)))
                x += width
                k += 2 if spans and k == 1 else 1
            return out

        def _height(self, row) -> float:
            return max(len(lines) for _, _, lines in self._cells(*row)) * self.leading + 2 * self.pad

        def wrap(self, avail_width, avail_height):
            self.height = sum(self._height(r) for r in self.spread)
            self.width = sum(self.widths)
            return self.width, self.height

        def split(self, avail_width, avail_height):
            used, n = 0.0, 0
            for r in self.spread:
                if used + self._height(r) > avail_height:
                    break
                used += self._height(r)
                n += 1
            if n == 0 or n == len(self.spread):
                return []
            return [LineByLineTable(self.spread[:n], ruled=self.ruled, valign=self.valign),
                    LineByLineTable(self.spread[n:], ruled=self.ruled, valign=self.valign)]

        def draw(self):
            c = self.canv
            c.setFont(_FONT, self.size)
            y = self.height
            for row in self.spread:
                h = self._height(row)
                cells = self._cells(*row)
                most = max(len(lines) for _, _, lines in cells)
                printed = []  # (baseline y, x, text) of every printed line of the row's cells
                for x, _, lines in cells:
                    shift = 0 if self.valign == "TOP" else (most - len(lines)) * self.leading / 2
                    for j, line in enumerate(lines):
                        printed.append((y - self.pad - shift - (j + 1) * self.leading + 2, x + self.pad, line))
                for py, px, line in sorted(printed, key=lambda t: (-round(t[0], 1), t[1])):  # across, then down
                    c.drawString(px, py, line)
                if self.ruled:
                    c.line(0, y - h, self.width, y - h)
                y -= h

    return LineByLineTable


def _LineByLineTable(spread, *, ruled: bool, valign: str):
    return _line_by_line_table_class()(spread, ruled=ruled, valign=valign)
