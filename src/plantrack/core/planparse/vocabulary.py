"""The words plans use for a target's comparison, for a rate of change, and for naming a five-year plan: each
list is written here once, for the parser, the indicator registry and the value checks alike.

    >>> comparator_for("不低于"), comparator_in("5.7 左右"), five_year_plan_years(15)
    ('>=', '~', (2026, 2030))
"""

from __future__ import annotations

__all__ = [
    "AFTER_COMPARATORS",
    "BEFORE_COMPARATORS",
    "BOUND_WORDS",
    "CHANGE_WORDS",
    "FIRM_BOUND_WORDS",
    "REDUCTION_WORDS",
    "SIGN_COMPARATORS",
    "comparator_for",
    "comparator_in",
    "five_year_plan_end",
    "five_year_plan_years",
]

# Words written before a figure that bound it ("不低于 90%"); longest first, so "不超过" is not read as "超过".
BEFORE_COMPARATORS: tuple[tuple[str, str], ...] = tuple(sorted(
    (
        ("不低于", ">="), ("不少于", ">="), ("不小于", ">="), ("至少", ">="), ("超过", ">="), ("高于", ">="),
        ("突破", ">="), ("大于", ">="), ("多于", ">="), ("守住", ">="),
        ("不超过", "<="), ("不高于", "<="), ("不多于", "<="), ("不大于", "<="), ("低于", "<="), ("少于", "<="),
        ("小于", "<="), ("控制在", "<="),
        ("约", "~"), ("大约", "~"),
    ),
    key=lambda pair: len(pair[0]),
    reverse=True,
))
# Words written after a figure ("45%以上", "4.5 左右").
AFTER_COMPARATORS: dict[str, str] = {
    "以上": ">=", "及以上": ">=", "以下": "<=", "及以下": "<=", "以内": "<=", "左右": "~", "上下": "~",
}
# Signs in table cells, full-width forms included.
SIGN_COMPARATORS: dict[str, str] = {
    "≥": ">=", "≧": ">=", ">": ">=", "＞": ">=", "≤": "<=", "≦": "<=", "<": "<=", "＜": "<=",
}
# Words that set a level to reach (=) or an amount to add over the period (+).
_LEVEL_WORDS = {
    "达到": "=", "达": "=", "力争": "=", "实现": "=", "保持": "=", "稳定在": "=", "提高到": "=", "提升到": "=",
}
_ADDITIVE_WORDS = {"新增": "+", "增加": "+", "累计": "+"}
# Moving in step with another indicator ("与 GDP 增长同步") is a target about as high as that one.
_IN_STEP = {"同步": "~"}

_ALL_WORDS: dict[str, str] = {
    **dict(BEFORE_COMPARATORS), **AFTER_COMPARATORS, **SIGN_COMPARATORS, **_LEVEL_WORDS, **_ADDITIVE_WORDS,
    **_IN_STEP,
}
# Bounds that hold even a few words before their figure ("不低于城镇居民的 90%"): the firm ones.
FIRM_BOUND_WORDS: tuple[tuple[str, str], ...] = tuple(
    (word, comp) for word, comp in BEFORE_COMPARATORS if word.startswith("不") or word in ("至少", "守住")
)
# Every word or sign that makes a target a bound (at or over / at or under).
BOUND_WORDS: tuple[str, ...] = tuple(word for word, comp in _ALL_WORDS.items() if comp in (">=", "<="))
# Words found anywhere in a target's text: tolerance words of two characters or more and signs. A single
# character (约) or a word with other meanings (上下 in 上下游) is read only right beside a figure.
_SEARCHED = tuple(sorted(
    (w for w, c in _ALL_WORDS.items() if c in (">=", "<=", "~") and (len(w) >= 2 or w in SIGN_COMPARATORS)
     and w not in ("上下",)),
    key=len,
    reverse=True,
))

# An indicator whose name says it is a change over the year (a rate), not a level: "地区生产总值增长".
CHANGE_WORDS: tuple[str, ...] = (
    "增长", "增速", "增幅", "提高", "降低", "下降", "减少", "削减", "压减", "变化", "变动",
)
# Changes that are reductions: the name is then the amount of the fall, and more of it is better.
REDUCTION_WORDS: tuple[str, ...] = ("降低", "下降", "减少", "削减", "压减")

_THIRD_PLAN_START = 1966


def comparator_for(word: str | None) -> str:
    """The comparator a tolerance word or sign stands for: 以上/不低于/超过/突破/≥ → ">=", 以下/不超过/以内/≤ → "<=",
    左右/约/同步 → "~", 新增/增加/累计 → "+", 达到/力争/稳定在/none → "="."""
    if not word:
        return "="
    return _ALL_WORDS.get(word.strip(), "=")


def comparator_in(*texts: str | None) -> str:
    """The comparator of the first tolerance word found in `texts` (searched in order), "" if none:
    "4.5 左右" → "~", "不低于90%" → ">=", "与 GDP 增长同步" → "~", "达到国家要求" → ""."""
    for text in texts:
        if not text:
            continue
        for word in _SEARCHED:
            if word in text:
                return _ALL_WORDS[word]
    return ""


def five_year_plan_years(ordinal: int) -> tuple[int, int]:
    """First and last year of the Nth five-year plan (第N个五年计划/规划): 1 → 1953–1957, 15 → 2026–2030.

    The first two ran 1953–1957 and 1958–1962; three years of adjustment followed, and from the third on they run
    back to back from 1966. ValueError for an ordinal below 1.
    """
    if ordinal < 1:
        raise ValueError(f"no five-year plan number {ordinal}")
    start = 1953 + 5 * (ordinal - 1) if ordinal < 3 else _THIRD_PLAN_START + 5 * (ordinal - 3)
    return start, start + 4


def five_year_plan_end(ordinal: int) -> int:
    """The last year of the Nth five-year plan: 15 → 2030, 14 → 2025."""
    return five_year_plan_years(ordinal)[1]
