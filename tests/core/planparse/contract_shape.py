"""A checker for the `plantrack parse --json` shape written in DESIGN.md: every key there, with its type and its
allowed values. Added keys are allowed (DESIGN.md: "Fields may be added")."""

from __future__ import annotations

NUM = (int, float)
NONE = type(None)


def _check(value, kinds, where: str) -> None:
    assert isinstance(value, kinds) and not (isinstance(value, bool) and bool not in _tuple(kinds)), (where, value)


def _tuple(kinds) -> tuple:
    return kinds if isinstance(kinds, tuple) else (kinds,)


def _fields(obj: dict, spec: dict, where: str) -> None:
    assert isinstance(obj, dict), where
    missing = set(spec) - set(obj)
    assert not missing, f"{where}: missing {sorted(missing)}"
    for key, kinds in spec.items():
        _check(obj[key], kinds, f"{where}.{key}")


def check_plan_contract(doc: dict) -> None:
    _fields(doc, {"title": str, "period": list, "parts": list, "boxes": list, "indicators": list,
                  "commitments": list}, "doc")
    assert len(doc["period"]) == 2 and all(isinstance(y, int) for y in doc["period"])
    for p in doc["parts"]:
        _fields(p, {"number": int, "title": str, "chapters": list}, "part")
        for c in p["chapters"]:
            _fields(c, {"number": int, "title": str, "sections": list}, "chapter")
            for s in c["sections"]:
                _fields(s, {"number": int, "title": str}, "section")
    for b in doc["boxes"]:
        _fields(b, {"number": int, "title": str, "chapter": int, "section": (int, NONE), "items": list}, "box")
        for it in b["items"]:
            _fields(it, {"label": (str, NONE), "title": (str, NONE)}, "box item")
    for r in doc["indicators"]:
        _fields(r, {"code": str, "name": str, "category": str, "unit": (str, NONE), "attribute": str,
                    "target_type": str, "baseline": dict, "target": dict, "annual_or_cumulative": dict}, "indicator")
        assert r["attribute"] in ("预期性", "约束性")
        assert r["target_type"] in ("level", "annual_growth", "cumulative", "bound", "qualitative")
        _fields(r["baseline"], {"year": int, "value": (*NUM, NONE), "note": (str, NONE)}, "baseline")
        _fields(r["target"], {"year": int, "value": (*NUM, NONE), "text": (str, NONE)}, "target")
        a = r["annual_or_cumulative"]
        _fields(a, {"kind": (str, NONE), "value": (*NUM, NONE), "qualifier": (str, NONE), "text": (str, NONE)},
                "annual_or_cumulative")
        assert a["kind"] in ("annual", "cumulative", None)
    for c in doc["commitments"]:
        _fields(c, {"chapter": int, "section": (int, NONE), "box": (int, NONE), "quote": str, "subject": str,
                    "value": NUM, "value_max": (*NUM, NONE), "unit": str, "comparator": str,
                    "deadline": (int, NONE)}, "commitment")
        assert c["comparator"] in (">=", "<=", "=", "~", "+", "range")
