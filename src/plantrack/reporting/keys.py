"""A compact key for indicator × unit × period, so a million-row batch can be tracked in a set of ints."""

from __future__ import annotations

_UNIT_BITS = 20
_PERIOD_BITS = 22  # Period.ordinal < 3_000_000 < 2**22


def value_key(indicator_id: int, unit_id: int, period_ordinal: int) -> int | tuple[int, int, int]:
    """One int for the triple (a tuple when ids are too large to pack), equal for equal triples."""
    if unit_id < (1 << _UNIT_BITS):
        return (indicator_id << (_UNIT_BITS + _PERIOD_BITS)) | (unit_id << _PERIOD_BITS) | period_ordinal
    return (indicator_id, unit_id, period_ordinal)


def split_key(key: int | tuple[int, int, int]) -> tuple[int, int, int]:
    """The (indicator_id, unit_id, period_ordinal) a key was made from."""
    if isinstance(key, tuple):
        return key
    return key >> (_UNIT_BITS + _PERIOD_BITS), (key >> _PERIOD_BITS) & ((1 << _UNIT_BITS) - 1), key & (
        (1 << _PERIOD_BITS) - 1
    )
