"""A report as a Word document (.docx) with python-docx; Chinese text is set in an East Asian font Word and WPS show."""

from __future__ import annotations

import io
from typing import Any

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from plantrack.reports import charts
from plantrack.reports.content import Block, report_blocks

BODY_FONT = ("Times New Roman", "宋体")
HEADING_FONT = ("Arial", "黑体")
STATUS_RGB = {status: RGBColor.from_string(colour.lstrip("#").upper())
              for status, colour in charts.STATUS_COLOURS.items()}


def _set_font(style_or_run: Any, fonts: tuple[str, str], size: float | None = None, bold: bool | None = None) -> None:
    font = style_or_run.font
    font.name = fonts[0]
    if size is not None:
        font.size = Pt(size)
    if bold is not None:
        font.bold = bold
    # Without w:eastAsia, Word picks its Latin font for Chinese and WPS may fall back to a font lacking the glyphs.
    rpr = style_or_run.element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.append(rfonts)
    rfonts.set(qn("w:eastAsia"), fonts[1])


def render_docx(snapshot: dict[str, Any]) -> bytes:
    document = Document()
    section = document.sections[0]
    section.left_margin = section.right_margin = Cm(1.9)
    _set_font(document.styles["Normal"], BODY_FONT, size=10.5)
    _set_font(document.styles["Title"], HEADING_FONT, size=18, bold=True)
    _set_font(document.styles["Heading 1"], HEADING_FONT, size=14, bold=True)
    document.core_properties.title = snapshot["title"]
    document.core_properties.subject = snapshot["kind_label"]
    for block in report_blocks(snapshot):
        _add_block(document, block, snapshot)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _add_block(document: Any, block: Block, snapshot: dict[str, Any]) -> None:
    if block.kind == "title":
        paragraph = document.add_heading(block.text, level=0)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    elif block.kind == "heading":
        document.add_heading(block.text, level=1)
    elif block.kind in ("meta", "note"):
        run = document.add_paragraph().add_run(block.text)
        _set_font(run, BODY_FONT, size=9)
        run.font.color.rgb = RGBColor(0x57, 0x60, 0x6A)
    elif block.kind == "paragraph":
        document.add_paragraph(block.text)
    elif block.kind == "table":
        _add_table(document, block)
    elif block.kind == "chart":
        png = charts.chart_png(snapshot, block.chart)
        if png:
            document.add_picture(io.BytesIO(png), width=Cm(15))


def _add_table(document: Any, block: Block) -> None:
    table = document.add_table(rows=1, cols=len(block.header))
    table.style = "Table Grid"
    table.autofit = not block.widths
    for column, width in zip(table.columns, block.widths, strict=False):
        column.width = Cm(width)  # LibreOffice reads the grid's widths, Word the cells'
    for index, (cell, text) in enumerate(zip(table.rows[0].cells, block.header, strict=True)):
        if block.widths:
            cell.width = Cm(block.widths[index])
        run = cell.paragraphs[0].add_run(text)
        _set_font(run, HEADING_FONT, size=9, bold=True)
    for row in block.rows:
        cells = table.add_row().cells
        for index, (cell, text) in enumerate(zip(cells, row, strict=True)):
            run = cell.paragraphs[0].add_run(text)
            _set_font(run, BODY_FONT, size=9)
            if block.widths:
                cell.width = Cm(block.widths[index])
            if index == block.status_column and text in STATUS_RGB:
                run.font.color.rgb = STATUS_RGB[text]
                run.font.bold = True
