"""The write transaction of every reporting action, and the one answer to a busy database: "稍后重试".

SQLite lets one writer in at a time and PostgreSQL may wait on another transaction's row or table locks. Either
wait is bounded (SQLite's busy timeout, PostgreSQL's `lock_timeout`); when it runs out the action raises
DatabaseBusy, which pages and the API answer with 503 and the command line with one line, instead of a 500.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.db import OperationalError, connection, transaction
from django.utils.translation import gettext as _

from plantrack.core.errors import ApplicationError

# What SQLite and PostgreSQL say when a lock could not be had in time (SQLITE_BUSY / SQLITE_LOCKED, 55P03).
_BUSY_WORDS = ("database is locked", "database table is locked", "database schema is locked",
               "lock timeout", "canceling statement due to lock timeout")


class DatabaseBusy(ApplicationError):
    """Another writer held the database longer than we wait; nothing was written. Try again shortly."""

    code, kind = "database_busy", "busy"

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message or _("数据库正忙（其他用户正在写入），本次操作未生效，请稍后重试"))


def is_busy_error(exc: BaseException) -> bool:
    """True for the OperationalError a lock wait ends with (on either database)."""
    if isinstance(exc, DatabaseBusy):
        return True
    if not isinstance(exc, OperationalError):
        return False
    cause = exc.__cause__
    if getattr(cause, "sqlstate", None) == "55P03":  # psycopg's LockNotAvailable
        return True
    text = str(exc).lower()
    return any(word in text for word in _BUSY_WORDS)


def lock_wait_seconds() -> float:
    """How long a write waits for another writer's locks (setting PLANTRACK_LOCK_WAIT_SECONDS)."""
    return float(getattr(settings, "PLANTRACK_LOCK_WAIT_SECONDS", 10))


@contextmanager
def write_transaction() -> Iterator[None]:
    """`transaction.atomic()` whose lock waits are bounded and end in DatabaseBusy (everything rolled back)."""
    try:
        with transaction.atomic():
            if connection.vendor == "postgresql":
                with connection.cursor() as cur:
                    cur.execute("SELECT set_config('lock_timeout', %s, true)",
                                [f"{int(lock_wait_seconds() * 1000)}ms"])
            yield
    except OperationalError as exc:
        if is_busy_error(exc):
            raise DatabaseBusy() from exc
        raise
