"""Making and checking API tokens; the one place a bearer token is turned into a user."""

from __future__ import annotations

import secrets

from django.db import transaction
from django.utils import timezone

from plantrack.api.models import TOKEN_PREFIX, ApiToken, hash_token
from plantrack.orgs.models import User


@transaction.atomic
def create_api_token(*, user: User, name: str = "") -> tuple[ApiToken, str]:
    """Make a token for `user`; returns the stored row and the token text, which is never stored or shown again."""
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    row = ApiToken.objects.create(user=user, name=name[:100], token_hash=hash_token(token), prefix=token[:10])
    return row, token


def user_for_token(token: str) -> User | None:
    """The active user a bearer token stands for, or None (unknown, revoked, or an inactive user)."""
    if not token or not token.startswith(TOKEN_PREFIX):
        return None
    row = (
        ApiToken.objects.select_related("user", "user__unit")
        .filter(token_hash=hash_token(token), revoked_at__isnull=True)
        .first()
    )
    if row is None or not row.user.is_active:
        return None
    now = timezone.now()
    # Touch last use at most once a minute, so reads do not turn into a write each.
    if row.last_used_at is None or (now - row.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=row.pk).update(last_used_at=now)
    return row.user
