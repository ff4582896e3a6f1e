"""The few words and marks the core and the pages write in Chinese, in the reader's language: the separator of a list
(立项、环评批复, or "立项, 环评批复" in English), the name of a reporting period (2028年第4季度, or "Q4 2028"), the
marks around words that are data (a label and its value 来源：统计公报 / "Source: 统计公报", clauses 未开工；无堵点 /
"未开工; 无堵点", a note in brackets 第2版（当前） / "Version 2 (current)") and a figure that is approximate (6%左右 /
"about 6%").

The core cannot translate (it never imports Django), and every app from `orgs` to `web` names periods and lists
names on its pages and in its messages, so these live here, outside the layers like `plantrack.errors`. Templates use
web's `lists` library (`{{ names|join_words }}`, `{% list_separator %}`) and `figures` (`{{ code|period_label }}`).
What is Chinese by design (the reports, a round's stored title) keeps `Period.label_zh()`.

>>> from django.utils import translation
>>> from plantrack.core.periods import parse_period
>>> with translation.override("en"):
...     join_words(["立项", "环评批复"]), period_words(parse_period("2028Q4")), period_words(parse_period("2028M12"))
('立项, 环评批复', 'Q4 2028', 'December 2028')
>>> with translation.override("en"):
...     labelled("来源", "统计公报"), join_clauses(["未开工", "无堵点"]), bracketed("当前"), about_figure("6%")
('来源: 统计公报', '未开工; 无堵点', ' (当前)', 'about 6%')
>>> labelled("来源", "统计公报"), join_clauses(["未开工", "无堵点"]), bracketed("当前"), about_figure("6%")
('来源：统计公报', '未开工；无堵点', '（当前）', '6%左右')
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


def label_separator() -> str:
    """What comes between a label and its value: "：" in Chinese, ": " in English."""
    return pgettext("label separator", "：")


def labelled(label: object, value: object) -> str:
    """A label and its value in the active language: 来源：统计公报, "Source: 统计公报"."""
    return f"{label}{label_separator()}{value}"


def clause_separator() -> str:
    """What comes between two clauses (reasons, issues, changes): "；" in Chinese, "; " in English."""
    return pgettext("clause separator", "；")


def join_clauses(clauses: Iterable[object]) -> str:
    """The clauses as one sentence in the active language; each clause shown as it is."""
    return clause_separator().join(str(clause) for clause in clauses)


def opening_bracket(*, after_space: bool = False) -> str:
    """The bracket that opens a note: "（" in Chinese; in English " (" — the full-width bracket carries its own space,
    the ASCII one needs one before it, unless the text before already ends in a space (`after_space`)."""
    bracket = pgettext("opening bracket", "（")
    return bracket.lstrip() if after_space else bracket


def closing_bracket() -> str:
    """The bracket that closes a note: "）" in Chinese, ")" in English."""
    return pgettext("closing bracket", "）")


def bracketed(note: object, *, after_space: bool = False) -> str:
    """A note in brackets after the words it is about: 第2版（当前）, "Version 2 (current)"."""
    return f"{opening_bracket(after_space=after_space)}{note}{closing_bracket()}"


def about_figure(figure: object) -> str:
    """An approximate figure (a target of 左右): 6%左右 in Chinese, "about 6%" in English. The whole phrase is
    translated because the word goes after the figure in Chinese and before it in English."""
    return pgettext("an approximate figure", "%(figure)s左右") % {"figure": figure}
