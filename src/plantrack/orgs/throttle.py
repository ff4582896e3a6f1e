"""Login throttling (登录限制): repeated failures lock a (username, address) pair, and more of them an address,
for a delay that doubles with each lock.

A lock on a pair keeps a guesser at one address from a chosen account without locking the account's owner out
everywhere else (nobody can lock out someone else from afar). A lock on an address stops one address trying many
usernames. Every `limit` failures of a key (within the memory) lock it again, for twice as long as the lock before
(the first for PLANTRACK_LOGIN_WINDOW_MINUTES), up to the memory itself. Refused attempts are not counted, so a lock
does not extend itself; a correct password clears its pair's failures (the address keeps its count).

Failures are rows in the database (`LoginFailure`), not a process-local cache, so the limit holds when several
app processes serve the same site.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from plantrack.orgs.models import LoginFailure


def _setting(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


def _normalise(username: str) -> str:
    return username.strip().lower()[:150]


def _pair(username: str, ip: str | None) -> Q:
    return Q(username=_normalise(username)) & (Q(ip=ip) if ip else Q(ip__isnull=True))


def _locked_until(times: list[datetime], limit: int, first_lock: timedelta, memory: timedelta) -> datetime | None:
    """When the lock of a key with these failure times (oldest first) ends; None if it has never been locked."""
    locks = len(times) // limit
    if locks == 0:
        return None
    duration = min(first_lock * 2 ** (locks - 1), memory)
    return times[locks * limit - 1] + duration


def seconds_locked(*, username: str, ip: str | None) -> int:
    """0 if a login may be tried now, else how many seconds until this username at this address may try again."""
    now = timezone.now()
    first_lock = timedelta(minutes=_setting("PLANTRACK_LOGIN_WINDOW_MINUTES", 15))
    memory = timedelta(hours=_setting("PLANTRACK_LOGIN_MEMORY_HOURS", 24))
    recent = LoginFailure.objects.filter(at__gte=now - memory).order_by("at", "id")
    checks = [(_pair(username, ip), _setting("PLANTRACK_LOGIN_MAX_FAILURES", 5))]
    if ip:
        checks.append((Q(ip=ip), _setting("PLANTRACK_LOGIN_MAX_FAILURES_PER_IP", 20)))
    wait = 0.0
    for key, limit in checks:
        until = _locked_until(list(recent.filter(key).values_list("at", flat=True)), max(1, limit), first_lock,
                              memory)
        if until is not None:
            wait = max(wait, (until - now).total_seconds())
    return math.ceil(wait) if wait > 0 else 0


def record_failure(*, username: str, ip: str | None) -> None:
    now = timezone.now()
    LoginFailure.objects.create(username=_normalise(username), ip=ip, at=now)
    # Failures older than the memory say nothing any more; dropping them keeps the table small.
    memory = timedelta(hours=_setting("PLANTRACK_LOGIN_MEMORY_HOURS", 24))
    LoginFailure.objects.filter(at__lt=now - memory).delete()


def record_success(*, username: str, ip: str | None) -> None:
    """A correct password clears the failures of that username at that address."""
    LoginFailure.objects.filter(_pair(username, ip)).delete()
