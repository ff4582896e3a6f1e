"""An independent check of the commitment finder: precision and recall against labels written from the seed text
alone, on chapters its author did not label (labels/independent_004.tsv; rules and results: labels/README.md,
section "Independent labels").

The thresholds are what was measured when the labels were first compared with the finder, rounded down to the
nearest 0.05; they are a floor against regressions, not a target the labels were fitted to.
"""

from __future__ import annotations

import pytest
from commitment_labels import Label, read_labels

from plantrack.core.planparse import parse_plan

AUTHOR_LABELLED = {1, 7, 8, 16, 18, 31, 34, 45, 49, 50, 51, 53}

# Measured 2026-11-22 on 29 labels in 20 chapters: precision 28/28 = 1.000, recall 28/29 = 0.966, comparator
# agreement 28/28 = 1.000 (the one miss: 两个全国重点实验室, line 1169).
MIN_PRECISION = 1.0
MIN_RECALL = 0.95
MIN_COMPARATOR_AGREEMENT = 1.0


def _read_labels() -> tuple[set[int], list[Label]]:
    return read_labels("independent_004.tsv")


def _key(line: int, value: float, unit: str | None) -> tuple[int, float, str]:
    return line, round(value, 6), unit or ""


@pytest.fixture(scope="module")
def doc(plan_text):
    return parse_plan(plan_text)


@pytest.fixture(scope="module")
def labelled(doc):
    chapters, labels = _read_labels()
    found = [c for c in doc.commitments if c.chapter in chapters]
    return chapters, labels, found


def test_labels_are_independent_of_the_authors_and_well_formed(labelled, plan_text):
    chapters, labels, _ = labelled
    assert len(chapters) >= 5 and not chapters & AUTHOR_LABELLED
    lines = plan_text.splitlines()
    for label in labels:
        assert label.fragment in lines[label.line - 1], label
        assert label.comparator in {">=", "<=", "=", "~", "+", "range"}
    assert len({_key(lb.line, lb.value, lb.unit) for lb in labels}) == len(labels)


def test_precision_and_recall_on_independent_chapters(labelled, doc):
    _, labels, found = labelled
    expected = {_key(lb.line, lb.value, lb.unit) for lb in labels}
    got = {_key(c.line, c.value, c.unit) for c in found}
    hits = expected & got
    for lb in sorted(labels, key=lambda lb: (lb.line, lb.value)):
        if _key(lb.line, lb.value, lb.unit) not in got:
            print(f"missed  line {lb.line}: {lb.value:g}{lb.unit} {lb.comparator}  …{lb.fragment}…")
    for c in sorted(found, key=lambda c: (c.line, c.value)):
        if _key(c.line, c.value, c.unit) not in expected:
            print(f"extra   line {c.line} (ch {c.chapter}): {c.value:g}{c.unit} {c.comparator}  {c.quote[:70]}")
    precision = len(hits) / len(got) if got else 1.0
    recall = len(hits) / len(expected)
    print(f"independent: precision {precision:.3f}  recall {recall:.3f}  "
          f"({len(expected)} labelled, {len(got)} found, {len(hits)} matched)")
    assert precision >= MIN_PRECISION
    assert recall >= MIN_RECALL


def test_comparator_agreement_on_matched(labelled):
    _, labels, found = labelled
    by_key = {_key(c.line, c.value, c.unit): c for c in found}
    matched = [(lb, by_key[_key(lb.line, lb.value, lb.unit)]) for lb in labels
               if _key(lb.line, lb.value, lb.unit) in by_key]
    assert matched
    wrong_comparator = [(lb.line, lb.value, lb.comparator, c.comparator) for lb, c in matched
                        if lb.comparator != c.comparator]
    wrong_deadline = [(lb.line, lb.value, lb.deadline, c.deadline) for lb, c in matched if lb.deadline != c.deadline]
    wrong_quote = [(lb.line, lb.fragment, c.quote) for lb, c in matched if lb.fragment not in c.quote]
    agreement = 1 - len(wrong_comparator) / len(matched)
    print(f"comparator agreement {agreement:.3f} on {len(matched)} matched; label vs finder: {wrong_comparator}")
    print(f"deadline disagreements (not asserted): {wrong_deadline}")
    print(f"quote disagreements (not asserted): {wrong_quote}")
    assert agreement >= MIN_COMPARATOR_AGREEMENT
