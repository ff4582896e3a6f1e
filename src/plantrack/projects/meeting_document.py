"""Tables for a meeting, written as a Word document or a workbook that print well: A4 landscape, each table's header
row repeated on every page, column widths fitted to their content, page numbers in the footer, text cells kept text.
The monthly review and the weekly dispatch sheet are both written here, so each of these rules holds for both.

    tables = [MeetingTable("分地区", "一、分地区", ["地区", "项目"], [["达拉特旗", "3"]], numeric=(1,))]
    Path("研判.docx").write_bytes(meeting_docx(title="…", lines=["…"], tables=tables))

A table's rows may head a group (`groups`: its first text spans the whole row, in bold) or sum one up (`bold`: the
小计 and 合计 rows, in bold). A workbook of one table is that one sheet, with the lines under the title.
"""

from __future__ import annotations

import copy
import io
import re
from dataclasses import dataclass
from decimal import Decimal

from plantrack.core.figures import percent_text
from plantrack.core.text_guard import append_inert

# The printable width of an A4 landscape page with 1.5 cm margins, in centimetres.
_PAGE_WIDTH_CM = 26.7
# A long text wraps within this many display columns rather than widening its column without end.
_WIDEST = 28
# A column needing at most this many display columns (figures, dates, names of places) keeps its full width.
_SHORT = 14
# One display column (half a CJK character) at the documents' 9 pt, in centimetres.
_CM_PER_COLUMN = 0.17
# What must not be broken over two lines: an amount, a count, a rate, a date.
_FIGURE = re.compile(r"-?\d[\d.,:%-]*")


@dataclass
class MeetingTable:
    sheet: str  # the workbook sheet's name (at most 31 characters)
    heading: str  # "" for none: a document of one table, whose title says what it is
    columns: list[str]
    rows: list[list[str]]  # as many texts as columns, also in a group's heading row
    bold: frozenset[int] = frozenset()  # the rows (by index) that are subtotals or totals, printed bold
    note: str = ""  # a line under the heading (what a figure means, what was left off)
    numeric: tuple[int, ...] = ()  # columns of amounts and counts, written to a workbook as numbers
    groups: frozenset[int] = frozenset()  # the rows (by index) that head a group: one text across the table, bold


def display_len(text: str) -> int:
    """How many columns a text takes on paper: a CJK character counts two."""
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)


def rate_text(done: Decimal | int | None, plan: Decimal | int | None) -> str:
    """`done` over `plan` as a percentage with one decimal ("36.0%"); "—" without a plan or without a figure."""
    return percent_text(None if not plan or done is None else Decimal(done) / Decimal(plan))


def _needs(table: MeetingTable) -> list[int]:
    # a group's heading spans the table: it widens no column
    rows = [row for n, row in enumerate(table.rows) if n not in table.groups] if table.groups else table.rows
    need = []
    for i, header in enumerate(table.columns):
        longest = max([0] + [display_len(row[i]) for row in rows])
        # A header may wrap over two or three lines; a figure should not; three more for the cell's own margins.
        need.append(min(max(longest, min(display_len(header), 8), 2), _WIDEST) + 3)
    return need


def fitted_widths(table: MeetingTable, total: float) -> list[float]:
    """Column widths in centimetres over `total`: figures and short columns as wide as their content (a figure is
    never broken over two lines); the long texts share what is left in proportion to their content."""
    needs = _needs(table)
    cm = [n * _CM_PER_COLUMN for n in needs]
    if sum(cm) <= total:
        return [w * total / sum(cm) for w in cm]
    long_ = [i for i, n in enumerate(needs) if n > _SHORT]
    rest = total - sum(w for i, w in enumerate(cm) if i not in long_)
    if long_ and rest >= total * 0.3:
        share = rest / sum(cm[i] for i in long_)
        return [w * share if i in long_ else w for i, w in enumerate(cm)]
    # Too many columns for that (the dispatch sheet's fifteen): each gives up the same share of its width, but none
    # goes below its narrowest, which keeps a figure, a rate or a date on one line and a text two CJK characters wide.
    floors = [f * _CM_PER_COLUMN for f in _floors(table)]
    kept: set[int] = set()
    while len(kept) < len(cm):
        share = (total - sum(floors[i] for i in kept)) / sum(w for i, w in enumerate(cm) if i not in kept)
        narrow = {i for i, w in enumerate(cm) if i not in kept and w * share < floors[i]}
        if not narrow:
            return [floors[i] if i in kept else w * share for i, w in enumerate(cm)]
        kept |= narrow
    return [w * total / sum(floors) for w in floors]  # not even the narrowest fit: all in proportion


