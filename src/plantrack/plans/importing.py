"""Import a plan document (导入规划): parse it, then store plan, version, node tree, indicators, commitments and
the search sentences in one transaction.

The same text imported again is recognised by its SHA-256 and reported as already imported; a revised text of
a plan with the same title and region becomes the next version and the current one. A document the parser
refuses raises PlanParseError before anything is written.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.db import transaction
from django.db.models import Count
from django.utils.translation import gettext as _

from plantrack.core.planparse.errors import PlanParseError
from plantrack.core.planparse.model import PlanDocument
from plantrack.plans import labels
from plantrack.plans.layout import paragraph_breaks
from plantrack.plans.models import Plan, PlanCommitment, PlanIndicator, PlanNode, PlanSentence, PlanVersion
from plantrack.plans.segmentation import index_tokens
from plantrack.plans.text import paragraphs, split_sentences

_SIX_PLACES = Decimal("0.000001")


@dataclass(frozen=True)
class ImportResult:
    """What `import_plan` did: the version stored (or found), whether it is new, and how much it holds."""

    plan: Plan
    version: PlanVersion
    created: bool
    counts: dict[str, int] = field(default_factory=dict)

    def summary(self) -> str:
        """One line for the person who ran the import, in Chinese."""
        c = self.counts
        what = _("{parts}篇 {chapters}章 {sections}节 {boxes}个专栏 {indicators}项主要指标 {commitments}条量化目标")
        what = what.format(**c)
        if not self.created:
            return _("《{title}》第{number}版已导入过（内容相同），未重复导入：{what}").format(
                title=self.plan.title, number=self.version.number, what=what
            )
        return _("已导入《{title}》第{number}版（当前版本）：{what}").format(
            title=self.plan.title, number=self.version.number, what=what
        )


def import_plan(
    *,
    path: str | Path | None = None,
    text: str | None = None,
    source_name: str = "",
    user=None,
    region: str = "",
    level: str = Plan.Level.REGION,
) -> ImportResult:
    """Parse a plan from a file (.txt/.docx/.pdf) or from text and store it; see the module docstring."""
    from plantrack.core.planparse import parse_file, parse_plan

    if (path is None) == (text is None):
        raise ValueError("import_plan needs exactly one of path= or text=")
    if path is not None:
        path = Path(path)
        if not path.is_file():
            raise PlanParseError(f"{path}: no such file")
        document = parse_file(path)
        source_name = source_name or path.name
    else:
        document = parse_plan(text)
    return store_plan_document(
        document=document, source_name=source_name or "text", user=user, region=region, level=level
    )


PLAN_SUFFIXES = (".txt", ".docx", ".pdf")


def import_plan_upload(*, user, upload, region: str = "", level: str = Plan.Level.REGION) -> ImportResult:
    """A plan document uploaded on the page: the admin right is checked before the file is looked at, then it is
    read like `plantrack import-plan` reads a file (bounded: a bomb is refused in well under a second)."""
    import tempfile

    from plantrack.orgs.access import require_admin

    require_admin(user, "import plan")
    suffix = Path(upload.name or "").suffix.lower()
    if suffix not in PLAN_SUFFIXES:
        raise PlanParseError(f"{upload.name}: only .txt, .docx or .pdf plan documents can be imported")
    with tempfile.TemporaryDirectory(prefix="plantrack-plan-") as folder:
        path = Path(folder) / f"upload{suffix}"
        with open(path, "wb") as out:
            for chunk in upload.chunks():
                out.write(chunk)
        try:
            return import_plan(path=path, source_name=upload.name, user=user, region=region, level=level)
        except PlanParseError as exc:
            exc.args = (str(exc).replace(str(path), upload.name),)  # name the person's file, not our copy
            raise


def document_sha256(document: PlanDocument) -> str:
    """The fingerprint of a document: SHA-256 of the normalised text the parser read."""
    return hashlib.sha256("\n".join(document.lines).encode("utf-8")).hexdigest()


def store_plan_document(
    *, document: PlanDocument, source_name: str, user=None, region: str = "", level: str = Plan.Level.REGION
) -> ImportResult:
    """Store a parsed document as a new version of its plan (or find the identical version already stored)."""
    if level not in Plan.Level.values:
        raise ValueError(f"unknown plan level {level!r}; one of {', '.join(Plan.Level.values)}")
    if not document.parts or not document.chapters():
        raise PlanParseError("no 篇/章 headings found: this is not a plan outline")
    if not document.lines:
        raise PlanParseError("the document has no text lines")
    sha = document_sha256(document)
    title = document.title.strip()[:300]
    with transaction.atomic():
        plan = Plan.objects.select_for_update().filter(title=title, region=region).first()
        if plan is None:
            plan = Plan.objects.create(
                title=title, region=region, level=level, period_start=document.period[0],
                period_end=document.period[1],
            )
        existing = plan.versions.filter(source_sha256=sha).first()
        if existing is not None:
            return ImportResult(plan=plan, version=existing, created=False, counts=version_counts(existing))
        last = plan.versions.order_by("-number").first()
        plan.versions.filter(is_current=True).update(is_current=False)
        if (plan.period_start, plan.period_end) != tuple(document.period):
            plan.period_start, plan.period_end = document.period
            plan.save(update_fields=["period_start", "period_end"])
        version = PlanVersion.objects.create(
            plan=plan, number=(last.number + 1) if last else 1, source_name=source_name[:300],
            source_sha256=sha, text="\n".join(document.lines), is_current=True, imported_by=user,
        )
        _store_contents(version, document)
    return ImportResult(plan=plan, version=version, created=True, counts=version_counts(version))


def version_counts(version: PlanVersion) -> dict[str, int]:
    kinds = {k: 0 for k in PlanNode.Kind.values}
    for row in version.nodes.values("kind").order_by().annotate(n=Count("id")):
        kinds[row["kind"]] = row["n"]
    return {
        "parts": kinds[PlanNode.Kind.PART],
        "chapters": kinds[PlanNode.Kind.CHAPTER],
        "sections": kinds[PlanNode.Kind.SECTION],
        "boxes": kinds[PlanNode.Kind.BOX],
        "box_items": kinds[PlanNode.Kind.BOX_ITEM],
        "indicators": version.indicators.count(),
        "commitments": version.commitments.count(),
        "sentences": version.sentences.count(),
    }


def _decimal(value: float | None) -> Decimal | None:
    if value is None:
        return None
    return Decimal(repr(float(value))).quantize(_SIX_PLACES)


def _store_contents(version: PlanVersion, document: PlanDocument) -> None:
    line_count = len(document.lines)
    nodes = _store_nodes(version, document)
    innermost = _innermost_nodes(nodes, line_count)

    PlanIndicator.objects.bulk_create(
        [
            PlanIndicator(
                version=version, code=row.code[:16], name=row.name[:200],
                group_name=(row.parent or "")[:200], category=row.category[:50],
                unit=(row.unit or "")[:50], attribute=row.attribute[:10], target_type=row.target_type[:20],
                direction=row.direction[:10], baseline_year=row.baseline.year,
                baseline_value=_decimal(row.baseline.value), baseline_note=(row.baseline.note or "")[:100],
                target_year=row.target.year, target_value=_decimal(row.target.value),
                target_text=(row.target.text or "")[:200], period_kind=(row.annual_or_cumulative.kind or "")[:12],
                period_value=_decimal(row.annual_or_cumulative.value),
                period_qualifier=(row.annual_or_cumulative.qualifier or "")[:100],
                period_text=(row.annual_or_cumulative.text or "")[:200],
                line_start=row.line_start, line_end=row.line_end or row.line_start, order=i,
            )
            for i, row in enumerate(document.indicators)
        ]
    )

    commitments = []
    for i, c in enumerate(document.commitments):
        node = _commitment_node(nodes, innermost, c.chapter, c.section, c.box, c.line)
        if node is None:
            raise PlanParseError(f"commitment on line {c.line} stands in no chapter of the document: {c.quote[:40]}")
        commitments.append(
            PlanCommitment(
                version=version, node=node, chapter_number=c.chapter, section_number=c.section,
                box_number=c.box, quote=c.quote, subject=c.subject[:300], value=_decimal(c.value),
                value_max=_decimal(c.value_max), unit=c.unit[:50], comparator=c.comparator[:8],
                deadline=c.deadline, line=c.line, order=i,
            )
        )
    PlanCommitment.objects.bulk_create(commitments)
    _store_sentences(version, document, nodes, innermost)


@dataclass
class _Nodes:
    parts: list[PlanNode]
    chapters: dict[int, PlanNode]
    sections: dict[tuple[int, int], PlanNode]
    boxes: dict[int, PlanNode]
    items: list[PlanNode]

    def all(self) -> list[PlanNode]:
        return [*self.parts, *self.chapters.values(), *self.sections.values(), *self.boxes.values(), *self.items]


def _store_nodes(version: PlanVersion, document: PlanDocument) -> _Nodes:
    """Create the node tree level by level, so each level's parents already have their keys."""
    line_count = len(document.lines)
    order = _DocumentOrder()

    def span(start: int, end: int) -> tuple[int, int]:
        start = max(1, start)
        return start, max(start, min(end or start, line_count))

    parts = []
    for p in document.parts:
        s, e = span(p.line_start, p.line_end)
        parts.append(PlanNode(version=version, kind=PlanNode.Kind.PART, number=p.number,
                              label=labels.part_label(p.number), title=p.title[:500], line_start=s, line_end=e,
                              order=order.of(s, 0)))
    PlanNode.objects.bulk_create(parts)

    chapters: dict[int, PlanNode] = {}
    for part_node, p in zip(parts, document.parts, strict=True):
        for ch in p.chapters:
            s, e = span(ch.line_start, ch.line_end)
            chapters[ch.number] = PlanNode(
                version=version, parent=part_node, kind=PlanNode.Kind.CHAPTER, number=ch.number,
                label=labels.chapter_label(ch.number), title=ch.title[:500], line_start=s, line_end=e,
                order=order.of(s, 1), chapter_number=ch.number)
    PlanNode.objects.bulk_create(chapters.values())

    sections: dict[tuple[int, int], PlanNode] = {}
    for ch in document.chapters():
        for sec in ch.sections:
            s, e = span(sec.line_start, sec.line_end)
            sections[(ch.number, sec.number)] = PlanNode(
                version=version, parent=chapters[ch.number], kind=PlanNode.Kind.SECTION, number=sec.number,
                label=labels.section_label(sec.number), title=sec.title[:500], line_start=s, line_end=e,
                order=order.of(s, 2), chapter_number=ch.number, section_number=sec.number)
    PlanNode.objects.bulk_create(sections.values())

    boxes: dict[int, PlanNode] = {}
    for box in document.boxes:
        parent = sections.get((box.chapter, box.section)) if box.section else None
        parent = parent or chapters.get(box.chapter)
        if parent is None:
            raise PlanParseError(f"专栏{box.number} on line {box.line_start} names chapter {box.chapter}, "
                                 "which the document does not have")
        s, e = span(box.line_start, box.line_end)
        boxes[box.number] = PlanNode(
            version=version, parent=parent, kind=PlanNode.Kind.BOX, number=box.number,
            label=labels.box_label(box.number), title=box.title[:500], line_start=s, line_end=e,
            order=order.of(s, 3), chapter_number=box.chapter, section_number=box.section)
    PlanNode.objects.bulk_create(boxes.values())

    items: list[PlanNode] = []
    for box in document.boxes:
        box_node = boxes[box.number]
        for i, item in enumerate(box.items):
            next_line = box.items[i + 1].line if i + 1 < len(box.items) else box_node.line_end + 1
            s, e = span(item.line or box_node.line_start, next_line - 1)
            items.append(PlanNode(
                version=version, parent=box_node, kind=PlanNode.Kind.BOX_ITEM, number=i + 1,
                label=(item.label or "")[:20], title=(item.title or "")[:500], line_start=s,
                line_end=max(s, min(e, box_node.line_end)), order=order.of(s, 4),
                chapter_number=box.chapter, section_number=box.section))
    PlanNode.objects.bulk_create(items)

    result = _Nodes(parts=parts, chapters=chapters, sections=sections, boxes=boxes, items=items)
    _renumber(order, result.all())
    return result


