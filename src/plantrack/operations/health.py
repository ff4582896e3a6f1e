"""`GET /healthz`: is the database reachable, is a worker alive, is there disk left. No login and no data: a load
balancer or a monitoring probe reads it; 200 when every check passes, 503 otherwise, JSON either way."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe


def health_checks() -> dict[str, dict[str, Any]]:
    checks: dict[str, dict[str, Any]] = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = {"ok": True}
    except Exception as exc:  # whatever the driver raises, the answer is "not reachable"
        checks["database"] = {"ok": False, "error": type(exc).__name__}
    checks["worker"] = _worker_check() if checks["database"]["ok"] else {"ok": False, "error": "database"}
    usage = shutil.disk_usage(_existing(Path(settings.DATA_DIR)))
    free_mb = usage.free // (1024 * 1024)
    checks["disk"] = {"ok": free_mb >= settings.PLANTRACK_MIN_FREE_DISK_MB, "free_mb": free_mb,
                      "min_free_mb": settings.PLANTRACK_MIN_FREE_DISK_MB}
    return checks


def _worker_check() -> dict[str, Any]:
    from plantrack.operations.models import WorkerHeartbeat

    try:
        latest = WorkerHeartbeat.objects.order_by("-beat_at").values_list("beat_at", flat=True).first()
    except Exception as exc:
        return {"ok": False, "error": type(exc).__name__}
    if latest is None:
        return {"ok": False, "heartbeat_age_s": None, "error": "no worker"}
    age = max(0.0, (timezone.now() - latest).total_seconds())
    return {"ok": age <= settings.PLANTRACK_WORKER_LEASE_SECONDS, "heartbeat_age_s": round(age, 1),
            "lease_s": settings.PLANTRACK_WORKER_LEASE_SECONDS}


def _existing(path: Path) -> Path:
    while not path.exists() and path != path.parent:
        path = path.parent
    return path


@require_safe
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    checks = health_checks()
    healthy = all(check["ok"] for check in checks.values())
    return JsonResponse({"status": "ok" if healthy else "fail", "checks": checks}, status=200 if healthy else 503)
