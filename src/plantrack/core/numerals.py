"""Chinese numerals (中文数字): the one reader and the one writer.

>>> parse_chinese_number("一百二十"), parse_chinese_number("两千"), parse_chinese_number("三点五")
(120.0, 2000.0, 3.5)
>>> chinese_ordinal("第五十三章".strip("第章")), chinese_number(105)
(53, '一百零五')
"""

from __future__ import annotations

__all__ = ["chinese_number", "chinese_ordinal", "parse_chinese_number"]

_DIGITS = {"零": 0, "〇": 0, "○": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
           "八": 8, "九": 9}
_SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
_BIG_UNITS = {"万": 10_000, "亿": 100_000_000}
_WRITTEN = "零一二三四五六七八九"


def parse_chinese_number(text: str) -> float | None:
    """The value of a number in Chinese numerals ("一百二十" → 120, "两千" → 2000, "三点五" → 3.5); None if not one.

    Digit strings without unit words read digit by digit ("二〇三〇" → 2030).
    """
    text = text.strip()
    if not text:
        return None
    if "点" in text:
        whole, _, frac = text.partition("点")
        head = parse_chinese_number(whole) if whole else 0.0
        if head is None or not frac or any(ch not in _DIGITS for ch in frac):
            return None
        return head + float("0." + "".join(str(_DIGITS[ch]) for ch in frac))
    if any(ch not in _DIGITS and ch not in _SMALL_UNITS and ch not in _BIG_UNITS for ch in text):
        return None
    if all(ch in _DIGITS for ch in text):
        if len(text) == 1:
            return float(_DIGITS[text])
        return float("".join(str(_DIGITS[ch]) for ch in text))
    total = 0
    section = 0  # the part below the current 万/亿
    digit = 0
    for ch in text:
        if ch in _DIGITS:
            digit = _DIGITS[ch]
        elif ch in _SMALL_UNITS:
            section += (digit or 1) * _SMALL_UNITS[ch]
            digit = 0
        else:
            big = _BIG_UNITS[ch]
            section += digit
            digit = 0
            if section == 0 and total == 0:
                section = 1  # "万名" is ten thousand, not zero
            if big == 100_000_000:
                total = (total + section) * big
            else:
                total += section * big
            section = 0
    return float(total + section + digit)


def chinese_ordinal(text: str) -> int:
    """The whole number a heading or list counts with ("五十三" → 53, "12" → 12); ValueError if it is not one."""
    text = text.strip()
    if text.isascii() and text.isdigit():
        return int(text)
    value = parse_chinese_number(text)
    if value is None or not value.is_integer():
        raise ValueError(f"not a Chinese numeral: {text!r}")
    return int(value)


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 53 → 五十三, 105 → 一百零五 (the numerals headings use); 1000 and up stay Arabic."""
    if n < 0:
        raise ValueError(f"no Chinese numeral for {n}")
    if n < 10:
        return _WRITTEN[n]
    if n < 20:
        return "十" + (_WRITTEN[n % 10] if n % 10 else "")
    if n < 100:
        return _WRITTEN[n // 10] + "十" + (_WRITTEN[n % 10] if n % 10 else "")
    if n < 1000:
        rest = n % 100
        if rest == 0:
            tail = ""
        elif rest < 10:
            tail = "零" + _WRITTEN[rest]
        else:
            tail = (_WRITTEN[1] if rest < 20 else "") + chinese_number(rest)
        return _WRITTEN[n // 100] + "百" + tail
    return str(n)
