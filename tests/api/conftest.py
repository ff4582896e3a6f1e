"""Fixtures of the API tests: the named people of `world.py`, each with an API token."""

from __future__ import annotations

import pytest

from api.world import ApiClient, build_world
from plantrack.api.tokens import create_api_token


@pytest.fixture
def world(db):
    return build_world()


@pytest.fixture
def as_user(world):
    """as_user("ordos_clerk") → an ApiClient holding a fresh token of that person."""

    def make(username: str) -> ApiClient:
        user = getattr(world, username)
        _row, token = create_api_token(user=user, name="test")
        return ApiClient(token)

    return make
