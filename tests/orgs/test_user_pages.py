"""The planning office's user page: add users (password rules apply), move them to another unit or role,
deactivate and reactivate them, all within the units the office manages; nobody else may."""

from __future__ import annotations

import pytest
from django.test import Client

from api.world import PASSWORD, build_world
from plantrack.orgs.models import AccessDenial, User

pytestmark = pytest.mark.django_db
GOOD_PASSWORD = "Xilin-Gol-Grass-2026"


@pytest.fixture
def world():
    w = build_world()
    w.ordos_office = User.objects.create_user(username="ordos_office", password=PASSWORD, role=User.Role.ADMIN,
                                              unit=w.ordos)
    return w


def login(username: str) -> Client:
    client = Client()
    assert client.login(username=username, password=PASSWORD)
    return client


def new_user(client: Client, unit, **fields):
    data = {"username": "dongsheng_clerk", "full_name": "东胜区填报员", "role": "clerk", "unit": unit.pk,
            "password": GOOD_PASSWORD, "password_again": GOOD_PASSWORD}
    data.update(fields)
    return client.post("/orgs/users/new/", data)


class TestAddingUsers:
    def test_the_office_adds_a_clerk_who_can_then_log_in(self, world):
        response = new_user(login("admin"), world.dongsheng)
        assert response.status_code == 302 and response["Location"] == "/orgs/users/"
        person = User.objects.get(username="dongsheng_clerk")
        assert (person.role, person.unit, person.first_name) == ("clerk", world.dongsheng, "东胜区填报员")
        assert Client().login(username="dongsheng_clerk", password=GOOD_PASSWORD)

    @pytest.mark.parametrize("password, reason", [("short1!", "太短"), ("12345678901234", "只包含数字"),
                                                  ("password1234", "太常见")])
    def test_a_weak_password_is_refused_with_the_reason(self, world, password, reason):
        response = new_user(login("admin"), world.dongsheng, password=password, password_again=password)
        assert response.status_code == 400 and reason in response.content.decode()
        assert not User.objects.filter(username="dongsheng_clerk").exists()

    def test_the_two_passwords_must_agree(self, world):
        response = new_user(login("admin"), world.dongsheng, password_again=GOOD_PASSWORD + "x")
        assert response.status_code == 400 and "两次输入的密码不一致" in response.content.decode()

    def test_an_invalid_or_taken_username_is_a_clear_error(self, world):
        response = new_user(login("admin"), world.dongsheng, username="东胜 填报员!")
        assert response.status_code == 400 and "用户名" in response.content.decode()
        response = new_user(login("admin"), world.dongsheng, username="ordos_clerk")
        assert response.status_code == 400 and "用户名 ordos_clerk 已存在" in response.content.decode()

    def test_a_prefecture_office_places_people_only_in_its_own_subtree(self, world):
        office = login("ordos_office")
        form = office.get("/orgs/users/new/").content.decode()
        assert "东胜区" in form and "包头市" not in form
        assert 'value="admin"' not in form  # the office role reaches everywhere: only the region's office gives it
        assert new_user(office, world.baotou).status_code == 400
        assert new_user(office, world.dongsheng, role="admin").status_code == 400
        assert not User.objects.filter(username="dongsheng_clerk").exists()
        assert new_user(office, world.dongsheng).status_code == 302


class TestChangingUsers:
    def test_deactivating_stops_the_login_and_reactivating_restores_it(self, world):
        admin = login("admin")
        person = world.baotou_clerk
        assert admin.post(f"/orgs/users/{person.pk}/active/", {"active": "0"}).status_code == 302
        assert not Client().login(username="baotou_clerk", password=PASSWORD)
        admin.post(f"/orgs/users/{person.pk}/active/", {"active": "1"})
        assert Client().login(username="baotou_clerk", password=PASSWORD)

    def test_moving_a_user_to_another_unit_and_role(self, world):
        admin = login("admin")
        response = admin.post(f"/orgs/users/{world.baotou_clerk.pk}/", {"role": "reviewer", "unit": world.ordos.pk})
        assert response.status_code == 302
        world.baotou_clerk.refresh_from_db()
        assert (world.baotou_clerk.role, world.baotou_clerk.unit) == ("reviewer", world.ordos)

    def test_a_clerk_must_keep_a_unit(self, world):
        response = login("admin").post(f"/orgs/users/{world.baotou_clerk.pk}/", {"role": "clerk", "unit": ""})
        assert response.status_code == 400 and "必须属于一个组织" in response.content.decode()

    def test_a_prefecture_office_may_not_touch_another_prefectures_people(self, world):
        office = login("ordos_office")
        assert office.post(f"/orgs/users/{world.baotou_clerk.pk}/active/", {"active": "0"}).status_code == 403
        assert office.get(f"/orgs/users/{world.baotou_clerk.pk}/").status_code == 403
        world.baotou_clerk.refresh_from_db()
        assert world.baotou_clerk.is_active
        assert AccessDenial.objects.filter(user=world.ordos_office, action="manage user").exists()
        assert office.get(f"/orgs/users/{world.ordos_clerk.pk}/").status_code == 200

    def test_nobody_deactivates_themselves_or_a_superuser(self, world):
        root = User.objects.create_superuser(username="root", password=PASSWORD)
        admin = login("admin")
        assert admin.post(f"/orgs/users/{world.admin.pk}/active/", {"active": "0"}).status_code == 403
        assert admin.post(f"/orgs/users/{root.pk}/active/", {"active": "0"}).status_code == 403
        assert User.objects.get(pk=world.admin.pk).is_active and User.objects.get(pk=root.pk).is_active


class TestOnlyTheOffice:
    @pytest.mark.parametrize("username", ["ordos_clerk", "ordos_reviewer", "supervisor"])
    def test_others_are_refused(self, world, username):
        client = login(username)
        assert client.get("/orgs/users/new/").status_code == 403
        assert new_user(client, world.dongsheng).status_code == 403
        assert client.post(f"/orgs/users/{world.baotou_clerk.pk}/active/", {"active": "0"}).status_code == 403
        assert not User.objects.filter(username="dongsheng_clerk").exists()

    def test_the_user_list_offers_the_actions(self, world):
        html = login("admin").get("/orgs/users/").content.decode()
        assert 'href="/orgs/users/new/"' in html and f'href="/orgs/users/{world.baotou_clerk.pk}/"' in html