class _DocumentOrder:
    """Provisional sort keys (line, depth) turned into 0, 1, 2 … once every node exists."""

    def __init__(self) -> None:
        self.keys: list[tuple[int, int]] = []

    def of(self, line: int, depth: int) -> int:
        self.keys.append((line, depth))
        return len(self.keys) - 1


def _renumber(order: _DocumentOrder, nodes: list[PlanNode]) -> None:
    ranked = sorted(range(len(order.keys)), key=lambda i: order.keys[i])
    position = {provisional: final for final, provisional in enumerate(ranked)}
    changed = []
    for node in nodes:
        new = position[node.order]
        if new != node.order:
            node.order = new
            changed.append(node)
    PlanNode.objects.bulk_update(changed, ["order"], batch_size=500)


def _innermost_nodes(nodes: _Nodes, line_count: int) -> list[PlanNode | None]:
    """For each line (index = line number), the smallest node containing it."""
    inner: list[PlanNode | None] = [None] * (line_count + 2)
    for group in (nodes.parts, nodes.chapters.values(), nodes.sections.values(), nodes.boxes.values(), nodes.items):
        for node in group:
            for n in range(node.line_start, min(node.line_end, line_count) + 1):
                inner[n] = node
    return inner


def _commitment_node(nodes: _Nodes, innermost: list[PlanNode | None], chapter: int, section: int | None,
                     box: int | None, line: int) -> PlanNode | None:
    """The node a commitment stands in: the box item or box holding its line, else its section or chapter."""
    at_line = innermost[line] if 0 < line < len(innermost) else None
    if at_line is not None and at_line.chapter_number == chapter:
        if box is None or at_line.kind in (PlanNode.Kind.BOX, PlanNode.Kind.BOX_ITEM):
            return at_line
    if box is not None and box in nodes.boxes:
        return nodes.boxes[box]
    if section is not None and (chapter, section) in nodes.sections:
        return nodes.sections[(chapter, section)]
    return nodes.chapters.get(chapter)


def _store_sentences(version: PlanVersion, document: PlanDocument, nodes: _Nodes,
                     innermost: list[PlanNode | None]) -> None:
    """Index every sentence of the body (from the first part on) with its jieba tokens."""
    first_line = min(p.line_start for p in nodes.parts)
    breaks, _headings = paragraph_breaks(document.lines, nodes.all())
    rows = []
    for para in paragraphs(document.lines, first_line, len(document.lines), breaks):
        text = para.text.replace("\t", " ") if para.is_table_row else para.text
        for _offset, sentence in split_sentences(text):
            node = innermost[para.line_start]
            rows.append(PlanSentence(
                version=version, node=node, chapter_number=node.chapter_number if node else None,
                section_number=node.section_number if node else None,
                box_number=_box_number(node), line=para.line_start, text=sentence,
                tokens=index_tokens(sentence), order=len(rows)))
    PlanSentence.objects.bulk_create(rows, batch_size=1000)


def _box_number(node: PlanNode | None) -> int | None:
    if node is None:
        return None
    if node.kind == PlanNode.Kind.BOX:
        return node.number
    if node.kind == PlanNode.Kind.BOX_ITEM:
        return node.parent.number
    return None
