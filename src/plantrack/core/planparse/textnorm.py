"""Small text clean-ups the structure, box and table readers share: page numbers and PDF-split spacing.
(Chinese ordinals are read by `plantrack.core.numerals`.)

Extraction from PDF puts spaces inside Chinese words ("经济 发展", "达到国家 要求"); `clean_text` removes them
while keeping the spaces that separate Latin words from Chinese ("高于 GDP 增长").
"""

from __future__ import annotations

import re

# CJK ideographs, CJK punctuation and full-width forms: a space between two of these is an extraction artefact.
_CJK = r"\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef“”‘’"
_SPACE_BETWEEN_CJK = re.compile(rf"(?<=[{_CJK}])[ \t\u3000]+(?=[{_CJK}])")
_SPACE_AROUND_PAREN = re.compile(
    rf"(?<=[{_CJK}(])[ \t]+(?=[()])|(?<=[()])[ \t]+(?=[{_CJK})])|(?<=[(（])[ \t]+|[ \t]+(?=[)）])"
)
_SUBSCRIPT = re.compile(r"\s*[_^]\{([^{}]*)\}")
_WS = re.compile(r"[ \t\u3000\xa0]+")
# A page number printed in a header or footer: "12", "- 12 -", "— 12 —", "第12页".
_PAGE_NUMBER_RE = re.compile(r"^[ \t\u3000\-—–－]*(?:第[ \t]*)?\d{1,4}(?:[ \t]*页)?[ \t\u3000\-—–－]*$")


def is_page_number(line: str) -> bool:
    """A line that is only a page number (PDF headers and footers)."""
    return bool(_PAGE_NUMBER_RE.match(line)) and bool(line.strip())


def squash_spaces(text: str) -> str:
    """Collapse runs of blanks to one space and strip the ends."""
    return _WS.sub(" ", text).strip()


def clean_text(text: str) -> str:
    """Normalise a heading or table cell: `_{2.5}` subscripts inlined, blanks collapsed, CJK-internal spaces gone."""
    text = _SUBSCRIPT.sub(r"\1", text)
    text = squash_spaces(text)
    text = _SPACE_BETWEEN_CJK.sub("", text)
    return _SPACE_AROUND_PAREN.sub("", text)
