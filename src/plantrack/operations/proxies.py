"""The client's address, believing X-Forwarded-For only from the reverse proxies the office names.

Behind a proxy every request's REMOTE_ADDR is the proxy's, so limits per address (the login throttle) would treat the
whole office as one client. X-Forwarded-For, however, is written by whoever sends the request: a client can put any
address in it. Each proxy appends the address it received the request from, so reading from the right, every entry
up to and including the first address that is not one of our proxies was written by a proxy we trust; that entry is
the client. Anything further left came from the client and is ignored.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable, Iterable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

Network = ipaddress.IPv4Network | ipaddress.IPv6Network

__all__ = ["client_address", "parse_networks", "TrustedProxyMiddleware"]


def parse_networks(entries: Iterable[str]) -> list[Network]:
    """`["10.0.0.5", "192.168.1.0/24", "::1"]` → networks; a bad entry raises ValueError naming it."""
    networks: list[Network] = []
    for entry in entries:
        try:
            networks.append(ipaddress.ip_network(entry.strip(), strict=False))
        except ValueError:
            raise ValueError(f"{entry!r} is not an IP address or network (e.g. 10.0.0.5 or 10.0.0.0/24)") from None
    return networks


def _address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    text = text.strip()
    if text.startswith("[") and "]" in text:  # [2001:db8::1]:443
        text = text[1:text.index("]")]
    elif text.count(":") == 1:  # 203.0.113.7:51234
        text = text.split(":", 1)[0]
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None


def _is_trusted(address: ipaddress.IPv4Address | ipaddress.IPv6Address | None) -> bool:
    if address is None:
        return False
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return any(address in network for network in settings.PLANTRACK_TRUSTED_PROXIES)


def came_through_trusted_proxy(request: HttpRequest) -> bool:
    return _is_trusted(_address(request.META.get("REMOTE_ADDR") or ""))


def client_address(request: HttpRequest | None) -> str | None:
    """The address of the person's machine: REMOTE_ADDR, or from X-Forwarded-For when a trusted proxy sent it."""
    if request is None:
        return None
    remote = request.META.get("REMOTE_ADDR") or None
    if remote is None or not came_through_trusted_proxy(request):
        return remote
    hops = [hop for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    for hop in reversed(hops):
        address = _address(hop)
        if address is None:
            # A trusted proxy writes addresses only: something malformed here means the chain cannot be read, and
            # the proxy's own address is the one we can vouch for.
            return remote
        if not _is_trusted(address):
            return str(address)
    # Every hop is one of our proxies (a request from the proxy host itself): the left-most is where it began.
    first = _address(hops[0]) if hops else None
    return str(first) if first is not None else remote


class TrustedProxyMiddleware:
    """Drops the forwarded-protocol and -host headers unless a trusted proxy sent the request, so that a client
    cannot claim HTTPS (SECURE_PROXY_SSL_HEADER) or another host by writing the header itself."""

    FORWARDED_HEADERS = ("HTTP_X_FORWARDED_PROTO", "HTTP_X_FORWARDED_HOST", "HTTP_X_FORWARDED_PORT")

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not came_through_trusted_proxy(request):
            for header in self.FORWARDED_HEADERS:
                request.META.pop(header, None)
        return self.get_response(request)
