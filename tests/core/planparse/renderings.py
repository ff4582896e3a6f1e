"""Word and PDF renderings of a plan text, built at test (and bench) time: the parser must read them like the text.

Lines whose cells are separated by three or more tabs form a table: a real Word table in the .docx, a ruled
table in the PDF (a row with one cell fewer than the widest spans its name over two columns, as in 专栏1).
Every other line is a paragraph; the PDF uses WenQuanYi Micro Hei so that it has a real text layer.
"""

from __future__ import annotations

from pathlib import Path

FONT_PATH = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"
_FONT = "WQYMicroHei"
VALIGN = "MIDDLE"


def blocks(text: str) -> list[tuple[str, object]]:
    """("para", line) and ("table", rows of cells) in document order."""
    out: list[tuple[str, object]] = []
    rows: list[list[str]] = []
    for line in text.split("\n"):
        line = line.rstrip("\t ")
        if line.count("\t") >= 3:
            rows.append([c.strip() for c in line.split("\t")])
            continue
        if rows:
            out.append(("table", rows))
            rows = []
        out.append(("para", line))
    if rows:
        out.append(("table", rows))
    return out


def _spread(rows: list[list[str]]) -> tuple[int, list[tuple[list[str], bool]]]:
    """Rows padded to the widest; a short row's name spans the extra column (flag True)."""
    width = max(len(r) for r in rows)
    spread: list[tuple[list[str], bool]] = []
    for r in rows:
        if len(r) < width:
            spread.append((r[:2] + [""] * (width - len(r)) + r[2:], True))
        else:
            spread.append((r, False))
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
            if spans:
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


def write_pdf(text: str, path: Path, *, ruled: bool = True) -> Path:
    """A PDF of `text`; `ruled=False` draws the tables without lines, so they are read back as plain text."""
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
        data = [[Paragraph(escape(c), cell) for c in cells] for cells, _ in spread]
        style = [("VALIGN", (0, 0), (-1, -1), VALIGN)]
        if ruled:
            style.append(("GRID", (0, 0), (-1, -1), 0.5, "black"))
        style += [("SPAN", (1, r), (2, r)) for r, (_, spans) in enumerate(spread) if spans]
        widths = [40, 110, 70, 50, 60, 70, 50][:width] if width == 7 else None
        table = Table(data, colWidths=widths, repeatRows=0)
        table.setStyle(TableStyle(style))
        story.append(table)

    def footer(canvas, doc):
        canvas.setFont(_FONT, 9)
        canvas.drawCentredString(A4[0] / 2, 30, f"- {doc.page} -")

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
