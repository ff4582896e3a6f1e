"""A compact key for indicator × unit × period, so a million-row batch can be tracked in a set of ints."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

_UNIT_BITS = 20
_PERIOD_BITS = 22  # Period.ordinal < 3_000_000 < 2**22
_INDICATOR_SHIFT = _UNIT_BITS + _PERIOD_BITS
_UNIT_MASK = (1 << _UNIT_BITS) - 1
_PERIOD_MASK = (1 << _PERIOD_BITS) - 1


def value_key(indicator_id: int, unit_id: int, period_ordinal: int) -> int | tuple[int, int, int]:
    """One int for the triple (a tuple when ids are too large to pack), equal for equal triples."""
    if unit_id < (1 << _UNIT_BITS):
        return (indicator_id << _INDICATOR_SHIFT) | (unit_id << _PERIOD_BITS) | period_ordinal
    return (indicator_id, unit_id, period_ordinal)


def indicator_period_bits(indicator_id: int, period_ordinal: int) -> int:
    """The indicator-and-period half of a packed key: `value_key(i, u, p) == indicator_period_bits(i, p) |
    unit_bits(u)` whenever `unit_bits(u)` is not None, so a loop over many rows can cache each half."""
    return (indicator_id << _INDICATOR_SHIFT) | period_ordinal


def unit_bits(unit_id: int) -> int | None:
    """The unit's half of a packed key; None when the id is too large to pack (value_key gives a tuple then)."""
    return unit_id << _PERIOD_BITS if unit_id < (1 << _UNIT_BITS) else None


def split_key(key: int | tuple[int, int, int]) -> tuple[int, int, int]:
    """The (indicator_id, unit_id, period_ordinal) a key was made from."""
    if isinstance(key, tuple):
        return key
    return key >> _INDICATOR_SHIFT, (key >> _PERIOD_BITS) & _UNIT_MASK, key & _PERIOD_MASK


def group_keys(keys: Iterable[int | tuple[int, int, int]]) -> dict[int, dict[int, list[int]]]:
    """indicator_id → unit_id → [period ordinals] of many keys, in one pass (a bulk import touches a million)."""
    grouped: dict[int, dict[int, list[int]]] = defaultdict(lambda: defaultdict(list))
    shift, unit_mask, period_mask = _INDICATOR_SHIFT, _UNIT_MASK, _PERIOD_MASK
    for key in keys:
        if type(key) is int:
            grouped[key >> shift][(key >> _PERIOD_BITS) & unit_mask].append(key & period_mask)
        else:
            indicator_id, unit_id, ordinal = key
            grouped[indicator_id][unit_id].append(ordinal)
    return grouped
