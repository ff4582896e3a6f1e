"""Full-text search over one plan version (全文检索): the query is segmented with jieba and a sentence matches when
its stored tokens hold every term; results carry their place (chapter, section, box) and the terms highlighted."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from plantrack.plans.models import PlanNode, PlanSentence, PlanVersion
from plantrack.plans.segmentation import query_terms

DEFAULT_LIMIT = 200


@dataclass(frozen=True)
class SearchHit:
    sentence: PlanSentence
    html: SafeString
    chapter: PlanNode | None
    section: PlanNode | None
    box: PlanNode | None
    exact: bool

    @property
    def part(self) -> PlanNode | None:
        """The part (篇) for a sentence of a part's opening words, which stand in no chapter."""
        node = self.sentence.node
        return node if node is not None and node.kind == PlanNode.Kind.PART else None


@dataclass(frozen=True)
class SearchResult:
    query: str
    terms: list[str]
    hits: list[SearchHit]
    total: int


def highlight_terms(text: str, terms: list[str]) -> SafeString:
    """`text` as HTML with every occurrence of a term wrapped in <mark> (longest terms first, case-insensitive)."""
    if not terms:
        return escape(text)
    pattern = re.compile("|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True)), re.IGNORECASE)
    out, pos = [], 0
    for m in pattern.finditer(text):
        out.append(escape(text[pos:m.start()]))
        out.append(format_html("<mark>{}</mark>", m.group()))
        pos = m.end()
    out.append(escape(text[pos:]))
    return mark_safe("".join(out))  # noqa: S308 - the pieces are escaped above


def search_plan(*, version: PlanVersion, query: str, limit: int = DEFAULT_LIMIT) -> SearchResult:
    """The sentences of `version` that contain every word of `query`; whole-phrase matches first, then in order."""
    query = query.strip()
    terms = query_terms(query) if query else []
    if not terms:
        return SearchResult(query=query, terms=[], hits=[], total=0)
    matches = version.sentences.all()
    for term in terms:
        matches = matches.filter(tokens__contains=f" {term} ")
    total = matches.count()
    sentences = list(matches.select_related("node").order_by("order")[: limit * 2])
    phrase = "".join(query.lower().split())
    sentences.sort(key=lambda s: (phrase not in "".join(s.text.lower().split()), s.order))
    sentences = sentences[:limit]

    nodes = _place_nodes(version, sentences)
    hits = [
        SearchHit(
            sentence=s,
            html=highlight_terms(s.text, terms),
            chapter=nodes.get((PlanNode.Kind.CHAPTER, s.chapter_number, None)),
            section=nodes.get((PlanNode.Kind.SECTION, s.chapter_number, s.section_number)),
            box=nodes.get((PlanNode.Kind.BOX, s.box_number, None)),
            exact=phrase in "".join(s.text.lower().split()),
        )
        for s in sentences
    ]
    return SearchResult(query=query, terms=terms, hits=hits, total=total)


def _place_nodes(version: PlanVersion, sentences: list[PlanSentence]) -> dict[tuple, PlanNode]:
    chapters = {s.chapter_number for s in sentences if s.chapter_number}
    boxes = {s.box_number for s in sentences if s.box_number}
    found: dict[tuple, PlanNode] = {}
    for node in version.nodes.filter(kind__in=[PlanNode.Kind.CHAPTER, PlanNode.Kind.SECTION],
                                     chapter_number__in=chapters):
        if node.kind == PlanNode.Kind.CHAPTER:
            found[(node.kind, node.number, None)] = node
        else:
            found[(node.kind, node.chapter_number, node.number)] = node
    for node in version.nodes.filter(kind=PlanNode.Kind.BOX, number__in=boxes):
        found[(node.kind, node.number, None)] = node
    return found
