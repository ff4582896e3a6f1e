"""Who may act on which unit (权限): the predicates about users, roles and units every other rule is built on.

Pages, the API, the CLI and the services ask these functions; nothing else looks at a user's role or superuser flag.
A superuser counts as the planning office everywhere. A refused access is logged (logger and an `AccessDenial` row)
and raised as PermissionDenied, which Django turns into a 403.

This module knows users and units only. Each app keeps the rules about its own data in its own `access.py`
(`reporting.access`, `tasks.access`, `projects.access`, `assessment.access`, `reports.access`), built on these
predicates: objects that belong to a scope are fetched through `access_<thing>_by_<key>(user, …)` there, so the check
cannot be forgotten: 404 when there is none, 403 when out of scope.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from plantrack.orgs.models import AccessDenial, OrgUnit, User

log = logging.getLogger("plantrack.access")

# Roles that see every unit (the planning office and the supervisors it answers to).
_GLOBAL_READ_ROLES = {User.Role.ADMIN, User.Role.LEADER, User.Role.SUPERVISOR}
_WRITE_ROLES = {User.Role.ADMIN, User.Role.CLERK}
_REVIEW_ROLES = {User.Role.ADMIN, User.Role.REVIEWER}


def _role(user: User) -> str | None:
    """The role the rules see: a superuser is the planning office, an anonymous visitor has none."""
    if not user.is_authenticated:
        return None
    if user.is_superuser:
        return User.Role.ADMIN
    return user.role


# -- roles --------------------------------------------------------------------------------------------------------


def is_admin(user: User) -> bool:
    """The planning office (规划处): keeps the registry, the rounds, the org tree and the users."""
    return _role(user) == User.Role.ADMIN


def may_enter_values(user: User) -> bool:
    """Whether the person enters figures at all (forms, Excel templates, bulk files): clerks and the office."""
    return _role(user) in _WRITE_ROLES


def may_review_values(user: User) -> bool:
    """Whether the person reviews at all (the review queue): reviewers and the office."""
    return _role(user) in _REVIEW_ROLES


def planning_office_accounts() -> QuerySet[User]:
    """Active accounts that count as the planning office, oldest first: who a command acts as when none is named."""
    return User.objects.filter(Q(is_superuser=True) | Q(role=User.Role.ADMIN), is_active=True).order_by("pk")


def role_needs_unit(role: str) -> bool:
    """Everyone but the planning office belongs to a unit: their scope is that unit's subtree."""
    return role != User.Role.ADMIN


@dataclass(frozen=True)
class Abilities:
    """What a person's role lets them do, for deciding which links and buttons a page shows."""

    enter: bool
    review: bool
    administer: bool


def abilities(user: User) -> Abilities:
    return Abilities(enter=may_enter_values(user), review=may_review_values(user), administer=is_admin(user))


# -- scope --------------------------------------------------------------------------------------------------------


def units_in_scope(user: User) -> QuerySet[OrgUnit]:
    """The units whose data `user` may read: everything for the office and supervisors, else their own subtree."""
    role = _role(user)
    if role is None:
        return OrgUnit.objects.none()
    if role in _GLOBAL_READ_ROLES:
        return OrgUnit.objects.all()
    if user.unit is None:
        return OrgUnit.objects.none()
    return OrgUnit.objects.filter(path__startswith=user.unit.path)


def _in_own_subtree(user: User, unit: OrgUnit) -> bool:
    return user.unit is not None and unit.is_within(user.unit)


def reads_every_unit(user: User) -> bool:
    """The planning office, leaders and supervisors read every unit's data."""
    return _role(user) in _GLOBAL_READ_ROLES


def filter_to_scope(user: User, rows: QuerySet, *, unit_field: str = "unit") -> QuerySet:
    """`rows` (anything with a foreign key to a unit, named `unit_field`) narrowed to the units `user` may read."""
    if _role(user) is None:
        return rows.none()
    if reads_every_unit(user):
        return rows
    if user.unit is None:
        return rows.none()
    return rows.filter(**{f"{unit_field}__path__startswith": user.unit.path})


def sees_dashboard(user: User) -> bool:
    """Leaders, supervisors and the planning office open on the monitoring dashboard; clerks keep their workbench."""
    return reads_every_unit(user)


def can_read_unit(user: User, unit: OrgUnit) -> bool:
    role = _role(user)
    if role is None:
        return False
    return role in _GLOBAL_READ_ROLES or _in_own_subtree(user, unit)


