"""The main navigation: each domain app contributes its entries here, in one place; and what the person's role
lets them do (`can`), so pages show only the links and buttons that will not end in a 403."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from plantrack.clock import today
from plantrack.orgs.access import abilities
from plantrack.reports.access import can_read_reports


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
    ("tasks", _("任务督办"), "tasks:index"),
    ("projects", _("重大项目"), "projects:index"),
    ("assessment", _("预警"), "assessment:warnings"),
    ("orgs", _("组织与用户"), "orgs:index"),
]
# Entries only some roles may open, each with the access rule that decides it, and the entry it follows.
RESTRICTED_NAV = [
    ("reports", _("评估报告"), "reports:index", can_read_reports, "assessment"),
]


def main_nav(request: HttpRequest) -> dict[str, object]:
    """Template context processor: the navigation entries with the current one marked, and the role's abilities."""
    first = request.path.strip("/").split("/")[0] or "home"
    # A request that failed before the auth middleware (a 500 page) has no user: it may do nothing.
    user = getattr(request, "user", None) or AnonymousUser()
    entries = list(MAIN_NAV)
    for key, label, name, may_open, after in RESTRICTED_NAV:
        if may_open(user):
            at = next((i + 1 for i, entry in enumerate(entries) if entry[0] == after), len(entries))
            entries.insert(at, (key, label, name))
    return {
        # A fixed "today" (a demo, a replay, a test) is said on every page, so nobody takes it for the real date.
        "fixed_today": today() if getattr(settings, "PLANTRACK_TODAY", "") else None,
        "can": abilities(user),
        "main_nav": [
            NavItem(key=key, label=str(label), url=reverse(name), active=(key == first))
            for key, label, name in entries
        ],
    }
