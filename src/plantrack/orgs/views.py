"""Pages of the orgs app: the org tree for everyone (in their scope) and, for the planning office, the users of
the units it manages: add, move to another unit or role, deactivate and reactivate."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from plantrack.errors import message_of
from plantrack.orgs.access import access_managed_user_by_id, is_admin, require_admin, users_in_management_scope
from plantrack.orgs.forms import NewUserForm, PlacementForm
from plantrack.orgs.selectors import unit_tree_for_user, users_for_admin
from plantrack.orgs.services import UserCreationError, add_user, reassign_user, set_user_active


@login_required
def index(request: HttpRequest) -> HttpResponse:
    tree = unit_tree_for_user(request.user)
    return render(request, "orgs/tree.html", {"tree": tree, "show_users_link": is_admin(request.user)})


@login_required
def users(request: HttpRequest) -> HttpResponse:
    managed = set(users_in_management_scope(request.user).values_list("pk", flat=True))
    return render(request, "orgs/users.html", {"users": users_for_admin(request.user), "managed": managed})


@login_required
@require_http_methods(["GET", "POST"])
def user_new(request: HttpRequest) -> HttpResponse:
    """新增用户: the password goes through the same validators as `plantrack create-user`."""
    require_admin(request.user, "manage users")
    form = NewUserForm(request.POST or None, by=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            person = add_user(by=request.user, username=data["username"], password=data["password"],
                              role=data["role"], unit=data["unit"], full_name=data["full_name"])
        except UserCreationError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, message_of(exc))
        else:
            messages.success(request, _("已新增用户 %(name)s") % {"name": person.username})
            return redirect("orgs:users")
    status = 400 if request.method == "POST" else 200
    return render(request, "orgs/user_form.html", {"form": form, "person": None}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def user_edit(request: HttpRequest, user_id: int) -> HttpResponse:
    """调整: another unit or role for a user the office manages."""
    person = access_managed_user_by_id(request.user, user_id)
    initial = {"role": person.role, "unit": person.unit}
    form = PlacementForm(request.POST or None, by=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            reassign_user(by=request.user, user=person, role=form.cleaned_data["role"], unit=form.cleaned_data["unit"])
        except UserCreationError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, message_of(exc))
        else:
            messages.success(request, _("已调整用户 %(name)s") % {"name": person.username})
            return redirect("orgs:users")
    status = 400 if request.method == "POST" else 200
    return render(request, "orgs/user_form.html", {"form": form, "person": person}, status=status)


@login_required
@require_POST
def user_active(request: HttpRequest, user_id: int) -> HttpResponse:
    """停用 or 启用 a user the office manages."""
    person = access_managed_user_by_id(request.user, user_id)
    active = request.POST.get("active") == "1"
    try:
        set_user_active(by=request.user, user=person, active=active)
    except UserCreationError as exc:
        messages.error(request, message_of(exc))
    else:
        text = _("已启用用户 %(name)s") if active else _("已停用用户 %(name)s")
        messages.success(request, text % {"name": person.username})
    return redirect("orgs:users")
