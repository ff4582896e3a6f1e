"""The outline of a plan: 篇 (parts), 章 (chapters), 节 (sections), read from heading lines in one pass.

Rules (none tied to one document):
- a heading is a line "第<numeral>篇|章|节 <title>" with no sentence-ending 。 and a title of at most 60 characters;
- a table-of-contents entry (目录) is a heading with a page number after dot leaders or a tab; the body starts at
  the last "第一篇" (or "第一章" in a plan without parts) that is not such an entry, and everything before it is
  the table of contents, parsed separately by `parse_outline` into `Outline.toc`;
- a heading wraps when the next non-blank line is short, carries no sentence punctuation and is not itself a
  heading, box, item or page number (TOC entries: only when the next line carries the page); a part title is two
  phrases, so a continuation after a one-phrase first line is joined with a space, any other directly;
- chapters keep their printed numbers, which run through the whole document; sections restart in each chapter;
  a heading whose number does not follow on from the one before (a prose line starting "第三章…") is dropped;
- a plan without 篇 gets one part numbered 0 with an empty title, holding all chapters;
- a document holding two bodies (the plan text twice, or two plans one after the other) is refused: a body is a
  run from a 第一篇, or a 第一章 not right after a 篇 heading, with prose (a sentence ending in 。) before the
  next such heading; a table of contents without page numbers has no prose, so it is no second body;
- a plan without any 节 heading may number its sections "一、…" (旗县 and 盟市 plans often do): such a line is a
  section when it is short, has no 。, and is no table row (no tab in it or in the non-blank lines beside it).
"""

from __future__ import annotations

import re
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field

from plantrack.core.numerals import chinese_ordinal
from plantrack.core.planparse.errors import PlanParseError
from plantrack.core.planparse.model import Chapter, Part, Section
from plantrack.core.planparse.textnorm import is_page_number, squash_spaces

_NUMERAL = r"[零〇一二两三四五六七八九十百千\d]+"
HEADING_RE = re.compile(rf"^[ \t\u3000]*第[ \t]*({_NUMERAL})[ \t]*([篇章节])(?![0-9])[ \t\u3000]*(.*?)[ \t\u3000]*$")
# A page number at the end of a TOC entry: after dot leaders, or after a tab / two blanks.
TOC_TAIL_RE = re.compile(r"(?:[.．·…]{2,}[ \t]*|[ \t]*\t[ \t]*|[ \t\u3000]{2,})\d{1,4}[ \t]*$")
_LEADERS_RE = re.compile(r"[.．·…]{2,}[ \t]*$")
# Lines that may not continue a wrapped heading: boxes, items, numbered points, table rows.
_NOT_CONTINUATION_RE = re.compile(
    r"^[ \t\u3000]*(专栏|（[一二三四五六七八九十]+）|\([一二三四五六七八九十]+\)|[一二三四五六七八九十]+、"
    r"|\d+[.．、]|注[：:])"
)
_ENUMERATED_RE = re.compile(r"^[ \t\u3000]*([一二三四五六七八九十]+)、[ \t\u3000]*([^\t]+?)[ \t\u3000]*$")
MAX_ENUMERATED_TITLE = 40
_SENTENCE_PUNCT = re.compile(r"[。；;：:，,！？!?]")
_ENDS_WITH_DIGIT = re.compile(r"\d[ \t]*$")
MAX_TITLE = 60
MAX_CONTINUATION = 30
_KIND = {"篇": "part", "章": "chapter", "节": "section"}
_RANK = {"part": 0, "chapter": 1, "section": 2}


@dataclass
class Heading:
    kind: str  # part | chapter | section
    number: int
    title: str
    line: int  # 1-based, first line of the heading
    last_line: int  # 1-based, last line (a wrapped heading spans two)
    toc: bool  # carries a page number: a table-of-contents entry


@dataclass
class Outline:
    """The body's parts (with chapters and sections), the TOC's parts, and where the body begins."""

    parts: list[Part]
    toc: list[Part] = field(default_factory=list)
    body_start: int = 1  # 1-based line of the body's first heading
    headings: list[Heading] = field(default_factory=list)


def _heading_at(lines: list[str], i: int) -> Heading | None:
    line = lines[i]
    if "第" not in line:
        return None
    m = HEADING_RE.match(line)
    if not m:
        return None
    raw_title = m.group(3)
    toc = bool(TOC_TAIL_RE.search(raw_title))
    if toc:
        raw_title = TOC_TAIL_RE.sub("", raw_title)
    raw_title = _LEADERS_RE.sub("", raw_title)
    title = squash_spaces(raw_title.replace("\t", " "))
    if "。" in title or len(title) > MAX_TITLE:
        return None
    try:
        number = chinese_ordinal(m.group(1))
    except ValueError:
        return None
    return Heading(_KIND[m.group(2)], number, title, i + 1, i + 1, toc)


