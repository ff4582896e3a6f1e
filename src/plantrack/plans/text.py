"""How a plan version's stored lines become paragraphs and sentences, for the chapter pages and the search index.

PDF extraction breaks a paragraph wherever the page broke it, so a line that does not end a sentence is joined
with the next text line unless that one starts a heading; table rows (tab-separated) stay one line each.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

# A line ending in one of these closes its paragraph; anything else continues on the next text line.
_PARAGRAPH_END = tuple("。！？；：…”」）)!?;:")
_SENTENCE = re.compile(r"[^。！？；!?;]+[。！？；!?;]*[”」’）)]*")


@dataclass(frozen=True)
class Paragraph:
    """Consecutive source lines read as one paragraph; `is_table_row` for a tab-separated table line."""

    line_start: int
    line_end: int
    text: str
    is_table_row: bool = False


def is_table_row(line: str) -> bool:
    return "\t" in line.strip("\n") and len([c for c in line.split("\t") if c.strip()]) >= 2


def paragraphs(lines: list[str], start: int, end: int, breaks: Iterable[int] = ()) -> list[Paragraph]:
    """The paragraphs of lines `start`..`end` (1-based, inclusive); a paragraph never runs past a line in `breaks`."""
    stop_at = set(breaks)
    result: list[Paragraph] = []
    open_start: int | None = None
    open_end = 0
    parts: list[str] = []

    def close() -> None:
        nonlocal open_start, parts
        if open_start is not None:
            result.append(Paragraph(open_start, open_end, "".join(parts)))
        open_start, parts = None, []

    for number in range(max(start, 1), min(end, len(lines)) + 1):
        raw = lines[number - 1]
        text = raw.strip()
        if number in stop_at:
            close()
        if not text:
            continue
        if is_table_row(raw):
            close()
            result.append(Paragraph(number, number, "\t".join(c.strip() for c in raw.split("\t")).strip(), True))
            continue
        if open_start is None:
            open_start = number
        open_end = number
        parts.append(text)
        if text.endswith(_PARAGRAPH_END):
            close()
    close()
    return result


def split_sentences(text: str) -> list[tuple[int, str]]:
    """The sentences of a paragraph as (offset, sentence), split after 。！？； ."""
    return [(m.start(), m.group().strip()) for m in _SENTENCE.finditer(text) if m.group().strip()]
