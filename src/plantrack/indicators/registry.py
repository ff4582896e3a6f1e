"""Building and keeping the indicator registry (指标库) from a stored plan version and promoted commitments.

    indicators = build_registry(version=plan.versions.get(is_current=True))
    indicator = promote_commitment(commitment=c, code="C12", user=admin)

Rebuilding is idempotent. Fields an admin changed by hand (`Indicator.edited_fields`) are never overwritten;
the reporting settings (frequency, value kind, additivity, reporting units) get defaults only when an
indicator is first created.
"""

from __future__ import annotations

import re
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from plantrack.core.errors import ApplicationError
from plantrack.core.planparse.vocabulary import CHANGE_WORDS, comparator_in
from plantrack.core.units import is_percent_unit
from plantrack.indicators.models import Indicator
from plantrack.indicators.signals import targets_changed
from plantrack.orgs.access import require_admin
from plantrack.orgs.models import User
from plantrack.plans.models import Plan, PlanCommitment, PlanIndicator, PlanVersion

# A rate, share, index or per-head figure: neither sums over child units nor over months.
# (A percentage is one too: `is_percent_unit`.)
_RATIO_UNITS = ("‰", "百分点", "岁", "年", "倍")
_RATIO_WORDS = (
    *CHANGE_WORDS,  # a yearly change (增长, 降低 …) is a rate
    "率",
    "比重",
    "比例",
    "占比",
    "指数",
    "系数",
    "强度",
    "密度",
    "人均",
    "每万人",
    "每千人",
    "寿命",
)
# An amount that happens over a period (so months add up to the year): 新增就业, 完成投资 …
_FLOW_WORDS = (
    "生产总值",
    "新增",
    "新建",
    "完成",
    "累计",
    "投资",
    "增加值",
    "产量",
    "营业收入",
    "进出口",
    "消费品零售总额",
    "改造",
    "造林",
    "治理",
)

# The fields build_registry takes from a plan row; an admin's hand edits of any of them win.
PLAN_FIELDS = [
    "name",
    "category",
    "unit",
    "attribute",
    "target_type",
    "direction",
    "baseline_year",
    "baseline_value",
    "baseline_note",
    "target_year",
    "target_value",
    "target_text",
    "comparator",
]


class RegistryError(ApplicationError):
    """A registry change was refused; the message names the indicator and the reason."""

    code = "registry_refused"


def default_additivity(*, name: str, unit: str, target_type: str) -> tuple[bool, bool]:
    """(adds up over child units, adds up over months) as a first guess an admin may correct.

    Rates, shares and per-head figures add up over neither (失业率); flows over both (新增就业); other
    absolute amounts are stocks (耕地保有量), which add up over units but not over months.
    """
    # A unit "per" something (微克/立方米, 元/人) is a ratio too.
    if (is_percent_unit(unit) or any(u in (unit or "") for u in (*_RATIO_UNITS, "/"))
            or any(w in name for w in _RATIO_WORDS)):
        return False, False
    if target_type == Indicator.TargetType.CUMULATIVE or any(w in name for w in _FLOW_WORDS):
        return True, True
    if not unit:
        return False, False
    return True, False


def _values_from_row(row: PlanIndicator) -> dict:
    comparator = comparator_in(row.period_qualifier, row.target_text, row.period_text)
    target_value = row.target_value
    target_text = row.target_text or row.period_text
    # For a growth rate or a five-year total the plan's target is the 年均/累计 column, not the end-year level.
    # A bound stated only in that column (失业率 5.7 左右 each year) is read from it too.
    if row.target_type in {Indicator.TargetType.ANNUAL_GROWTH, Indicator.TargetType.CUMULATIVE} or (
        target_value is None and row.period_value is not None
    ):
        if row.period_value is not None:
            target_value = row.period_value
    if not comparator and target_value is not None:
        comparator = "="
    target_type = (
        row.target_type if row.target_type in Indicator.TargetType.values else Indicator.TargetType.QUALITATIVE
    )
    return {
        "name": row.full_name,
        "category": row.category,
        "unit": row.unit,
        "attribute": row.attribute if row.attribute in Indicator.Attribute.values else Indicator.Attribute.EXPECTED,
        "target_type": target_type,
        "direction": row.direction if row.direction in Indicator.Direction.values else Indicator.Direction.HIGHER,
        "baseline_year": row.baseline_year,
        "baseline_value": row.baseline_value,
        "baseline_note": row.baseline_note[:100],
        "target_year": row.target_year,
        "target_value": target_value,
        "target_text": (target_text or "")[:200],
        "comparator": comparator,
    }


