"""The client's address behind reverse proxies: X-Forwarded-For counts only when a named proxy sent the request, and
then the right-most address that is not one of our proxies is the client (what a client writes itself is ignored)."""

from __future__ import annotations

import pytest
from django.test import RequestFactory
from django.urls import reverse

from plantrack.operations.proxies import client_address, parse_networks

PROXY = "10.0.0.5"


@pytest.fixture
def behind_proxy(settings):
    settings.PLANTRACK_TRUSTED_PROXIES = parse_networks([PROXY, "192.168.10.0/24"])


def request(remote: str, forwarded: str | None = None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


class TestClientAddress:
    def test_without_proxies_the_header_is_ignored(self, settings):
        settings.PLANTRACK_TRUSTED_PROXIES = []
        assert client_address(request("203.0.113.5", "198.51.100.1")) == "203.0.113.5"

    def test_through_a_named_proxy_the_forwarded_client_counts(self, behind_proxy):
        assert client_address(request(PROXY, "203.0.113.5")) == "203.0.113.5"

    def test_what_the_client_wrote_left_of_the_proxy_entry_is_ignored(self, behind_proxy):
        # The client sent "X-Forwarded-For: 1.2.3.4"; nginx appended the address it really came from.
        assert client_address(request(PROXY, "1.2.3.4, 203.0.113.5")) == "203.0.113.5"

    def test_a_chain_of_named_proxies_is_walked_from_the_right(self, behind_proxy):
        assert client_address(request(PROXY, "1.2.3.4, 203.0.113.5, 192.168.10.20")) == "203.0.113.5"

    def test_a_header_from_someone_not_named_is_ignored(self, behind_proxy):
        assert client_address(request("198.51.100.7", "203.0.113.5")) == "198.51.100.7"

    def test_a_malformed_entry_falls_back_to_the_proxy(self, behind_proxy):
        assert client_address(request(PROXY, "203.0.113.5, not-an-address")) == PROXY

    def test_ports_and_ipv6_are_read(self, behind_proxy):
        assert client_address(request(PROXY, "203.0.113.5:51234")) == "203.0.113.5"
        assert client_address(request(PROXY, "[2001:db8::7]:443")) == "2001:db8::7"

    def test_a_request_from_the_proxy_itself_is_the_proxy(self, behind_proxy):
        assert client_address(request(PROXY)) == PROXY

    def test_a_bad_setting_is_refused_by_name(self):
        with pytest.raises(ValueError, match="10.0.0.300"):
            parse_networks(["10.0.0.1", "10.0.0.300"])


@pytest.mark.django_db
class TestLoginLimitsBehindAProxy:
    """The office's reverse proxy sends every request; the login limit per address must see the clients."""

    @pytest.fixture(autouse=True)
    def limits(self, settings):
        settings.PLANTRACK_LOGIN_MAX_FAILURES = 5
        settings.PLANTRACK_LOGIN_MAX_FAILURES_PER_IP = 20
        settings.PLANTRACK_LOGIN_WINDOW_MINUTES = 15

    def attempt(self, client, username: str, password: str, *, client_ip: str, remote: str = PROXY):
        return client.post(reverse("login"), {"username": username, "password": password},
                           REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=client_ip)

    def test_twenty_failures_from_one_client_do_not_lock_out_another(self, behind_proxy, people, password, client):
        for n in range(20):
            self.attempt(client, f"typo{n}", "wrong-password", client_ip="203.0.113.5")
        assert "已暂时锁定" in self.attempt(client, "typo99", "x", client_ip="203.0.113.5").content.decode()
        self.attempt(client, "ordos_clerk", password, client_ip="203.0.113.9")
        assert "_auth_user_id" in client.session

    def test_without_the_proxy_named_the_whole_office_is_one_address(self, settings, people, password, client):
        settings.PLANTRACK_TRUSTED_PROXIES = []
        for n in range(20):
            self.attempt(client, f"typo{n}", "wrong-password", client_ip="203.0.113.5")
        response = self.attempt(client, "ordos_clerk", password, client_ip="203.0.113.9")
        assert "已暂时锁定" in response.content.decode() and "_auth_user_id" not in client.session

    def test_a_client_cannot_dodge_the_limit_by_writing_the_header(self, behind_proxy, people, client):
        for n in range(20):
            self.attempt(client, f"typo{n}", "wrong", client_ip=f"203.0.113.{n}", remote="198.51.100.7")
        response = self.attempt(client, "typo99", "wrong", client_ip="203.0.113.200", remote="198.51.100.7")
        assert "已暂时锁定" in response.content.decode()


@pytest.mark.django_db
class TestForwardedProtocol:
    def test_only_a_named_proxy_may_say_the_request_was_https(self, behind_proxy, client, settings):
        settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
        settings.SECURE_SSL_REDIRECT = True
        settings.SECURE_REDIRECT_EXEMPT = []
        from_anyone = client.get("/login/", REMOTE_ADDR="198.51.100.7", HTTP_X_FORWARDED_PROTO="https")
        assert from_anyone.status_code == 301 and from_anyone["Location"].startswith("https://")
        from_proxy = client.get("/login/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_PROTO="https")
        assert from_proxy.status_code == 200
