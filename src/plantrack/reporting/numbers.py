"""Strict reading of a reported figure (数值) and its measure unit (计量单位): text is never guessed at.

Accepted: "1234", "-1.5", "+2", "12,345.6" (thousands groups of exactly three digits), a Decimal, an int, a float
from a spreadsheet cell (binary noise beyond 6 decimals is rounded off). Refused with the reason: "—", "12,3",
"约5%", "5%", "=A1", "1e5", full-width digits, empty text, more than 6 decimals typed, more than 14 integer digits.
"""

from __future__ import annotations

import math
import re
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation

from django.utils.translation import gettext as _

from plantrack.core.errors import InvalidInput
from plantrack.core.units import normalise_unit

__all__ = ["MAX_DECIMALS", "MAX_INTEGER_DIGITS", "is_simple_number", "normalise_unit", "parse_number",
           "parse_number_carefully"]

MAX_DECIMALS = 6
MAX_INTEGER_DIGITS = 14  # DataValue.value is max_digits=20, decimal_places=6
_PLAIN = re.compile(r"^[+-]?(?:\d+|\d{1,3}(?:,\d{3})+)(?:\.\d+)?$", re.ASCII)
_QUANTUM = Decimal(1).scaleb(-MAX_DECIMALS)
# The shape nearly every figure in a file has: plain ASCII digits within both limits by construction, so
# `Decimal(text)` reads it exactly as the general path would (no commas, spaces, exponent, full-width digits).
_SIMPLE = re.compile(rf"[+-]?\d{{1,{MAX_INTEGER_DIGITS}}}(?:\.\d{{1,{MAX_DECIMALS}}})?", re.ASCII)
is_simple_number = _SIMPLE.fullmatch  # for a caller that inlines the common case (the bulk entry loop)


def parse_number(raw: object) -> Decimal:
    """The figure in `raw` as a Decimal, or InvalidInput (a ValueError) with the reason, naming the text.

    Plain well-formed text (nearly every figure in a file) is read by a shortcut; everything else, and every
    refusal, by `parse_number_carefully`. The two agree on every input (a property test holds them to it)."""
    if type(raw) is str:
        if _SIMPLE.fullmatch(raw):
            return Decimal(raw)
        fast = _fast(raw)
        if fast is not None:
            return fast
    return parse_number_carefully(raw)


def parse_number_carefully(raw: object) -> Decimal:
    """`parse_number` without its shortcuts: every rule checked and every refusal worded."""
    if raw is None:
        raise InvalidInput(_("数值为空"), code="not_a_number")
    if isinstance(raw, bool):
        raise InvalidInput(_("数值“%(raw)s”不是数字") % {"raw": raw}, code="not_a_number")
    if isinstance(raw, Decimal):
        value = raw
        if not value.is_finite():
            raise InvalidInput(_("数值“%(raw)s”不是有限的数字") % {"raw": raw}, code="not_a_number")
    elif isinstance(raw, int):
        value = Decimal(raw)
    elif isinstance(raw, float):
        if not math.isfinite(raw):
            raise InvalidInput(_("数值“%(raw)s”不是有限的数字") % {"raw": raw}, code="not_a_number")
        if abs(raw) >= 10.0**MAX_INTEGER_DIGITS:
            # Checked before rounding: a float of 1e22 or more has too many digits to round to 6 decimals.
            raise InvalidInput(_("数值“%(raw)s”超出可存储的范围（整数部分最多%(n)s位）")
                               % {"raw": raw, "n": MAX_INTEGER_DIGITS}, code="not_a_number")
        # A spreadsheet stores binary floats: 0.1 + 0.2 arrives as 0.30000000000000004, which nobody typed.
        value = Decimal(repr(raw)).quantize(_QUANTUM, rounding=ROUND_HALF_EVEN).normalize()
    else:
        text = str(raw).strip()
        if not text:
            raise InvalidInput(_("数值为空"), code="not_a_number")
        if text.startswith("="):
            raise InvalidInput(_("“%(text)s”是公式，请填写数值本身") % {"text": text}, code="not_a_number")
        if not _PLAIN.match(text):
            raise InvalidInput(_("“%(text)s”不是数字") % {"text": text} + _hint(text), code="not_a_number")
        try:
            value = Decimal(text.replace(",", ""))
        except InvalidOperation as exc:  # pragma: no cover - the pattern above admits only valid literals
            raise InvalidInput(_("“%(text)s”不是数字") % {"text": text}, code="not_a_number") from exc
    return _checked(value, raw)


def _fast(raw: str) -> Decimal | None:
    """The common case, a plain well-formed number within limits, without the general checks; else None."""
    text = raw.strip()
    if not _PLAIN.match(text):
        return None
    if "," in text:
        text = text.replace(",", "")
    dot = text.find(".")
    if dot >= 0 and len(text) - dot - 1 > MAX_DECIMALS:
        return None
    whole = text[: dot if dot >= 0 else len(text)].lstrip("+-").lstrip("0")
    if len(whole) > MAX_INTEGER_DIGITS:
        return None
    return Decimal(text)


def _checked(value: Decimal, raw: object) -> Decimal:
    sign, digits, exponent = value.as_tuple()
    decimals = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    if decimals > MAX_DECIMALS:
        raise InvalidInput(_("数值“%(raw)s”的小数超过%(n)s位") % {"raw": raw, "n": MAX_DECIMALS}, code="not_a_number")
    if value.adjusted() >= MAX_INTEGER_DIGITS:
        raise InvalidInput(_("数值“%(raw)s”超出可存储的范围（整数部分最多%(n)s位）")
                               % {"raw": raw, "n": MAX_INTEGER_DIGITS}, code="not_a_number")
    return value


def _hint(text: str) -> str:
    if "%" in text or "％" in text:
        return _("（请去掉%，按指标的计量单位填写数值）")
    if re.fullmatch(r"[+-]?\d+,\d{1,2}", text):
        return _("（逗号不能作小数点，请用“.”）")
    if any("０" <= ch <= "９" for ch in text):
        return _("（请使用半角数字）")
    if re.search(r"[eE]", text) and re.fullmatch(r"[+-]?[\d.]+[eE][+-]?\d+", text):
        return _("（请不要用科学计数法）")
    return ""
