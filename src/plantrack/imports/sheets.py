"""The imports that save column choices, as each registers itself: what the import is called, the fields a choice may
name (with their labels) and who may import such a file for an office.

`imports` stands below the apps that own the imports, so each registers in its `AppConfig.ready`:

    register_sheet("ledger", label=gettext_lazy("项目台账导入"), fields=FIELD_LABELS, may_import=can_edit_project_of)

The page of saved choices and `imports.access` read them: a person looks after an office's choices for a sheet
exactly when they may import that sheet for the office.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from plantrack.orgs.models import OrgUnit, User


@dataclass(frozen=True)
class ImportSheet:
    name: str  # one of SHEETS
    label: object  # a lazy translation: the import as a person names it
    may_import: Callable[[User, OrgUnit], bool]  # may `user` import this kind of file for `office`
    fields: Mapping[str, object] = field(default_factory=dict)  # field name → label, for a choice in words


# The imports that save decisions: the project ledger, the 分工方案, the values file and the filled values template
# (whose added columns map to fewer fields than a values file's, so its decisions are kept apart).
SHEETS = ("ledger", "division_of_work", "values", "values_template")

_SHEETS: dict[str, ImportSheet] = {}


def register_sheet(name: str, *, label: object, may_import: Callable[[User, OrgUnit], bool],
                   fields: Mapping[str, object] | None = None) -> None:
    """Register (or replace) the import that saves its column choices under `name`, one of SHEETS."""
    if name not in SHEETS:
        raise ValueError(f"unknown import sheet {name!r}: one of {', '.join(SHEETS)}")
    _SHEETS[name] = ImportSheet(name=name, label=label, may_import=may_import, fields=dict(fields or {}))


def import_sheet(name: str) -> ImportSheet | None:
    return _SHEETS.get(name)


def import_sheets() -> list[ImportSheet]:
    """The registered imports, in the order of SHEETS."""
    return [_SHEETS[name] for name in SHEETS if name in _SHEETS]
