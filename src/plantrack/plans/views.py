"""Pages of the plans app: plan list, table of contents, chapter text, main indicators, commitments and search.

Views only read the request and render; the reading is done by `selectors`, `chapter_page` and `search`.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from plantrack.core.planparse.errors import DocumentTooLarge, PlanParseError
from plantrack.errors import message_of
from plantrack.orgs.access import is_admin, require_admin
from plantrack.plans import selectors
from plantrack.plans.chapter_page import build_chapter_page
from plantrack.plans.commitment_display import COMPARATOR_LABELS
from plantrack.plans.models import Plan
from plantrack.plans.search import search_plan
from plantrack.plans.services import import_plan_upload


@login_required
def index(request: HttpRequest) -> HttpResponse:
    return render(request, "plans/plan_list.html", {
        "plans": selectors.list_plans(), "can_import": is_admin(request.user),
    })


class PlanUploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("规划纲要文件（.txt、.docx 或 .pdf）"))
    region = forms.CharField(label=gettext_lazy("地区"), max_length=100, required=False)
    level = forms.ChoiceField(label=gettext_lazy("层级"), choices=Plan.Level.choices, initial=Plan.Level.REGION)


@login_required
@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest) -> HttpResponse:
    """导入规划: the planning office uploads a plan document; a refusal says why in one line."""
    require_admin(request.user, "import plan")  # before the upload is looked at
    form = PlanUploadForm(request.POST or None, request.FILES or None)
    problem = ""
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = import_plan_upload(user=request.user, upload=upload, region=form.cleaned_data["region"],
                                        level=form.cleaned_data["level"])
        except DocumentTooLarge as exc:
            from plantrack.uploads import expansion_text

            problem = _("%(name)s未导入：%(why)s") % {"name": upload.name, "why": expansion_text(exc.cause)}
        except PlanParseError as exc:  # the parser's one-line reason (empty, scanned, no headings …)
            problem = _("%(name)s未导入：%(why)s") % {"name": upload.name,
                                                   "why": message_of(exc).removeprefix(f"{upload.name}: ")}
        else:
            messages.success(request, result.summary())
            return redirect("plans:current", result.plan.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "plans/upload.html", {"form": form, "problem": problem}, status=status)


@login_required
def contents(request: HttpRequest, plan_id: int, number: int | None = None) -> HttpResponse:
    version = selectors.get_version(plan_id=plan_id, number=number)
    return render(
        request,
        "plans/contents.html",
        {
            "version": version,
            "plan": version.plan,
            "tree": selectors.contents_tree(version=version),
            "totals": selectors.version_totals(version),
            "versions": version.plan.versions.order_by("-number"),
        },
    )


@login_required
def chapter(request: HttpRequest, plan_id: int, number: int, chapter: int) -> HttpResponse:
    version = selectors.get_version(plan_id=plan_id, number=number)
    page = build_chapter_page(version=version, number=chapter)
    return render(request, "plans/chapter.html", {"version": version, "plan": version.plan, "page": page})


@login_required
def indicators(request: HttpRequest, plan_id: int, number: int) -> HttpResponse:
    version = selectors.get_version(plan_id=plan_id, number=number)
    return render(
        request,
        "plans/indicators.html",
        {"version": version, "plan": version.plan, "indicators": version.indicators.order_by("order")},
    )


@login_required
def commitments(request: HttpRequest, plan_id: int, number: int) -> HttpResponse:
    version = selectors.get_version(plan_id=plan_id, number=number)
    filters = selectors.CommitmentFilters.from_query(request.GET)
    rows = selectors.filter_commitments(version=version, filters=filters)
    context = {
        "version": version,
        "plan": version.plan,
        "filters": filters,
        "choices": selectors.commitment_choices(version=version),
        "comparator_labels": COMPARATOR_LABELS,
        "commitments": rows,
        "chapters": selectors.chapter_titles(version=version),
    }
    template = "plans/_commitment_rows.html" if request.headers.get("HX-Request") else "plans/commitments.html"
    return render(request, template, context)


@login_required
def search(request: HttpRequest, plan_id: int, number: int) -> HttpResponse:
    version = selectors.get_version(plan_id=plan_id, number=number)
    query = request.GET.get("q", "")
    result = search_plan(version=version, query=query) if query.strip() else None
    return render(request, "plans/search.html", {"version": version, "plan": version.plan, "query": query,
                                                 "result": result})
