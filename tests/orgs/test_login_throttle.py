"""Login throttling: repeated failures lock a username at one address (and, with more, the address), each lock
twice as long as the one before; nobody can lock an account out from another address."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse

from plantrack.orgs.models import LoginFailure

LOCKED = "登录失败次数过多，已暂时锁定"


def attempt(client, username: str, password: str, ip: str = "10.0.0.1"):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ip)


def logged_in(client) -> bool:
    return "_auth_user_id" in client.session


@pytest.fixture
def limits(settings):
    settings.PLANTRACK_LOGIN_MAX_FAILURES = 5
    settings.PLANTRACK_LOGIN_MAX_FAILURES_PER_IP = 8
    settings.PLANTRACK_LOGIN_WINDOW_MINUTES = 15
    settings.PLANTRACK_LOGIN_MEMORY_HOURS = 24


def age_failures(minutes: int) -> None:
    """Move every recorded failure `minutes` into the past, as if that much time had gone by."""
    for failure in LoginFailure.objects.all():
        failure.at -= timedelta(minutes=minutes)
        failure.save(update_fields=["at"])


@pytest.mark.django_db
class TestLoginThrottle:
    def test_the_login_page_keeps_its_url_and_template(self, client):
        response = client.get(reverse("login"))
        assert reverse("login") == "/login/"
        assert "registration/login.html" in [t.name for t in response.templates]

    def test_a_correct_password_logs_in(self, client, people, password, limits):
        response = attempt(client, "ordos_clerk", password)
        assert response.status_code == 302 and logged_in(client)

    def test_after_five_failures_even_the_right_password_is_refused(self, client, people, password, limits):
        for _ in range(5):
            page = attempt(client, "ordos_clerk", "wrong-password").content.decode()
            assert LOCKED not in page
        page = attempt(client, "ordos_clerk", password).content.decode()
        assert LOCKED in page and "请 15 分钟后再试" in page
        assert not logged_in(client)
        # A refused attempt is not counted, so the lock does not grow.
        assert LoginFailure.objects.filter(username="ordos_clerk").count() == 5

    def test_the_lock_is_per_username(self, client, people, password, limits):
        for _ in range(5):
            attempt(client, "ordos_clerk", "wrong-password")
        assert attempt(client, "baotou_clerk", password).status_code == 302

    def test_the_lock_lifts_when_the_failures_leave_the_window(self, client, people, password, limits):
        for _ in range(5):
            attempt(client, "ordos_clerk", "wrong-password")
        LoginFailure.objects.update(at=LoginFailure.objects.first().at - timedelta(minutes=16))
        assert attempt(client, "ordos_clerk", password).status_code == 302 and logged_in(client)

    def test_the_wait_shown_counts_down_from_the_oldest_failure(self, client, people, password, limits):
        for _ in range(5):
            attempt(client, "ordos_clerk", "wrong-password")
        LoginFailure.objects.update(at=LoginFailure.objects.first().at - timedelta(minutes=10))
        assert "请 5 分钟后再试" in attempt(client, "ordos_clerk", password).content.decode()

    def test_a_success_clears_the_failures(self, client, people, password, limits):
        for _ in range(4):
            attempt(client, "ordos_clerk", "wrong-password")
        assert attempt(client, "ordos_clerk", password).status_code == 302
        client.logout()
        for _ in range(4):
            attempt(client, "ordos_clerk", "wrong-password")
        assert attempt(client, "ordos_clerk", password).status_code == 302

    def test_usernames_are_counted_case_insensitively(self, client, people, password, limits):
        for name in ("Ordos_Clerk", "ORDOS_CLERK", "ordos_clerk ", "ordos_clerk", "oRdos_clerk"):
            attempt(client, name, "wrong-password")
        assert LOCKED in attempt(client, "ordos_clerk", password).content.decode()

    def test_many_failures_from_one_address_lock_that_address_only(self, client, people, password, limits):
        for i in range(8):
            attempt(client, f"guess{i}", "wrong-password", ip="203.0.113.9")
        assert LOCKED in attempt(client, "baotou_clerk", password, ip="203.0.113.9").content.decode()
        assert attempt(client, "baotou_clerk", password, ip="198.51.100.7").status_code == 302

    def test_unknown_usernames_count_too(self, client, db, limits):
        for _ in range(5):
            attempt(client, "nobody", "whatever-it-is")
        assert LOCKED in attempt(client, "nobody", "whatever-it-is").content.decode()

    def test_a_guesser_at_another_address_cannot_lock_the_owner_out(self, client, people, password, limits):
        for _ in range(7):
            attempt(client, "ordos_clerk", "wrong-password", ip="203.0.113.9")
        assert LOCKED in attempt(client, "ordos_clerk", password, ip="203.0.113.9").content.decode()
        assert attempt(client, "ordos_clerk", password, ip="10.0.0.1").status_code == 302 and logged_in(client)

    def test_each_lock_lasts_twice_as_long_as_the_one_before(self, client, people, password, limits, settings):
        settings.PLANTRACK_LOGIN_MAX_FAILURES_PER_IP = 20
        for _ in range(5):
            attempt(client, "ordos_clerk", "wrong-password")
        age_failures(16)  # the first lock (15 minutes) is over
        assert LOCKED not in attempt(client, "ordos_clerk", "wrong-password").content.decode()
        for _ in range(4):
            attempt(client, "ordos_clerk", "wrong-password")
        assert "请 30 分钟后再试" in attempt(client, "ordos_clerk", password).content.decode()
        age_failures(20)
        assert "请 10 分钟后再试" in attempt(client, "ordos_clerk", password).content.decode()
        age_failures(11)
        assert attempt(client, "ordos_clerk", password).status_code == 302 and logged_in(client)

    def test_failures_older_than_the_memory_are_forgotten(self, client, people, password, limits):
        for _ in range(5):
            attempt(client, "ordos_clerk", "wrong-password")
        age_failures(25 * 60)
        for _ in range(4):
            attempt(client, "ordos_clerk", "wrong-password")
        # Four fresh failures, the old five forgotten (and deleted): no lock, and not a doubled one.
        assert LoginFailure.objects.count() == 4
        assert attempt(client, "ordos_clerk", password).status_code == 302
