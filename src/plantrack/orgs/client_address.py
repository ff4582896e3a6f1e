"""The address a request came from, for the login limits and the records that name an address."""

from __future__ import annotations

from django.http import HttpRequest


def client_address(request: HttpRequest | None) -> str | None:
    """The client's address: REMOTE_ADDR, the peer that connected to us.

    X-Forwarded-For is not read here: any client can set it. Behind a reverse proxy the deployment names the
    proxy it trusts, and this is the one place that reads the forwarded address from it."""
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None
