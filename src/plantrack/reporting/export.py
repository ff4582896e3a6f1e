"""Export of reported values (数据导出) in a user's scope as CSV or xlsx, one exporter for page, API and CLI.

Rows are read a batch of units at a time in tree order (one indexed query a batch) and written as they come, so
memory stays flat whatever the size: CSV is streamed to the client as it is written; xlsx is written in openpyxl's
write-only mode into a temporary file, which is then streamed. Within a unit rows run by indicator code, then
period by time.

Whatever is stored, the file is valid and inert: text cells that a spreadsheet would run as a formula (beginning
with = + - @, or a tab / carriage return) get a leading single quote, and control characters that xlsx forbids
(NUL, \\x0b, …) become U+FFFD. Figures are written as numbers, so a real negative value stays a number.
"""

from __future__ import annotations

import csv
import decimal
import io
import re
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from typing import IO

from django.db import connections
from django.db.models import CharField, Count, QuerySet
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext as _

from plantrack.core.figures import figure_text
from plantrack.core.periods import period_sort_key
from plantrack.indicators.models import Indicator
from plantrack.orgs.access import require_read, units_in_scope
from plantrack.orgs.models import OrgUnit, User
from plantrack.reporting.models import DataValue

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
FORMATS = ("csv", "xlsx")
# What the xlsx format cannot hold (tab, line feed and carriage return it can); CSV readers choke on NUL too.
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
CONTROL_REPLACEMENT = "\ufffd"
_ROWS_PER_CHUNK = 2000
_ROWS_PER_READ = 20_000
_COLUMNS = ("indicator_id", "period", "value", "approved_value", "state", "channel", "comment", "explanation",
            "updated_by_id")


def neutralise(text: str) -> str:
    """Make a text cell inert and storable: control characters replaced, a leading quote before a formula trigger."""
    if not text:
        return text
    text = _CONTROL_CHARACTERS.sub(CONTROL_REPLACEMENT, text)
    if text.startswith(FORMULA_TRIGGERS):
        return "'" + text
    return text


def export_headers() -> list[str]:
    return [
        _("指标编码"), _("指标名称"), _("计量单位"), _("单位代码"), _("单位名称"), _("报告期"), _("数值"),
        _("审定值"), _("状态"), _("渠道"), _("备注"), _("预警说明"), _("填报人"), _("更新时间"),
    ]


@dataclass(frozen=True)
class ExportSelection:
    """What one export holds: the units (in tree order) whose values `user` may read, and the period filters."""

    unit_ids: list[int]
    period: str | None = None
    year: int | None = None


def select_export(
    *, user: User, period: str | None = None, year: int | None = None, unit: OrgUnit | None = None
) -> ExportSelection:
    """Resolve the scope before anything is written, so a refusal (checked and logged) comes before the first byte."""
    units = units_in_scope(user)
    if unit is not None:
        require_read(user, unit)
        units = units.filter(path__startswith=unit.path)
    return ExportSelection(unit_ids=list(units.order_by("path").values_list("id", flat=True)), period=period,
                           year=year)


