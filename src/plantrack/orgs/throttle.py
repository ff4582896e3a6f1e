"""Login throttling (登录限制): too many failed logins for one username or from one address lock it for a while.

Failures are rows in the database (`LoginFailure`), not a process-local cache, so the limit holds when several
app processes serve the same site. A locked name or address is refused until its oldest counted failure falls
out of the window; refused attempts are not counted, so the lock does not extend itself.
"""

from __future__ import annotations

import math
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from plantrack.orgs.models import LoginFailure


def _limits() -> tuple[int, int, timedelta]:
    per_user = getattr(settings, "PLANTRACK_LOGIN_MAX_FAILURES", 5)
    per_ip = getattr(settings, "PLANTRACK_LOGIN_MAX_FAILURES_PER_IP", 20)
    window = timedelta(minutes=getattr(settings, "PLANTRACK_LOGIN_WINDOW_MINUTES", 15))
    return per_user, per_ip, window


def _normalise(username: str) -> str:
    return username.strip().lower()[:150]


def seconds_locked(*, username: str, ip: str | None) -> int:
    """0 if a login may be tried now, else how many seconds until the username and address may try again."""
    per_user, per_ip, window = _limits()
    now = timezone.now()
    since = now - window
    checks = [({"username": _normalise(username)}, per_user)]
    if ip:
        checks.append(({"ip": ip}, per_ip))
    waits = []
    for filters, limit in checks:
        recent = LoginFailure.objects.filter(at__gte=since, **filters).order_by("-at").values_list("at", flat=True)
        times = list(recent[:limit])
        if len(times) >= limit:
            # Locked until the oldest of the last `limit` failures leaves the window.
            waits.append((times[-1] + window - now).total_seconds())
    return max(0, math.ceil(max(waits))) if waits else 0


def record_failure(*, username: str, ip: str | None) -> None:
    _per_user, _per_ip, window = _limits()
    now = timezone.now()
    LoginFailure.objects.create(username=_normalise(username), ip=ip, at=now)
    # Old rows say nothing any more; dropping them keeps the table small.
    LoginFailure.objects.filter(at__lt=now - 4 * window).delete()


def record_success(*, username: str) -> None:
    """A correct password clears that username's failures (the address keeps its count)."""
    LoginFailure.objects.filter(username=_normalise(username)).delete()
