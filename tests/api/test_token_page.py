"""The token page: a person makes a token (shown once, works as a bearer token) and revokes it."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from api.world import PASSWORD, ApiClient
from plantrack.api.models import ApiToken

pytestmark = pytest.mark.django_db


def test_make_use_and_revoke_a_token(world):
    client = Client()
    client.login(username="baotou_clerk", password=PASSWORD)
    html = client.post("/api/tokens/", {"name": "统计报表工具"}).content.decode()
    token = re.search(r"<code>(pt_[^<]+)</code>", html).group(1)
    row = ApiToken.objects.get(user=world.baotou_clerk)
    assert row.name == "统计报表工具" and token not in client.get("/api/tokens/").content.decode()
    assert ApiClient(token).get("/api/values", unit="150200", period="2026M10").status_code == 200
    client.post("/api/tokens/", {"revoke": row.pk})
    assert ApiClient(token).get("/api/values", unit="150200", period="2026M10").status_code == 401


def test_nobody_revokes_another_persons_token(world):
    from plantrack.api.tokens import create_api_token

    row, token = create_api_token(user=world.ordos_clerk)
    client = Client()
    client.login(username="baotou_clerk", password=PASSWORD)
    assert client.post("/api/tokens/", {"revoke": row.pk}).status_code == 404
    assert ApiClient(token).get("/api/values", unit="150600", period="2026M10").status_code == 200


def test_the_page_needs_a_login(db):
    assert Client().get("/api/tokens/").status_code == 302


def test_the_english_page_points_to_the_reference_in_english(world):
    from page_readers import read_page, reader

    english = read_page(reader("baotou_clerk", "en"), "/api/tokens/")
    assert 'The API reference is at <a href="/api/docs">/api/docs</a>.</p>' in english
    assert "。" not in re.search(r"The API reference.*?</p>", english).group(0)
