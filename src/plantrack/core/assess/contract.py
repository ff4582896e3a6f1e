"""The `plantrack assess --json` contract of DESIGN.md: one series in as JSON, one result out."""

from __future__ import annotations

import math
from typing import Any

from plantrack.core.assess.model import TargetSpec
from plantrack.core.errors import InvalidInput, gettext_noop


class ContractError(InvalidInput):
    """The input does not follow the contract; the message names the field."""

    code = "bad_contract"


def _number(value: Any, where: str, *, allow_null: bool = True) -> float | None:
    if value is None and allow_null:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        message = gettext_noop("%(where)s 应为数值或 null，而不是 %(value)s") if allow_null else gettext_noop(
            "%(where)s 应为数值，而不是 %(value)s")
        raise ContractError(message, params={"where": where, "value": _short(value)})
    try:
        number = float(value)  # a 400-digit integer is valid JSON but no float
    except OverflowError:
        raise ContractError(gettext_noop("%(where)s 数值过大（%(digits)s位整数），超出可计算范围"),
                            params={"where": where, "digits": len(str(abs(value)))}) from None
    if not math.isfinite(number):
        raise ContractError(gettext_noop("%(where)s 应为有限数值，而不是 %(value)s"),
                            params={"where": where, "value": _short(value)})
    return number


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "…"


def _year(value: Any, where: str, *, allow_null: bool = True) -> int | None:
    if value is None and allow_null:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 1900 <= value <= 2999:
        raise ContractError(gettext_noop("%(where)s 应为年份（如 2025），而不是 %(value)s"),
                            params={"where": where, "value": _short(value)})
    return value


def _object(value: Any, where: str) -> dict:
    if not isinstance(value, dict):
        raise ContractError(gettext_noop("%(where)s 应为 JSON 对象，而不是 %(type)s"),
                            params={"where": where, "type": type(value).__name__})
    return value


def spec_from_contract(data: Any) -> tuple[TargetSpec, dict[int, float], int]:
    """(spec, values by year, as_of) from the contract's input object; ContractError says which field is wrong."""
    data = _object(data, "输入")
    for key in ("target_type", "target", "values", "as_of"):
        if key not in data:
            raise ContractError(gettext_noop("缺少字段 %(key)s"), params={"key": key})
    baseline = _object(data.get("baseline") or {}, "baseline")
    target = _object(data["target"], "target")
    raw_values = _object(data["values"], "values")
    values: dict[int, float] = {}
    for key, value in raw_values.items():
        try:
            year = int(key)
        except (TypeError, ValueError):
            raise ContractError(gettext_noop("values 的键应为年份，而不是 %(key)s"),
                                params={"key": _short(key)}) from None
        number = _number(value, f"values[{key!r}]")
        if number is not None:
            values[_year(year, f"values[{key!r}]", allow_null=False)] = number
    as_of = _year(data["as_of"], "as_of", allow_null=False)
    try:
        spec = TargetSpec(
            target_type=data["target_type"],
            direction=data.get("direction") or "increase",
            unit=data.get("unit"),
            series=data.get("series"),
            baseline_year=_year(baseline.get("year"), "baseline.year"),
            baseline_value=_number(baseline.get("value"), "baseline.value"),
            target_year=_year(target.get("year"), "target.year", allow_null=False),
            target_value=_number(target.get("value"), "target.value"),
            comparator=target.get("comparator") or "=",
            plan_base_year=_year(data.get("plan_base_year"), "plan_base_year"),
        )
    except InvalidInput as exc:
        raise ContractError(exc.template, params=exc.params) from None
    except (ValueError, TypeError) as exc:
        raise ContractError(gettext_noop("%(why)s"), params={"why": str(exc)}) from None
    if spec.unit is not None and not isinstance(spec.unit, str):
        raise ContractError(gettext_noop("unit 应为文字或 null，而不是 %(value)r"), params={"value": spec.unit})
    return spec, values, as_of
