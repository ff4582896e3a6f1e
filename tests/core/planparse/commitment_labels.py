"""Reading the hand-labelled commitments (labels/*.tsv, rules in labels/README.md) that the tests score against."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

LABELS_DIR = Path(__file__).parent / "labels"


@dataclass(frozen=True)
class Label:
    line: int
    value: float
    value_max: float | None
    unit: str
    comparator: str
    deadline: int | None
    fragment: str


def read_labels(name: str) -> tuple[set[int], list[Label]]:
    """(the chapters labelled, the labels) of labels/`name`."""
    chapters: set[int] = set()
    labels: list[Label] = []
    for raw in (LABELS_DIR / name).read_text(encoding="utf-8").splitlines():
        if raw.startswith("# chapters:"):
            chapters = {int(n) for n in raw.split(":", 1)[1].split()}
            continue
        if raw.startswith("#") or raw.startswith("line\t") or not raw.strip():
            continue
        line, value, value_max, unit, comparator, deadline, fragment = raw.split("\t")
        labels.append(
            Label(
                line=int(line),
                value=float(value),
                value_max=None if value_max == "-" else float(value_max),
                unit=unit,
                comparator=comparator,
                deadline=None if deadline == "-" else int(deadline),
                fragment=fragment,
            )
        )
    return chapters, labels
