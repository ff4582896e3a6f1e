"""The text fields of an entry (备注、预警说明、数据来源): no control character, and a paragraph at most."""

from __future__ import annotations

from collections.abc import Iterator

from django.utils.translation import gettext as _

from plantrack.core.control_chars import escape_control_characters, first_control_character
from plantrack.reporting.inputs import ValueInput
from plantrack.reporting.models import DataValue

MAX_SOURCE_LENGTH = DataValue._meta.get_field("source").max_length
MAX_NOTE_LENGTH = 2000  # a comment or an explanation: a paragraph, not a document
TEXT_FIELDS = ("comment", "explanation", "source")


def is_plain_text(text: str) -> bool:
    """Text that passes every text check whichever field holds it (no control character, short)."""
    return first_control_character(text) is None and len(text) <= MAX_SOURCE_LENGTH


def text_problems(inp: ValueInput) -> Iterator[tuple[str, str, str]]:
    """(field, code, message) for each problem with the input's text fields."""
    for name in TEXT_FIELDS:
        text = getattr(inp, name)
        if not text:
            continue
        if not isinstance(text, str):
            text = str(text)
        bad = first_control_character(text)
        if bad is not None:
            yield name, "control_character", (_("第%(pos)s个字符是控制字符%(char)s，不能保存：请删除后重试")
                                              % {"pos": bad[0] + 1, "char": bad[1]})
        limit = MAX_SOURCE_LENGTH if name == "source" else MAX_NOTE_LENGTH
        if len(text) > limit:
            yield name, "too_long", _("长度%(n)s字，超过上限%(limit)s字") % {"n": len(text), "limit": limit}


def shown(text: str) -> str:
    """Text quoted back in a message, with any control character written as an escape (so it can be shown)."""
    return escape_control_characters(text)
