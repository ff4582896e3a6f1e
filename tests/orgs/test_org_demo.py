"""The demo org tree and users: loads once, changes nothing the second time, and its printed logins work."""

from __future__ import annotations

import re
from io import StringIO

import pytest

from plantrack.orgs import demo
from plantrack.orgs.models import OrgUnit, User


@pytest.mark.django_db
def test_demo_loads_tree_and_one_login_per_role_idempotently(client):
    lines = demo.load(StringIO())
    state = list(User.objects.order_by("pk").values_list("username", "role", "unit__code", "password"))
    units = list(OrgUnit.objects.values_list("code", "name", "path"))
    again = demo.load(StringIO())
    assert lines[0] == "org units: 12 盟市, 103 旗县, 16 厅局 (132 new)"
    assert again[0] == "org units: 12 盟市, 103 旗县, 16 厅局 (0 new)" and again[1:] == lines[1:]
    assert list(User.objects.order_by("pk").values_list("username", "role", "unit__code", "password")) == state
    assert list(OrgUnit.objects.values_list("code", "name", "path")) == units

    assert {role for _u, role, _c, _p in state} == set(User.Role.values)
    assert User.objects.get(username="ordos_clerk").unit.name == "鄂尔多斯市"
    assert User.objects.get(username="baotou_clerk").unit.name == "包头市"
    # Every 盟市 has at least one clerk.
    assert OrgUnit.objects.filter(kind="prefecture").exclude(users__role="clerk").count() == 0
    # The printed password of each named login works.
    printed = dict(re.findall(r"^\s+(\w+?)(?:<code>)?\s+(\S+)\s", "\n".join(lines), re.M))
    for username in ("planning_admin", "ordos_clerk", "ordos_reviewer", "baotou_clerk", "npc_supervisor"):
        assert client.login(username=username, password=printed[username]), username
        client.logout()
    assert client.login(username="clerk_150100", password=printed["clerk_"])