def build_registry(*, version: PlanVersion) -> list[Indicator]:
    """Create or update one Indicator per main-indicator row of `version`; returns them in table order.

    Indicators built from rows of earlier versions whose code this version no longer has are deactivated.
    """
    plan = version.plan
    built: list[Indicator] = []
    with transaction.atomic():
        existing = {i.code: i for i in Indicator.objects.filter(plan=plan)}
        for row in version.indicators.order_by("order"):
            values = _values_from_row(row)
            indicator = existing.get(row.code)
            if indicator is None:
                over_units, over_time = default_additivity(
                    name=row.full_name, unit=row.unit, target_type=values["target_type"]
                )
                indicator = Indicator(
                    plan=plan,
                    code=row.code,
                    source_row=row,
                    additive_over_units=over_units,
                    additive_over_time=over_time,
                    **values,
                )
                indicator.full_clean()
                indicator.save()
            else:
                if indicator.source_commitment_id is not None:
                    raise RegistryError(
                        _("指标编码 {code} 已被量化目标“{name}”占用，无法从规划表重建").format(
                            code=row.code, name=indicator.name
                        )
                    )
                changed = [
                    f for f in PLAN_FIELDS if f not in indicator.edited_fields and getattr(indicator, f) != values[f]
                ]
                for name in changed:
                    setattr(indicator, name, values[name])
                if indicator.source_row_id != row.pk:
                    indicator.source_row = row
                    changed.append("source_row")
                if not indicator.is_active:
                    indicator.is_active = True
                    changed.append("is_active")
                if changed:
                    indicator.full_clean()
                    indicator.save(update_fields=changed)
            built.append(indicator)
        codes = {i.code for i in built}
        # Only indicators built from a table row go stale with it; promoted commitments and operating indicators
        # added by hand (运行监测指标) were never in the table.
        stale = [
            i.pk for i in existing.values() if i.code not in codes and i.source_row_id is not None and i.is_active
        ]
        Indicator.objects.filter(pk__in=stale).update(is_active=False)
    return built


def _target_type_for(comparator: str) -> str:
    # "+" promises an amount added over the period (新增, 完成 …); anything else is a level to reach or keep.
    return Indicator.TargetType.CUMULATIVE if comparator == "+" else Indicator.TargetType.LEVEL


_CODE = re.compile(r"^[0-9A-Za-z][0-9A-Za-z_.\-]{0,31}$")


def promote_commitment(*, commitment: PlanCommitment, code: str, user: User) -> Indicator:
    """Make a quantitative commitment (量化目标) an indicator with `code`; admins only; returns the existing one if
    this commitment was promoted already."""
    require_admin(user, "promote commitment")
    code = code.strip()
    if not _CODE.match(code):
        raise RegistryError(_("指标编码 “{code}” 不合法（字母、数字、点、横线，最长 32 位）").format(code=code))
    plan = commitment.version.plan
    with transaction.atomic():
        already = Indicator.objects.filter(plan=plan, source_commitment=commitment).first()
        if already is not None:
            return already
        taken = Indicator.objects.filter(plan=plan, code=code).first()
        if taken is not None:
            raise RegistryError(_("指标编码 {code} 已被“{name}”使用").format(code=code, name=taken.name))
        comparator = commitment.comparator
        target_type = _target_type_for(comparator)
        over_units, over_time = default_additivity(
            name=commitment.subject, unit=commitment.unit, target_type=target_type
        )
        indicator = Indicator(
            plan=plan,
            code=code,
            name=commitment.subject[:200],
            unit=commitment.unit,
            target_type=target_type,
            direction=Indicator.Direction.LOWER if comparator == "<=" else Indicator.Direction.HIGHER,
            target_year=commitment.deadline or plan.period_end,
            target_value=Decimal(commitment.value),
            target_value_max=commitment.value_max,
            target_text=commitment.quote[:200],
            comparator=comparator,
            source_commitment=commitment,
            additive_over_units=over_units,
            additive_over_time=over_time,
        )
        indicator.full_clean()
        indicator.save()
    return indicator


