"""Annual targets (年度目标): taken from a government work report and linked to indicators, or entered by hand.

    result = import_annual_targets(plan=plan, text=report, year=2026, unit=region, user=admin)
    result.matched   # [(AnnualTargetItem, Indicator)]
    result.unmatched # [AnnualTargetItem]: subjects no indicator was found for

A subject is linked through `links` (subject → indicator code) when given, else to the indicator whose name is
most like it (character-bigram similarity, above `MIN_SIMILARITY`). All matched targets are written in one
transaction; a report with nothing to link writes nothing.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from plantrack import wording
from plantrack.core.errors import ApplicationError
from plantrack.core.planparse.model import AnnualTargetItem
from plantrack.core.planparse.vocabulary import CHANGE_WORDS
from plantrack.core.units import normalise_unit
from plantrack.indicators.models import AnnualTarget, Indicator
from plantrack.indicators.signals import targets_changed
from plantrack.orgs.access import require_admin
from plantrack.orgs.models import OrgUnit, User
from plantrack.plans.models import Plan

MIN_SIMILARITY = 0.6
_SIX_PLACES = Decimal("0.000001")
# Words that say how a figure moves, not what it is about: "地区生产总值增长" and "地区生产总值" are one subject.
_NOISE = re.compile(
    "|".join((*CHANGE_WORDS, "控制在", "保持", "达到", "实现", "完成", "力争", "确保", "主要", "预期", "目标",
              "左右", "以上", "以下"))
    + r"|[\s，,、。；;（）()“”\"]"
)
COMPARATORS = {">=", "<=", "=", "~", "+", "range", "qualitative"}


class AnnualTargetError(ApplicationError):
    """Annual targets were refused; the message says which subject or field and why."""

    code = "annual_targets_refused"


@dataclass
class AnnualTargetImport:
    matched: list[tuple[AnnualTargetItem, Indicator]] = field(default_factory=list)
    unmatched: list[AnnualTargetItem] = field(default_factory=list)
    replaced: list[AnnualTarget] = field(default_factory=list)  # hand-entered targets the report overwrote
    # Matched by name but stated in another unit (亿斤 for an indicator in 万吨): not stored, for a person to decide.
    unit_mismatch: list[tuple[AnnualTargetItem, Indicator]] = field(default_factory=list)


def _core(name: str) -> str:
    return _NOISE.sub("", name)


def _bigrams(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1)} or ({text} if text else set())


def similarity(subject: str, name: str) -> float:
    """0..1: how alike a report's subject and an indicator's name are, with the movement words removed.

    The same core scores 1; one core inside the other 0.4 + 0.6 × (shorter ÷ longer), so "失业率" in
    "城镇调查失业率" (0.66) passes and "地区生产总值" inside a twenty-character share indicator (0.58) does not;
    otherwise the Dice coefficient of their character bigrams ("规上工业增加值" ~ "规模以上工业增加值": 0.67).
    """
    a, b = _core(subject), _core(name)
    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    short, long = sorted((a, b), key=len)
    if len(short) >= 3 and short in long:
        return 0.4 + 0.6 * len(short) / len(long)
    x, y = _bigrams(a), _bigrams(b)
    return 2 * len(x & y) / (len(x) + len(y))


def best_match(subject: str, indicators: list[Indicator]) -> tuple[Indicator | None, float]:
    """The indicator most like `subject` and its score, or (None, best score) when none reaches MIN_SIMILARITY."""
    scored = sorted(((similarity(subject, i.name), i.code, i) for i in indicators), key=lambda t: (-t[0], t[1]))
    if scored and scored[0][0] >= MIN_SIMILARITY:
        return scored[0][2], scored[0][0]
    return None, scored[0][0] if scored else 0.0


def _decimal(value: float | None) -> Decimal | None:
    return None if value is None else Decimal(repr(float(value))).quantize(_SIX_PLACES)


def link_annual_targets(
    *,
    plan: Plan,
    items: list[AnnualTargetItem],
    year: int,
    unit: OrgUnit,
    user: User,
    links: Mapping[str, str] | None = None,
) -> AnnualTargetImport:
    """Store the parsed items of one year and unit as AnnualTargets of `plan`'s indicators (admins only)."""
    require_admin(user, "import annual targets")
    _check_year(plan, year)
    indicators = list(Indicator.objects.filter(plan=plan, is_active=True))
    by_code = {i.code: i for i in indicators}
    links = dict(links or {})
    for subject, code in links.items():
        if code not in by_code:
            raise AnnualTargetError(
                _("关联“{subject}”→{code}：规划中没有编码为 {code} 的指标").format(subject=subject, code=code)
            )
    result = AnnualTargetImport()
    linked: dict[int, AnnualTargetItem] = {}
    guessed: dict[int, tuple[float, AnnualTargetItem]] = {}
    for item in items:
        if item.subject in links:
            indicator = by_code[links[item.subject]]
            if indicator.pk in linked:
                raise AnnualTargetError(
                    _("“{a}”和“{b}”都关联到指标 {code} {name}").format(
                        a=linked[indicator.pk].subject, b=item.subject, code=indicator.code, name=indicator.name
                    )
                )
            linked[indicator.pk] = item
            continue
        indicator, score = best_match(item.subject, indicators)
        if indicator is None:
            result.unmatched.append(item)
        elif indicator.pk in guessed and guessed[indicator.pk][0] >= score:
            result.unmatched.append(item)  # another subject fits this indicator better
        else:
            if indicator.pk in guessed:
                result.unmatched.append(guessed[indicator.pk][1])
            guessed[indicator.pk] = (score, item)
    for pk, (_score, item) in guessed.items():
        if pk in linked:  # an explicit link wins over a guess
            result.unmatched.append(item)
        else:
            linked[pk] = item
    by_pk = {i.pk: i for i in indicators}
    order = {id(item): n for n, item in enumerate(items)}
    result.matched = sorted(((item, by_pk[pk]) for pk, item in linked.items()), key=lambda m: order[id(m[0])])
    result.unmatched.sort(key=lambda item: order[id(item)])
    result.unit_mismatch = [(i, ind) for i, ind in result.matched if not _same_unit(i.unit, ind.unit)]
    result.matched = [(i, ind) for i, ind in result.matched if _same_unit(i.unit, ind.unit)]
    with transaction.atomic():
        for item, indicator in result.matched:
            previous = AnnualTarget.objects.filter(indicator=indicator, unit=unit, year=year).first()
            if previous is not None and previous.source == AnnualTarget.Source.HAND:
                result.replaced.append(previous)
            comparator = "qualitative" if item.qualitative else item.comparator
            AnnualTarget.objects.update_or_create(
                indicator=indicator,
                unit=unit,
                year=year,
                defaults={
                    "value": _decimal(item.value),
                    "value_max": _decimal(item.value_max),
                    "comparator": comparator[:12],
                    "text": (item.quote if item.qualitative else "")[:300],
                    "source_quote": item.quote,
                    "source": AnnualTarget.Source.REPORT,
                    "entered_by": user,
                },
            )
            targets_changed.send(sender=Indicator, indicator_id=indicator.pk)
    return result


