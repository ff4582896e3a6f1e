"""Who sees and forgets an office's saved column choices: whoever may import that kind of file for the office (each
import says who, through `imports.sheets`), on the predicates of `orgs.access`.

    office = access_choices_office(user, code)           # 404 no such unit, 403 (logged) if they import nothing for it
    choice = access_column_choice_by_id(user, choice_id)  # 404 when there is none, 403 (logged) when not theirs
"""

from __future__ import annotations

from django.http import Http404

from plantrack.imports.models import ImportColumnChoice
from plantrack.imports.sheets import ImportSheet, import_sheet, import_sheets
from plantrack.orgs.access import deny, whole_number_or_404
from plantrack.orgs.models import OrgUnit, User


def may_look_after_choices(user: User, office: OrgUnit, sheet: str) -> bool:
    """Whether `user` may see and forget what `office` saved for `sheet`: they may import such a file for it."""
    entry = import_sheet(sheet)
    return user.is_authenticated and entry is not None and entry.may_import(user, office)


def sheets_looked_after(user: User, office: OrgUnit) -> list[ImportSheet]:
    """The imports whose saved choices of `office` `user` may see and forget."""
    return [s for s in import_sheets() if may_look_after_choices(user, office, s.name)]


def require_look_after_choices(user: User, office: OrgUnit, sheet: str) -> None:
    if not may_look_after_choices(user, office, sheet):
        raise deny(user, office, "forget saved column choices")


def access_choices_office(user: User, code: str = "") -> OrgUnit | None:
    """The office whose saved choices `user` looks at: the unit with `code`, else the user's own (None for an account
    of no unit). 404 if no unit has the code; 403 (logged) if the user may import nothing for the office."""
    if code:
        office = OrgUnit.objects.filter(code=code[:32]).first()
        if office is None:
            raise Http404(code[:32])
    else:
        office = user.unit
        if office is None:
            return None
    if not sheets_looked_after(user, office):
        raise deny(user, office, "see saved column choices")
    return office


def access_column_choice_by_id(user: User, choice_id: object) -> ImportColumnChoice:
    """A saved column choice `user` may forget; 404 when there is none, 403 (logged) when it is not theirs to."""
    choice = (ImportColumnChoice.objects.select_related("office", "saved_by")
              .filter(pk=whole_number_or_404(choice_id)).first())
    if choice is None:
        raise Http404(str(choice_id)[:40])
    require_look_after_choices(user, choice.office, choice.sheet)
    return choice