def add_monitoring_indicator(
    *, plan: Plan, user: User, code: str, name: str, unit: str, category: str = "",
    frequency: str = Indicator.Frequency.MONTHLY, value_kind: str = Indicator.ValueKind.YEAR_TO_DATE,
    direction: str = Indicator.Direction.HIGHER,
) -> Indicator:
    """An operating indicator (运行监测指标) the plan's table does not hold: 规上工业增加值增长, 固定资产投资增长 and
    the like, which the statistics bureau publishes every month as 累计增速 and the annual plan sets a target for.
    It has no five-year target: it is judged month by month against the year's AnnualTarget. Admins only; returns
    the existing one when `code` already names it."""
    require_admin(user, "add monitoring indicator")
    code = code.strip()
    if not _CODE.match(code):
        raise RegistryError(_("指标编码 “{code}” 不合法（字母、数字、点、横线，最长 32 位）").format(code=code))
    with transaction.atomic():
        existing = Indicator.objects.filter(plan=plan, code=code).first()
        if existing is not None:
            if existing.name != name:
                raise RegistryError(_("指标编码 {code} 已被“{name}”使用").format(code=code, name=existing.name))
            return existing
        over_units, over_time = default_additivity(
            name=name, unit=unit, target_type=Indicator.TargetType.ANNUAL_GROWTH
        )
        indicator = Indicator(
            plan=plan, code=code, name=name, unit=unit, category=category,
            target_type=Indicator.TargetType.ANNUAL_GROWTH, direction=direction, frequency=frequency,
            value_kind=value_kind, additive_over_units=over_units, additive_over_time=over_time,
        )
        indicator.full_clean()
        indicator.save()
    return indicator


# What the admin edit page may change (besides the reporting units).
EDITABLE_FIELDS = [
    *PLAN_FIELDS,
    "target_value_max",
    "frequency",
    "value_kind",
    "additive_over_units",
    "additive_over_time",
    "is_active",
]


def update_indicator(*, indicator: Indicator, user: User, reporting_units=None, **changes) -> list[str]:
    """Apply an admin's edits; returns the names of the fields that changed. Plan fields edited here are
    remembered in `edited_fields`, so a later rebuild from the plan leaves them as the admin set them."""
    require_admin(user, "edit indicator")
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"not editable: {sorted(unknown)}")
    changed = [f for f, v in changes.items() if getattr(indicator, f) != v]
    with transaction.atomic():
        for name in changed:
            setattr(indicator, name, changes[name])
        remembered = sorted(set(indicator.edited_fields) | {f for f in changed if f in PLAN_FIELDS})
        if changed:
            indicator.edited_fields = remembered
            indicator.full_clean()
            indicator.save(update_fields=[*changed, "edited_fields"])
        if reporting_units is not None:
            new = {u.pk for u in reporting_units}
            if new != set(indicator.reporting_units.values_list("pk", flat=True)):
                indicator.reporting_units.set(list(reporting_units))
                changed.append("reporting_units")
        if changed:
            # A new target or baseline changes every stored judgement of the indicator.
            targets_changed.send(sender=Indicator, indicator_id=indicator.pk)
    return changed
