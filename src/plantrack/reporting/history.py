"""The history of values (DataValueChange rows): the one place its INSERT is written, for every action.

Rows come either from Python (changes, submissions, approvals, returns: `record_changes`) or, for the values a
batch has just inserted, straight from the value table in one statement (`record_entered_since`,
`entered_history_sql`), so a million new values never travel back through Python for their history.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any, NamedTuple

from django.db import connection

from plantrack.reporting.models import DataValue, DataValueChange

_COLUMNS = ("data_value_id", "action", "old_value", "new_value", "old_state", "new_state", "channel", "comment",
            "explanation", "user_id", "at")


class Change(NamedTuple):
    """One history row: value id, action, old → new figure and state, channel, comment, the explanation this change
    set (empty when it set none), who, when."""

    value_id: int
    action: str
    old_value: Decimal | float | None
    new_value: Decimal | float | None
    old_state: str
    new_state: str
    channel: str
    comment: str
    explanation: str
    user_id: int | None
    at: Any  # the time as the database adapter wants it


def _table(model: type) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def record_changes(cursor: Any, changes: Sequence[Change]) -> None:
    """INSERT the given history rows."""
    if not changes:
        return
    cursor.executemany(
        f"INSERT INTO {_table(DataValueChange)} ({', '.join(_COLUMNS)}) "
        f"VALUES ({', '.join(['%s'] * len(_COLUMNS))})",
        list(changes),
    )


def entered_history_sql(source: str) -> str:
    """The INSERT … SELECT writing an ENTER row for each value of `source` (a table or CTE with the value's
    columns id, value, state, channel, comment, explanation, updated_by_id, updated_at)."""
    return (
        f"INSERT INTO {_table(DataValueChange)} ({', '.join(_COLUMNS)}) "
        f"SELECT id, '{DataValueChange.Action.ENTER}', NULL, value, '', state, channel, comment, explanation, "
        f"updated_by_id, updated_at FROM {source}"
    )


def record_entered_since(cursor: Any, *, after_id: int) -> None:
    """ENTER rows for every value with an id above `after_id`: the values this transaction inserted, when it holds
    the database's only write lock (SQLite)."""
    cursor.execute(entered_history_sql(f"{_table(DataValue)} WHERE id > %s"), [after_id])
