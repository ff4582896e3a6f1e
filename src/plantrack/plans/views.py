"""Pages of the plans app: plan list, table of contents, chapter text, main indicators, commitments and search.

Views only read the request and render; the reading is done by `selectors`, `chapter_page` and `search`.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from plantrack.plans import selectors
from plantrack.plans.chapter_page import build_chapter_page
from plantrack.plans.commitment_display import COMPARATOR_LABELS
from plantrack.plans.search import search_plan


@login_required
def index(request: HttpRequest) -> HttpResponse:
    return render(request, "plans/plan_list.html", {"plans": selectors.list_plans()})


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
