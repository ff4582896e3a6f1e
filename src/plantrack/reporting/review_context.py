"""What a reviewer sees beside a submitted figure (审核参考): its previous periods, the same period last year and
the warnings its checks raise now, read in a few queries for a whole page of the review queue."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from plantrack.core.periods import Period, parse_period
from plantrack.reporting.findings import WARNING
from plantrack.reporting.models import DataValue
from plantrack.reporting.validation import findings_for_stored
from plantrack.wording import period_words

PERIODS_SHOWN = 6  # previous periods drawn in the sparkline, before the figure under review


@dataclass
class ReviewContext:
    """The figure's recent series (oldest first, None where nothing was reported), last year's figure, warnings."""

    series: list[tuple[str, Decimal | None]] = field(default_factory=list)
    last_year: Decimal | None = None
    last_year_label: str = ""
    warnings: list[str] = field(default_factory=list)

    @property
    def previous(self) -> Decimal | None:
        return self.series[-1][1] if self.series else None


def review_context(*, values: Sequence[DataValue]) -> dict[int, ReviewContext]:
    """value id → its context, for values already fetched with their indicator and unit (the review queue)."""
    periods: dict[str, Period] = {}
    for v in values:
        periods.setdefault(v.period, parse_period(v.period))
    wanted: dict[str, set[str]] = {}  # the figure's period → the periods to read for it
    for code, p in periods.items():
        back, before = [], p
        for _ in range(PERIODS_SHOWN):
            before = before.previous()
            back.append(before.code)
        wanted[code] = {*back, p.same_period_last_year().code}
    figures: dict[tuple[int, int, str], Decimal] = {}
    if values:
        rows = DataValue.objects.filter(
            indicator_id__in={v.indicator_id for v in values}, unit_id__in={v.unit_id for v in values},
            period__in=set().union(*wanted.values()),
        ).values_list("indicator_id", "unit_id", "period", "value", "approved_value")
        for indicator_id, unit_id, period, value, approved in rows:
            # The official figure where there is one: a correction on its way does not count yet.
            figures[(indicator_id, unit_id, period)] = approved if approved is not None else value
    contexts: dict[int, ReviewContext] = {}
    for v in values:
        p = periods[v.period]
        series, before = [], p
        for _ in range(PERIODS_SHOWN):
            before = before.previous()
            series.append((period_words(before), figures.get((v.indicator_id, v.unit_id, before.code))))
        last_year = p.same_period_last_year()
        contexts[v.pk] = ReviewContext(
            series=series[::-1], last_year=figures.get((v.indicator_id, v.unit_id, last_year.code)),
            last_year_label=period_words(last_year),
        )
    _attach_warnings(values, contexts)
    return contexts


def _attach_warnings(values: Sequence[DataValue], contexts: dict[int, ReviewContext]) -> None:
    """The same checks entry runs, over the figures as they stand now."""
    for vid, finding in findings_for_stored(list(values)):
        prefix = "" if finding.severity == WARNING else "✖ "
        contexts[vid].warnings.append(prefix + finding.message)
