"""A report as a Word document (.docx) in the layout of a 公文 (GB/T 9704-2012), as far as the evaluation issue
states it: A4; margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm; the title in 方正小标宋简体 二号 (22 pt);
the body in 仿宋_GB2312 三号 (16 pt) at a fixed line spacing of 28.9 pt; headings 黑体 (一、), 楷体_GB2312 ((一)),
仿宋_GB2312 bold (1.); page numbers "— 1 —" at the outer bottom corner (odd pages right, even pages left); the
issuing body and the date line at the end.

Those fonts are what an office's Word and WPS have; the document names them (w:rFonts eastAsia) and, in its font
table, gives each its English name and a free CJK font as alternative names, so a machine without them (and
LibreOffice making the PDF) still finds a font with every glyph. Tables fit the text width and repeat their header
row on every page; statuses are words in black (bold when behind), readable on a black-and-white printer.
"""

from __future__ import annotations

import io
import re
from datetime import datetime
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt, RGBColor

from plantrack.reports import charts
from plantrack.reports.content import Block, report_blocks

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEADING_FONTS = {1: "黑体", 2: "楷体_GB2312", 3: BODY_FONT}
LATIN_FONT = "Times New Roman"
# Each 公文 font's English name, then the free fonts that stand in for it where it is not installed.
ALTERNATIVES = {
    TITLE_FONT: "FZXiaoBiaoSong-B05S,Noto Serif CJK SC,WenQuanYi Micro Hei",
    BODY_FONT: "FangSong_GB2312,Noto Serif CJK SC,WenQuanYi Micro Hei",
    "楷体_GB2312": "KaiTi_GB2312,Noto Serif CJK SC,WenQuanYi Micro Hei",
    "黑体": "SimHei,Noto Sans CJK SC,WenQuanYi Micro Hei",
}
TITLE_SIZE = 22  # 二号
BODY_SIZE = 16  # 三号
LINE = 28.9  # fixed line spacing (pt)
TABLE_SIZE = 10.5  # 五号, tables of up to six columns
WIDE_TABLE_SIZE = 9  # 小五, wider tables, so they keep to the text width
PAGE_NUMBER_SIZE = 14  # 四号
TEXT_WIDTH_CM = 21.0 - 2.8 - 2.6
BLACK = RGBColor(0, 0, 0)
BEHIND = {"滞后", "严重滞后"}
FIGURE_WITH_YEAR = re.compile(r"^([-−]?[\d.,]+%?)(（\d{4}年）)$")
TBLPR_ORDER = [qn(f"w:{name}") for name in (
    "tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize", "tblStyleColBandSize", "tblW", "jc",
    "tblCellSpacing", "tblInd", "tblBorders", "shd", "tblLayout", "tblCellMar", "tblLook")]
CELL_MARGIN_TWIPS = 40  # 2 pt each side (Word's default is 5.4 pt): room for "60.0%" in a narrow column


def _set_font(target: Any, east_asian: str, size: float | None = None, bold: bool | None = None) -> None:
    """Name the Latin and the East Asian font; drop theme fonts, which would override the names."""
    font = target.font
    font.name = LATIN_FONT
    if size is not None:
        font.size = Pt(size)
    if bold is not None:
        font.bold = bold
    rpr = target.element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.insert(0, rfonts)
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        rfonts.attrib.pop(qn(theme), None)
    rfonts.set(qn("w:eastAsia"), east_asian)
    rfonts.set(qn("w:hint"), "eastAsia")


def _black(style: Any) -> None:
    color = style.element.get_or_add_rPr().find(qn("w:color"))
    if color is not None:
        style.element.rPr.remove(color)
    style.font.color.rgb = BLACK


def _fixed_lines(paragraph_format: Any, points: float = LINE) -> None:
    paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    paragraph_format.line_spacing = Pt(points)
    paragraph_format.space_before = Pt(0)
    paragraph_format.space_after = Pt(0)


def _styles(document: Any) -> None:
    normal = document.styles["Normal"]
    _set_font(normal, BODY_FONT, size=BODY_SIZE)
    _fixed_lines(normal.paragraph_format)
    normal.paragraph_format.widow_control = True
    for level, font in HEADING_FONTS.items():
        style = document.styles[f"Heading {level}"]
        _set_font(style, font, size=BODY_SIZE, bold=level == 3)
        style.font.italic = False
        _black(style)
        _fixed_lines(style.paragraph_format)
        style.paragraph_format.first_line_indent = Pt(2 * BODY_SIZE)
        style.paragraph_format.keep_with_next = True
    table_text = document.styles.add_style("表格文字", 1)
    table_text.base_style = normal
    _set_font(table_text, BODY_FONT, size=TABLE_SIZE)
    table_text.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    table_text.paragraph_format.first_line_indent = Pt(0)
    caption = document.styles.add_style("附表标题", 1)
    caption.base_style = normal
    _set_font(caption, "黑体", size=BODY_SIZE)
    caption.paragraph_format.keep_with_next = True


