"""Reads of the org tree and users, always through the caller's scope."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, QuerySet

from plantrack.orgs.access import require_admin, units_in_scope
from plantrack.orgs.models import OrgUnit, User


@dataclass
class TreeNode:
    unit: OrgUnit
    user_count: int
    children: list[TreeNode] = field(default_factory=list)


def unit_tree_for_user(user: User) -> list[TreeNode]:
    """The units `user` may read as a forest: a clerk's own subtree, everything for the office and supervisors."""
    units = units_in_scope(user).annotate(user_count=Count("users")).order_by("path")
    nodes: dict[int, TreeNode] = {}
    roots: list[TreeNode] = []
    for unit in units:  # ordered by path, so a parent always comes before its children
        node = TreeNode(unit=unit, user_count=unit.user_count)
        nodes[unit.pk] = node
        parent = nodes.get(unit.parent_id)
        (parent.children if parent else roots).append(node)
    return roots


def users_for_admin(user: User) -> QuerySet[User]:
    """Every user with unit, for the planning office's user list; others are refused (403, logged)."""
    require_admin(user, "list users")
    return User.objects.select_related("unit").order_by("unit__path", "role", "username")