def _same_unit(stated: str | None, registered: str) -> bool:
    """A target without a unit (qualitative) fits any indicator; else the units must agree (% and ％ alike)."""
    if not stated:
        return True
    return normalise_unit(stated) == normalise_unit(registered)


def import_annual_targets(
    *,
    plan: Plan,
    year: int,
    unit: OrgUnit,
    user: User,
    report_path: Path | None = None,
    text: str | None = None,
    links: Mapping[str, str] | None = None,
) -> AnnualTargetImport:
    """Parse a government work report (file or text) with the core parser and link its targets; see the module.

    The report may be text (UTF-8 or GB18030), .docx or .pdf, read exactly as `plantrack parse --annual-targets`
    reads it; the user's right is checked before the file is opened.
    """
    from plantrack.core.planparse.annual_targets import parse_annual_targets

    if (report_path is None) == (text is None):
        raise TypeError("give exactly one of report_path or text")
    require_admin(user, "import annual targets")
    if report_path is not None:
        text = _read_text(Path(report_path))
    return link_annual_targets(
        plan=plan, items=parse_annual_targets(text), year=year, unit=unit, user=user, links=links
    )


def _read_text(path: Path) -> str:
    from plantrack.core.planparse.errors import DocumentTooLarge, PlanParseError
    from plantrack.core.planparse.text_input import read_document_text
    from plantrack.uploads import expansion_text

    try:
        return read_document_text(path)
    except DocumentTooLarge as exc:
        raise AnnualTargetError(wording.labelled(path.name, expansion_text(exc.cause))) from None
    except PlanParseError as exc:
        raise AnnualTargetError(_("{name}：无法读取（{why}）").format(name=path.name, why=exc)) from None


def _check_year(plan: Plan, year: int) -> None:
    if not plan.period_start <= year <= plan.period_end:
        raise AnnualTargetError(
            _("年份 {year} 不在规划期 {start}–{end} 内").format(year=year, start=plan.period_start, end=plan.period_end)
        )


def set_annual_target(
    *,
    indicator: Indicator,
    unit: OrgUnit,
    year: int,
    comparator: str,
    value: Decimal | None,
    user: User,
    value_max: Decimal | None = None,
    text: str = "",
) -> AnnualTarget:
    """Enter or correct one annual target by hand (admins only)."""
    require_admin(user, "enter annual target")
    _check_year(indicator.plan, year)
    if comparator not in COMPARATORS:
        raise AnnualTargetError(_("比较方式 “{c}” 不认识").format(c=comparator))
    if comparator != "qualitative" and value is None:
        raise AnnualTargetError(_("{name} {year}年：请填写目标值").format(name=indicator.name, year=year))
    if comparator == "range" and (value_max is None or value_max < value):
        raise AnnualTargetError(_("{name} {year}年：区间目标的上限须不小于下限").format(name=indicator.name, year=year))
    if comparator == "qualitative" and not text.strip():
        raise AnnualTargetError(_("{name} {year}年：定性目标请填写说明").format(name=indicator.name, year=year))
    with transaction.atomic():
        target, _created = AnnualTarget.objects.update_or_create(
            indicator=indicator,
            unit=unit,
            year=year,
            defaults={
                "value": value,
                "value_max": value_max if comparator == "range" else None,
                "comparator": comparator,
                "text": text.strip()[:300],
                "source": AnnualTarget.Source.HAND,
                "entered_by": user,
                "source_quote": "",
            },
        )
        # The months of that year are judged against this target.
        targets_changed.send(sender=Indicator, indicator_id=indicator.pk)
    return target
