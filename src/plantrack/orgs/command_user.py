"""Who a command line acts as, and the unit it names: the one rule every `plantrack` import and export command uses."""

from __future__ import annotations

from django.core.management.base import CommandError

from plantrack.orgs.access import planning_office_accounts
from plantrack.orgs.models import OrgUnit, User


def acting_user(username: str | None) -> User:
    """The named active user, or else the planning office's first active account."""
    users = User.objects.select_related("unit").filter(is_active=True)
    if username:
        found = users.filter(username=username).first()
        if found is None:
            raise CommandError(f"no active user {username!r}")
        return found
    found = planning_office_accounts().first()
    if found is None:
        raise CommandError("no planning-office admin exists: create one or pass --user")
    return found


def unit_by_code(code: str | None) -> OrgUnit | None:
    if not code:
        return None
    unit = OrgUnit.objects.filter(code=code).first()
    if unit is None:
        raise CommandError(f"no org unit {code!r}")
    return unit
