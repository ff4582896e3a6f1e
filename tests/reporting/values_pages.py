"""The values upload pages as a clerk drives them in tests: upload a file (or a filled Excel template), then send the
preview form back with each unrecognised column settled."""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from django.test import Client

URL = "/reporting/bulk/"
TEMPLATE_URL = "/reporting/template/upload/"


def as_user(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def upload(client: Client, path: Path, **fields):
    with open(path, "rb") as fh:
        return client.post(URL, {"file": fh, **fields})


def decide(response, choice: str, action: str = "confirm", **extra) -> dict:
    """The preview form as the person sends it back: each unrecognised column settled with `choice`."""
    context = response.context
    data = {"token": context["token"], "columns": str(len(context["columns"])), action: "1", **context["hidden"]}
    for i, column in context["columns"]:
        if not column.decided or column.chosen:
            data[f"col-{i}-key"] = column.header
            data[f"col-{i}-choice"] = choice
    return {**data, **extra}


@dataclass(frozen=True)
class FilledTemplate:
    content: bytes
    total_row: int
    note_row: int


def filled_template(user, unit, period: str) -> FilledTemplate:
    """`unit`'s Excel template for the round of `period`, filled as a clerk fills it: the sheet unprotected to add a
    column 说明 (I4) with a note on indicator 1, figures for indicators 1 and 2, and a 合计 and a 注 row below."""
    from openpyxl import load_workbook

    from plantrack.reporting.excel_template import DATA_SHEET, template_for
    from plantrack.reporting.models import ReportingRound

    book = load_workbook(io.BytesIO(template_for(user=user, round=ReportingRound.objects.get(period=period),
                                                 unit=unit)))
    sheet = book[DATA_SHEET]
    sheet.protection.sheet = False
    codes = {sheet.cell(row=r, column=1).value: r for r in range(5, sheet.max_row + 1)}
    sheet["I4"] = "说明"
    sheet[f"F{codes['1']}"], sheet[f"I{codes['1']}"] = 2600, "含园区数据"
    sheet[f"F{codes['2']}"] = 72.5
    last = sheet.max_row
    sheet[f"A{last + 1}"], sheet[f"F{last + 1}"] = "合计", 2672.5
    sheet[f"A{last + 2}"] = "注：快报数"
    out = io.BytesIO()
    book.save(out)
    return FilledTemplate(out.getvalue(), total_row=last + 1, note_row=last + 2)


def upload_template(client: Client, data: bytes, **fields):
    upload = io.BytesIO(data)
    upload.name = "鄂尔多斯市_2026M10.xlsx"
    return client.post(TEMPLATE_URL, {"file": upload, **fields})
