"""A large ledger runs in the worker: the import job runs the same service, by name, on a file saved on the server."""

from __future__ import annotations

import pytest

from plantrack.operations.jobs import run_import_job
from plantrack.projects.models import Project


class TestLedgerImportJob:
    def test_the_job_imports_the_file_and_reports_the_counts(self, people, ledger, rows):
        path = ledger(rows)
        result = run_import_job.call(service="project-ledger", path=str(path), user_id=people.admin.pk)
        assert {k: result[k] for k in ("ok", "created", "updated", "unchanged")} == {
            "ok": True, "created": 3, "updated": 0, "unchanged": 0}
        assert result["summary"].startswith("新增3个项目")
        assert Project.objects.count() == 3

    def test_a_refused_file_is_the_jobs_result_and_changes_nothing(self, people, ledger, rows):
        result = run_import_job.call(service="project-ledger", path=str(ledger(rows)), user_id=people.ordos_clerk.pk)
        assert result["ok"] is False and any("无权登记" in e for e in result["errors"])
        assert not Project.objects.exists()

    def test_an_unknown_service_or_a_missing_file_is_refused_by_name(self, people, ledger, rows, tmp_path):
        with pytest.raises(LookupError, match="no-such-import"):
            run_import_job.call(service="no-such-import", path=str(ledger(rows)), user_id=people.admin.pk)
        with pytest.raises(FileNotFoundError, match="gone"):
            run_import_job.call(service="project-ledger", path=str(tmp_path / "x.xlsx"), user_id=people.admin.pk)


class TestLargeUploadsGoToTheWorker:
    def test_a_large_upload_is_saved_queued_imported_and_removed(self, people, ledger, rows, settings, tmp_path):
        from django_tasks_db.models import DBTaskResult

        from plantrack.operations.jobs import enqueue_import, runs_in_background

        settings.DATA_DIR = tmp_path / "data"
        settings.PLANTRACK_BACKGROUND_IMPORT_BYTES = 1000
        path = ledger(rows)
        assert runs_in_background(path.stat().st_size) and not runs_in_background(999)
        with path.open("rb") as upload:
            enqueue_import(service="project-ledger", upload=upload, name="台账.xlsx", user_id=people.admin.pk)
        job = DBTaskResult.objects.ready().get()
        saved = job.args_kwargs["kwargs"]["path"]
        assert saved.startswith(str(settings.DATA_DIR / "imports"))
        result = run_import_job.call(**job.args_kwargs["kwargs"])
        assert result["created"] == 3 and Project.objects.count() == 3
        assert not (settings.DATA_DIR / "imports").joinpath(saved).exists()

    def test_an_unknown_service_is_refused_before_anything_is_saved(self, people, ledger, rows, settings, tmp_path):
        from plantrack.operations.jobs import enqueue_import

        settings.DATA_DIR = tmp_path / "data"
        with pytest.raises(LookupError), ledger(rows).open("rb") as upload:
            enqueue_import(service="ledger", upload=upload, name="台账.xlsx", user_id=people.admin.pk)
        assert not (settings.DATA_DIR / "imports").exists()
