"""The main navigation: each domain app contributes its entries here, in one place; and what the person's role
lets them do (`can`), so pages show only the links and buttons that will not end in a 403."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from plantrack.orgs.access import Abilities, abilities


@dataclass(frozen=True)
class NavItem:
    key: str
    label: str
    url: str
    active: bool


# (key, label, url name); the first URL segment decides which entry is active.
MAIN_NAV = [
    ("home", _("首页"), "home"),
    ("dashboard", _("监测看板"), "dashboard"),
    ("plans", _("规划"), "plans:index"),
    ("indicators", _("指标"), "indicators:index"),
    ("reporting", _("数据填报"), "reporting:index"),
    ("assessment", _("预警"), "assessment:warnings"),
    ("orgs", _("组织与用户"), "orgs:index"),
]


def main_nav(request: HttpRequest) -> dict[str, list[NavItem] | Abilities]:
    """Template context processor: the navigation entries with the current one marked, and the role's abilities."""
    first = request.path.strip("/").split("/")[0] or "home"
    return {
        # A request that failed before the auth middleware (a 500 page) has no user: it may do nothing.
        "can": abilities(getattr(request, "user", None) or AnonymousUser()),
        "main_nav": [
            NavItem(key=key, label=str(label), url=reverse(name), active=(key == first))
            for key, label, name in MAIN_NAV
        ]
    }
