"""The office's saved column choices as the values imports apply them: under the person's own, marked as saved.

    applied = with_saved(user, BULK_SHEET, choices, fields=FIELD_LABELS)
    layout = read(..., choices=applied.choices); mark_saved(layout.columns, applied)   # c.saved: 按本单位上次的选择
    check_remember(choices, BULK_SHEET, fields=FIELD_LABELS); ...import...; remember(user, BULK_SHEET, choices, ...)
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from plantrack.imports import services as saved_columns
from plantrack.orgs.models import User
from plantrack.reporting.findings import ERROR, Finding, ValuesRejected

if TYPE_CHECKING:
    from plantrack.reporting.bulk_import import ColumnRead

BULK_SHEET = "values"
TEMPLATE_SHEET = "values_template"  # its added columns map to fewer fields than a values file's
KINDS = ("ignore", "field")


@dataclass
class AppliedChoices:
    """The choices an import reads with (the office's saved ones under the person's), and which were saved."""

    choices: dict[str, str]
    given: dict[str, str]
    saved: dict[str, str] = field(default_factory=dict)
    stale: dict[str, str] = field(default_factory=dict)


def with_saved(user: User, sheet: str, choices: dict[str, str] | None, *, fields: Collection[str],
               ) -> AppliedChoices:
    """The person's choices over the ones `user`'s office saved for `sheet`; a saved one naming a field the import
    no longer has is kept apart as stale, never applied."""
    office = getattr(user, "unit", None) if getattr(user, "is_authenticated", False) else None
    usable, stale = saved_columns.usable_choices(saved_columns.saved_choices(office, sheet), kinds=KINDS,
                                                 fields=fields)
    given = dict(choices or {})
    return AppliedChoices(choices={**usable, **given}, given=given, saved=usable, stale=stale)


def _keys(column: ColumnRead) -> tuple[str, ...]:
    return (column.header, column.header.rsplit("/", 1)[-1], column.ref, column.label)


def mark_saved(columns: Iterable[ColumnRead], applied: AppliedChoices) -> list[str]:
    """Mark the columns settled by a saved choice (not one given for this file); returns a note for each column a
    stale saved choice would have settled."""
    notes = []
    for column in columns:
        keys = _keys(column)
        if any(k in applied.given for k in keys):
            continue
        if column.chosen and any(k in applied.saved for k in keys):
            column.saved = True
        stale = next((applied.stale[k] for k in keys if k in applied.stale), None)
        if stale is not None and not column.decided:
            notes.append(_("%(c)s“%(h)s”：本单位上次的选择（%(s)s）已不适用，未采用")
                         % {"c": column.ref, "h": column.header, "s": saved_columns.choice_label(stale)})
    return notes


def check_remember(choices: dict[str, str] | None, *, fields: Collection[str]) -> None:
    """ValuesRejected, before anything is read or written, when the choices to remember may not be saved."""
    problems = saved_columns.choice_problems(choices or {}, kinds=KINDS, fields=fields)
    if problems:
        raise ValuesRejected([Finding(severity=ERROR, code="column_choice", message=p) for p in problems])


def remember(user: User, sheet: str, choices: dict[str, str] | None, *, fields: Collection[str]) -> int:
    """Keep the person's column choices for their office's next files of `sheet`; how many were saved."""
    return saved_columns.save_choices(user=user, sheet=sheet, choices=choices or {}, kinds=KINDS, fields=fields)
