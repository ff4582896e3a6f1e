"""Saving and reading an office's column decisions, for every spreadsheet import (ledger, 分工方案, values).

    saved = saved_choices(user.unit, "division_of_work")       # {"督办层级": "keep", "联系人": "ignore"}
    usable, stale = usable_choices(saved, kinds={"keep", "ignore"}, fields=())
    problems = choice_problems({"说明": "field:comment"}, kinds={"ignore", "field"}, fields={"comment"})
    save_choices(user=clerk, sheet="values", choices={"说明": "field:comment"}, fields={"comment"})
    forget_choices(user=clerk, office=clerk.unit, sheet="ledger", headers=["备注2"])  # or headers=None: all

A choice is "keep" (an extra attribute), "ignore" or "field:NAME". Each import says which of these it can apply;
a saved choice it cannot apply (a field that no longer exists) is returned as stale, to be shown and not used.
"""

from __future__ import annotations

import logging
from collections.abc import Collection, Mapping

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from plantrack import wording
from plantrack.core.errors import InvalidInput
from plantrack.core.text_guard import text_problem
from plantrack.imports.access import require_look_after_choices
from plantrack.imports.models import ImportColumnChoice
from plantrack.imports.sheets import SHEETS
from plantrack.orgs.models import OrgUnit, User
from plantrack.wording import join_words

log = logging.getLogger("plantrack.imports")
HEADER_MAX = 100
FIELD_MAX = 30
ALL_KINDS = frozenset(ImportColumnChoice.Choice.values)


class ColumnChoicesRefused(InvalidInput):
    """Choices that cannot be saved; `problems` names each column and why. Nothing was saved."""

    code = "column_choice"

    def __init__(self, problems: list[str]) -> None:
        super().__init__(wording.join_clauses(problems), problems=problems)


def _check_sheet(sheet: str) -> None:
    if sheet not in SHEETS:
        raise ValueError(f"unknown import sheet {sheet!r}: one of {', '.join(SHEETS)}")


def saved_choices(office: OrgUnit | None, sheet: str) -> dict[str, str]:
    """The column choices `office` saved for `sheet` ({header: "keep" | "ignore" | "field:NAME"}); none without
    an office."""
    _check_sheet(sheet)
    if office is None:
        return {}
    return {c.header: c.as_choice
            for c in ImportColumnChoice.objects.filter(office=office, sheet=sheet).order_by("header")}


def usable_choices(saved: Mapping[str, str], *, kinds: Collection[str],
                   fields: Collection[str]) -> tuple[dict[str, str], dict[str, str]]:
    """(the saved choices an import can apply, those it cannot): a kind it does not take, or a field it does not
    have (renamed or removed since the office saved it)."""
    usable: dict[str, str] = {}
    stale: dict[str, str] = {}
    for header, choice in saved.items():
        kind, _sep, name = choice.partition(":")
        fits = kind in kinds and (kind != ImportColumnChoice.Choice.FIELD or name in fields)
        (usable if fits else stale)[header] = choice
    return usable, stale


def choice_problems(choices: Mapping[str, str], *, kinds: Collection[str] = ALL_KINDS,
                    fields: Collection[str] | None = None) -> list[str]:
    """Why each of `choices` may not be saved: an empty or over-long header, control characters in it, a choice
    that is not one of `kinds`, a field not among `fields` (any field name when None)."""
    problems = []
    for header, choice in choices.items():
        why = _("列名不能为空") if not header.strip() else text_problem(header, max_length=HEADER_MAX)
        if why:
            problems.append(_("列“%(h)s”：%(why)s") % {"h": header[:HEADER_MAX], "why": why})
            continue
        kind, _sep, name = choice.partition(":")
        if kind not in kinds or kind not in ALL_KINDS or (kind == ImportColumnChoice.Choice.FIELD) != bool(_sep):
            problems.append(_("列“%(h)s”：处理方式“%(c)s”无法记住（可选 %(k)s）")
                            % {"h": header, "c": choice[:40], "k": join_words(sorted(kinds))})
        elif kind == ImportColumnChoice.Choice.FIELD and (
                not name or len(name) > FIELD_MAX or (fields is not None and name not in fields)):
            problems.append(_("列“%(h)s”：没有字段“%(f)s”") % {"h": header, "f": name[:40]})
    return problems


def save_choices(*, user: User, sheet: str, choices: Mapping[str, str], kinds: Collection[str] = ALL_KINDS,
                 fields: Collection[str] | None = None) -> int:
    """Keep the user's column choices for the next `sheet` files of their office, replacing what it decided
    before for the same headers; returns how many were saved (none for a user without an office).

    ColumnChoicesRefused, with nothing saved, if any choice may not be saved (`choice_problems`)."""
    _check_sheet(sheet)
    problems = choice_problems(choices, kinds=kinds, fields=fields)
    if problems:
        raise ColumnChoicesRefused(problems)
    if user.unit_id is None or not choices:
        return 0
    now = timezone.now()
    with transaction.atomic():
        for header, choice in choices.items():
            kind, _sep, name = choice.partition(":")
            ImportColumnChoice.objects.update_or_create(
                office_id=user.unit_id, sheet=sheet, header=header,
                defaults={"choice": kind, "field": name, "saved_by": user, "saved_at": now})
    return len(choices)


def forget_choices(*, user: User, office: OrgUnit, sheet: str, headers: Collection[str] | None = None) -> list[str]:
    """Forget what `office` saved for `sheet`: the choices for `headers`, or all of them when None, so its next file
    asks about those columns again; returns the headers forgotten (sorted). Saving and replacing leave no history
    beyond the row's saved_by / saved_at, so a forgotten choice is written to the `plantrack.imports` log.

    PermissionDenied (logged) unless `user` may import such a file for `office` (`imports.access`)."""
    _check_sheet(sheet)
    require_look_after_choices(user, office, sheet)
    with transaction.atomic():
        rows = ImportColumnChoice.objects.filter(office=office, sheet=sheet)
        if headers is not None:
            rows = rows.filter(header__in=list(headers))
        forgotten = sorted(rows.values_list("header", flat=True))
        rows.delete()
    if forgotten:
        log.info("%s forgot the saved column choices of %s for %s: %s", user.username, office.code, sheet,
                 "、".join(forgotten))
    return forgotten


def choice_label(choice: str, labels: Mapping[str, object] | None = None) -> str:
    """A choice as a person reads it: 保留为附加属性, 忽略, 对应字段：备注."""
    kind, _sep, name = choice.partition(":")
    if kind == ImportColumnChoice.Choice.FIELD:
        return _("对应字段：%(f)s") % {"f": str((labels or {}).get(name, name))}
    if kind in ALL_KINDS:
        return str(ImportColumnChoice.Choice(kind).label)
    return choice
