"""The reading view of one chapter (章): its paragraphs, its sections as headings, its boxes (专栏) as boxes and
the commitments in it highlighted in place, built from the version's stored lines and node line ranges."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.http import Http404
from django.utils.safestring import SafeString

from plantrack.plans.commitment_display import highlight_commitments
from plantrack.plans.layout import heading_end, paragraph_breaks
from plantrack.plans.models import PlanCommitment, PlanNode, PlanVersion
from plantrack.plans.text import paragraphs


@dataclass
class Block:
    """One thing on the chapter page: a container node (section, box, box item) or a paragraph or table."""

    kind: str  # "section" | "box" | "box_item" | "paragraph" | "table"
    line_start: int
    anchor: str = ""
    node: PlanNode | None = None
    has_heading: bool = True
    html: SafeString | str = ""
    rows: list[list[str]] = field(default_factory=list)
    children: list[Block] = field(default_factory=list)


@dataclass
class ChapterPage:
    chapter: PlanNode
    part: PlanNode
    blocks: list[Block]
    commitments: list[PlanCommitment]
    previous: PlanNode | None
    next: PlanNode | None


def node_anchor(node: PlanNode) -> str:
    if node.kind == PlanNode.Kind.SECTION:
        return f"s{node.number}"
    if node.kind == PlanNode.Kind.BOX:
        return f"box{node.number}"
    if node.kind == PlanNode.Kind.BOX_ITEM:
        return f"box{node.parent.number}-{node.number}"
    return ""


def build_chapter_page(*, version: PlanVersion, number: int) -> ChapterPage:
    """The chapter `number` of `version`, ready for the template; Http404 if the version has no such chapter."""
    chapter = (
        version.nodes.select_related("parent")
        .filter(kind=PlanNode.Kind.CHAPTER, number=number)
        .first()
    )
    if chapter is None:
        raise Http404(f"no chapter {number}")
    inner = list(
        version.nodes.select_related("parent")
        .filter(chapter_number=number)
        .exclude(kind=PlanNode.Kind.CHAPTER)
        .order_by("order")
    )
    lines = version.text.split("\n")
    commitments = list(version.commitments.filter(chapter_number=number).order_by("line", "order"))

    root = Block(kind="chapter", line_start=chapter.line_start, node=chapter)
    blocks_by_node: dict[int, Block] = {chapter.pk: root}
    owner: dict[int, Block] = {}
    for line in range(chapter.line_start, chapter.line_end + 1):
        owner[line] = root
    for node in inner:  # order puts sections before their boxes and boxes before their items
        block = Block(kind=node.kind, line_start=node.line_start, anchor=node_anchor(node), node=node,
                      has_heading=heading_end(lines, node) is not None)
        blocks_by_node[node.pk] = block
        blocks_by_node.get(node.parent_id, root).children.append(block)
        for line in range(node.line_start, node.line_end + 1):
            owner[line] = block

    breaks, headings = paragraph_breaks(lines, [chapter, *inner])
    heading_lines = {n for start, end in headings.items() for n in range(start, end + 1)}
    by_line: dict[int, list[PlanCommitment]] = {}
    for c in commitments:
        by_line.setdefault(c.line, []).append(c)

    placed: set[int] = set()
    last_text: Block | None = None
    for para in paragraphs(lines, chapter.line_start, chapter.line_end, breaks):
        if para.line_start in heading_lines:
            continue
        container = owner.get(para.line_start, root)
        mine = [c for n in range(para.line_start, para.line_end + 1) for c in by_line.get(n, [])]
        placed.update(c.pk for c in mine)
        if para.is_table_row:
            cells = para.text.split("\t")
            if container.children and container.children[-1].kind == "table":
                container.children[-1].rows.append(cells)
            else:
                container.children.append(Block(kind="table", line_start=para.line_start, rows=[cells],
                                                anchor=f"L{para.line_start}"))
            continue
        last_text = Block(kind="paragraph", line_start=para.line_start, anchor=f"L{para.line_start}",
                          html=highlight_commitments(para.text, mine))
        container.children.append(last_text)
    stray = [c for c in commitments if c.pk not in placed]
    if stray:
        # Quotes on heading or table lines still need their anchors; they go with the closing paragraph.
        target = last_text or Block(kind="paragraph", line_start=chapter.line_end, anchor="stray")
        target.html = highlight_commitments("", stray) + target.html
        if last_text is None:
            root.children.append(target)
    for block in blocks_by_node.values():
        block.children.sort(key=lambda b: b.line_start)

    siblings = list(version.nodes.filter(kind=PlanNode.Kind.CHAPTER, number__in=[number - 1, number + 1]))
    return ChapterPage(
        chapter=chapter,
        part=chapter.parent,
        blocks=root.children,
        commitments=commitments,
        previous=next((n for n in siblings if n.number == number - 1), None),
        next=next((n for n in siblings if n.number == number + 1), None),
    )
