"""A person reading the site's pages in one language through Django's test client, for the tests of what English
(or Chinese) pages say: `reader(user, "en")` logs them in and switches the language as the header's switch does."""

from __future__ import annotations

from django.test import Client


def reader(user: object, language: str) -> Client:
    """A client logged in as `user` (a User, or a username) whose pages come in `language`."""
    from plantrack.orgs.models import User

    if isinstance(user, str):
        user = User.objects.get(username=user)
    client = Client()
    client.force_login(user)
    response = client.post("/i18n/setlang/", {"language": language, "next": "/"})
    assert response.status_code == 302
    return client


def read_page(client: Client, url: str) -> str:
    """The page at `url` (which must answer 200), as text."""
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()
