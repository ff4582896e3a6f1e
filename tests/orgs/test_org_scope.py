"""Who sees which units: the org tree page, the user list, and the scope checks in orgs/access.py."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import PermissionDenied

from plantrack.orgs import access
from plantrack.orgs.models import AccessDenial


def codes_on(page: str) -> set[str]:
    return set(re.findall(r'data-code="([^"]+)"', page))


@pytest.mark.django_db
class TestOrgTreePage:
    def test_the_admin_sees_the_whole_tree(self, client, people, tree):
        client.force_login(people.admin)
        page = client.get("/orgs/").content.decode()
        assert codes_on(page) == set(tree)
        assert "用户列表" in page

    def test_a_clerk_of_ordos_sees_only_ordos_and_its_counties(self, client, people, tree):
        client.force_login(people.ordos_clerk)
        page = client.get("/orgs/").content.decode()
        assert codes_on(page) == {c for c, u in tree.items() if u.path.startswith("150000/150600/")}
        assert "东胜区" in page and "包头市" not in page and "东河区" not in page
        assert "用户列表" not in page

    def test_a_clerk_of_baotou_sees_nothing_of_ordos(self, client, people, tree):
        client.force_login(people.baotou_clerk)
        page = client.get("/orgs/").content.decode()
        assert "150602" in tree and "150600" not in codes_on(page)
        assert not [c for c in codes_on(page) if c.startswith("1506")]
        assert "鄂尔多斯" not in page and "东胜区" not in page
        assert "东河区" in page

    def test_the_supervisor_reads_everything(self, client, people, tree):
        client.force_login(people.supervisor)
        assert codes_on(client.get("/orgs/").content.decode()) == set(tree)

    def test_anonymous_is_sent_to_login(self, client, db):
        response = client.get("/orgs/")
        assert response.status_code == 302 and response.url.startswith("/login/")


@pytest.mark.django_db
class TestUserList:
    def test_the_admin_lists_every_user(self, client, people):
        client.force_login(people.admin)
        page = client.get("/orgs/users/").content.decode()
        for name in ("planning_admin", "ordos_clerk", "baotou_clerk", "npc_supervisor"):
            assert name in page

    @pytest.mark.parametrize("who", ["ordos_clerk", "baotou_clerk", "supervisor", "leader", "ordos_reviewer"])
    def test_everyone_else_is_refused_and_logged(self, client, people, who):
        user = getattr(people, who)
        client.force_login(user)
        assert client.get("/orgs/users/").status_code == 403
        assert AccessDenial.objects.filter(user=user, action="list users").count() == 1


@pytest.mark.django_db
class TestScopeRules:
    def test_reads(self, people, tree):
        ordos, baotou, dongsheng = tree["150600"], tree["150200"], tree["150602"]
        assert access.can_read_unit(people.ordos_clerk, dongsheng)
        assert not access.can_read_unit(people.ordos_clerk, baotou)
        assert not access.can_read_unit(people.ordos_clerk, tree["150000"])
        assert not access.can_read_unit(people.baotou_clerk, ordos)
        assert access.can_read_unit(people.supervisor, ordos) and access.can_read_unit(people.leader, baotou)
        assert set(access.units_in_scope(people.baotou_clerk).values_list("code", flat=True)) == {
            c for c in tree if c.startswith("1502")
        }

    def test_writes_and_reviews(self, people, tree):
        ordos, baotou = tree["150600"], tree["150200"]
        assert access.can_enter_values(people.ordos_clerk, ordos)
        assert not access.can_enter_values(people.ordos_clerk, baotou)
        assert not access.can_enter_values(people.ordos_reviewer, ordos)
        assert not access.can_enter_values(people.supervisor, ordos)
        assert not access.can_enter_values(people.leader, ordos)
        assert access.can_enter_values(people.admin, baotou)
        assert access.can_review_values(people.ordos_reviewer, ordos)
        assert not access.can_review_values(people.ordos_reviewer, baotou)
        assert not access.can_review_values(people.ordos_clerk, ordos)

    def test_a_unit_outside_the_scope_is_refused_by_code_and_logged(self, people, tree):
        assert access.access_unit_by_code(people.ordos_clerk, "150602") == tree["150602"]
        with pytest.raises(PermissionDenied):
            access.access_unit_by_code(people.baotou_clerk, "150600")
        denial = AccessDenial.objects.get()
        assert (denial.user, denial.unit.code, denial.action) == (people.baotou_clerk, "150600", "read")
