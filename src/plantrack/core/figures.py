"""How a figure is written as text, one function for each kind of text: 0 is never an empty cell, 7463 never 7.463E+3.

    >>> figure_text(Decimal("12.500000")), figure_text(None, missing="—"), figure_text(0.1 + 0.2)  # as stored
    ('12.5', '—', '0.3')
    >>> grouped_figure_text(Decimal("5E+4")), grouped_figure_text(Decimal("1234.50"))  # on a printed sheet
    ('50,000', '1,234.5')
    >>> percent_text(Decimal("0.36")), percent_text(0.8, decimals=0), percent_text(None)  # a ratio
    ('36.0%', '80%', '—')
    >>> significant_figure_text(4.10194), significant_figure_text(23158.7)  # a computed projection or rate
    ('4.102', '23160')
"""

from __future__ import annotations

from decimal import Decimal
from typing import overload

__all__ = ["figure_text", "grouped_figure_text", "percent_text", "significant_figure_text"]

FLOAT_DECIMALS = 6  # a float (a sum, a spreadsheet cell) carries binary noise beyond what anyone typed
Number = Decimal | int | float | str


@overload
def figure_text(value: Number | None, *, missing: str = "") -> str: ...


@overload
def figure_text(value: Number | None, *, missing: None) -> str | None: ...


def figure_text(value: Number | None, *, missing: str | None = "") -> str | None:
    """`value` without exponent and without the trailing zeros of its storage scale; `missing` for None or "".

    Floats are rounded to six decimals first (0.1 + 0.2 → "0.3"); text is read as a Decimal ("12.50" → "12.5").
    """
    if value is None or value == "":
        return missing
    return _written(format(_decimal(value), "f"))


def grouped_figure_text(value: Number | None, *, missing: str = "—") -> str:
    """An amount for a reader counting its digits (a meeting sheet for print, a limit in a message): thousands
    separators, at most two decimals. A figure that may be typed again (a form, an export, the API) is `figure_text`.
    """
    if value is None or value == "":
        return missing
    number = _decimal(value)
    return _written(format(number, ",.0f" if number == number.to_integral_value() else ",.2f"))


def percent_text(ratio: Number | None, *, decimals: int = 1, missing: str = "—") -> str:
    """`ratio` as a percentage with `decimals` decimals, zeros kept (1 → "100.0%"); `missing` for None."""
    if ratio is None or ratio == "":
        return missing
    # A float is read as it prints, not rounded first: rounding twice could move a percentage across a half.
    number = Decimal(repr(ratio)) if isinstance(ratio, float) else Decimal(ratio)
    return _written(format(number.scaleb(2), f".{decimals}f"), keep_zeros=True) + "%"


def significant_figure_text(value: Number | None, *, digits: int = 4, missing: str = "—") -> str:
    """A computed figure to `digits` significant digits, never with an exponent (1.2345e-05 → "0.00001234")."""
    if value is None or value == "":
        return missing
    return figure_text(Decimal(format(value if isinstance(value, float) else _decimal(value), f".{digits}g")))


def _decimal(value: Number) -> Decimal:
    if isinstance(value, float):
        return Decimal(repr(round(value, FLOAT_DECIMALS)))
    return value if isinstance(value, Decimal) else Decimal(value)


def _written(text: str, *, keep_zeros: bool = False) -> str:
    """Without the zeros after the point unless kept, and a zero without its sign: "-0.00" → "0", never "" or "-0"."""
    if "." in text and not keep_zeros:
        text = text.rstrip("0").rstrip(".")
    return text[1:] if text.startswith("-") and not text.strip("-0.,") else text