def _continuation(lines: list[str], h: Heading, furniture: AbstractSet[int]) -> tuple[str, int, bool] | None:
    """The line that continues a wrapped heading: (text, 1-based line, carries a page number), or None.

    A page break (page number, running head: `furniture`, 0-based) between the two brings blank lines of its own,
    up to one on each side; they do not count against the single blank line a wrapped heading may hold."""
    if h.toc:
        return None  # a TOC entry with its own page number is complete
    j = h.last_line  # 0-based index of the line after the heading
    blanks = 0
    page_break = False
    while j < len(lines) and (not lines[j].strip() or is_page_number(lines[j]) or j in furniture):
        if j in furniture or is_page_number(lines[j]):
            page_break = True
        else:
            blanks += 1
        j += 1
    if page_break:
        blanks = max(0, blanks - 2)
    if j >= len(lines) or blanks > 1:
        return None
    nxt = lines[j]
    if len(nxt) > MAX_CONTINUATION + 40:  # room for dot leaders and a page number; body paragraphs are longer
        return None
    if HEADING_RE.match(nxt) or _NOT_CONTINUATION_RE.match(nxt):
        return None
    page = bool(TOC_TAIL_RE.search(nxt))
    if page and blanks:
        return None  # a TOC entry continues on the very next line
    text = squash_spaces(_LEADERS_RE.sub("", TOC_TAIL_RE.sub("", nxt)).replace("\t", " "))
    if not text or len(text) > MAX_CONTINUATION or len(h.title) + len(text) > MAX_TITLE:
        return None
    if _SENTENCE_PUNCT.search(text) or (not page and _ENDS_WITH_DIGIT.search(text)):
        return None
    return text, j + 1, page


def _join_title(h: Heading, text: str) -> str:
    """A part title is two phrases: a continuation after a one-phrase first line is the second phrase (joined
    with a space); otherwise it is the rest of a wrapped line (joined directly)."""
    if not h.title:
        return text
    if h.kind == "part" and " " not in h.title:
        return f"{h.title} {text}"
    return h.title + text


def scan_headings(lines: list[str], furniture: AbstractSet[int] = frozenset()) -> list[Heading]:
    """Every 篇/章/节 heading line in document order, wrapped headings joined."""
    found: list[Heading] = []
    for i in range(len(lines)):
        h = _heading_at(lines, i)
        if h is None:
            continue
        if found and found[-1].last_line >= h.line:
            continue
        cont = _continuation(lines, h, furniture)
        if cont is not None:
            text, last, page = cont
            h.title = _join_title(h, text)
            h.last_line = last
            h.toc = h.toc or page
        found.append(h)
    return found


def _bodies(headings: list[Heading], lines: list[str]) -> list[int]:
    """Indexes into `headings` of every first 篇 (or 章) that starts a body with prose (see module docstring)."""
    firsts = [
        k for k, h in enumerate(headings)
        if h.number == 1 and not h.toc and (h.kind == "part" or h.kind == "chapter" and not _after_part(headings, k))
    ]
    bodies = []
    for n, k in enumerate(firsts):
        end = headings[firsts[n + 1]].line - 1 if n + 1 < len(firsts) else len(lines)
        if any("。" in lines[i] for i in range(headings[k].line, end)):
            bodies.append(k)
    return bodies


def _after_part(headings: list[Heading], k: int) -> bool:
    """Whether heading k directly follows a 篇 heading (chapters may restart at 1 inside each part)."""
    return k > 0 and headings[k - 1].kind == "part"


def _refuse_second_body(headings: list[Heading], lines: list[str]) -> None:
    bodies = _bodies(headings, lines)
    if len(bodies) < 2:
        return
    first, second = headings[bodies[0]], headings[bodies[1]]
    third = headings[bodies[2]].line - 1 if len(bodies) > 2 else len(lines)

    def text(start: int, stop: int) -> list[str]:
        return [line.strip() for line in lines[start - 1 : stop] if line.strip()]

    # The first copy's run also holds the second copy's title and contents, so compare from the start only.
    again = text(second.line, third)
    if text(first.line, second.line - 1)[: len(again)] == again:
        raise PlanParseError(
            f"the plan text appears twice (from line {first.line} and again from line {second.line}): "
            "remove one copy and parse again"
        )
    raise PlanParseError(
        f"the document holds more than one plan (one from line {first.line}, another from line {second.line}): "
        "parse each plan from its own file"
    )