def _font_table(document: Any) -> None:
    """An entry per 公文 font: its alternative names and the GB2312 character set, read by Word, WPS and LibreOffice."""
    part = document.part.font_table_part if hasattr(document.part, "font_table_part") else None
    element = None
    if part is None:
        for rel in document.part.rels.values():
            if rel.reltype.endswith("/fontTable"):
                part = rel.target_part
                break
    if part is None:
        return
    from docx.oxml.parser import parse_xml

    element = parse_xml(part.blob)
    for name, alternatives in ALTERNATIVES.items():
        font = element.makeelement(qn("w:font"), {qn("w:name"): name})
        for tag, attrs in (("w:altName", {qn("w:val"): alternatives}), ("w:charset", {qn("w:val"): "86"}),
                           ("w:family", {qn("w:val"): "auto" if name != "黑体" else "modern"}),
                           ("w:pitch", {qn("w:val"): "variable"})):
            font.append(font.makeelement(qn(tag), attrs))
        element.append(font)
    from lxml import etree

    part._blob = etree.tostring(element, xml_declaration=True, encoding="UTF-8", standalone=True)


def _page(document: Any) -> Any:
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.header_distance = Mm(15)
    section.footer_distance = Mm(15)
    section.start_type = WD_SECTION.NEW_PAGE
    document.settings.odd_and_even_pages_header_footer = True
    _page_number(section.footer, WD_ALIGN_PARAGRAPH.RIGHT)
    _page_number(section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT)
    return section


def _page_number(footer: Any, alignment: Any) -> None:
    """ "— 7 —" with a PAGE field, at the outer corner."""
    footer.is_linked_to_previous = False
    paragraph = footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph()
    paragraph.alignment = alignment
    paragraph.paragraph_format.first_line_indent = Pt(0)
    paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    if alignment == WD_ALIGN_PARAGRAPH.RIGHT:
        paragraph.paragraph_format.right_indent = Pt(PAGE_NUMBER_SIZE)
    else:
        paragraph.paragraph_format.left_indent = Pt(PAGE_NUMBER_SIZE)
    _set_font(paragraph.add_run("— "), "宋体", size=PAGE_NUMBER_SIZE)
    run = paragraph.add_run()
    _set_font(run, "宋体", size=PAGE_NUMBER_SIZE)
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "1"), ("end", None)):
        if kind is not None:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)
        elif text == " PAGE ":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run._r.append(instr)
        else:
            shown = OxmlElement("w:t")
            shown.text = text
            run._r.append(shown)
    _set_font(paragraph.add_run(" —"), "宋体", size=PAGE_NUMBER_SIZE)


def _properties(document: Any, snapshot: dict[str, Any]) -> None:
    props = document.core_properties
    props.title = snapshot["title"]
    props.subject = snapshot["kind_label"]
    props.author = props.last_modified_by = snapshot.get("issuer", "")
    props.comments = ""
    props.keywords = f"{snapshot['kind_label']},{snapshot['as_of_label']}"
    props.category = snapshot["kind_label"]
    props.revision = int(snapshot.get("version") or 1)
    generated = utc_from_local(snapshot["generated_at"])
    props.created = generated
    issued = snapshot.get("issued_on")
    props.modified = utc_from_local(f"{issued} 12:00") if issued else generated


def utc_from_local(text: str) -> datetime:
    """A "YYYY-MM-DD HH:MM" local time of the deployment as naive UTC, which the document properties hold (…Z)."""
    from datetime import UTC

    from django.utils import timezone

    local = timezone.make_aware(datetime.fromisoformat(text.replace(" ", "T")))
    return local.astimezone(UTC).replace(tzinfo=None)


def render_docx(snapshot: dict[str, Any], *, charts_folder: Path | None = None) -> bytes:
    """The report as a 公文 .docx; its charts are read from (or drawn once into) `charts_folder` when given."""
    document = Document()
    _styles(document)
    _page(document)
    _font_table(document)
    _properties(document, snapshot)
    for block in report_blocks(snapshot, snapshot.get("texts")):
        _add_block(document, block, snapshot, charts_folder)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def date_line_text(snapshot: dict[str, Any]) -> str:
    issued = snapshot.get("issued_on")
    if not issued:
        return f"（{snapshot.get('stage_label') or '草稿'} · 第{snapshot.get('version') or 1}版，未定稿）"
    day = datetime.fromisoformat(issued)
    return f"{day.year}年{day.month}月{day.day}日"


