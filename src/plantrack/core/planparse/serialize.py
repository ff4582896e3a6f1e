"""The `plantrack parse --json` contract (DESIGN.md): a `PlanDocument` as plain JSON-ready dicts.

Keys and meanings are exactly those of DESIGN.md; added keys: indicators carry `direction` and `parent`
(a sub-row's group name), boxes carry `heading_found`.
"""

from __future__ import annotations

from plantrack.core.planparse.model import AnnualTargetItem, Box, Commitment, IndicatorRow, PlanDocument


def _box(b: Box) -> dict:
    return {
        "number": b.number,
        "title": b.title,
        "chapter": b.chapter,
        "section": b.section,
        "items": [{"label": it.label, "title": it.title} for it in b.items],
        "heading_found": b.heading_found,
    }


def _indicator(r: IndicatorRow) -> dict:
    a = r.annual_or_cumulative
    return {
        "code": r.code,
        "name": r.name,
        "category": r.category,
        "unit": r.unit,
        "attribute": r.attribute,
        "target_type": r.target_type,
        "baseline": {"year": r.baseline.year, "value": r.baseline.value, "note": r.baseline.note},
        "target": {"year": r.target.year, "value": r.target.value, "text": r.target.text},
        "annual_or_cumulative": {"kind": a.kind, "value": a.value, "qualifier": a.qualifier, "text": a.text},
        "direction": r.direction,
        "parent": r.parent,
    }


def _commitment(c: Commitment) -> dict:
    return {
        "chapter": c.chapter,
        "section": c.section,
        "box": c.box,
        "quote": c.quote,
        "subject": c.subject,
        "value": c.value,
        "value_max": c.value_max,
        "unit": c.unit,
        "comparator": c.comparator,
        "deadline": c.deadline,
    }


def to_contract_json(doc: PlanDocument) -> dict:
    """The whole document as the `plantrack parse --json` object."""
    return {
        "title": doc.title,
        "period": [doc.period[0], doc.period[1]],
        "parts": [
            {
                "number": p.number,
                "title": p.title,
                "chapters": [
                    {
                        "number": c.number,
                        "title": c.title,
                        "sections": [{"number": s.number, "title": s.title} for s in c.sections],
                    }
                    for c in p.chapters
                ],
            }
            for p in doc.parts
        ],
        "boxes": [_box(b) for b in doc.boxes],
        "indicators": [_indicator(r) for r in doc.indicators],
        "commitments": [_commitment(c) for c in doc.commitments],
    }


def annual_targets_json(items: list[AnnualTargetItem]) -> list[dict]:
    """`plantrack parse REPORT --annual-targets --json`: the DESIGN.md keys, plus `qualitative`."""
    return [
        {
            "subject": t.subject,
            "value": t.value,
            "value_max": t.value_max,
            "unit": t.unit,
            "comparator": t.comparator,
            "quote": t.quote,
            "qualitative": t.qualitative,
        }
        for t in items
    ]
