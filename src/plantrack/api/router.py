"""The NinjaAPI instance (mounted at /api/): bearer-token auth, OpenAPI at /api/openapi.json, docs at /api/docs.

Errors of the services become JSON: 400 with every finding for refused values, 403 outside scope (logged by
the access rules), 409 when someone else acted first, 503 with Retry-After when another writer held the database too
long.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import OperationalError
from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI

from plantrack.api import assessments, judged_targets, projects, rounds, tasks, values
from plantrack.api.auth import TokenAuth
from plantrack.reporting.busy import DatabaseBusy, is_busy_error
from plantrack.reporting.findings import StaleValue, ValuesRejected


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


@api.exception_handler(ValuesRejected)
def _rejected(request: HttpRequest, exc: ValuesRejected) -> HttpResponse:
    return api.create_response(request, {
        "detail": exc.one_line(), "total": exc.total, "findings": [values.finding_out(f) for f in exc.findings],
    }, status=400)


@api.exception_handler(PermissionDenied)
def _denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc) or "permission denied"}, status=403)


@api.exception_handler(StaleValue)
def _stale(request: HttpRequest, exc: StaleValue) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc)}, status=409)


@api.exception_handler(ValueError)
def _bad_value(request: HttpRequest, exc: ValueError) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc)}, status=400)


@api.exception_handler(DatabaseBusy)
def _busy(request: HttpRequest, exc: DatabaseBusy) -> HttpResponse:
    response = api.create_response(request, {"detail": str(exc)}, status=503)
    response["Retry-After"] = "5"
    return response


@api.exception_handler(OperationalError)
def _operational(request: HttpRequest, exc: OperationalError) -> HttpResponse:
    if is_busy_error(exc):
        return _busy(request, DatabaseBusy())
    raise exc