def _add_block(document: Any, block: Block, snapshot: dict[str, Any], charts_folder: Path | None = None) -> None:
    if block.kind == "title":
        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _fixed_lines(paragraph.paragraph_format, 36)
        paragraph.paragraph_format.space_after = Pt(LINE)
        _set_font(paragraph.add_run(block.text), TITLE_FONT, size=TITLE_SIZE)
    elif block.kind == "heading":
        paragraph = document.add_paragraph(block.text, style=document.styles[f"Heading {block.level}"])
    elif block.kind == "annex":
        paragraph = document.add_paragraph(block.text, style=document.styles["附表标题"])
        paragraph.paragraph_format.page_break_before = block.text.startswith("附表1")
    elif block.kind == "meta":
        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _set_font(paragraph.add_run(block.text), "楷体_GB2312", size=BODY_SIZE - 2)
    elif block.kind == "note":
        paragraph = document.add_paragraph(style=document.styles["表格文字"])
        paragraph.paragraph_format.space_before = Pt(6)
        _set_font(paragraph.add_run(block.text), BODY_FONT, size=TABLE_SIZE)
    elif block.kind == "paragraph":
        paragraph = document.add_paragraph(block.text)
        paragraph.paragraph_format.first_line_indent = Pt(2 * BODY_SIZE)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    elif block.kind == "signature":
        # The issuing body and the date line, right-aligned with four characters' room on the right.
        for text in ("", block.text, date_line_text(snapshot)):
            paragraph = document.add_paragraph(text)
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            paragraph.paragraph_format.right_indent = Pt(4 * BODY_SIZE)
            paragraph.paragraph_format.keep_with_next = True
    elif block.kind == "table":
        _add_table(document, block)
    elif block.kind == "chart":
        png = charts.chart_png(snapshot, block.chart, folder=charts_folder)
        if png:
            paragraph = document.add_paragraph()
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
            paragraph.add_run().add_picture(io.BytesIO(png), width=Cm(TEXT_WIDTH_CM - 1))


def _add_table(document: Any, block: Block) -> None:
    size = TABLE_SIZE if len(block.header) <= 6 else WIDE_TABLE_SIZE
    widths = list(block.widths) or [TEXT_WIDTH_CM / len(block.header)] * len(block.header)
    scale = min(1.0, TEXT_WIDTH_CM / sum(widths))  # never wider than the text
    widths = [w * scale for w in widths]
    table = document.add_table(rows=0, cols=len(block.header))
    table.style = document.styles["Table Grid"]
    _narrow_cell_margins(table)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Cm(width)  # LibreOffice reads the grid's widths, Word the cells'
    # Rows are written as XML directly: python-docx's row and cell objects look styles up by name and walk the
    # grid for every cell, which makes a 60-row annex take seconds.
    style_id = document.styles["表格文字"].style_id
    twips = [str(round(Cm(w).twips)) for w in widths]
    header = _row(block.header, twips, style_id, "黑体", size, header=True)
    table._tbl.append(header)
    for row in block.rows:
        texts = [FIGURE_WITH_YEAR.sub(r"\1\n\2", text) for text in row]
        bold = [index == block.status_column and text in BEHIND for index, text in enumerate(row)]
        table._tbl.append(_row(texts, twips, style_id, BODY_FONT, size, bold=bold))
    document.add_paragraph().paragraph_format.line_spacing = Pt(LINE / 2)


def _row(texts: list[str], twips: list[str], style_id: str, font: str, size: float, *, header: bool = False,
         bold: list[bool] | None = None) -> Any:
    """One table row: the header repeats on every page; no row breaks across pages; a figure with its year (a
    "\n" in the text) breaks before the year."""
    tr = OxmlElement("w:tr")
    tr_pr = _child(tr, "w:trPr")
    _child(tr_pr, "w:cantSplit")
    if header:
        _child(tr_pr, "w:tblHeader", val="true")
    half_points = str(round(size * 2))
    for index, (text, width) in enumerate(zip(texts, twips, strict=True)):
        tc = _child(tr, "w:tc")
        _child(_child(tc, "w:tcPr"), "w:tcW", w=width, type="dxa")
        p = _child(tc, "w:p")
        p_pr = _child(p, "w:pPr")
        _child(p_pr, "w:pStyle", val=style_id)
        if header:
            _child(p_pr, "w:jc", val="center")
        r = _child(p, "w:r")
        r_pr = _child(r, "w:rPr")
        _child(r_pr, "w:rFonts", ascii=LATIN_FONT, hAnsi=LATIN_FONT, eastAsia=font, hint="eastAsia")
        if bold and bold[index]:
            _child(r_pr, "w:b")
        _child(r_pr, "w:sz", val=half_points)
        _child(r_pr, "w:szCs", val=half_points)
        for n, line in enumerate(text.split("\n")):
            if n:
                _child(r, "w:br")
            t = _child(r, "w:t")
            t.set(qn("xml:space"), "preserve")
            t.text = line
    return tr


def _child(parent: Any, tag: str, **attrs: str) -> Any:
    element = OxmlElement(tag)
    for name, value in attrs.items():
        element.set(qn(f"w:{name}"), value)
    parent.append(element)
    return element


def _narrow_cell_margins(table: Any) -> None:
    tbl_pr = table._tbl.tblPr
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        margin = OxmlElement(f"w:{side}")
        margin.set(qn("w:w"), str(CELL_MARGIN_TWIPS))
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    tbl_pr.append(margins)
    # The schema fixes the order of tblPr's children; python-docx appends some at the end, Word wants the order.
    for child in sorted(tbl_pr, key=lambda c: TBLPR_ORDER.index(c.tag) if c.tag in TBLPR_ORDER else 99):
        tbl_pr.append(child)
