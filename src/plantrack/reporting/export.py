"""Export of reported values (数据导出) in a user's scope as CSV or xlsx, one exporter for page, API and CLI.

Text cells that a spreadsheet would run as a formula (beginning with = + - @, or a tab / carriage return) are
neutralised with a leading single quote; figures are written as numbers, so a real negative value stays a number.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import IO

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from plantrack.core.figures import figure_text
from plantrack.orgs.access import require_read, units_in_scope
from plantrack.orgs.models import OrgUnit, User
from plantrack.reporting.models import DataValue

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
FORMATS = ("csv", "xlsx")


def neutralise(text: str) -> str:
    """Make a text cell inert in Excel / LibreOffice: a leading quote before a formula trigger character."""
    if text and text.startswith(FORMULA_TRIGGERS):
        return "'" + text
    return text


def export_headers() -> list[str]:
    return [
        _("指标编码"), _("指标名称"), _("计量单位"), _("单位代码"), _("单位名称"), _("报告期"), _("数值"),
        _("审定值"), _("状态"), _("渠道"), _("备注"), _("预警说明"), _("填报人"), _("更新时间"),
    ]


def values_in_scope(*, user: User, period: str | None = None, unit: OrgUnit | None = None) -> QuerySet[DataValue]:
    """The values `user` may read, optionally of one period and one unit (whose read is checked and logged)."""
    qs = DataValue.objects.filter(unit__in=units_in_scope(user))
    if unit is not None:
        require_read(user, unit)
        qs = qs.filter(unit__path__startswith=unit.path)
    if period:
        qs = qs.filter(period=period)
    return qs.select_related("indicator", "unit", "updated_by").order_by("unit__path", "indicator__code", "period")


def export_rows(values: QuerySet[DataValue]) -> Iterator[list[object]]:
    """One row per value: text cells neutralised, figures left as Decimal."""
    states = dict(DataValue.State.choices)
    channels = dict(DataValue._meta.get_field("channel").choices)
    for v in values.iterator(chunk_size=2000):
        updated = timezone.localtime(v.updated_at).strftime("%Y-%m-%d %H:%M") if v.updated_at else ""
        yield [
            neutralise(v.indicator.code), neutralise(v.indicator.name), neutralise(v.indicator.unit),
            neutralise(v.unit.code), neutralise(v.unit.name), neutralise(v.period), v.value, v.approved_value,
            str(states.get(v.state, v.state)), str(channels.get(v.channel, v.channel)),
            neutralise(v.comment), neutralise(v.explanation),
            neutralise(v.updated_by.username if v.updated_by else ""), updated,
        ]


def _csv_cell(cell: object) -> str:
    if cell is None:
        return ""
    if isinstance(cell, Decimal):
        return figure_text(cell)
    return str(cell)


def write_csv(rows: Iterable[list[object]], out: IO[str]) -> int:
    """Write a header and the rows as UTF-8 CSV (the caller opens `out` with a BOM for Excel); returns row count."""
    writer = csv.writer(out)
    writer.writerow(export_headers())
    count = 0
    for row in rows:
        writer.writerow([_csv_cell(c) for c in row])
        count += 1
    return count


def write_xlsx(rows: Iterable[list[object]], out: IO[bytes]) -> int:
    """Write a header and the rows as one xlsx sheet; text is always stored as text, figures as numbers."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(_("监测数据"))
    ws.append(export_headers())
    count = 0
    for row in rows:
        cells = []
        for value in row:
            if isinstance(value, Decimal):
                # Stored as a number so sums and charts work; normalised to drop the storage scale's zeros.
                cell = WriteOnlyCell(ws, value=Decimal(figure_text(value)))
            else:
                cell = WriteOnlyCell(ws, value="" if value is None else str(value))
                cell.data_type = "s"  # never a formula, whatever the text
            cells.append(cell)
        ws.append(cells)
        count += 1
    wb.save(out)
    return count


def export_values(*, user: User, fmt: str, out: IO, period: str | None = None, unit: OrgUnit | None = None) -> int:
    """Export the values in `user`'s scope to `out` (text stream for csv, binary for xlsx); returns the row count."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}: use csv or xlsx")
    rows = export_rows(values_in_scope(user=user, period=period, unit=unit))
    if fmt == "csv":
        return write_csv(rows, out)
    return write_xlsx(rows, out)


def export_bytes(*, user: User, fmt: str, period: str | None = None, unit: OrgUnit | None = None) -> bytes:
    """The export as bytes, ready for an HTTP response (CSV with a BOM so Excel reads the Chinese right)."""
    if fmt == "csv":
        text = io.StringIO()
        export_values(user=user, fmt=fmt, out=text, period=period, unit=unit)
        return ("\ufeff" + text.getvalue()).encode("utf-8")
    data = io.BytesIO()
    export_values(user=user, fmt=fmt, out=data, period=period, unit=unit)
    return data.getvalue()
