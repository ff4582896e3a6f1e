"""Reads of stored plans for the pages: the plan list, a version, its table of contents, and filtered commitments."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from plantrack.plans.layout import paragraph_breaks
from plantrack.plans.models import Plan, PlanCommitment, PlanNode, PlanVersion
from plantrack.plans.text import paragraphs


def list_plans() -> QuerySet[Plan]:
    """Every plan with its versions (newest first)."""
    return Plan.objects.order_by("title", "region").prefetch_related(
        Prefetch("versions", queryset=PlanVersion.objects.order_by("-number"))
    )


def get_version(*, plan_id: int, number: int | None = None) -> PlanVersion:
    """Version `number` of the plan, or its current version; Http404 when there is none."""
    versions = PlanVersion.objects.select_related("plan").filter(plan_id=plan_id)
    if number is None:
        return get_object_or_404(versions, is_current=True)
    return get_object_or_404(versions, number=number)


@dataclass
class TreeNode:
    """A node of the table of contents with its children (篇 → 章 → 节/专栏)."""

    node: PlanNode
    children: list[TreeNode] = field(default_factory=list)
    commitment_count: int = 0
    intro: list[str] = field(default_factory=list)  # a part's opening paragraphs, before its first chapter


def contents_tree(*, version: PlanVersion) -> list[TreeNode]:
    """Parts with their chapters, and each chapter's sections and boxes in document order (box items left out)."""
    counts = dict(
        version.commitments.values_list("chapter_number").order_by().annotate(n=Count("id"))
    )
    nodes = version.nodes.exclude(kind=PlanNode.Kind.BOX_ITEM).order_by("order")
    by_id: dict[int, TreeNode] = {}
    roots: list[TreeNode] = []
    for node in nodes:
        tree_node = TreeNode(node=node)
        if node.kind == PlanNode.Kind.CHAPTER:
            tree_node.commitment_count = counts.get(node.number, 0)
        by_id[node.pk] = tree_node
        parent = by_id.get(node.parent_id) if node.parent_id else None
        if node.kind == PlanNode.Kind.BOX and parent is not None and parent.node.kind == PlanNode.Kind.SECTION:
            # The contents list a section's boxes beside the sections, under the chapter.
            parent = by_id.get(parent.node.parent_id, parent)
        (parent.children if parent else roots).append(tree_node)
    _add_part_intros(version, roots)
    return roots


def _add_part_intros(version: PlanVersion, parts: list[TreeNode]) -> None:
    lines = version.text.split("\n")
    for part in parts:
        first_chapter = min((c.node.line_start for c in part.children), default=part.node.line_end + 1)
        breaks, headings = paragraph_breaks(lines, [part.node])
        after_heading = headings.get(part.node.line_start, part.node.line_start) + 1
        part.intro = [p.text for p in paragraphs(lines, after_heading, first_chapter - 1, breaks)]


def version_totals(version: PlanVersion) -> dict[str, int]:
    kinds = dict(version.nodes.values_list("kind").order_by().annotate(n=Count("id")))
    return {
        "parts": kinds.get(PlanNode.Kind.PART, 0),
        "chapters": kinds.get(PlanNode.Kind.CHAPTER, 0),
        "sections": kinds.get(PlanNode.Kind.SECTION, 0),
        "boxes": kinds.get(PlanNode.Kind.BOX, 0),
        "indicators": version.indicators.count(),
        "commitments": version.commitments.count(),
    }


@dataclass(frozen=True)
class CommitmentFilters:
    """The commitment list's filters as given in the query string; None / "" = not filtered."""

    chapter: int | None = None
    unit: str = ""
    deadline: str = ""  # a year, "none" for no deadline, "" for any
    comparator: str = ""

    @classmethod
    def from_query(cls, params) -> CommitmentFilters:
        chapter = params.get("chapter", "")
        return cls(
            chapter=int(chapter) if chapter.isdigit() else None,
            unit=params.get("unit", "").strip(),
            deadline=params.get("deadline", "").strip(),
            comparator=params.get("comparator", "").strip(),
        )


def filter_commitments(*, version: PlanVersion, filters: CommitmentFilters) -> QuerySet[PlanCommitment]:
    qs = version.commitments.select_related("node").order_by("order")
    if filters.chapter is not None:
        qs = qs.filter(chapter_number=filters.chapter)
    if filters.unit:
        qs = qs.filter(unit=filters.unit)
    if filters.deadline == "none":
        qs = qs.filter(deadline__isnull=True)
    elif filters.deadline.isdigit():
        qs = qs.filter(deadline=int(filters.deadline))
    if filters.comparator:
        qs = qs.filter(comparator=filters.comparator)
    return qs


@dataclass(frozen=True)
class CommitmentChoices:
    chapters: list[PlanNode]
    units: list[str]
    deadlines: list[int]
    comparators: list[str]


def commitment_choices(*, version: PlanVersion) -> CommitmentChoices:
    """What the filters can be set to: the values that occur in this version."""
    commitments = version.commitments.order_by()
    used_chapters = set(commitments.values_list("chapter_number", flat=True).distinct())
    return CommitmentChoices(
        chapters=list(version.nodes.filter(kind=PlanNode.Kind.CHAPTER, number__in=used_chapters).order_by("number")),
        units=sorted(set(commitments.exclude(unit="").values_list("unit", flat=True).distinct())),
        deadlines=sorted(set(commitments.exclude(deadline__isnull=True).values_list("deadline", flat=True))),
        comparators=sorted(set(commitments.values_list("comparator", flat=True).distinct())),
    )


def chapter_titles(*, version: PlanVersion) -> dict[int, PlanNode]:
    return {n.number: n for n in version.nodes.filter(kind=PlanNode.Kind.CHAPTER)}


def the_only_plan() -> Plan | None:
    """The plan when exactly one is stored (a deployment usually monitors one); None when there are none or several,
    and the caller must ask which."""
    plans = list(Plan.objects.order_by("id")[:2])
    return plans[0] if len(plans) == 1 else None


def current_version(plan: Plan | None = None) -> PlanVersion | None:
    """The current version of `plan`, or of the most recently imported plan when none is named."""
    versions = PlanVersion.objects.filter(is_current=True).select_related("plan")
    if plan is not None:
        versions = versions.filter(plan=plan)
    return versions.order_by("-imported_at", "-pk").first()
