"""The assessment app's answers to what the lower apps announce: each one calls a service, nothing more."""

from __future__ import annotations

from collections.abc import Iterable

from plantrack.assessment.services import refresh_assessments, refresh_indicator_assessments


def refresh_after_approval(*, indicator_ids: Iterable[int], unit_ids: Iterable[int], **_kwargs: object) -> None:
    """Approved values change the stored judgements of their indicators × units at once (same transaction)."""
    refresh_assessments(indicator_ids=indicator_ids, unit_ids=unit_ids)


def refresh_after_target_change(*, indicator_id: int, **_kwargs: object) -> None:
    """A new target, baseline or annual target changes every stored judgement of the indicator."""
    refresh_indicator_assessments(indicator_id=indicator_id)