def can_enter_values(user: User, unit: OrgUnit) -> bool:
    """Clerks enter figures for their own unit and the units below it; the office for any unit."""
    role = _role(user)
    if role not in _WRITE_ROLES:
        return False
    return role == User.Role.ADMIN or _in_own_subtree(user, unit)


def can_review_values(user: User, unit: OrgUnit) -> bool:
    """Reviewers approve or return figures of their own unit's subtree; the office of any unit."""
    role = _role(user)
    if role not in _REVIEW_ROLES:
        return False
    return role == User.Role.ADMIN or _in_own_subtree(user, unit)


def may_approve_own_submission() -> bool:
    """Whoever submitted a figure may also approve it only when PLANTRACK_SEPARATE_SUBMIT_AND_APPROVE is off."""
    return not getattr(settings, "PLANTRACK_SEPARATE_SUBMIT_AND_APPROVE", True)


def can_approve_submission(user: User, *, submitted_by_id: int | None) -> bool:
    """The four-eyes rule (审核分离): by default nobody approves a figure they submitted themselves."""
    return may_approve_own_submission() or submitted_by_id is None or submitted_by_id != user.pk


# -- users (the planning office's user page) ------------------------------------------------------------------------


def units_for_user_management(user: User) -> QuerySet[OrgUnit]:
    """The units whose people the office may add, deactivate and move: its own unit's subtree, or all of them
    for an office (or superuser) that belongs to no unit."""
    if not is_admin(user):
        return OrgUnit.objects.none()
    if user.unit is None:
        return OrgUnit.objects.all()
    return OrgUnit.objects.filter(path__startswith=user.unit.path)


def grantable_roles(user: User) -> list[str]:
    """Roles the office may give: the office role itself only from an office that manages every unit, since an
    admin reads and writes everywhere whatever unit it belongs to."""
    if not is_admin(user):
        return []
    whole_tree = user.unit is None or user.unit.parent_id is None
    return [r for r in User.Role.values if r != User.Role.ADMIN or whole_tree]


def users_in_management_scope(user: User) -> QuerySet[User]:
    """The accounts `user` may manage: people of the units above, never superusers, never the user themself."""
    if not is_admin(user):
        return User.objects.none()
    people = User.objects.filter(is_superuser=False).exclude(pk=user.pk)
    if user.unit is None:
        return people
    return people.filter(Q(unit__path__startswith=user.unit.path))


# -- refusing -------------------------------------------------------------------------------------------------------


def deny(user: User, unit: OrgUnit | None, action: str) -> PermissionDenied:
    """Log a refused access and return the exception to raise."""
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


def require_review(user: User, unit: OrgUnit) -> None:
    if not can_review_values(user, unit):
        raise deny(user, unit, "review values")


def require_admin(user: User, action: str) -> None:
    if not is_admin(user):
        raise deny(user, None, action)


def require_entering_role(user: User, action: str) -> None:
    """Refuse before reading anything a person whose role never enters figures (an upload from a leader)."""
    if not may_enter_values(user):
        raise deny(user, user.unit if user.is_authenticated else None, action)


def require_reviewing_role(user: User) -> None:
    if not may_review_values(user):
        raise deny(user, user.unit if user.is_authenticated else None, "review values")


# -- fetching objects through their check ---------------------------------------------------------------------------


def whole_number_or_404(key: object) -> int:
    """An id from a URL or a form; anything that is not a small whole number matches nothing (404)."""
    try:
        number = int(str(key))
    except ValueError:
        raise Http404(str(key)[:40]) from None
    if not 0 < number < 2**63:
        raise Http404(str(key)[:40])
    return number


def access_unit_by_code(user: User, code: str) -> OrgUnit:
    """The unit with `code` if `user` may read it; 404 if there is none, 403 (logged) if it is outside the scope."""
    unit = OrgUnit.objects.filter(code=code).first()
    if unit is None:
        raise Http404(code)
    require_read(user, unit)
    return unit


def access_managed_user_by_id(user: User, user_id: object) -> User:
    """An account the planning office may change (see `users_in_management_scope`); 404 if there is none,
    403 (logged) if it lies outside the office's scope."""
    require_admin(user, "manage users")
    person = User.objects.select_related("unit").filter(pk=whole_number_or_404(user_id)).first()
    if person is None:
        raise Http404(str(user_id))
    if not users_in_management_scope(user).filter(pk=person.pk).exists():
        raise deny(user, person.unit, "manage user")
    return person