def export_rows(selection: ExportSelection) -> Iterator[list[object]]:
    """One row per value: text cells neutralised, figures as numbers or `Figure` text; one query per batch of units.

    Rows are read as the database driver gives them, without Django's per-value converters: at a million rows
    those converters alone would halve the rate.
    """
    states = {k: str(v) for k, v in DataValue.State.choices}
    channels = {k: str(v) for k, v in DataValue._meta.get_field("channel").choices}
    indicators = {
        i: (neutralise(code), neutralise(name), neutralise(unit))
        for i, code, name, unit in Indicator.objects.values_list("id", "code", "name", "unit")
    }
    usernames = {i: neutralise(name) for i, name in User.objects.values_list("id", "username")}
    units = {
        u: (neutralise(code), neutralise(name))
        for u, code, name in OrgUnit.objects.filter(id__in=selection.unit_ids).values_list("id", "code", "name")
    }
    periods: dict[str, tuple[int, str]] = {}  # code → (time order, cell text); a few dozen codes in any export
    stamps: dict[object, str] = {}
    position = {unit_id: i for i, unit_id in enumerate(selection.unit_ids)}
    for batch in _unit_batches(selection):
        values = _filtered(selection, DataValue.objects.filter(unit_id__in=batch))
        # The time as the database writes it in UTC ("2026-11-01 08:00:00…"): parsing a datetime for each row
        # would cost more than all the rest of the row.
        rows = _driver_rows(values.order_by().values_list("unit_id", *_COLUMNS, Cast("updated_at", CharField())))
        for row in rows:
            if row[2] not in periods:
                periods[row[2]] = (period_sort_key(row[2]), neutralise(row[2]))
        rows.sort(key=lambda r: (position[r[0]], indicators[r[1]][0], periods[r[2]][0]))
        for (unit_id, indicator_id, period, value, approved, state, channel, comment, explanation, user_id,
             stamp) in rows:
            code, name, measure = indicators[indicator_id]
            unit_code, unit_name = units[unit_id]
            figure = _figure_cell(value)
            yield [
                code, name, measure, unit_code, unit_name, periods[period][1], figure,
                figure if approved == value else _figure_cell(approved), states.get(state, state),
                channels.get(channel, channel), comment and neutralise(comment),
                explanation and neutralise(explanation), usernames.get(user_id, ""),
                _stamp_text(stamp, stamps),
            ]
        del rows


def _filtered(selection: ExportSelection, values: QuerySet) -> QuerySet:
    if selection.period:
        values = values.filter(period=selection.period)
    if selection.year:
        values = values.filter(year=selection.year)
    return values


def _unit_batches(selection: ExportSelection) -> Iterator[list[int]]:
    """Consecutive units (in tree order) holding together about _ROWS_PER_READ values: one query reads a batch,
    which keeps the number of queries small for a month and the memory bounded for everything."""
    counts = dict(
        _filtered(selection, DataValue.objects.filter(unit_id__in=selection.unit_ids))
        .values_list("unit_id").annotate(n=Count("*")).order_by()
    )
    batch: list[int] = []
    held = 0
    for unit_id in selection.unit_ids:
        if unit_id not in counts:
            continue
        if batch and held + counts[unit_id] > _ROWS_PER_READ:
            yield batch
            batch, held = [], 0
        batch.append(unit_id)
        held += counts[unit_id]
    if batch:
        yield batch


def _driver_rows(values: QuerySet) -> list[tuple]:
    sql, params = values.query.sql_with_params()
    with connections[values.db].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


class Figure(str):
    """A figure as plain text (12.5, -3, 1200): written as it is into CSV and as a number into xlsx."""

    __slots__ = ()


_FIFTEEN_DIGITS = decimal.Context(prec=15)
_STORAGE_SCALE = Decimal("0.000001")


def _figure_cell(raw: object) -> object:
    """A figure for both writers: an int, or a float whose shortest form has no exponent, is already what CSV and
    xlsx should show (SQLite's numbers, nearly always); anything else becomes `Figure` text."""
    if raw.__class__ is int or (raw.__class__ is float and 1e-4 <= abs(raw) < 1e15):
        return raw
    return _driver_figure(raw)


def _driver_figure(raw: object) -> Figure | None:
    """A stored figure as the driver returns it (Decimal from PostgreSQL; int or float from SQLite) as plain text,
    without exponent or the storage scale's trailing zeros: 12.500000 → 12.5."""
    if raw is None:
        return None
    if isinstance(raw, int):
        return Figure(raw)
    if isinstance(raw, float):
        text = repr(raw)
        # SQLite keeps decimals as binary floats; their shortest form is the figure as written, up to 15 digits.
        if "e" not in text and "n" not in text and len(text) <= 16:
            return Figure(text[:-2] if text.endswith(".0") else text)
        raw = _FIFTEEN_DIGITS.create_decimal_from_float(raw).quantize(_STORAGE_SCALE)
    return Figure(figure_text(raw))


