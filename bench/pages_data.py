"""The million-value database the page benchmarks read: the shipped org tree, 126 monthly and 10 yearly indicators,
65 rounds (60 months, 5 years) and 1,004,520 values, of which about 47,000 await review.

Built with one bulk write (sqlite3 `executemany` or PostgreSQL COPY) straight into the real schema, because going
through the import path would take minutes; the rows are what that path would store, less their history.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections.abc import Iterator
from decimal import Decimal

from bench.sizes import SMALL, size

MONTHLY_INDICATORS = size(126, 2)
YEARLY_INDICATORS = size(10, 1)
YEARS = range(2026, 2031)
OPEN_MONTHS = 3  # the newest monthly rounds are open and submitted, awaiting review
DATA_VERSION = "2"  # change to rebuild cached databases when what is generated changes
MARKER = f"bench-pages-v{DATA_VERSION}{'-small' if SMALL else ''}"


def is_built() -> bool:
    """True when this database already holds the generated data (of this DATA_VERSION)."""
    from plantrack.plans.models import Plan
    from plantrack.reporting.models import DataValue

    return Plan.objects.filter(region=MARKER).exists() and DataValue.objects.exists()


def build() -> int:
    """Fill an empty, migrated database; returns the number of values written."""
    from django.db import connection, transaction

    from plantrack.indicators.models import Indicator
    from plantrack.orgs.models import OrgUnit, User
    from plantrack.orgs.units import bundled_unit_files, import_units
    from plantrack.plans.models import Plan
    from plantrack.reporting.models import ReportingRound

    started = time.perf_counter()
    for path in bundled_unit_files():
        import_units(path=path)
    units = list(OrgUnit.objects.order_by("path"))
    with transaction.atomic():
        plan = Plan.objects.create(title="基准规划纲要", region=MARKER, period_start=2026, period_end=2030)
        Indicator.objects.bulk_create(
            [Indicator(plan=plan, code=f"{i + 1}", name=f"月度指标{i + 1}", unit="亿元", target_type="level",
                       frequency=Indicator.Frequency.MONTHLY) for i in range(MONTHLY_INDICATORS)]
            + [Indicator(plan=plan, code=f"Y{i + 1}", name=f"年度指标{i + 1}", unit="%", target_type="level",
                         frequency=Indicator.Frequency.YEARLY) for i in range(YEARLY_INDICATORS)]
        )
        indicators = list(Indicator.objects.filter(plan=plan).order_by("id"))
        through = Indicator.reporting_units.through
        through.objects.bulk_create(
            [through(indicator_id=i.id, orgunit_id=u.id) for i in indicators for u in units], batch_size=5000
        )
        region = units[0]
        admin = User.objects.create(username="bench_admin", role=User.Role.ADMIN, unit=region)
        User.objects.create(username="bench_reviewer", role=User.Role.REVIEWER, unit=units[1])
        User.objects.create(username="bench_clerk", role=User.Role.CLERK, unit=units[2])
        periods = [f"{y}M{m}" for y in YEARS for m in range(1, 13)] + [str(y) for y in YEARS]
        open_periods = set(periods[60 - OPEN_MONTHS:60]) | {str(YEARS[-1])}
        rounds = {}
        for code in periods:
            year = int(code[:4])
            month = int(code[5:]) if "M" in code else 12
            end = dt.date(year + (month == 12), month % 12 + 1, 1) - dt.timedelta(days=1)
            rounds[code] = ReportingRound.objects.create(
                plan=plan, period=code, title=f"{code} 基准轮次", deadline=end + dt.timedelta(days=10),
                is_open=code in open_periods, created_by=admin,
            )
    monthly = [i for i in indicators if i.frequency == Indicator.Frequency.MONTHLY]
    yearly = [i for i in indicators if i.frequency == Indicator.Frequency.YEARLY]
    written = _write_values(connection, units=units, monthly=monthly, yearly=yearly, rounds=rounds,
                            open_periods=open_periods, user_id=admin.id)
    print(f"   built {written:,} values in {time.perf_counter() - started:.1f} s", flush=True)
    return written


def _rows(*, units, monthly, yearly, rounds, open_periods, user_id) -> Iterator[dict]:
    rnd = random.Random(20261129)
    stamp = dt.datetime(2026, 11, 1, 8, 0, tzinfo=dt.UTC)
    for code, round_ in rounds.items():
        indicators = monthly if "M" in code else yearly
        is_open = code in open_periods
        for unit in units:
            for ind in indicators:
                value = Decimal(f"{rnd.uniform(10, 5000):.2f}")
                if is_open:
                    # A few units are late and still hold drafts; everyone else has submitted.
                    state = "draft" if unit.id % 17 == 0 else "submitted"
                    approved = None
                else:
                    state, approved = "approved", value
                yield {
                    "indicator_id": ind.id, "unit_id": unit.id, "period": code, "year": int(code[:4]),
                    "value": value, "approved_value": approved, "state": state, "channel": "bulk",
                    "round_id": round_.id, "updated_by_id": user_id, "updated_at": stamp,
                    "approved_by_id": user_id if approved is not None else None,
                    "approved_at": stamp if approved is not None else None,
                }


def _write_values(connection, **kw) -> int:
    """Write the generated rows into the real table, every other column at its model default."""
    from plantrack.reporting.models import DataValue

    fields = [f for f in DataValue._meta.concrete_fields if not f.primary_key]
    generated = {"indicator_id", "unit_id", "period", "year", "value", "approved_value", "state", "channel",
                 "round_id", "updated_by_id", "updated_at", "approved_by_id", "approved_at"}
    defaults = {f.attname: f.get_default() for f in fields if f.attname not in generated}
    columns = [f.column for f in fields]
    names = [f.attname for f in fields]
    table = DataValue._meta.db_table
    count = 0
    connection.ensure_connection()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            raw = cursor.cursor  # psycopg's own cursor, for COPY
            with raw.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in _rows(**kw):
                    copy.write_row([row[n] if n in row else defaults[n] for n in names])
                    count += 1
        return count
    prep = {f.attname: f for f in fields}
    stamp_cache: dict = {}

    def db_value(name, value):
        if isinstance(value, dt.datetime):
            if value not in stamp_cache:
                stamp_cache[value] = prep[name].get_db_prep_save(value, connection)
            return stamp_cache[value]
        if isinstance(value, Decimal):
            return str(value)
        return value

    raw = connection.connection
    placeholders = ", ".join("?" for _ in columns)
    sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({placeholders})"
    batch = []
    raw.execute("BEGIN")
    for row in _rows(**kw):
        batch.append(tuple(db_value(n, row[n] if n in row else defaults[n]) for n in names))
        if len(batch) >= 50_000:
            raw.executemany(sql, batch)
            count += len(batch)
            batch.clear()
    raw.executemany(sql, batch)
    count += len(batch)
    raw.commit()
    return count
