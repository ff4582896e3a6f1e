"""Control characters in typed or imported text (控制字符): found before anything is stored.

A C0 control other than tab, line feed and carriage return, DEL, a lone surrogate or a non-character cannot be
written to an xlsx (XML 1.0 forbids it) and a NUL cannot be stored by PostgreSQL at all, so every input channel
refuses them with the position of the first one: `first_control_character("备注\\x0b")` is `(2, "\\\\x0b")`.
"""

from __future__ import annotations

import re

_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")

__all__ = ["first_control_character", "has_control_character", "escape_control_characters"]


def has_control_character(text: str) -> bool:
    """True when `text` holds a character no stored text may hold (see the module docstring)."""
    return _CONTROL.search(text) is not None


def first_control_character(text: str) -> tuple[int, str] | None:
    """(0-based position, the character written as an escape such as "\\x0b") of the first one; None if clean."""
    found = _CONTROL.search(text)
    if found is None:
        return None
    return found.start(), _escaped(found.group())


def _escaped(char: str) -> str:
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def escape_control_characters(text: str) -> str:
    """`text` with each such character written as its escape, so a message can quote what was typed."""
    return _CONTROL.sub(lambda m: _escaped(m.group()), text)