def _body_start(headings: list[Heading]) -> int:
    """Index into `headings` of the body's first heading (see module docstring)."""
    top = "part" if any(h.kind == "part" and not h.toc for h in headings) else "chapter"
    firsts = [k for k, h in enumerate(headings) if h.kind == top and h.number == 1 and not h.toc]
    if firsts:
        return firsts[-1]
    untoc = [k for k, h in enumerate(headings) if not h.toc]
    return untoc[0] if untoc else len(headings)


def _in_order(headings: list[Heading]) -> list[Heading]:
    """Drop headings whose number does not follow on: a wrapped prose line that happens to start with
    "第三章…" inside chapter 40 is no heading. Chapters may restart at 1 right after a part heading."""
    kept: list[Heading] = []
    last_part = last_chapter = last_section = 0
    for h in headings:
        if h.kind == "part":
            if h.number <= last_part:
                continue
            last_part = h.number
        elif h.kind == "chapter":
            restart = h.number == 1 and kept and kept[-1].kind == "part"
            if h.number <= last_chapter and not restart:
                continue
            last_chapter, last_section = h.number, 0
        else:
            if h.number <= last_section:
                continue
            last_section = h.number
        kept.append(h)
    return kept


def _build(headings: list[Heading], last_line: int) -> list[Part]:
    """Nest headings into parts → chapters → sections with line ranges ending where the next one begins."""
    parts: list[Part] = []
    for k, h in enumerate(headings):
        # A node ends before the next heading of the same or a higher level.
        end = last_line
        for nxt in headings[k + 1 :]:
            if _RANK[nxt.kind] <= _RANK[h.kind]:
                end = nxt.line - 1
                break
        if h.kind == "part":
            parts.append(Part(h.number, h.title, h.line, end))
        elif h.kind == "chapter":
            if not parts:
                parts.append(Part(0, "", h.line, last_line))
            parts[-1].chapters.append(Chapter(h.number, h.title, h.line, end))
        else:
            if not parts or not parts[-1].chapters:
                continue  # a 节 before any 章 belongs to no chapter: not part of the outline
            parts[-1].chapters[-1].sections.append(Section(h.number, h.title, h.line, end))
    return parts


def _trim(parts: list[Part], lines: list[str]) -> None:
    """End every range on its last non-blank line, so trailing blank lines belong to no node."""

    def last_text(start: int, end: int) -> int:
        while end > start and not lines[end - 1].strip():
            end -= 1
        return end

    for p in parts:
        p.line_end = last_text(p.line_start, p.line_end)
        for c in p.chapters:
            c.line_end = last_text(c.line_start, c.line_end)
            for s in c.sections:
                s.line_end = last_text(s.line_start, s.line_end)


def _is_table_row(line: str) -> bool:
    return line.count("\t") >= 2


def _next_text(lines: list[str], i: int, step: int) -> str:
    j = i + step
    while 0 <= j < len(lines) and not lines[j].strip():
        j += step
    return lines[j] if 0 <= j < len(lines) else ""


def scan_enumerated_sections(lines: list[str], first: int) -> list[Heading]:
    """Section headings written "一、…" from the 1-based line `first` on (rules in the module docstring)."""
    found: list[Heading] = []
    for i in range(first - 1, len(lines)):
        line = lines[i]
        if "、" not in line or "\t" in line:
            continue
        m = _ENUMERATED_RE.match(line)
        if not m or "。" in m.group(2) or len(m.group(2)) > MAX_ENUMERATED_TITLE:
            continue
        if _is_table_row(_next_text(lines, i, -1)) or _is_table_row(_next_text(lines, i, 1)):
            continue  # a category row of a table ("一、经济发展")
        found.append(Heading("section", chinese_ordinal(m.group(1)), squash_spaces(m.group(2)), i + 1, i + 1, False))
    return found


def parse_outline(lines: list[str], furniture: AbstractSet[int] = frozenset()) -> Outline:
    """Parts, chapters and sections of the body, and separately those of the table of contents; `furniture`
    holds the 0-based indexes of blanked page-furniture lines.

    Raises PlanParseError when the body has no 章 heading at all.
    """
    headings = scan_headings(lines, furniture)
    _refuse_second_body(headings, lines)
    start = _body_start(headings)
    body = _in_order([h for h in headings[start:] if not h.toc])
    if not any(h.kind == "chapter" for h in body):
        raise PlanParseError("no chapter headings (第…章) found: the text is not a plan outline")
    if not any(h.kind == "section" for h in body):
        enumerated = scan_enumerated_sections(lines, body[0].line)
        if enumerated:
            body = _in_order(sorted(body + enumerated, key=lambda h: h.line))
    parts = _build(body, len(lines))
    _trim(parts, lines)
    toc_headings = headings[:start]
    toc = _build(_in_order(toc_headings), body[0].line - 1) if toc_headings else []
    return Outline(parts=parts, toc=toc, body_start=body[0].line, headings=body)
