"""The NinjaAPI instance (mounted at /api/): bearer-token auth, OpenAPI at /api/openapi.json, docs at /api/docs.

Errors become JSON once, here: an application error by its kind (400 refused input, with every finding for refused
values and every problem for a refused file; 403 outside scope, logged by orgs.access; 409 when someone else acted
first; 503 with Retry-After when another writer held the database too long), each with its `code`. Any other
exception is a fault: 500 with a fixed message, its text only in the log.
"""

from __future__ import annotations

import logging

from django.core.exceptions import PermissionDenied
from django.db import DataError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext
from ninja import NinjaAPI

from plantrack.api import assessments, judged_targets, projects, rounds, tasks, values
from plantrack.api.auth import TokenAuth
from plantrack.core.errors import ApplicationError
from plantrack.errors import is_nul_refusal
from plantrack.reporting.busy import DatabaseBusy, is_busy_error
from plantrack.reporting.findings import ValuesRejected


class PlanTrackAPI(NinjaAPI):
    """The API whose OpenAPI document also lists the 422 every operation with input sends when a parameter or the
    body does not fit its schema (django-ninja answers it before our code runs, so no operation declares it)."""

    def get_openapi_schema(self, *, path_prefix: str | None = None, path_params: dict | None = None):
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        document_validation_errors(schema)
        return schema


VALIDATION_ERROR_SCHEMA = {
    "title": "ValidationErrorOut",
    "type": "object",
    "required": ["detail"],
    "properties": {"detail": {"type": "array", "items": {
        "type": "object",
        "required": ["loc", "msg", "type"],
        "properties": {"loc": {"type": "array", "items": {"anyOf": [{"type": "string"}, {"type": "integer"}]}},
                       "msg": {"type": "string"}, "type": {"type": "string"}},
    }}},
}


def document_validation_errors(schema: dict) -> None:
    """Add the 422 response to every operation that takes parameters or a body."""
    schema.setdefault("components", {}).setdefault("schemas", {})["ValidationErrorOut"] = VALIDATION_ERROR_SCHEMA
    for operations in schema.get("paths", {}).values():
        for operation in operations.values():
            if not isinstance(operation, dict) or not (operation.get("parameters") or operation.get("requestBody")):
                continue
            operation.setdefault("responses", {}).setdefault(422, {
                "description": "Validation Error: a parameter or the body does not fit the schema",
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ValidationErrorOut"}}},
            })


api = PlanTrackAPI(
    title="PlanTrack API",
    version="1",
    description="规划实施监测评估系统 HTTP API. Authenticate with `Authorization: Bearer <token>` "
    "(`plantrack create-api-token USERNAME`). Every call acts with the token owner's scope and role.",
    auth=TokenAuth(),
    urls_namespace="api",
)
api.add_router("/values", values.router)
api.add_router("/rounds", rounds.router)
api.add_router("/tasks", tasks.router)
api.add_router("/projects", projects.router)
api.add_router("", assessments.router)
api.add_router("", judged_targets.router)


# The one mapping of the application error to HTTP (see plantrack.core.errors).
STATUS_OF_KIND = {"invalid": 400, "denied": 403, "not_found": 404, "conflict": 409, "busy": 503}
RETRY_AFTER_SECONDS = 5
log = logging.getLogger("plantrack.api")


@api.exception_handler(ApplicationError)
def _application_error(request: HttpRequest, exc: ApplicationError) -> HttpResponse:
    body: dict = {"detail": exc.text(gettext), "code": exc.code}
    if isinstance(exc, ValuesRejected):
        body.update(detail=exc.one_line(), total=exc.total, findings=[values.finding_out(f) for f in exc.findings])
    elif exc.problems:
        body["problems"] = exc.problems
    response = api.create_response(request, body, status=STATUS_OF_KIND.get(exc.kind, 400))
    if exc.kind == "busy":
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


@api.exception_handler(PermissionDenied)
def _denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc) or "permission denied", "code": "denied"}, status=403)


@api.exception_handler(OperationalError)
def _operational(request: HttpRequest, exc: OperationalError) -> HttpResponse:
    if is_busy_error(exc):
        return _application_error(request, DatabaseBusy())
    return _fault(request, exc)


@api.exception_handler(DataError)
def _data_error(request: HttpRequest, exc: DataError) -> HttpResponse:
    if is_nul_refusal(exc):  # a NUL in the request's own text reached a lookup: the caller's input, not our fault
        detail = gettext("请求中含有控制字符（如 NUL），无法处理：请检查地址或填写的内容。")
        return api.create_response(request, {"detail": detail, "code": "control_character"}, status=400)
    return _fault(request, exc)


@api.exception_handler(Exception)
def _fault(request: HttpRequest, exc: Exception) -> HttpResponse:
    """Anything else is a fault of ours: logged with its traceback, answered without its text (which may name
    tables, paths or values that are none of the caller's business)."""
    log.error("API fault: %s %s", request.method, request.path, exc_info=exc)
    return api.create_response(request, {"detail": gettext("服务器内部错误，已记录在系统日志中"), "code": "fault"},
                               status=500)
