"""ISO weeks as dispatch meetings name them ("2027-W14"); pure Python, no Django.

>>> week_start("2027-W14")
datetime.date(2027, 4, 5)
>>> canonical_week("2027w4")
'2027-W04'
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from plantrack.core.errors import InvalidInput, gettext_noop

__all__ = ["canonical_week", "week_end", "week_of", "week_start"]

_WEEK = re.compile(r"^\s*(\d{4})\s*-?\s*[Ww]\s*(\d{1,2})\s*$")


def canonical_week(text: str) -> str:
    """"2027-W14" for "2027-W14", "2027W14", "2027-w14"; ValueError with a Chinese reason otherwise."""
    m = _WEEK.match(str(text))
    if not m:
        raise InvalidInput(gettext_noop("“%(text)s”不是周次，应写成 2027-W14"), code="bad_week", params={"text": text})
    year, week = int(m.group(1)), int(m.group(2))
    last = date(year, 12, 28).isocalendar()[1]  # 28 December always lies in the year's last ISO week
    if not 1 <= week <= last:
        raise InvalidInput(gettext_noop("%(year)s年只有%(last)s周，没有第%(week)s周"), code="bad_week",
                           params={"year": year, "last": last, "week": week})
    return f"{year}-W{week:02d}"


def week_start(text: str) -> date:
    """The Monday of an ISO week."""
    year, week = canonical_week(text).split("-W")
    return date.fromisocalendar(int(year), int(week), 1)


def week_of(day: date) -> str:
    """The ISO week a day falls in."""
    year, week, _day = day.isocalendar()
    return f"{year}-W{week:02d}"


def week_end(text: str) -> date:
    return week_start(text) + timedelta(days=6)
