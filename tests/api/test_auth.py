"""API tokens: only a hash is stored, bearer auth works, unknown or revoked tokens are refused."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from api.world import ApiClient
from plantrack.api.models import ApiToken, hash_token
from plantrack.api.tokens import create_api_token, user_for_token

pytestmark = pytest.mark.django_db


class TestApiToken:
    def test_only_the_hash_is_stored(self, world):
        row, token = create_api_token(user=world.ordos_clerk)
        stored = ApiToken.objects.get(pk=row.pk)
        assert stored.token_hash == hash_token(token) and token not in stored.token_hash
        assert not ApiToken.objects.filter(token_hash=token).exists()
        assert user_for_token(token) == world.ordos_clerk

    def test_revoked_token_and_inactive_user_are_refused(self, world):
        row, token = create_api_token(user=world.ordos_clerk)
        row.revoke()
        assert user_for_token(token) is None
        _row, token2 = create_api_token(user=world.baotou_clerk)
        world.baotou_clerk.is_active = False
        world.baotou_clerk.save(update_fields=["is_active"])
        assert user_for_token(token2) is None

    def test_command_prints_a_working_token(self, world):
        out = io.StringIO()
        call_command("create_api_token", "ordos_reviewer", stdout=out)
        token = out.getvalue().strip()
        assert user_for_token(token) == world.ordos_reviewer
        response = ApiClient(token).get("/api/values", unit="150600", period="2026M10")
        assert response.status_code == 200

    def test_command_refuses_an_unknown_user(self, world):
        with pytest.raises(CommandError, match="nobody"):
            call_command("create_api_token", "nobody")


class TestBearerAuth:
    @pytest.mark.parametrize("header", [None, "Bearer pt_wrong", "Token abc", "Bearer "])
    def test_missing_or_bad_token_is_401(self, world, header):
        client = ApiClient(None)
        if header:
            client.headers = {"Authorization": header}
        assert client.get("/api/values", unit="150600", period="2026M10").status_code == 401

    def test_session_login_alone_does_not_open_the_api(self, world, client):
        from api.world import PASSWORD

        client.login(username="admin", password=PASSWORD)
        assert client.get("/api/rounds").status_code == 401
