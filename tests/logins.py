"""How a test logs a person in: a browser page by a session cookie (or, where the login itself is tested, through the
form), and an HTTP session against a server running in a process of its own (through the form: it has its own
database)."""

from __future__ import annotations

import re
from typing import Any

import requests

FORM_FIELDS = ("input[name=username]", "input[name=password]")


def log_in(page: Any, base: str, username: str, *, to: str = "/") -> None:
    """Log `username` in to the live server at `base` and open `to` (their home page unless told).

    The session is made by Django's test client and handed to the browser as its cookie: the login form costs a page,
    a post and a redirect to the home page each time, and only the tests of the login itself need it
    (`log_in_through_form`).
    """
    from django.conf import settings
    from django.test import Client

    from plantrack.orgs.models import User

    client = Client()
    client.force_login(User.objects.get(username=username))
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": base}])
    page.goto(f"{base}{to}")


def log_in_through_form(page: Any, base: str, username: str, password: str, *, lands_on: str | None = None) -> None:
    """Fill the login form as a person does and wait for the page it sends them to (the home page unless told)."""
    if not page.url.split("?")[0].endswith("/login/"):
        page.goto(f"{base}/login/")
    page.fill(FORM_FIELDS[0], username)
    page.fill(FORM_FIELDS[1], password)
    page.click("main button[type=submit]")
    page.wait_for_url(lands_on or f"{base}/")


def log_out(page: Any) -> None:
    """The account menu's 退出 button; the browser lands on the login page."""
    page.click("header .account button")
    page.wait_for_url("**/login/")


def csrf_token(html: str) -> str:
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    assert found, "no CSRF token on the page"
    return found.group(1)


def try_login_over_http(base: str, username: str, password: str, session: requests.Session) -> requests.Response:
    """Post the login form of the server at `base` with `session`; the answer as it came (302 when logged in)."""
    page = session.get(f"{base}/login/", timeout=10)
    return session.post(f"{base}/login/", data={"username": username, "password": password,
                                                "csrfmiddlewaretoken": csrf_token(page.text)},
                        headers={"Referer": f"{base}/login/"}, timeout=30, allow_redirects=False)


def log_in_over_http(base: str, username: str, password: str,
                     session: requests.Session | None = None) -> requests.Session:
    """An HTTP session logged in to the server at `base`, which runs in a process of its own."""
    session = session or requests.Session()
    response = try_login_over_http(base, username, password, session)
    assert response.status_code == 302, f"login refused: {response.status_code}"
    return session
