"""`GET /healthz`: database, worker heartbeat and free disk, without login and without data; 200 or 503, JSON."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from plantrack.operations.models import WorkerHeartbeat


def beat(seconds_ago: float) -> None:
    WorkerHeartbeat.objects.create(worker_id=f"w{seconds_ago}", hostname="elsewhere", pid=1,
                                   beat_at=timezone.now() - dt.timedelta(seconds=seconds_ago))


@pytest.mark.django_db
class TestHealthCheck:
    def test_healthy_with_a_live_worker_and_without_login(self, client):
        beat(3)
        response = client.get("/healthz")
        body = response.json()
        assert response.status_code == 200 and body["status"] == "ok"
        assert body["checks"]["database"]["ok"] and body["checks"]["disk"]["free_mb"] > 0
        assert 2 <= body["checks"]["worker"]["heartbeat_age_s"] < 60
        assert response["Cache-Control"].startswith("max-age=0")

    def test_no_worker_is_unhealthy(self, client):
        response = client.get("/healthz")
        assert response.status_code == 503 and response.json()["checks"]["worker"] == {
            "ok": False, "heartbeat_age_s": None, "error": "no worker"}

    def test_a_silent_worker_is_unhealthy(self, client, settings):
        settings.PLANTRACK_WORKER_LEASE_SECONDS = 60
        beat(300)
        response = client.get("/healthz")
        assert response.status_code == 503 and response.json()["checks"]["worker"]["heartbeat_age_s"] >= 300

    def test_too_little_disk_is_unhealthy(self, client, settings):
        beat(1)
        settings.PLANTRACK_MIN_FREE_DISK_MB = 10**12
        response = client.get("/healthz")
        assert response.status_code == 503 and response.json()["checks"]["disk"]["ok"] is False

    def test_it_shows_no_data(self, client, people):
        beat(1)
        text = client.get("/healthz").content.decode()
        assert "planning_admin" not in text and "内蒙古" not in text

    def test_only_reading_is_allowed(self, client):
        assert client.post("/healthz").status_code == 405
