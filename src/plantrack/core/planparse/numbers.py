"""Chinese numbers, units and tolerance words (数量、单位、限定词) as plans and work reports write them.

Units stay as written: "7463万亩" is value 7463 with unit "万亩", "3.25 亿千瓦" is 3.25 "亿千瓦". Planners read and
report figures in those units, so converting 万亩 to 亩 would only make every comparison with the source harder;
`parse_magnitude` is there for when the plain magnitude (a float, 万 and 亿 multiplied out) is wanted; a reported
figure is read strictly, as a Decimal, by `plantrack.reporting.numbers.parse_number`.

    >>> q = find_quantities("草原综合植被盖度稳定在45%以上")[0]
    >>> (q.value, q.unit, q.comparator)
    (45.0, '%', '>=')
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from plantrack.core.numerals import parse_chinese_number
from plantrack.core.planparse.vocabulary import AFTER_COMPARATORS, BEFORE_COMPARATORS

__all__ = [
    "Quantity",
    "find_quantities",
    "parse_chinese_number",
    "parse_magnitude",
]

# Base units, longest first so that "个百分点" wins over "个" and "千瓦时" over "千瓦".
_BASE_UNITS = sorted(
    """
    个百分点 百分点 % ％ ‰
    平方公里 平方千米 平方米 立方米 公里 千米 米 公顷 亩
    千瓦时 千瓦 千伏 兆瓦 吉瓦 度
    吨标准煤 吨标煤 吨 公斤 千克 斤
    元 美元
    人次 人 名 户 位
    项 个 所 家 处 座 条 部 件 类 套 台 辆 架 艘 只 头 株 种 次 场 张 间 栋 宗 份 支
    年 岁 天 日 小时 分钟 秒 ms 毫秒 周
    倍 番
    微克/立方米 毫克/升 标准箱 标箱
    PFLOPS EFLOPS P
    """.split(),
    key=len,
    reverse=True,
)
_UNIT_RE = (
    r"(?:(?:万亿|亿|万|千|百)?(?:" + "|".join(re.escape(u) for u in _BASE_UNITS) + r")(?:/年)?"
    r"|万亿|亿|万)"
)

_ARABIC = r"\d+(?:,\d{3})*(?:\.\d+)?"
_ARABIC_RE = re.compile(_ARABIC)
_PLAIN_NUMBER_RE = re.compile(r"\d+(?:\.\d+)?")
_CHINESE = r"[零〇○一二两三四五六七八九十百千万亿]+(?:点[零〇一二三四五六七八九]+)?"
# A Chinese numeral counts only when a unit follows it; the lookahead lets "三千万千瓦" split as 三千 + 万千瓦.
_NUM = rf"(?:{_ARABIC}|{_CHINESE}(?=\s*{_UNIT_RE}))"
_RANGE_SEP = r"\s*(?:—|－|-|~|～|至|到)\s*"
_AFTER_QUALIFIER = "(?:" + "|".join(sorted(AFTER_COMPARATORS, key=len, reverse=True)) + ")"



def _quantity_re(num: str) -> re.Pattern[str]:
    return re.compile(
        rf"(?P<num>{num})\s*(?P<more>余|多)?\s*(?P<unit1>{_UNIT_RE})?"
        rf"(?:(?P<sep>{_RANGE_SEP})(?P<num2>{num})\s*(?P<unit2>{_UNIT_RE})?)?"
        rf"(?P<after>\s*{_AFTER_QUALIFIER})?"
    )


_QUANTITY_RE = _quantity_re(_NUM)
_ARABIC_QUANTITY_RE = _quantity_re(_ARABIC)  # several times faster: it starts only at a digit

@dataclass(frozen=True)
class Quantity:
    """A figure found in text: `text[start:end]` is exactly what was written (number, unit and qualifier).

    `value` is the number as written (7463 for "7463万亩"); `unit` keeps its 万/亿 multiplier; `unit` is "" for a
    bare number. `comparator` is one of ">=", "<=", "=", "~", "range" from the words around it.
    """

    value: float
    value_max: float | None
    unit: str
    comparator: str
    start: int
    end: int
    text: str
    chinese: bool = False  # the number was written in Chinese numerals


def parse_magnitude(text: str) -> float:
    """The plain magnitude of a written number: "3.5万" → 35000, "1,200" → 1200, "一百二十" → 120, "2.67万亿" → 2.67e12.

    Raises ValueError with the offending text when it is not a number.
    """
    raw = text.strip().replace(",", "")
    factor = 1.0
    for suffix, mult in (("万亿", 1e12), ("亿", 1e8), ("万", 1e4)):
        if raw.endswith(suffix) and _ARABIC_RE.fullmatch(raw[: -len(suffix)].strip()):
            raw, factor = raw[: -len(suffix)].strip(), mult
            break
    if _PLAIN_NUMBER_RE.fullmatch(raw):
        return float(raw) * factor
    value = parse_chinese_number(raw)
    if value is None:
        raise ValueError(f"not a number: {text!r}")
    return value * factor


def _to_float(num: str) -> tuple[float, bool] | None:
    if num[0].isdigit():
        return float(num.replace(",", "")), False
    value = parse_chinese_number(num)
    return (value, True) if value is not None else None


def _split_chinese_unit(num: str, unit: str) -> tuple[str, str]:
    """Move a trailing 万/亿 written as part of a Chinese numeral ("三千万" + "千瓦") back into the unit."""
    for mult in ("万亿", "亿", "万"):
        if num == mult:
            return "一", mult + unit  # "突破万亿元": one 万亿元
        if num.endswith(mult):
            return num[: -len(mult)], mult + unit
    return num, unit


def find_quantities(text: str, *, chinese: bool = True) -> list[Quantity]:
    """Every figure in `text` with its unit, range and tolerance word, in order.

    Ranges ("4.5%—5%", "4.5%-5%", "4.5至5%") give comparator "range" with `value_max`; a figure without any
    word around it gets "=". With `chinese=False` only Arabic figures are read. Labels and dates are not filtered
    here: deciding what a figure means is the caller's job (see `commitments`).
    """
    found: list[Quantity] = []
    pos = 0
    pattern = _QUANTITY_RE if chinese else _ARABIC_QUANTITY_RE
    while True:
        m = pattern.search(text, pos)
        if m is None:
            return found
        quantity = _read_match(m, text, chinese=chinese)
        if quantity is None:
            pos = m.end("num")
            continue
        found.append(quantity)
        pos = max(quantity.end, m.start() + 1)


def _read_match(m: re.Match[str], text: str, *, chinese: bool) -> Quantity | None:
    num, unit = m.group("num"), m.group("unit1") or ""
    is_chinese = not num[0].isdigit()
    if is_chinese:
        if not chinese:
            return None
        num, unit = _split_chinese_unit(num, unit)
        if not unit or num in {"零", "〇", "○"}:  # 零部件 is a part, not zero of anything
            return None  # a bare Chinese numeral is almost always a name ("三北", "一湖两海")
    first = _to_float(num)
    if first is None:
        return None
    value = first[0]
    value_max: float | None = None
    comparator = "="
    end = m.end("unit1") if m.group("unit1") else m.end("num")
    num2, unit2 = m.group("num2"), m.group("unit2") or ""
    if num2 is not None and (num2[0].isdigit() or chinese):
        second = _to_float(num2)
        # "4.5%—5%" and "4.5至5%" are ranges; two figures in different units are not.
        if second is not None and (unit or unit2) and (not unit or not unit2 or unit == unit2):
            value_max, unit, comparator = second[0], unit2 or unit, "range"
            end = m.end("unit2") if m.group("unit2") else m.end("num2")
    after = m.group("after")
    if after and m.start("after") == end:
        end = m.end("after")
        if comparator != "range":
            comparator = AFTER_COMPARATORS[after.strip()]
    if comparator == "=" and m.group("more") and m.group("unit1"):
        comparator = ">="  # 1000余家, 80多种: more than the figure
    if comparator == "=":
        before = text[max(0, m.start() - 4): m.start()].rstrip()
        for word, comp in BEFORE_COMPARATORS:
            if before.endswith(word):
                comparator = comp
                break
    return Quantity(
        value=value,
        value_max=value_max,
        unit=unit.replace(" ", ""),
        comparator=comparator,
        start=m.start(),
        end=end,
        text=text[m.start(): end],
        chinese=is_chinese,
    )
