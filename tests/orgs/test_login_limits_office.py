"""The login limits for an office behind one address (NAT or a proxy) and for guessing spread over many addresses:
colleagues' typos over a day never lock the office, whoever has logged in there before is not locked out by
others, guessing names that do not exist still locks the address, and one account guessed from many addresses is
slowed. Each address here is a distinct REMOTE_ADDR."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse

from plantrack.orgs.models import LoginFailure, LoginSuccess

LOCKED = "登录失败次数过多，已暂时锁定"
OFFICE = "10.20.0.1"  # the whole planning office, as the site sees it


def attempt(client, username: str, password: str, ip: str = OFFICE):
    client.logout()
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ip)


def logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def age_failures(minutes: int) -> None:
    for failure in LoginFailure.objects.all():
        failure.at -= timedelta(minutes=minutes)
        failure.save(update_fields=["at"])


@pytest.fixture
def limits(settings):
    settings.PLANTRACK_LOGIN_MAX_FAILURES = 5
    settings.PLANTRACK_LOGIN_MAX_FAILURES_PER_IP = 20
    settings.PLANTRACK_LOGIN_MAX_FAILURES_PER_ACCOUNT = 20
    settings.PLANTRACK_LOGIN_ADDRESS_WINDOW_MINUTES = 15
    settings.PLANTRACK_LOGIN_WINDOW_MINUTES = 15
    settings.PLANTRACK_LOGIN_MEMORY_HOURS = 24
    settings.PLANTRACK_LOGIN_TRUST_DAYS = 90


@pytest.mark.django_db
class TestAnOfficeBehindOneAddress:
    def test_a_day_of_colleagues_typos_does_not_lock_the_office(self, client, people, password, limits):
        colleagues = ["ordos_clerk", "ordos_reviewer", "baotou_clerk", "npc_supervisor", "region_leader"]
        for _hour in range(4):  # 20 mistyped passwords of real accounts over four hours, four per person
            for name in colleagues:
                attempt(client, name, "mistyped-password")
            age_failures(60)
        assert LoginFailure.objects.filter(ip=OFFICE).count() == 20
        # Someone who has never logged in from here before gets in, and so does each colleague.
        assert attempt(client, "planning_admin", password).status_code == 302 and logged_in(client)
        for name in colleagues:
            assert attempt(client, name, password).status_code == 302, name

    def test_a_burst_of_failures_locks_the_address_for_a_short_while(self, client, people, password, limits):
        for i in range(20):
            attempt(client, ["ordos_clerk", "baotou_clerk", "ordos_reviewer", "region_leader"][i % 4], "wrong-pw")
        assert LOCKED in attempt(client, "planning_admin", password).content.decode()
        age_failures(16)  # the burst leaves the address window, and the first lock is over
        assert attempt(client, "planning_admin", password).status_code == 302

    def test_names_that_do_not_exist_still_lock_the_address(self, client, people, password, limits):
        for i in range(15):
            attempt(client, f"guess{i}", "whatever-1")
        age_failures(120)  # hours later: guessing names counts over the whole memory, not the short window
        for i in range(15, 20):
            attempt(client, f"guess{i}", "whatever-1")
        assert LoginFailure.objects.filter(known_user=False).count() == 20
        assert LOCKED in attempt(client, "planning_admin", password).content.decode()

    def test_who_has_logged_in_here_before_is_not_locked_out_by_others(self, client, people, password, limits):
        assert attempt(client, "ordos_clerk", password).status_code == 302
        for i in range(25):
            attempt(client, f"guess{i}", "whatever-1")
        assert LOCKED in attempt(client, "baotou_clerk", password).content.decode()
        response = attempt(client, "ordos_clerk", password)
        assert response.status_code == 302 and logged_in(client)

    def test_a_correct_login_clears_that_persons_failures_at_the_address(self, client, people, password, limits):
        for _ in range(4):
            attempt(client, "ordos_clerk", "mistyped-password")
        assert attempt(client, "ordos_clerk", password).status_code == 302
        assert not LoginFailure.objects.filter(username="ordos_clerk").exists()
        assert LoginSuccess.objects.filter(username="ordos_clerk", ip=OFFICE).exists()

    def test_their_own_username_still_locks_at_a_known_address(self, client, people, password, limits):
        assert attempt(client, "ordos_clerk", password).status_code == 302
        for _ in range(5):
            attempt(client, "ordos_clerk", "wrong-password")
        assert LOCKED in attempt(client, "ordos_clerk", password).content.decode()


@pytest.mark.django_db
class TestOneAccountFromManyAddresses:
    def test_guesses_from_many_addresses_are_slowed(self, client, people, password, limits):
        for i in range(20):
            response = attempt(client, "planning_admin", f"guess-{i}", ip=f"198.51.100.{i + 1}")
            assert LOCKED not in response.content.decode()
        # The twenty-first address has never failed, yet the account is locked there — even the right password.
        response = attempt(client, "planning_admin", password, ip="198.51.100.200")
        assert LOCKED in response.content.decode() and not logged_in(client)
        assert "请 15 分钟后再试" in response.content.decode()

    def test_the_owner_at_their_usual_address_still_gets_in(self, client, people, password, limits):
        assert attempt(client, "planning_admin", password).status_code == 302
        for i in range(40):
            attempt(client, "planning_admin", f"guess-{i}", ip=f"198.51.100.{i + 1}")
        assert LOCKED in attempt(client, "planning_admin", password, ip="203.0.113.50").content.decode()
        assert attempt(client, "planning_admin", password).status_code == 302 and logged_in(client)

    def test_the_account_lock_lifts_and_doubles(self, client, people, password, limits):
        for i in range(20):
            attempt(client, "planning_admin", f"guess-{i}", ip=f"198.51.100.{i + 1}")
        age_failures(16)
        for i in range(20):
            attempt(client, "planning_admin", f"guess-{i}", ip=f"192.0.2.{i + 1}")
        assert "请 30 分钟后再试" in attempt(client, "planning_admin", password, ip="203.0.113.7").content.decode()
