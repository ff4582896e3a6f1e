"""Who may read and write which org unit's data: the one place scope is decided (数据权限).

Every page, API call and export that touches unit-scoped data goes through these functions; a refused write
is logged (logger and an `AccessDenial` row) and raised as PermissionDenied, which Django turns into a 403.
"""

from __future__ import annotations

import logging

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from plantrack.orgs.models import OrgUnit, User

log = logging.getLogger("plantrack.access")

# Roles that see every unit (the planning office and the supervisors it answers to).
_GLOBAL_READ_ROLES = {User.Role.ADMIN, User.Role.LEADER, User.Role.SUPERVISOR}
_WRITE_ROLES = {User.Role.ADMIN, User.Role.CLERK}
_REVIEW_ROLES = {User.Role.ADMIN, User.Role.REVIEWER}


def units_in_scope(user: User) -> QuerySet[OrgUnit]:
    """The units whose data `user` may read: everything for the office and supervisors, else their own subtree."""
    if not user.is_authenticated:
        return OrgUnit.objects.none()
    if user.is_superuser or user.role in _GLOBAL_READ_ROLES:
        return OrgUnit.objects.all()
    if user.unit is None:
        return OrgUnit.objects.none()
    return OrgUnit.objects.filter(path__startswith=user.unit.path)


def can_read_unit(user: User, unit: OrgUnit) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_superuser or user.role in _GLOBAL_READ_ROLES:
        return True
    return user.unit is not None and unit.is_within(user.unit)


def can_enter_values(user: User, unit: OrgUnit) -> bool:
    """Clerks enter figures for their own unit and the units below it; admins for any unit."""
    if not user.is_authenticated or user.role not in _WRITE_ROLES:
        return False
    if user.is_superuser or user.role == User.Role.ADMIN:
        return True
    return user.unit is not None and unit.is_within(user.unit)


def can_upload_values(user: User) -> bool:
    """Whether `user` may enter figures for some unit, so a file they upload is worth reading at all (checked
    before the file is opened; each row's unit is then checked with `can_enter_values`)."""
    if not user.is_authenticated or user.role not in _WRITE_ROLES:
        return False
    return bool(user.is_superuser or user.role == User.Role.ADMIN or user.unit is not None)


def can_review_values(user: User, unit: OrgUnit) -> bool:
    """Reviewers approve or return figures of their own unit's subtree; admins of any unit."""
    if not user.is_authenticated or user.role not in _REVIEW_ROLES:
        return False
    if user.is_superuser or user.role == User.Role.ADMIN:
        return True
    return user.unit is not None and unit.is_within(user.unit)


def deny(user: User, unit: OrgUnit | None, action: str) -> PermissionDenied:
    """Log a refused access and return the exception to raise."""
    from plantrack.orgs.models import AccessDenial

    who = user.username if user.is_authenticated else "anonymous"
    log.warning("access denied: user=%s unit=%s action=%s", who, unit.code if unit else "-", action)
    AccessDenial.objects.create(user=user if user.is_authenticated else None, unit=unit, action=action[:100])
    return PermissionDenied(f"{who} may not {action} for {unit.name if unit else 'this unit'}")


def require_read(user: User, unit: OrgUnit) -> None:
    if not can_read_unit(user, unit):
        raise deny(user, unit, "read")


def require_enter(user: User, unit: OrgUnit) -> None:
    if not can_enter_values(user, unit):
        raise deny(user, unit, "enter values")


def require_upload_values(user: User, action: str = "upload values") -> None:
    if not can_upload_values(user):
        raise deny(user, user.unit if user.is_authenticated else None, action)


def require_review(user: User, unit: OrgUnit) -> None:
    if not can_review_values(user, unit):
        raise deny(user, unit, "review values")


def is_admin(user: User) -> bool:
    """The planning office (规划处): keeps the registry, the org tree and the users."""
    return user.is_authenticated and (user.is_superuser or user.role == User.Role.ADMIN)


def require_admin(user: User, action: str) -> None:
    if not is_admin(user):
        raise deny(user, None, action)


def access_unit_by_code(user: User, code: str) -> OrgUnit:
    """The unit with `code` if `user` may read it; 404 if there is none, 403 (logged) if it is outside the scope."""
    from django.http import Http404

    unit = OrgUnit.objects.filter(code=code).first()
    if unit is None:
        raise Http404(code)
    require_read(user, unit)
    return unit
