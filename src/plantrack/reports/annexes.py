"""Each annex (附表) of an evaluation as its own .xlsx workbook: the same table the report prints, plus, for the 盟市
annex, the full 盟市 × indicator matrix (status and latest figure of every cell) that the printed page splits up."""

from __future__ import annotations

import io
from typing import Any

from plantrack.reports.content import Block, report_blocks
from plantrack.reports.render_docx import utc_from_local


def _workbook(title: str, tables: list[tuple[str, list[str], list[list[str]]]], snapshot: dict[str, Any]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    book = Workbook()
    book.remove(book.active)
    for sheet_title, header, rows in tables:
        sheet = book.create_sheet(sheet_title[:31])
        sheet.append([title])
        sheet.append([f"截至{snapshot['as_of_label']}，{snapshot['unit']['name']}"])
        sheet.append(header)
        for cell in sheet[3]:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(wrap_text=True, vertical="center")
        for row in rows:
            sheet.append(row)
        sheet.freeze_panes = "A4"
        for index, name in enumerate(header, start=1):
            width = max([len(str(name))] + [len(str(r[index - 1])) for r in rows[:200] if index - 1 < len(r)])
            sheet.column_dimensions[sheet.cell(row=3, column=index).column_letter].width = min(60, 4 + width * 1.6)
    # Fixed properties: the same report gives the same workbook contents whenever it is rendered.
    book.properties.title = title
    book.properties.creator = snapshot.get("issuer", "")
    book.properties.created = book.properties.modified = utc_from_local(snapshot["generated_at"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def annex_workbooks(document: dict[str, Any]) -> dict[str, bytes]:
    """File stem (附表1-主要指标 …) → .xlsx bytes, for every annex table of the report."""
    blocks = report_blocks(document, document.get("texts"))
    titles = {}
    current = ""
    annex_tables: dict[str, Block] = {}
    for block in blocks:
        if block.kind == "annex":
            current = block.text
        if block.kind == "table" and block.annex:
            annex_tables[block.annex] = block
            titles[block.annex] = current
    files = {}
    for stem, block in annex_tables.items():
        tables = [(stem.split("-", 1)[-1], block.header, block.rows)]
        if stem.startswith("附表2"):
            p = document["prefectures"]
            header = ["排名", "盟市"] + [f"{i['code']} {i['name']}（状态）" for i in p["indicators"]] + [
                f"{i['code']} {i['name']}（最新值）" for i in p["indicators"]]
            rows = [[str(r["rank"] or "—"), r["name"]] + [c["status"] or "—" for c in r["cells"]]
                    + [c["latest"] or "—" for c in r["cells"]] for r in p["rows"]]
            tables.append(("盟市×指标", header, rows))
        files[stem] = _workbook(f"{document['title']} {titles[stem]}", tables, document)
    return files
