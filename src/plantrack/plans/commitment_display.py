"""How commitments (量化目标) read on a page: comparator words, plain figures, <mark> highlights in their sentence."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from plantrack.core.figures import figure_text
from plantrack.plans.models import PlanCommitment

COMPARATOR_LABELS = {
    ">=": _("不低于"),
    "<=": _("不超过"),
    "=": _("达到"),
    "~": _("左右"),
    "+": _("新增"),
    "range": _("区间"),
}


def value_text(c: PlanCommitment) -> str:
    """The figure as a reader says it: "45%", "3—5 万亩"."""
    figure = figure_text(c.value)
    if c.value_max is not None:
        figure = f"{figure}—{figure_text(c.value_max)}"
    return f"{figure}{c.unit}"


def commitment_summary(c: PlanCommitment) -> str:
    """The tooltip of a highlighted commitment: value, unit, comparator and deadline."""
    parts = [
        str(_("数值：{value}")).format(value=value_text(c)),
        str(_("比较：{comparator}")).format(comparator=COMPARATOR_LABELS.get(c.comparator, c.comparator)),
        str(_("期限：{deadline}")).format(deadline=c.deadline or _("未注明")),
    ]
    if c.subject:
        parts.append(str(_("对象：{subject}")).format(subject=c.subject))
    return " · ".join(parts)


def anchor_id(c: PlanCommitment) -> str:
    return f"c{c.pk}"


@dataclass(frozen=True)
class _Span:
    start: int
    end: int
    commitment: PlanCommitment


def _find(text: str, quote: str, taken: list[_Span]) -> tuple[int, int] | None:
    """Where `quote` stands in `text`: verbatim first, else ignoring blanks; an occurrence not already marked."""
    quote = quote.strip()
    if not quote:
        return None
    candidates = [(m.start(), m.start() + len(quote)) for m in re.finditer(re.escape(quote), text)]
    if not candidates:
        bare = [ch for ch in quote if not ch.isspace()]
        pattern = r"\s*".join(re.escape(ch) for ch in bare)
        candidates = [(m.start(), m.end()) for m in re.finditer(pattern, text)] if bare else []
    for start, end in candidates:
        if not any(s.start == start and s.end == end for s in taken):
            return start, end
    return candidates[0] if candidates else None


def highlight_commitments(text: str, commitments: list[PlanCommitment]) -> SafeString:
    """The paragraph as HTML with each commitment's quote wrapped in <mark id="c…" title="…">.

    A quote that cannot be found (or lies wholly inside an earlier one) still gets its anchor at the paragraph's
    start, so every link to a commitment lands on its paragraph.
    """
    spans: list[_Span] = []
    lost: list[PlanCommitment] = []
    for c in commitments:
        where = _find(text, c.quote, spans)
        if where is None:
            lost.append(c)
        else:
            spans.append(_Span(where[0], where[1], c))
    spans.sort(key=lambda s: (s.start, -s.end))
    out: list[str] = [
        format_html('<a id="{}" class="commitment-anchor" title="{}"></a>', anchor_id(c), commitment_summary(c))
        for c in lost
    ]
    pos = 0
    for span in spans:
        start = max(span.start, pos)
        if start >= span.end:
            out.append(format_html('<a id="{}" class="commitment-anchor"></a>', anchor_id(span.commitment)))
            continue
        out.append(escape(text[pos:start]))
        out.append(
            format_html(
                '<mark class="commitment" id="{}" title="{}">{}</mark>',
                anchor_id(span.commitment), commitment_summary(span.commitment), text[start:span.end],
            )
        )
        pos = span.end
    out.append(escape(text[pos:]))
    return mark_safe("".join(out))  # noqa: S308 - every piece above is escaped or built by format_html
