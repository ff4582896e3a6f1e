"""The demo's plan: the real plan outline beside the checkout when there is one (`../shared/seeds/`), else the demo
plan (示范规划) written for the project and shipped with it; imported idempotently, with a line saying which.

Which document: the file `settings.PLANTRACK_DEMO_PLAN` names (the environment variable of the same name) if set,
else the first `*.txt` in `<checkout>/../shared/seeds/` that the plan parser reads as a five-year plan outline,
else the shipped demo text. A named file that cannot be read as one falls back to the demo text (and says why).
Both documents carry the same main-indicator table (专栏1), so the rest of the demo loads on either; the other
demo parts find the loaded plan with `demo_plan()`.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

from plantrack.core.planparse import parse_file
from plantrack.core.planparse.errors import PlanParseError
from plantrack.core.planparse.model import PlanDocument
from plantrack.plans.importing import store_plan_document
from plantrack.plans.models import Plan, PlanNode, PlanVersion

# Under data/ so that a non-editable install ships it (pyproject package-data takes data/**).
DEMO_PLAN_PATH = Path(__file__).resolve().parent / "data" / "demo_plan.txt"
DEMO_REGION = "内蒙古自治区"  # the region of the demo org tree (orgs/data/inner_mongolia_divisions.csv)
# Where the project's seed documents stand, relative to the checkout (the repository root).
SEEDS_BESIDE_CHECKOUT = Path("..") / "shared" / "seeds"
# A title naming a five-year plan outline: "…第十五个五年规划纲要", "“十五五”规划纲要".
FIVE_YEAR_PLAN_WORDS = ("五年规划", "规划纲要")


@dataclass(frozen=True)
class DemoPlanSource:
    """The document the demo loads: its path and parsed outline, whether it is the shipped demo text, and (for
    the demo text) why no other was taken."""

    path: Path
    document: PlanDocument
    bundled: bool
    reason: str = ""

    @property
    def title(self) -> str:
        return self.document.title.strip()[:300]  # as import_plan stores it

    def describe(self) -> str:
        """Where the plan came from, in Chinese, for the line setup-demo prints."""
        if not self.bundled:
            return _("规划文本 {path}").format(path=self.path)
        if self.reason:
            return _("内置演示文本，{reason}").format(reason=self.reason)
        return _("内置演示文本")


def checkout_root() -> Path | None:
    """The repository the running code comes from (a source tree or an editable install); None when PlanTrack
    runs from an installed package, which has no checkout beside it."""
    package = Path(settings.BASE_DIR).resolve()
    root = package.parent.parent
    if package.parent.name == "src" and (root / "pyproject.toml").is_file():
        return root
    return None


def read_five_year_plan(path: Path) -> PlanDocument | str:
    """The parsed outline of the file at `path`, or the reason (one line) it is not a five-year plan outline."""
    if not path.is_file():
        return _("没有这个文件")
    try:
        stat = path.stat()
    except OSError as exc:
        return str(exc)
    return _read_cached(str(path.resolve()), stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=32)
def _read_cached(path: str, _mtime_ns: int, _size: int) -> PlanDocument | str:
    # Keyed on the file's change time and size: every demo part asks which plan is the demo's, the seed folder is
    # scanned each time, and a plan is parsed once.
    try:
        document = parse_file(path)
    except (PlanParseError, OSError) as exc:
        return str(exc)
    if not document.parts or not document.chapters():
        return _("不是规划纲要：没有篇、章标题")
    if not any(word in document.title for word in FIVE_YEAR_PLAN_WORDS):
        return _("标题《{title}》不是五年规划纲要").format(title=document.title[:60])
    return document


def _bundled(reason: str = "") -> DemoPlanSource:
    document = read_five_year_plan(DEMO_PLAN_PATH)
    if isinstance(document, str):  # the shipped text is tested to parse; this is a broken installation
        raise PlanParseError(f"{DEMO_PLAN_PATH}: {document}")
    return DemoPlanSource(path=DEMO_PLAN_PATH, document=document, bundled=True, reason=reason)


def demo_plan_source() -> DemoPlanSource:
    """The document the demo loads (see the module docstring)."""
    named = str(getattr(settings, "PLANTRACK_DEMO_PLAN", "") or "").strip()
    if named:
        path = Path(named).expanduser()
        document = read_five_year_plan(path)
        if isinstance(document, str):
            return _bundled(_("PLANTRACK_DEMO_PLAN 指定的 {path} 不能作为规划载入：{why}").format(
                path=path, why=document))
        if path.resolve() == DEMO_PLAN_PATH:
            return _bundled()
        return DemoPlanSource(path=path, document=document, bundled=False)
    root = checkout_root()
    if root is None:
        return _bundled(_("未在源码目录中运行，没有可找的 {folder}").format(folder=SEEDS_BESIDE_CHECKOUT))
    folder = (root / SEEDS_BESIDE_CHECKOUT).resolve()
    for path in sorted(folder.glob("*.txt")) if folder.is_dir() else []:
        document = read_five_year_plan(path)
        if not isinstance(document, str):
            return DemoPlanSource(path=path, document=document, bundled=False)
    return _bundled(_("{folder} 中没有五年规划纲要").format(folder=folder))


def demo_plan() -> Plan | None:
    """The plan the demo loaded (its region's plan with the chosen document's title); the shipped demo plan if
    that document could not be stored; None before `load` has run."""
    titles = [demo_plan_source().title, _bundled().title]
    plans = {p.title: p for p in Plan.objects.filter(region=DEMO_REGION, title__in=titles)}
    return next((plans[t] for t in titles if t in plans), None)


def load(stdout=None) -> list[str]:
    """Import the demo's plan (again: nothing changes) and return the line to show who runs the demo, naming the
    document it came from.

    `stdout` is part of the demo-loader contract (setup_demo prints the returned lines itself).
    """
    source = demo_plan_source()
    try:
        result = store_plan_document(document=source.document, source_name=source.path.name, region=DEMO_REGION)
    except PlanParseError as exc:  # read as an outline, but it cannot be stored: the demo text still can
        source = _bundled(_("{path} 无法导入：{why}").format(path=source.path, why=exc))
        result = store_plan_document(document=source.document, source_name=source.path.name, region=DEMO_REGION)
    lines = [_("演示规划：{summary}（来源：{source}）").format(summary=result.summary(), source=source.describe())]
    # The other demo parts are loaded once per database (the projects among them), so a second plan's demo is
    # incomplete beside the first: say so rather than mix them silently.
    others = Plan.objects.filter(region=DEMO_REGION).exclude(pk=result.plan.pk).order_by("pk")
    if others.exists():
        lines.append(_("注意：此数据库中已有另一份演示规划《{title}》；换用规划时请从空的数据目录开始（如删除 "
                       "var/demo/ 后重新运行）").format(title=others[0].title))
    return lines


@dataclass(frozen=True)
class Place:
    """Where a demo item belongs in a plan, by title words rather than numbers (the demo text and the real plan
    number their chapters differently): chapter words in order of preference, then section words."""

    chapter_words: tuple[str, ...]
    section_words: tuple[str, ...] = ()

    def __str__(self) -> str:
        return "/".join(self.chapter_words) + (f" › {'/'.join(self.section_words)}" if self.section_words else "")


def find_node(version: PlanVersion, place: Place) -> PlanNode | None:
    """The plan node for `place`: for the first chapter word some chapter title contains, the first section of
    those chapters whose title holds a section word (section words in order); else the first such chapter;
    None when no chapter title holds any of the words.

    >>> find_node(version, Place(("能源",), ("新能源",))).title   # in the demo text
    '扩大新能源开发利用'
    """
    nodes = list(version.nodes.filter(kind__in=[PlanNode.Kind.CHAPTER, PlanNode.Kind.SECTION]).order_by("order"))
    chapters = [n for n in nodes if n.kind == PlanNode.Kind.CHAPTER]
    fallback = None
    for word in place.chapter_words:
        matched = [c for c in chapters if word in c.title]
        if not matched:
            continue
        fallback = fallback or matched[0]
        numbers = {c.number for c in matched}
        sections = [n for n in nodes if n.kind == PlanNode.Kind.SECTION and n.chapter_number in numbers]
        for section_word in place.section_words:
            found = next((s for s in sections if section_word in s.title), None)
            if found is not None:
                return found
    return fallback