def _stamp_text(raw: str | None, cache: dict[str, str]) -> str:
    """A stored time as the database writes it in UTC ("2026-11-01 08:00:00.123+00") as local "YYYY-MM-DD HH:MM",
    memoised by the minute because values written together share it."""
    if raw is None:
        return ""
    key = raw[:16]
    text = cache.get(key)
    if text is None:
        if len(cache) > 10_000:  # keeps memory flat on an export of values written over years
            cache.clear()
        moment = datetime.fromisoformat(key).replace(tzinfo=UTC)
        text = cache[key] = timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")
    return text


def csv_chunks(rows: Iterable[list[object]], *, bom: bool = False) -> Iterator[str]:
    """The header and the rows as CSV text, a few thousand rows a chunk (a BOM first, for Excel, when asked)."""
    buffer = io.StringIO()
    if bom:
        buffer.write("\ufeff")
    writer = csv.writer(buffer)
    writer.writerow(export_headers())
    pending = 0
    for row in rows:
        writer.writerow(row)  # None is written as an empty cell, figures are already text
        pending += 1
        if pending == _ROWS_PER_CHUNK:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
            pending = 0
    yield buffer.getvalue()


def write_csv(rows: Iterable[list[object]], out: IO[str]) -> int:
    """Write a header and the rows as CSV to a text stream (the caller opens it with a BOM for Excel)."""
    count = 0

    def counted() -> Iterator[list[object]]:
        nonlocal count
        for row in rows:
            count += 1
            yield row

    for chunk in csv_chunks(counted()):
        out.write(chunk)
    return count


def write_xlsx(rows: Iterable[list[object]], out: IO[bytes]) -> int:
    """Write a header and the rows as one xlsx sheet in write-only mode; text stays text, figures are numbers."""
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(_("监测数据"))
    ws.append(export_headers())
    count = 0
    for row in rows:
        # Every text cell was neutralised, so none begins with "=" and openpyxl stores none as a formula.
        ws.append([Decimal(c) if type(c) is Figure else c for c in row])
        count += 1
    wb.save(out)
    return count


def export_values(
    *, user: User, fmt: str, out: IO, period: str | None = None, year: int | None = None,
    unit: OrgUnit | None = None,
) -> int:
    """Export the values in `user`'s scope to `out` (text stream for csv, binary for xlsx); returns the row count."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}: use csv or xlsx")
    rows = export_rows(select_export(user=user, period=period, year=year, unit=unit))
    if fmt == "csv":
        return write_csv(rows, out)
    return write_xlsx(rows, out)


def csv_stream(
    *, user: User, period: str | None = None, year: int | None = None, unit: OrgUnit | None = None
) -> Iterator[bytes]:
    """The CSV export as UTF-8 chunks with a BOM, for a streamed HTTP response; the scope is checked at once."""
    rows = export_rows(select_export(user=user, period=period, year=year, unit=unit))
    return (chunk.encode("utf-8") for chunk in csv_chunks(rows, bom=True))


def xlsx_file(
    *, user: User, period: str | None = None, year: int | None = None, unit: OrgUnit | None = None
) -> IO[bytes]:
    """The xlsx export in an anonymous temporary file, rewound, for a streamed response; gone once closed."""
    rows = export_rows(select_export(user=user, period=period, year=year, unit=unit))
    spool = tempfile.TemporaryFile(prefix="plantrack-export-", suffix=".xlsx")
    try:
        write_xlsx(rows, spool)
    except BaseException:
        spool.close()
        raise
    spool.seek(0)
    return spool


def export_bytes(
    *, user: User, fmt: str, period: str | None = None, year: int | None = None, unit: OrgUnit | None = None
) -> bytes:
    """The whole export as bytes (CSV with a BOM so Excel reads the Chinese right): for small exports and tests."""
    if fmt == "csv":
        return b"".join(csv_stream(user=user, period=period, year=year, unit=unit))
    with xlsx_file(user=user, period=period, year=year, unit=unit) as spool:
        return spool.read()
