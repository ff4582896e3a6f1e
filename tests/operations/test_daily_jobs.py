"""The daily jobs (supervise, backup) are enqueued by the workers at PLANTRACK_DAILY_JOBS_AT, once a day however
many workers look; the command line hands a job to the worker with --enqueue."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from plantrack.operations.schedule import enqueue_due_daily_jobs

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


def at(day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2026, 12, day, hour, minute, tzinfo=SHANGHAI)


@pytest.mark.django_db
class TestDailyJobs:
    def test_nothing_before_the_set_time_then_each_job_once_a_day(self, settings):
        settings.PLANTRACK_DAILY_JOBS_AT = "02:00"
        assert enqueue_due_daily_jobs(now=at(7, 1, 59)) == []
        assert sorted(enqueue_due_daily_jobs(now=at(7, 2, 0))) == ["backup", "prune-jobs", "supervise"]
        assert enqueue_due_daily_jobs(now=at(7, 2, 1)) == []  # another worker, a minute later
        assert enqueue_due_daily_jobs(now=at(7, 23, 0)) == []
        assert sorted(enqueue_due_daily_jobs(now=at(8, 3, 0))) == ["backup", "prune-jobs", "supervise"]
        paths = sorted(DBTaskResult.objects.values_list("task_path", flat=True))
        backup, supervise = "plantrack.operations.jobs.scheduled_backup_job", "plantrack.tasks.jobs.supervise_job"
        prune = "plantrack.operations.jobs.prune_finished_jobs_job"
        assert paths == [prune, prune, backup, backup, supervise, supervise]

    def test_a_bad_time_is_refused_by_name(self, settings):
        from django.core.exceptions import ImproperlyConfigured

        settings.PLANTRACK_DAILY_JOBS_AT = "2am"
        with pytest.raises(ImproperlyConfigured, match="PLANTRACK_DAILY_JOBS_AT"):
            enqueue_due_daily_jobs(now=at(7, 3))

    def test_the_supervise_job_runs_the_daily_check(self, tree, settings):
        from plantrack.tasks.jobs import supervise_job

        settings.PLANTRACK_TODAY = "2026-12-07"
        result = supervise_job.call()
        assert result["as_of"] == "2026-12-07" and {"opened", "closed", "open"} <= set(result)


@pytest.mark.django_db
class TestEnqueueFromTheCommandLine:
    def test_assess_all_and_supervise_hand_their_work_to_the_worker(self, capsys):
        call_command("assess_all", enqueue=True)
        call_command("supervise", enqueue=True)
        jobs = {job.task_path: job.args_kwargs for job in DBTaskResult.objects.ready()}
        assert jobs == {"plantrack.assessment.jobs.assess_all_job": {"args": [], "kwargs": {}},
                        "plantrack.tasks.jobs.supervise_job": {"args": [], "kwargs": {}}}

    def test_a_queued_report_is_made_by_the_worker(self, tree, people, settings, tmp_path, capsys):
        from web.board_world import build_board

        settings.DATA_DIR = tmp_path
        build_board(tree)
        call_command("report", "midterm", as_of="2028-12", fmt="html", enqueue=True)
        assert "queued for the worker" in capsys.readouterr().out
        job = DBTaskResult.objects.ready().get()
        assert job.task_path == "plantrack.reports.jobs.generate_report_job"


@pytest.mark.django_db
class TestPruningOldJobs:
    def test_finished_jobs_older_than_the_keep_days_are_forgotten(self, settings):
        from django.utils import timezone

        from plantrack.operations.jobs import prune_finished_jobs_job
        from plantrack.tasks.jobs import supervise_job

        settings.PLANTRACK_JOB_RESULTS_KEEP_DAYS = 30
        old, recent, waiting = (supervise_job.enqueue().id for _ in range(3))
        now = timezone.now()
        DBTaskResult.objects.filter(pk=old).update(status="SUCCESSFUL", finished_at=now - dt.timedelta(days=31))
        DBTaskResult.objects.filter(pk=recent).update(status="FAILED", finished_at=now - dt.timedelta(days=29))
        assert prune_finished_jobs_job.call() == {"jobs": 1, "daily_runs": 0}
        assert {str(pk) for pk in DBTaskResult.objects.values_list("id", flat=True)} == {recent, waiting}
