"""The org app's write actions (组织与用户): every face imports them from here, as in every app (`<app>.services`).

The actions live beside the rules they need (`users`, `units`); this module is the app's one door for writes.
"""

from __future__ import annotations

from plantrack.orgs.units import UnitImportError, import_units
from plantrack.orgs.users import UserCreationError, add_user, create_user, reassign_user, set_user_active

__all__ = [
    "create_user", "add_user", "reassign_user", "set_user_active", "UserCreationError",
    "import_units", "UnitImportError",
]
