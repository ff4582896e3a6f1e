"""Pages of the orgs app: the org tree for everyone (in their scope) and the user list for the planning office."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from plantrack.orgs.access import is_admin
from plantrack.orgs.selectors import unit_tree_for_user, users_for_admin


@login_required
def index(request: HttpRequest) -> HttpResponse:
    tree = unit_tree_for_user(request.user)
    return render(request, "orgs/tree.html", {"tree": tree, "show_users_link": is_admin(request.user)})


@login_required
def users(request: HttpRequest) -> HttpResponse:
    return render(request, "orgs/users.html", {"users": users_for_admin(request.user)})
