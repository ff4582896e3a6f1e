"""Bearer-token authentication for the API: `Authorization: Bearer <token>` acts as the token's user."""

from __future__ import annotations

from django.http import HttpRequest
from ninja.security import HttpBearer

from plantrack.api.tokens import user_for_token
from plantrack.orgs.models import User


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        user = user_for_token(token)
        if user is not None:
            # Scope checks read request.user, exactly as they do for a page.
            request.user = user
        return user
