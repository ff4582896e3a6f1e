"""Login throttling (登录限制): repeated failures lock a login for a delay that doubles with each lock.

Three counts, each with its own limit, over the failures remembered (PLANTRACK_LOGIN_MEMORY_HOURS):

- a username at one address (PLANTRACK_LOGIN_MAX_FAILURES, 5): someone guessing one account's password;
- a username from every address together (PLANTRACK_LOGIN_MAX_FAILURES_PER_ACCOUNT, 20): the same guessing spread
  over many addresses (200 guesses from 200 addresses are slowed like 200 from one);
- one address (PLANTRACK_LOGIN_MAX_FAILURES_PER_IP, 20): someone trying many usernames. A whole office behind one
  NAT or proxy shares an address, so only failures that look like guessing count here: usernames that belong to
  no account (over the whole memory), and mistyped passwords of real accounts only within the last
  PLANTRACK_LOGIN_ADDRESS_WINDOW_MINUTES (15). A day of colleagues' typos never locks the office.

Where a person has logged in correctly before (the same username from the same address, within
PLANTRACK_LOGIN_TRUST_DAYS), neither the address's count nor the account's applies to them: others' failures at
their office, or a guesser elsewhere, never lock out someone who then logs in correctly. Only their own username's
failures at that address do. A correct password clears that username's failures at that address.

Every `limit` failures of a key lock it again, for twice as long as the lock before (the first for
PLANTRACK_LOGIN_WINDOW_MINUTES), up to the memory itself. Refused attempts are not counted, so a lock does not
extend itself. Failures and known addresses are rows in the database, not a process-local cache, so the limits
hold when several app processes serve the same site.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone

from plantrack.orgs.models import LoginFailure, LoginSuccess


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


def is_known_address(*, username: str, ip: str | None) -> bool:
    """True if this username has logged in correctly from this address within the trust period."""
    if not ip:
        return False
    since = timezone.now() - timedelta(days=_setting("PLANTRACK_LOGIN_TRUST_DAYS", 90))
    return LoginSuccess.objects.filter(username=_normalise(username), ip=ip, at__gte=since).exists()


def seconds_locked(*, username: str, ip: str | None) -> int:
    """0 if a login may be tried now, else how many seconds until this username at this address may try again."""
    now = timezone.now()
    first_lock = timedelta(minutes=_setting("PLANTRACK_LOGIN_WINDOW_MINUTES", 15))
    memory = timedelta(hours=_setting("PLANTRACK_LOGIN_MEMORY_HOURS", 24))
    recent = LoginFailure.objects.filter(at__gte=now - memory).order_by("at", "id")
    checks = [(_pair(username, ip), _setting("PLANTRACK_LOGIN_MAX_FAILURES", 5))]
    if not is_known_address(username=username, ip=ip):
        checks.append((Q(username=_normalise(username)), _setting("PLANTRACK_LOGIN_MAX_FAILURES_PER_ACCOUNT", 20)))
        if ip:
            window = timedelta(minutes=_setting("PLANTRACK_LOGIN_ADDRESS_WINDOW_MINUTES", 15))
            guessing = Q(known_user=False) | Q(at__gte=now - window)
            checks.append((Q(ip=ip) & guessing, _setting("PLANTRACK_LOGIN_MAX_FAILURES_PER_IP", 20)))
    wait = 0.0
    for key, limit in checks:
        until = _locked_until(list(recent.filter(key).values_list("at", flat=True)), max(1, limit), first_lock,
                              memory)
        if until is not None:
            wait = max(wait, (until - now).total_seconds())
    return math.ceil(wait) if wait > 0 else 0


def record_failure(*, username: str, ip: str | None) -> None:
    now = timezone.now()
    name = _normalise(username)
    known = get_user_model().objects.filter(username__iexact=name).exists()
    LoginFailure.objects.create(username=name, ip=ip, at=now, known_user=known)
    # Failures older than the memory say nothing any more; dropping them keeps the table small.
    memory = timedelta(hours=_setting("PLANTRACK_LOGIN_MEMORY_HOURS", 24))
    LoginFailure.objects.filter(at__lt=now - memory).delete()


def record_success(*, username: str, ip: str | None) -> None:
    """A correct password clears the failures of that username at that address and makes the address known."""
    LoginFailure.objects.filter(_pair(username, ip)).delete()
    if ip:
        LoginSuccess.objects.update_or_create(username=_normalise(username), ip=ip,
                                              defaults={"at": timezone.now()})
