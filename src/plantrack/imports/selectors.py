"""Reading an office's saved column choices for the page that lists them, within what the reader looks after.

    for sheet in saved_sheets(user, office): sheet.label, [(c.header, c.words, c.saved_by, c.saved_at) ...]
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from plantrack.imports.access import sheets_looked_after
from plantrack.imports.models import ImportColumnChoice
from plantrack.imports.services import choice_label
from plantrack.imports.sheets import ImportSheet, import_sheet
from plantrack.orgs.models import OrgUnit, User


@dataclass(frozen=True)
class SavedChoice:
    pk: int
    header: str  # as the office's sheets write it
    words: str  # the choice as a person reads it: 忽略, 对应字段：备注
    saved_by: str  # empty when not stored (rows moved from the ledger's own table)
    saved_at: datetime | None


@dataclass(frozen=True)
class SavedSheet:
    name: str
    label: object
    choices: list[SavedChoice]


def _saved(row: ImportColumnChoice, sheet: ImportSheet) -> SavedChoice:
    return SavedChoice(pk=row.pk, header=row.header, words=choice_label(row.as_choice, sheet.fields),
                       saved_by=row.saved_by.username if row.saved_by else "", saved_at=row.saved_at)


def saved_sheets(user: User, office: OrgUnit | None) -> list[SavedSheet]:
    """What `office` saved, for each import `user` looks after for it; imports with nothing saved are left out."""
    if office is None:
        return []
    sheets = {s.name: s for s in sheets_looked_after(user, office)}
    rows = (ImportColumnChoice.objects.filter(office=office, sheet__in=list(sheets)).select_related("saved_by")
            .order_by("sheet", "header"))
    found: dict[str, list[SavedChoice]] = {}
    for row in rows:
        found.setdefault(row.sheet, []).append(_saved(row, sheets[row.sheet]))
    return [SavedSheet(name=name, label=sheet.label, choices=found[name]) for name, sheet in sheets.items()
            if name in found]


def saved_sheet(user: User, office: OrgUnit, sheet: str) -> SavedSheet | None:
    """What `office` saved for one import, if `user` looks after it."""
    return next((s for s in saved_sheets(user, office) if s.name == sheet), None)


def choice_in_words(choice: ImportColumnChoice) -> SavedChoice:
    """One saved choice as the page shows it."""
    sheet = import_sheet(choice.sheet)
    return _saved(choice, sheet) if sheet else SavedChoice(choice.pk, choice.header, choice.as_choice, "", None)
