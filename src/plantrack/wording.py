"""The few words the core writes in Chinese, in the reader's language: the separator of a list (立项、环评批复, or
"立项, 环评批复" in English) and the name of a reporting period (2028年第4季度, or "Q4 2028").

The core cannot translate (it never imports Django), and every app from `orgs` to `web` names periods and lists
names on its pages and in its messages, so these live here, outside the layers like `plantrack.errors`. Templates use
web's `lists` library (`{{ names|join_words }}`, `{% list_separator %}`) and `figures` (`{{ code|period_label }}`).
What is Chinese by design (the reports, a round's stored title) keeps `Period.label_zh()`.

>>> from django.utils import translation
>>> from plantrack.core.periods import parse_period
>>> with translation.override("en"):
...     join_words(["立项", "环评批复"]), period_words(parse_period("2028Q4")), period_words(parse_period("2028M12"))
('立项, 环评批复', 'Q4 2028', 'December 2028')
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.utils.formats import date_format
from django.utils.translation import gettext, pgettext

from plantrack.core.periods import Period


def list_separator() -> str:
    """What comes between two listed words in the active language: "、" in Chinese, ", " in English."""
    return pgettext("list separator", "、")


def join_words(words: Iterable[object]) -> str:
    """The words as one list in the active language; each word shown as it is (names are data, not translated)."""
    return list_separator().join(str(word) for word in words)


def period_words(period: Period) -> str:
    """A period's name in the active language; in Chinese exactly `Period.label_zh()` (2028年, 2028年第4季度,
    2028年12月)."""
    if period.kind == "Y":
        return gettext("%(year)s年") % {"year": period.year}
    if period.kind == "Q":
        return gettext("%(year)s年第%(quarter)s季度") % {"year": period.year, "quarter": period.index}
    # Django's own year-and-month format of the language: 2028年12月, December 2028.
    return date_format(date(period.year, period.index, 1), "YEAR_MONTH_FORMAT")
