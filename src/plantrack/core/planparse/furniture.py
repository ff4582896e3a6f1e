"""Page furniture (页眉页脚) in text printed from a paginated document: page numbers and running heads.

A running head is the plan's title (or a short form of it) printed again at the top of every page, sometimes with
the page number beside it. Found inside a table or a paragraph it would be read as a category or a sentence, so
the parser blanks these lines (keeping line numbers) before reading the structure.

Rules: a line is furniture when, with a page number at either end removed, it is only a page number; or it is the
title again (blanks ignored) outside the title block itself; or it is a short line (at most 40 characters, no
sentence punctuation, no heading, box, item or table row) that names the plan (规划/纲要) and stands alone at
least three times in the document.
"""

from __future__ import annotations

import re
from collections import Counter

from plantrack.core.planparse.textnorm import is_page_number

_EDGE = r"[ \t\u3000\-—–－·]"
_EDGE_PAGE_NUMBER = re.compile(rf"^{_EDGE}*\d{{1,4}}{_EDGE}+|{_EDGE}+\d{{1,4}}{_EDGE}*$")
_BLANKS = re.compile(r"[ \t\u3000\xa0]+")
_NOT_A_HEAD = re.compile(
    r"[。，；：,;:]|^\s*(第\s*[零〇一二两三四五六七八九十百千\d]+\s*[篇章节]|专栏|[（(][一二三四五六七八九十]+[）)])"
)
MAX_HEAD = 40
MIN_REPEATS = 3


def _squashed(line: str) -> str:
    return _BLANKS.sub("", _EDGE_PAGE_NUMBER.sub("", line.strip()))


def furniture_lines(lines: list[str], title: str, title_lines: set[int]) -> set[int]:
    """0-based indexes of the page-number and running-head lines of `lines`; `title_lines` (0-based) hold the
    document's own title, which is never furniture."""
    title_key = _BLANKS.sub("", title)
    longest = max(len(title_key), MAX_HEAD) + 20  # room for blanks and a page number
    # Only short lines without a full stop can be furniture; prose is most of a plan and is skipped at once.
    short = {i: line for i, line in enumerate(lines)
             if line.strip() and len(line) <= longest and "。" not in line and "\t" not in line.strip()}
    keys = {i: _squashed(line) for i, line in short.items()}
    counts = Counter(keys.values())
    found: set[int] = set()
    for i, line in short.items():
        if i in title_lines:
            continue
        if is_page_number(line):
            found.add(i)
            continue
        key = keys[i]
        if not key:
            continue
        if title_key and key == title_key:
            found.add(i)
        elif (len(key) <= MAX_HEAD and counts[key] >= MIN_REPEATS and ("规划" in key or "纲要" in key)
              and not _NOT_A_HEAD.search(line)):
            found.add(i)
    return found
