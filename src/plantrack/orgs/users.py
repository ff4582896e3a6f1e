"""PlanTrack users (用户): creating them with a role and a unit (every password through Django's validators), and
the planning office adding, moving and deactivating the people of the units it manages."""

from __future__ import annotations

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from plantrack import wording
from plantrack.core.control_chars import first_control_character
from plantrack.core.errors import ApplicationError
from plantrack.orgs.access import (
    deny,
    grantable_roles,
    require_admin,
    role_needs_unit,
    units_for_user_management,
)
from plantrack.orgs.models import OrgUnit, User
from plantrack.wording import join_words


class UserCreationError(ApplicationError):
    """The user was not created (or changed); the message says why, `field` which form field it concerns."""

    code = "user_refused"

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


def _check_fields(user: User) -> None:
    """The model's own checks (a username of letters, digits and @.+-_ only, …) as a UserCreationError."""
    try:
        user.full_clean(exclude=["password", "last_login"])
    except ValidationError as exc:
        field, problems = next(iter(exc.message_dict.items()))
        raise UserCreationError(wording.join_clauses(p.rstrip("。.") for p in problems), field) from None


def create_user(
    *,
    username: str,
    password: str,
    role: str,
    unit: OrgUnit | None,
    full_name: str = "",
    email: str = "",
) -> User:
    """A new active user; refuses a taken username, an unknown role, a non-admin without a unit, a weak password."""
    username = username.strip()
    if not username:
        raise UserCreationError(_("用户名不能为空"), "username")
    # Before any lookup: PostgreSQL cannot even search for a name with a NUL in it.
    for label, text, field in ((_("用户名"), username, "username"), (_("姓名"), full_name, "full_name"),
                               (_("电子邮件"), email, "email")):
        bad = first_control_character(text)
        if bad is not None:
            raise UserCreationError(_("{label}的第{pos}个字符是控制字符{char}，请删除后重试").format(
                label=label, pos=bad[0] + 1, char=bad[1]), field)
    if role not in User.Role.values:
        raise UserCreationError(
            _("角色 “{role}” 不存在（可用 {allowed}）").format(role=role, allowed=join_words(User.Role.values)), "role"
        )
    if unit is None and role_needs_unit(role):
        raise UserCreationError(_("{role}必须属于一个组织").format(role=User.Role(role).label), "unit")
    if User.objects.filter(username=username).exists():
        raise UserCreationError(_("用户名 {username} 已存在").format(username=username), "username")
    user = User(username=username, role=role, unit=unit, first_name=full_name[:150], email=email)
    _check_fields(user)
    try:
        validate_password(password, user=user)
    except ValidationError as exc:
        raise UserCreationError(
            _("密码不符合要求：{reasons}").format(reasons=wording.join_clauses(m.rstrip("。.") for m in exc.messages)),
            "password",
        ) from None
    user.set_password(password)
    with transaction.atomic():
        user.full_clean(exclude=["password"])
        user.save()
    return user


def _check_placement(*, by: User, role: str, unit: OrgUnit | None) -> None:
    """The office may place people only in units it manages, and give only the roles it may give."""
    require_admin(by, "manage users")
    if role not in grantable_roles(by):
        label = User.Role(role).label if role in User.Role.values else role
        raise UserCreationError(_("您不能授予“{role}”角色").format(role=label), "role")
    if unit is not None and not units_for_user_management(by).filter(pk=unit.pk).exists():
        raise deny(by, unit, "place user")


def add_user(
    *, by: User, username: str, password: str, role: str, unit: OrgUnit | None, full_name: str = "",
) -> User:
    """新增用户 by the planning office, within the units it manages (PermissionDenied outside them)."""
    _check_placement(by=by, role=role, unit=unit)
    return create_user(username=username, password=password, role=role, unit=unit, full_name=full_name)


def reassign_user(*, by: User, user: User, role: str, unit: OrgUnit | None) -> User:
    """调整 a person's unit and role, within the office's scope; their history stays with them."""
    _check_placement(by=by, role=role, unit=unit)
    if unit is None and role_needs_unit(role):
        raise UserCreationError(_("{role}必须属于一个组织").format(role=User.Role(role).label), "unit")
    user.role, user.unit = role, unit
    _check_fields(user)
    user.save(update_fields=["role", "unit"])
    return user


def set_user_active(*, by: User, user: User, active: bool) -> User:
    """停用/启用: a deactivated person can no longer log in or use their API tokens; nothing they did is removed."""
    require_admin(by, "manage users")
    if user.pk == by.pk:
        raise UserCreationError(_("不能停用自己的账号"))
    user.is_active = active
    user.save(update_fields=["is_active"])
    return user
