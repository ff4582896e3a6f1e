"""Writing stored assessments: one INSERT … ON CONFLICT per batch, and what was stored before a rebuild."""

from __future__ import annotations

import json
import math
from datetime import datetime
from decimal import Decimal

from django.db import connection

from plantrack.assessment.models import Assessment
from plantrack.assessment.series import PeriodAssessment

_CHUNK = 500
# Columns an upsert rewrites (all but the key).
_UPDATED_FIELDS = [
    "year", "period_kind", "period_ordinal", "status", "method", "pace_ratio", "elapsed", "completion",
    "required_rate", "latest_year", "latest_value", "projection_year", "projection_value", "explanation",
    "result", "computed_at",
]


def _decimal(value: float | None) -> Decimal | None:
    # The columns hold 14 digits before the point; a projection beyond that (or not finite) is left out of the
    # column rather than failing the approval that triggered it (the JSON result still carries it).
    if value is None or not math.isfinite(value) or abs(value) >= 1e14:
        return None
    return Decimal(f"{value:.6f}")


def stored_statuses(
    *, indicator_ids: list[int], unit_ids: list[int] | None
) -> dict[tuple[int, int, str], tuple[int, str]]:
    """(indicator, unit, period) → (id, status) of what is stored now, read before a rebuild overwrites it."""
    qs = Assessment.objects.filter(indicator_id__in=indicator_ids)
    if unit_ids is not None:
        qs = qs.filter(unit_id__in=unit_ids)
    return {
        (ind, unit, period): (pk, status)
        for pk, ind, unit, period, status in qs.values_list("id", "indicator_id", "unit_id", "period", "status")
    }


def delete_assessments(ids: list[int]) -> None:
    """Drop assessments whose period no longer has an approved value or an annual target (warnings go too)."""
    for start in range(0, len(ids), _CHUNK):
        Assessment.objects.filter(id__in=ids[start : start + _CHUNK]).delete()


_COLUMNS = ["indicator_id", "unit_id", "period", *_UPDATED_FIELDS]


def upsert_assessments(computed: dict[tuple[int, int], list[PeriodAssessment]], now: datetime) -> int:
    """Insert or update every row with one INSERT … ON CONFLICT per batch (SQLite and PostgreSQL alike).

    Model instances and bulk_create cost ten times the judging itself at 150,000 rows; plain parameter tuples
    keep `assess-all` within seconds, and the ids (which warnings point to) stay what they were.
    """
    ops = connection.ops
    at = ops.adapt_datetimefield_value(now)
    table = ops.quote_name(Assessment._meta.db_table)
    columns = ", ".join(ops.quote_name(c) for c in _COLUMNS)
    updates = ", ".join(f"{ops.quote_name(c)} = EXCLUDED.{ops.quote_name(c)}" for c in _UPDATED_FIELDS)
    sql = (
        f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(_COLUMNS))}) "
        f"ON CONFLICT ({ops.quote_name('indicator_id')}, {ops.quote_name('unit_id')}, {ops.quote_name('period')}) "
        f"DO UPDATE SET {updates}"
    )
    json_field = Assessment._meta.get_field("result")
    if connection.vendor == "sqlite":
        # Stored as text: Chinese as itself is a third of the bytes of \uXXXX escapes, and quicker to write.
        def as_json(value: dict) -> str:
            return json.dumps(value, ensure_ascii=False)
    else:
        def as_json(value: dict):
            return ops.adapt_json_value(value, json_field.encoder)
    rows = []
    keys: dict = {}  # a period's code, year, kind and ordinal, worked out once for all the units
    for (indicator_id, unit_id), assessed in computed.items():
        for pa in assessed:
            r, period = pa.result, pa.period
            key = keys.get(period)
            if key is None:
                key = keys[period] = (period.code, period.year, period.kind, period.ordinal)
            projection = r.projection
            # The 时序进度 column is what every page and report shows: the plan's elapsed time (3/5 at the end of
            # 2028), also for an indicator whose earlier baseline gives its ratio a longer span (its sentence says so).
            shown_elapsed = r.plan_elapsed if r.plan_elapsed is not None else r.elapsed
            rows.append((
                indicator_id, unit_id, *key, r.status.value,
                r.method, r.pace_ratio, shown_elapsed, r.completion, r.required_rate, r.latest_year,
                _decimal(r.latest_value), projection.year if projection else None,
                _decimal(projection.value) if projection else None, r.explanation,
                as_json({**r.to_dict(), **pa.extra} if pa.extra else r.to_dict()), at,
            ))
    with connection.cursor() as cursor:
        for start in range(0, len(rows), 2000):
            cursor.executemany(sql, rows[start : start + 2000])
    return len(rows)
