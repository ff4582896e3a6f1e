"""How a figure is written as text: a stored Decimal as a person would type it (12.500000 → "12.5").

Every page, export, message and API answer writes figures through `figure_text`, so 0 is never shown as an empty
cell and 7463 never as 7.463E+3.

    >>> figure_text(Decimal("12.500000")), figure_text(None, missing="—"), figure_text(0.1 + 0.2)
    ('12.5', '—', '0.3')
"""

from __future__ import annotations

from decimal import Decimal
from typing import overload

__all__ = ["figure_text"]

FLOAT_DECIMALS = 6  # a float (a sum, a spreadsheet cell) carries binary noise beyond what anyone typed


@overload
def figure_text(value: Decimal | int | float | str | None, *, missing: str = "") -> str: ...


@overload
def figure_text(value: Decimal | int | float | str | None, *, missing: None) -> str | None: ...


def figure_text(value: Decimal | int | float | str | None, *, missing: str | None = "") -> str | None:
    """`value` without exponent and without the trailing zeros of its storage scale; `missing` for None or "".

    Floats are rounded to six decimals first (0.1 + 0.2 → "0.3"); text is read as a Decimal ("12.50" → "12.5").
    """
    if value is None or value == "":
        return missing
    if isinstance(value, float):
        value = Decimal(repr(round(value, FLOAT_DECIMALS)))
    number = value if isinstance(value, Decimal) else Decimal(value)
    if number == 0:
        return "0"  # not "" (all zeros stripped) and not "-0"
    text = format(number, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text
