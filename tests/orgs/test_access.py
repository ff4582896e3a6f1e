"""Who may do what, decided in one place: superusers count as the office, pages and the API fetch through the
access helpers (404 for nothing, 403 for out of scope), a closed round takes figures only from the office, and
nobody approves a figure they submitted themselves."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client

from api.world import PASSWORD, ApiClient, build_world, put_value
from plantrack.api.tokens import create_api_token
from plantrack.orgs.models import AccessDenial, User
from plantrack.reporting.inputs import ValueInput
from plantrack.reporting.models import Channel, DataValue
from plantrack.reporting.services import OwnSubmission, approve_values, enter_values

pytestmark = pytest.mark.django_db
SRC = Path(__file__).resolve().parents[2] / "src" / "plantrack"


def login(username: str) -> Client:
    client = Client()
    assert client.login(username=username, password=PASSWORD)
    return client


def submit(world, user, indicator, unit, value: str) -> DataValue:
    enter_values(
        user=user, plan=world.plan, channel=Channel.API, round=world.round, submit=True,
        inputs=[ValueInput(indicator_code=indicator.code, unit_code=unit.code, period=world.round.period,
                           value=value, where="第1行")],
    )
    return DataValue.objects.get(indicator=indicator, unit=unit, period=world.round.period)


class TestRolesAreReadOnlyInAccess:
    def test_no_role_or_superuser_check_outside_access(self):
        offenders = []
        for path in SRC.rglob("*"):
            if path.suffix not in {".py", ".html"} or "migrations" in path.parts or path.name == "access.py":
                continue
            text = path.read_text(encoding="utf-8")
            if re.search(r"is_superuser|\.role\s*==|\.role\s+in\b|role\s*==\s*\"", text):
                offenders.append(str(path.relative_to(SRC)))
        assert offenders == []


class TestSuperuserCountsAsTheOffice:
    def test_a_superuser_with_a_clerk_role_enters_and_reviews_anywhere(self):
        world = build_world()
        root = User.objects.create_user(username="root", password=PASSWORD, role=User.Role.LEADER,
                                        unit=world.ordos, is_superuser=True)
        value = submit(world, root, world.gdp, world.baotou, "2800")
        assert value.state == DataValue.State.SUBMITTED
        reviewer = User.objects.create_user(username="root2", password=PASSWORD, role=User.Role.CLERK,
                                            unit=world.ordos, is_superuser=True)
        assert approve_values(user=reviewer, value_ids=[value.pk]) == 1
        assert login("root2").get("/reporting/review/").status_code == 200


class TestFetchingThroughAccess:
    def test_unknown_value_is_404_and_another_scope_is_403(self):
        world = build_world()
        baotou = put_value(world, indicator=world.gdp, unit=world.baotou, period="2026M10", value="1")
        clerk = login("ordos_clerk")
        assert clerk.get(f"/reporting/values/{baotou.pk + 1000}/history/").status_code == 404
        assert clerk.get(f"/reporting/values/{baotou.pk}/history/").status_code == 403
        assert AccessDenial.objects.filter(user=world.ordos_clerk, unit=world.baotou, action="read").exists()

    def test_an_id_beyond_64_bits_is_404_not_500(self):
        world = build_world()
        api = ApiClient(create_api_token(user=world.ordos_clerk)[1])
        assert api.get(f"/api/values/{2**70}").status_code in (404, 422)
        assert login("admin").get(f"/reporting/rounds/{2**70}/completeness/").status_code == 404

    def test_api_refuses_another_units_value(self):
        world = build_world()
        baotou = put_value(world, indicator=world.gdp, unit=world.baotou, period="2026M10", value="1")
        api = ApiClient(create_api_token(user=world.ordos_clerk)[1])
        assert api.get(f"/api/values/{baotou.pk}").status_code == 403
        assert api.get(f"/api/values/{baotou.pk}/history").status_code == 403
        assert api.get("/api/values", unit="150200", period="2026M10").status_code == 403
        assert api.get("/api/values", unit="999999", period="2026M10").status_code == 404


class TestClosedRound:
    def test_clerk_may_not_enter_in_a_closed_round_but_the_office_may(self):
        world = build_world()
        world.round.is_open = False
        world.round.save(update_fields=["is_open"])
        url = f"/reporting/form/{world.round.pk}/{world.ordos.code}/"
        post = {"action": "save", f"i{world.gdp.pk}-value": "3300", f"i{world.gdp.pk}-revision": "0"}
        clerk = login("ordos_clerk")
        assert "保存草稿" not in clerk.get(url).content.decode()
        response = clerk.post(url, post)
        assert response.status_code == 400 and "已关闭" in response.content.decode()
        assert not DataValue.objects.exists()
        admin = login("admin")
        assert "保存草稿" in admin.get(url).content.decode()
        assert admin.post(url, post).status_code == 302
        assert DataValue.objects.get().value == 3300


class TestFourEyes:
    def test_the_office_may_not_approve_what_it_submitted(self):
        world = build_world()
        value = submit(world, world.admin, world.gdp, world.ordos, "3300")
        with pytest.raises(OwnSubmission):
            approve_values(user=world.admin, value_ids=[value.pk])
        assert DataValue.objects.get(pk=value.pk).state == DataValue.State.SUBMITTED
        assert AccessDenial.objects.filter(user=world.admin, action="approve own submission").exists()
        assert approve_values(user=world.ordos_reviewer, value_ids=[value.pk]) == 1

    def test_the_review_page_says_why_and_changes_nothing(self):
        world = build_world()
        value = submit(world, world.admin, world.gdp, world.ordos, "3300")
        admin = login("admin")
        response = admin.post("/reporting/review/", {"action": "approve", "value": [value.pk],
                                                     f"rev-{value.pk}": value.revision})
        assert "不能审核本人提交的数据" in admin.get(response["Location"]).content.decode()
        assert DataValue.objects.get(pk=value.pk).state == DataValue.State.SUBMITTED

    def test_the_review_page_offers_no_checkbox_for_ones_own_submission(self):
        world = build_world()
        own = submit(world, world.admin, world.gdp, world.ordos, "3300")
        other = submit(world, world.ordos_clerk, world.jobs, world.ordos, "1.2")
        html = login("admin").get("/reporting/review/").content.decode()
        own_row = html[html.index(f'id="value-{own.pk}"'):]
        own_row = own_row[: own_row.index("</tr>")]
        assert "本人提交，需他人审核" in own_row and 'name="value"' not in own_row
        assert f'name="value" value="{other.pk}"' in html

    def test_the_api_answers_403(self):
        world = build_world()
        value = submit(world, world.admin, world.gdp, world.ordos, "3300")
        api = ApiClient(create_api_token(user=world.admin)[1])
        response = api.post("/api/values/approve", {"value_ids": [value.pk]})
        assert response.status_code == 403
        assert DataValue.objects.get(pk=value.pk).state == DataValue.State.SUBMITTED

    def test_a_value_someone_else_resubmitted_may_be_approved(self):
        world = build_world()
        value = submit(world, world.admin, world.gdp, world.ordos, "3300")
        value = submit(world, world.ordos_clerk, world.gdp, world.ordos, "3400")
        assert approve_values(user=world.admin, value_ids=[value.pk]) == 1

    def test_the_setting_turns_it_off(self, settings):
        settings.PLANTRACK_SEPARATE_SUBMIT_AND_APPROVE = False
        world = build_world()
        value = submit(world, world.admin, world.gdp, world.ordos, "3300")
        assert approve_values(user=world.admin, value_ids=[value.pk]) == 1


class TestActionsShownByRole:
    @pytest.mark.parametrize("username", ["supervisor", "leader"])
    def test_readers_see_no_upload_or_review_links_and_uploads_are_refused(self, username):
        world = build_world()
        User.objects.create_user(username="leader", password=PASSWORD, role=User.Role.LEADER, unit=world.region)
        client = login(username)
        html = client.get("/reporting/").content.decode()
        for link in ("/reporting/template/upload/", "/reporting/bulk/", "/reporting/review/"):
            assert link not in html
        assert client.get("/reporting/bulk/").status_code == 403
        assert client.post("/reporting/template/upload/", {}).status_code == 403

    def test_a_clerk_sees_the_upload_links(self):
        build_world()
        html = login("ordos_clerk").get("/reporting/").content.decode()
        assert "/reporting/template/upload/" in html and "/reporting/bulk/" in html
        assert "/reporting/review/" not in html


class TestWhoMayDoWhat:
    """The rules as a table: role × (read, enter, review) for a unit inside and outside the person's subtree."""

    @pytest.mark.parametrize("role, own, other", [
        # (read, enter, review) in 鄂尔多斯市 (the person's unit) and in 包头市 (a sibling 盟市)
        ("admin", (True, True, True), (True, True, True)),
        ("clerk", (True, True, False), (False, False, False)),
        ("reviewer", (True, False, True), (False, False, False)),
        ("leader", (True, False, False), (True, False, False)),
        ("supervisor", (True, False, False), (True, False, False)),
    ])
    def test_the_table(self, role, own, other):
        from plantrack.orgs.access import can_enter_values, can_read_unit, can_review_values

        world = build_world()
        person = User.objects.create_user(username=f"p_{role}", password=PASSWORD, role=role, unit=world.ordos)
        for unit, expected in ((world.dongsheng, own), (world.baotou, other)):
            got = (can_read_unit(person, unit), can_enter_values(person, unit), can_review_values(person, unit))
            assert got == expected, (role, unit.name)

    def test_an_anonymous_visitor_may_do_nothing(self):
        from django.contrib.auth.models import AnonymousUser

        from plantrack.orgs.access import abilities, can_read_unit, units_in_scope

        world = build_world()
        assert not can_read_unit(AnonymousUser(), world.ordos) and not units_in_scope(AnonymousUser()).exists()
        assert abilities(AnonymousUser()) == abilities(AnonymousUser()).__class__(False, False, False)