def _floors(table: MeetingTable) -> list[int]:
    """Each column's narrowest: two CJK characters and the cell's margins, or its longest figure (the header's year
    included) and one more, as digits are wider than half a CJK character in some fonts (LibreOffice's), and wider
    still in a bold total."""
    rows = [row for n, row in enumerate(table.rows) if n not in table.groups]
    floors = []
    for i, header in enumerate(table.columns):
        figures = [row[i] for row in rows if _FIGURE.fullmatch(row[i])] + _FIGURE.findall(header)
        floors.append(max([7] + [display_len(text) + 4 for text in figures]))
    return floors


def number_or_text(text: str) -> object:
    """An amount or a count as a number (so a clerk can sum them again), with or without thousands separators
    ("250,000"); "—", a rate or a code ("0012", "2026-11") stays text."""
    if re.fullmatch(r"-?(0|[1-9]\d{0,2}(,\d{3})+|[1-9]\d*)(\.\d+)?", text):
        plain = text.replace(",", "")
        return float(plain) if "." in plain else int(plain)
    return text


def meeting_xlsx(*, title: str, lines: list[str], tables: list[MeetingTable]) -> bytes:
    """A workbook: one sheet for each table with the title above it and its header row repeated on every printed
    page. Several tables are preceded by a sheet of the title and the summary lines; a single table carries the
    lines on its own sheet, under the title."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
    from openpyxl.utils import get_column_letter

    book = Workbook()
    cover = len(tables) > 1
    if cover:
        first = book.active
        first.title = "概况"
        append_inert(first, [title])
        first["A1"].font = Font(bold=True, size=14)
        for line in lines:
            append_inert(first, [line])
            first.cell(row=first.max_row, column=1).alignment = Alignment(wrap_text=True, vertical="top")
        first.column_dimensions["A"].width = 120
        _print_setup(first)
    else:
        book.remove(book.active)
    thin = Side(style="thin")
    grid = Border(left=thin, right=thin, top=thin, bottom=thin)
    # Named styles: assigning a style object cell by cell hashes it each time (most of a region's 13,000 rows' time).
    body = NamedStyle(name="meeting_cell", border=grid, alignment=Alignment(vertical="top", wrap_text=True))
    total = NamedStyle(name="meeting_total", border=grid, alignment=Alignment(vertical="top", wrap_text=True),
                       font=Font(bold=True), fill=PatternFill("solid", fgColor="EEEEEE"))
    book.add_named_style(body)
    book.add_named_style(total)
    for table in tables:
        ws = book.create_sheet(table.sheet[:31])
        width = len(table.columns)
        append_inert(ws, [title])
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
        ws["A1"].font = Font(bold=True, size=14)
        ws["A1"].alignment = Alignment(horizontal="center")
        above = [] if cover else list(lines)
        if table.heading:
            above.append(table.heading + (f"（{table.note}）" if table.note else ""))
        for r, line in enumerate(above, start=2):
            append_inert(ws, [line])
            ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=width)
        if table.heading:
            ws.cell(row=1 + len(above), column=1).font = Font(bold=True)
        header = 2 + len(above)
        append_inert(ws, list(table.columns))
        for cell in ws[header]:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
            cell.border = grid
        for n, row in enumerate(table.rows):
            r = header + 1 + n
            if n in table.groups:
                append_inert(ws, row[:1])
                ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=width)
            else:
                append_inert(ws, [number_or_text(text) if i in table.numeric else text for i, text in enumerate(row)])
            style = "meeting_total" if n in table.bold or n in table.groups else "meeting_cell"
            # by index: `ws[ws.max_row]` scans the whole sheet each time, quadratic over a region's thousands of rows
            for column in range(1, width + 1):
                cell = ws.cell(row=r, column=column)
                inert = cell.quotePrefix  # a named style resets the quote append_inert set
                cell.style = style
                cell.quotePrefix = inert
        # Excel's column width is in characters; a CJK character takes two.
        for i, need in enumerate(_needs(table), start=1):
            ws.column_dimensions[get_column_letter(i)].width = need
        ws.freeze_panes = f"A{header + 1}"
        ws.print_title_rows = f"{header}:{header}"  # the header row on every printed page
        _print_setup(ws)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _print_setup(ws) -> None:
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.oddFooter.center.text = "第 &P 页 共 &N 页"


def meeting_docx(*, title: str, lines: list[str], tables: list[MeetingTable]) -> bytes:
    """A Word document: the title, the summary lines, then each table under its heading."""
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    document = Document()
    document.styles["Normal"].font.size = Pt(9)
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    section.left_margin = section.right_margin = section.top_margin = section.bottom_margin = Cm(1.5)
    heading = document.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = heading.add_run(title)
    run.bold = True
    run.font.size = Pt(16)
    for line in lines:
        document.add_paragraph(line)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _add_page_numbers(footer)

    for spec in tables:
        if spec.heading:
            document.add_heading(spec.heading, level=2)
        if spec.note:
            document.add_paragraph(spec.note)
        widths = fitted_widths(spec, _PAGE_WIDTH_CM)
        table = document.add_table(rows=2, cols=len(spec.columns))
        table.style = "Table Grid"
        table.autofit = False
        for column, width in zip(table.columns, widths, strict=True):
            column.width = Cm(width)  # the table grid, which LibreOffice and Word lay the columns out by
        header = table.rows[0]
        repeat = OxmlElement("w:tblHeader")  # Word repeats this row at the top of every page
        repeat.set(qn("w:val"), "true")
        header._tr.get_or_add_trPr().append(repeat)
        for cell, text, width in zip(header.cells, spec.columns, widths, strict=True):
            cell.width = Cm(width)
            cell.text = text
            cell.paragraphs[0].runs[0].bold = True
            cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        # python-docx rebuilds the cell grid on every add_row(); one styled row is made through the API and
        # copied as XML for each row instead, so a long list stays quick to write.
        for cell, width in zip(table.rows[1].cells, widths, strict=True):
            cell.width = Cm(width)
            cell.paragraphs[0].add_run("-")
        pattern = table.rows[1]._tr
        pattern.get_or_add_trPr().append(OxmlElement("w:cantSplit"))  # a row is never broken over two pages
        body = pattern.getparent()
        body.remove(pattern)
        for n, values in enumerate(spec.rows):
            tr = copy.deepcopy(pattern)
            if n in spec.groups:
                _span_row(tr, len(spec.columns), Cm(_PAGE_WIDTH_CM).twips)
                values = values[:1]
            for t, value in zip(tr.iter(qn("w:t")), values, strict=True):
                t.text = value
            if n in spec.bold or n in spec.groups:
                _make_row_bold(tr)
            body.append(tr)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _add_page_numbers(paragraph) -> None:
    """"第 N 页 共 M 页" in a footer paragraph, with Word fields so each printed page shows its own number."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    def field(code: str) -> None:
        simple = OxmlElement("w:fldSimple")
        simple.set(qn("w:instr"), code)
        run = OxmlElement("w:r")
        text = OxmlElement("w:t")
        text.text = "1"
        run.append(text)
        simple.append(run)
        paragraph._p.append(simple)

    paragraph.add_run("第 ")
    field("PAGE")
    paragraph.add_run(" 页 共 ")
    field("NUMPAGES")
    paragraph.add_run(" 页")


def _span_row(tr, columns: int, twips: int) -> None:
    """A table row (a w:tr element) made one cell spanning all `columns`, `twips` wide: a group's heading."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    cells = tr.findall(qn("w:tc"))
    for extra in cells[1:]:
        tr.remove(extra)
    props = cells[0].get_or_add_tcPr()
    span = OxmlElement("w:gridSpan")
    span.set(qn("w:val"), str(columns))
    props.append(span)
    width = props.find(qn("w:tcW"))
    if width is not None:
        width.set(qn("w:w"), str(int(twips)))


def _make_row_bold(tr) -> None:
    """Every run of a table row (a w:tr element) in bold: the subtotal and total rows."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    for r in tr.iter(qn("w:r")):
        props = r.find(qn("w:rPr"))
        if props is None:
            props = OxmlElement("w:rPr")
            r.insert(0, props)
        props.append(OxmlElement("w:b"))
