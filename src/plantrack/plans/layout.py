"""Where the printed headings of plan nodes stand in the text, so pages and the search index can tell a heading
(possibly wrapped onto the next line) from the paragraphs under it."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

# A wrapped heading continues on one of the next few non-blank lines; further than this it is body text.
_MAX_WRAP_LOOKAHEAD = 3


class NodeLike(Protocol):
    kind: str
    label: str
    title: str
    line_start: int
    line_end: int


def _bare(text: str) -> str:
    return "".join(text.split())


def heading_end(lines: list[str], node: NodeLike) -> int | None:
    """The last line of `node`'s printed heading, or None when its first line is not a heading (a box whose heading
    extraction lost, an unlabelled box item whose line is body text)."""
    if not 1 <= node.line_start <= len(lines):
        return None
    first = _bare(lines[node.line_start - 1])
    title = _bare(node.title)
    if node.kind == "box_item":
        return node.line_start if node.label and first == _bare(node.label) + title else None
    if not node.label or not first.startswith(_bare(node.label)):
        return None
    covered, end = first, node.line_start
    while title and title not in covered:
        nxt = _next_text_line(lines, end, node.line_end)
        if nxt is None or not _bare(lines[nxt - 1]) or _bare(lines[nxt - 1]) not in title:
            break
        covered += _bare(lines[nxt - 1])
        end = nxt
    return end


def _next_text_line(lines: list[str], after: int, limit: int) -> int | None:
    for n in range(after + 1, min(after + 1 + _MAX_WRAP_LOOKAHEAD, limit, len(lines)) + 1):
        if lines[n - 1].strip():
            return n
    return None


def paragraph_breaks(lines: list[str], nodes: Iterable[NodeLike]) -> tuple[set[int], dict[int, int]]:
    """Lines where a new paragraph must start, and each heading's first line → its last line."""
    breaks: set[int] = set()
    headings: dict[int, int] = {}
    for node in nodes:
        breaks.add(node.line_start)
        end = heading_end(lines, node)
        if end is not None:
            headings[node.line_start] = end
            breaks.add(end + 1)
    return breaks, headings
