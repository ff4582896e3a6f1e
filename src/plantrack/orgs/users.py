"""Creating PlanTrack users (用户) with a role and a unit; every password goes through Django's validators."""

from __future__ import annotations

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from plantrack.core.control_chars import first_control_character
from plantrack.orgs.models import OrgUnit, User


class UserCreationError(Exception):
    """The user was not created; the message says why (taken username, weak password, unknown role)."""


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
        raise UserCreationError(_("用户名不能为空"))
    for label, text in ((_("用户名"), username), (_("姓名"), full_name), (_("电子邮件"), email)):
        bad = first_control_character(text)
        if bad is not None:
            raise UserCreationError(_("{label}的第{pos}个字符是控制字符{char}，请删除后重试").format(
                label=label, pos=bad[0] + 1, char=bad[1]))
    if role not in User.Role.values:
        raise UserCreationError(
            _("角色 “{role}” 不存在（可用 {allowed}）").format(role=role, allowed="、".join(User.Role.values))
        )
    if unit is None and role != User.Role.ADMIN:
        raise UserCreationError(_("{role}必须属于一个组织").format(role=User.Role(role).label))
    if User.objects.filter(username=username).exists():
        raise UserCreationError(_("用户名 {username} 已存在").format(username=username))
    user = User(username=username, role=role, unit=unit, first_name=full_name[:150], email=email)
    try:
        validate_password(password, user=user)
    except ValidationError as exc:
        raise UserCreationError(
            _("密码不符合要求：{reasons}").format(reasons="；".join(m.rstrip("。.") for m in exc.messages))
        ) from None
    try:
        user.full_clean(exclude=["password"])
    except ValidationError as exc:
        raise UserCreationError(_("用户信息不符合要求：{reasons}").format(reasons=_validation_reasons(exc))) from None
    user.set_password(password)
    with transaction.atomic():
        user.save()
    return user


def _validation_reasons(exc: ValidationError) -> str:
    """The field errors of a failed full_clean as one line: "用户名：…；电子邮件：…"."""
    if not hasattr(exc, "error_dict"):
        return "；".join(m.rstrip("。.") for m in exc.messages)
    parts = []
    for name, errors in exc.error_dict.items():
        label = User._meta.get_field(name).verbose_name if name != "__all__" else ""
        for error in errors:
            text = "；".join(m.rstrip("。.") for m in error.messages)
            parts.append(f"{label}：{text}" if label else text)
    return "；".join(parts)
