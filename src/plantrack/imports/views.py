"""The page of an office's saved column choices (本单位保存的列选择), reached from each import's preview, and forgetting
one choice or all of one import's: asked on a page first, done only by a POST."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from plantrack.imports.access import access_choices_office, access_column_choice_by_id, require_look_after_choices
from plantrack.imports.selectors import choice_in_words, saved_sheet, saved_sheets
from plantrack.imports.services import forget_choices
from plantrack.imports.sheets import import_sheet


@login_required
def saved_columns(request: HttpRequest) -> HttpResponse:
    """What the office decided about the columns of its files, per import: the header as written, the choice in
    words, who saved it and when; the user's own office, or `?unit=CODE` for one whose files they may import."""
    office = access_choices_office(request.user, request.GET.get("unit", "").strip())
    return render(request, "imports/saved_columns.html", {
        "office": office, "own_office": office is not None and office.pk == request.user.unit_id,
        "sheets": saved_sheets(request.user, office)})


@login_required
@require_http_methods(["GET", "POST"])
def forget_columns(request: HttpRequest) -> HttpResponse:
    """Forget one saved choice (`choice=ID`) or all of one import's (`unit=CODE&sheet=NAME`): a GET shows what would
    be forgotten and asks; the POST forgets and goes back to the list with a message."""
    params = request.POST if request.method == "POST" else request.GET
    if params.get("choice"):
        choice = access_column_choice_by_id(request.user, params["choice"])
        office, sheet, headers = choice.office, import_sheet(choice.sheet), [choice.header]
        shown = [choice_in_words(choice)]
    else:
        office = access_choices_office(request.user, params.get("unit", "").strip())
        sheet = import_sheet(params.get("sheet", ""))
        if office is None or sheet is None:
            raise Http404(params.get("sheet", "")[:20])
        require_look_after_choices(request.user, office, sheet.name)
        headers = None
        found = saved_sheet(request.user, office, sheet.name)
        shown = found.choices if found else []
    back = reverse("imports:saved_columns")
    if office.pk != request.user.unit_id:
        back += f"?unit={office.code}"
    if request.method == "GET":
        return render(request, "imports/forget_columns.html", {
            "office": office, "sheet": sheet, "choices": shown, "one": headers is not None, "back": back,
            "params": {"choice": params.get("choice", ""), "unit": office.code, "sheet": sheet.name}})
    forgotten = forget_choices(user=request.user, office=office, sheet=sheet.name, headers=headers)
    if not forgotten:
        messages.info(request, _("没有可忘记的列选择"))
    elif headers is not None:
        messages.success(request, _("已忘记“%(h)s”列的选择（%(s)s）") % {"h": forgotten[0], "s": sheet.label})
    else:
        messages.success(request, _("已忘记%(u)s%(s)s的%(n)s项列选择")
                         % {"u": office.name, "s": sheet.label, "n": len(forgotten)})
    return redirect(back)
