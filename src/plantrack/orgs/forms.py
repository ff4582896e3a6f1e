"""Forms of the planning office's user page: a new user, and moving a user to another unit or role."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from plantrack import wording
from plantrack.orgs.access import grantable_roles, units_for_user_management
from plantrack.orgs.models import OrgUnit, User


class _UnitChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: OrgUnit) -> str:
        return f"{'　' * obj.depth}{obj.name}{wording.bracketed(obj.code)}"


class _PlacementForm(forms.Form):
    """Unit and role, offering only the units and roles the office may give."""

    role = forms.ChoiceField(label=_("角色"))
    unit = _UnitChoice(label=_("组织"), queryset=OrgUnit.objects.none(), required=False,
                       empty_label=_("（不属于任何组织：仅限规划处管理员）"))

    def __init__(self, *args, by: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [(r, User.Role(r).label) for r in grantable_roles(by)]
        self.fields["unit"].queryset = units_for_user_management(by).order_by("path")


class NewUserForm(_PlacementForm):
    username = forms.CharField(label=_("用户名"), max_length=150)
    full_name = forms.CharField(label=_("姓名"), max_length=150, required=False)
    password = forms.CharField(label=_("初始密码"), widget=forms.PasswordInput(render_value=False),
                               strip=False, help_text=_("至少10位，不能是常见密码或纯数字，不能与用户名相似。"))
    password_again = forms.CharField(label=_("再次输入密码"), widget=forms.PasswordInput(render_value=False),
                                     strip=False)
    field_order = ["username", "full_name", "role", "unit", "password", "password_again"]

    def clean(self) -> dict:
        cleaned = super().clean()
        if cleaned.get("password") and cleaned.get("password") != cleaned.get("password_again"):
            self.add_error("password_again", _("两次输入的密码不一致"))
        return cleaned


class PlacementForm(_PlacementForm):
    """调整: another unit or role for an existing user."""
