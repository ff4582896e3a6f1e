"""Org units (the administrative tree and departments) and the people who belong to them."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class OrgUnit(models.Model):
    """组织: 自治区 → 盟市 → 旗县(市、区), plus departments (厅局) hanging under the region.

    `path` is the chain of codes from the root ("150000/150600/150602/"), so "everything in my scope"
    is one indexed prefix query rather than a walk of the tree.
    """

    class Kind(models.TextChoices):
        REGION = "region", _("自治区")
        PREFECTURE = "prefecture", _("盟市")
        COUNTY = "county", _("旗县(市、区)")
        DEPARTMENT = "department", _("厅局")

    code = models.CharField(_("代码"), max_length=32, unique=True)
    name = models.CharField(_("名称"), max_length=100)
    kind = models.CharField(_("类型"), max_length=16, choices=Kind.choices)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    path = models.CharField(max_length=400, db_index=True, editable=False)
    depth = models.PositiveSmallIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["path"]
        verbose_name = _("组织")
        verbose_name_plural = _("组织")

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.path = (self.parent.path if self.parent else "") + f"{self.code}/"
        self.depth = self.parent.depth + 1 if self.parent else 0
        super().save(*args, **kwargs)

    def is_within(self, other: OrgUnit) -> bool:
        """True if this unit is `other` or lies below it."""
        return self.path.startswith(other.path)


class User(AbstractUser):
    """A person using PlanTrack: belongs to one org unit and holds one role there (角色)."""

    class Role(models.TextChoices):
        ADMIN = "admin", _("规划处管理员")
        CLERK = "clerk", _("填报员")
        REVIEWER = "reviewer", _("审核人")
        LEADER = "leader", _("领导")
        SUPERVISOR = "supervisor", _("监督(只读)")

    unit = models.ForeignKey(OrgUnit, null=True, blank=True, on_delete=models.PROTECT, related_name="users")
    role = models.CharField(_("角色"), max_length=16, choices=Role.choices, default=Role.CLERK)

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")


class AccessDenial(models.Model):
    """A refused read or write outside a user's scope, kept for the auditors."""

    user = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    unit = models.ForeignKey(OrgUnit, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    action = models.CharField(max_length=100)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at"]


class LoginFailure(models.Model):
    """A failed login, kept in the database so that throttling holds across several app processes."""

    username = models.CharField(max_length=150)
    ip = models.GenericIPAddressField(null=True, blank=True)
    at = models.DateTimeField(db_index=True)
    # Whether the username belonged to an account when it failed: an address is held to account for guessing
    # names that do not exist all day long, but for typos of real ones only over a short window.
    known_user = models.BooleanField(default=False)

    class Meta:
        indexes = [
            models.Index(fields=["username", "at"], name="loginfailure_user_at"),
            models.Index(fields=["ip", "at"], name="loginfailure_ip_at"),
        ]


class LoginSuccess(models.Model):
    """The last correct login of a username from an address: there, that person is never locked out by the
    address's or the account's failure counts (only by failures of their own username at that address)."""

    username = models.CharField(max_length=150)
    ip = models.GenericIPAddressField()
    at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["username", "ip"], name="loginsuccess_user_ip")]
