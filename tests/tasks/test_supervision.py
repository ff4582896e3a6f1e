"""Supervision (督办): overdue and unreported tasks become items with an owner and a due date, once each."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.urls import reverse

from plantrack import clock
from plantrack.tasks.errors import TaskRejected
from plantrack.tasks.models import SupervisionItem, Task
from plantrack.tasks.services import report_progress
from plantrack.tasks.supervision import due_period, run_supervision

TODAY = dt.date(2026, 11, 20)


def backdate(task: Task, day: dt.date) -> None:
    """Pretend the task was given out on `day` (it existed in the periods after it)."""
    Task.objects.filter(pk=task.pk).update(created_at=dt.datetime.combine(day, dt.time(9), tzinfo=dt.UTC))
    task.refresh_from_db()


class TestDuePeriod:
    @pytest.mark.parametrize(("today", "frequency", "due"), [
        (dt.date(2026, 11, 20), "Q", "2026Q3"),
        (dt.date(2026, 10, 5), "Q", "2026Q2"),  # within the 10 grace days, Q3's report is not due yet
        (dt.date(2026, 10, 11), "Q", "2026Q3"),
        (dt.date(2026, 1, 15), "Q", "2025Q4"),
        (dt.date(2026, 11, 20), "M", "2026M10"),
        (dt.date(2026, 11, 5), "M", "2026M9"),
    ])
    def test_a_periods_report_is_due_ten_days_after_it_ends(self, today, frequency, due):
        assert due_period(frequency=frequency, today=today).code == due


class TestOverdue:
    def test_an_overdue_task_gets_an_item_for_its_lead_unit_with_a_due_date(self, office, give_task, tree):
        task = give_task("超低排放改造", lead="150600", deadline="2026年9月")
        run = run_supervision(today=TODAY)
        item = SupervisionItem.objects.get()
        assert (item.task, item.reason, item.owner_unit) == (task, SupervisionItem.Reason.OVERDUE, tree["150600"])
        assert item.due_date == TODAY + dt.timedelta(days=7) and item.is_open
        assert run.opened == 1 and run.open_total == 1

    def test_running_the_check_again_changes_nothing(self, office, give_task):
        give_task("超低排放改造", deadline="2026年9月")
        run_supervision(today=TODAY)
        again = run_supervision(today=TODAY + dt.timedelta(days=1))
        assert (again.opened, again.closed, again.open_total) == (0, 0, 1)
        assert SupervisionItem.objects.count() == 1

    def test_a_task_still_within_its_deadline_is_not_overdue(self, office, give_task):
        give_task("按期推进", deadline="2026年底")
        Task.objects.update(last_period="2026Q3")
        run_supervision(today=TODAY)
        assert not SupervisionItem.objects.exists()

    def test_completing_the_task_closes_its_item_once_the_office_accepts_it(self, office, give_task, tree):
        from plantrack.tasks.supervision import review_done_task

        task = give_task("超低排放改造", lead="150600", deadline="2026年9月")
        run_supervision(today=TODAY)
        report_progress(user=office.ordos_clerk, task=task, unit=tree["150600"], period="2026Q4", text="全部完成",
                        percent="100", today=TODAY)
        assert SupervisionItem.objects.get().closed_at is None  # a unit's own 100% does not close it
        task.refresh_from_db()
        review_done_task(user=office.admin, task=task, accept=True, note="现场核查完成")
        item = SupervisionItem.objects.get()
        assert item.closed_at is not None and item.closed_how == SupervisionItem.Closing.COMPLETED
        assert run_supervision(today=TODAY).open_total == 0

    def test_a_moved_deadline_does_not_close_the_item_by_itself_the_office_writes_it_off(self, office, give_task):
        from plantrack.tasks.supervision import cancel_supervision_item

        task = give_task("超低排放改造", deadline="2026年9月")
        run_supervision(today=TODAY)
        Task.objects.filter(pk=task.pk).update(deadline=dt.date(2027, 6, 30), last_period="2026Q3")
        assert run_supervision(today=TODAY).open_total == 1
        item = SupervisionItem.objects.get()
        with pytest.raises(TaskRejected, match="销号说明"):
            cancel_supervision_item(user=office.admin, item=item, note=" ")
        cancel_supervision_item(user=office.admin, item=item, note="经批准完成时限调整至2027年6月")
        item.refresh_from_db()
        assert item.closed_how == SupervisionItem.Closing.CANCELLED and item.closed_by == office.admin
        assert run_supervision(today=TODAY).opened == 0  # a written-off cause is not opened again


class TestUnreported:
    def test_a_task_without_last_periods_report_is_supervised_for_that_period(self, office, give_task):
        task = give_task("持续推进防沙治沙", deadline="长期")
        backdate(task, dt.date(2026, 5, 1))
        run_supervision(today=TODAY)
        item = SupervisionItem.objects.get()
        assert (item.reason, item.period) == (SupervisionItem.Reason.UNREPORTED, "2026Q3")

    def test_a_task_given_out_after_the_period_ended_owes_no_report_for_it(self, office, give_task):
        task = give_task("新任务", deadline="长期")
        backdate(task, dt.date(2026, 10, 8))
        run_supervision(today=TODAY)
        assert not SupervisionItem.objects.exists()

    def test_the_report_closes_the_item(self, office, give_task, tree):
        task = give_task("持续推进防沙治沙", lead="150600", deadline="长期")
        backdate(task, dt.date(2026, 5, 1))
        run_supervision(today=TODAY)
        report_progress(user=office.ordos_clerk, task=task, unit=tree["150600"], period="2026Q3", text="完成治理",
                        percent="40", today=TODAY)
        assert SupervisionItem.objects.get().closed_at is not None

    def test_a_monthly_task_is_supervised_per_month(self, office, give_task):
        task = give_task("月报任务", deadline="长期", frequency="M")
        backdate(task, dt.date(2026, 5, 1))
        Task.objects.filter(pk=task.pk).update(last_period="2026M9")
        run_supervision(today=TODAY)
        assert SupervisionItem.objects.get().period == "2026M10"


class TestRunningTheCheck:
    def test_the_daily_command_prints_what_it_did(self, office, give_task):
        give_task("超低排放改造", deadline="2026年9月")
        out = StringIO()
        call_command("supervise", "--json", stdout=out)
        assert json.loads(out.getvalue())["opened"] == 1

    def test_a_what_if_date_is_taken_only_with_dry_run_and_writes_nothing(self, office, give_task):
        from django.core.management.base import CommandError

        give_task("超低排放改造", deadline="2026年9月")
        with pytest.raises(CommandError, match="--dry-run"):
            call_command("supervise", "--date", "2026-11-20")
        out = StringIO()
        call_command("supervise", "--dry-run", "--date", "2026-11-20", "--json", stdout=out)
        data = json.loads(out.getvalue())
        assert data["dry_run"]
        assert data["would_open"] == [{"task": "超低排放改造", "reason": "逾期未完成", "period": ""}]
        assert not SupervisionItem.objects.exists()

    def test_the_command_refuses_a_date_it_cannot_read(self, office):
        from django.core.management.base import CommandError

        with pytest.raises(CommandError, match="YYYY-MM-DD"):
            call_command("supervise", "--dry-run", "--date", "20.11.2026")

    def test_only_the_office_runs_it_on_demand(self, office, client, give_task):
        give_task("超低排放改造", deadline=clock.today() - dt.timedelta(days=3))
        with pytest.raises(PermissionDenied):
            run_supervision(user=office.ordos_clerk)
        client.force_login(office.ordos_clerk)
        assert client.post(reverse("tasks:supervision")).status_code == 403
        assert not SupervisionItem.objects.exists()
        client.force_login(office.admin)
        assert client.post(reverse("tasks:supervision")).status_code == 302
        page = client.get(reverse("tasks:supervision")).content.decode()
        assert 'data-reason="overdue"' in page and "超低排放改造" in page and "鄂尔多斯市" in page

    def test_the_supervision_list_is_scoped(self, office, client, give_task):
        give_task("鄂尔多斯市的逾期任务", lead="150600", deadline="2026年9月")
        give_task("包头市的逾期任务", lead="150200", deadline="2026年9月")
        run_supervision(today=TODAY)
        client.force_login(office.baotou_clerk)
        page = client.get(reverse("tasks:supervision")).content.decode()
        assert "包头市的逾期任务" in page and "鄂尔多斯市的逾期任务" not in page


def test_the_tasks_command_lists_a_units_tasks_with_their_state(office, give_task):
    give_task("鄂尔多斯市的逾期任务", lead="150600", deadline="2020年底")
    give_task("鄂尔多斯市配合的任务", lead="150200", supporting=["150600"], deadline="2030年底")
    give_task("与鄂尔多斯市无关的任务", lead="150200", deadline="2030年底")
    out = StringIO()
    call_command("tasks", "--unit", "150600", "--json", stdout=out)
    rows = {r["title"]: r for r in json.loads(out.getvalue())}
    assert set(rows) == {"鄂尔多斯市的逾期任务", "鄂尔多斯市配合的任务"}
    assert rows["鄂尔多斯市的逾期任务"]["state"] == "overdue" and rows["鄂尔多斯市配合的任务"]["lead_unit"] == "150200"
    out = StringIO()
    call_command("tasks", "--state", "overdue", stdout=out)
    assert "鄂尔多斯市的逾期任务" in out.getvalue() and "已逾期 1" in out.getvalue()


def test_the_tasks_command_writes_progress_as_reported(office, give_task):
    task = give_task("鄂尔多斯市的任务", lead="150600", deadline="2030年底")
    Task.objects.filter(pk=task.pk).update(progress=Decimal("12.5"))
    out = StringIO()
    call_command("tasks", "--unit", "150600", stdout=out)
    assert " 12.5%" in out.getvalue()  # not rounded to "12%"


class TestOfficePages:
    def test_the_office_writes_off_an_item_and_reviews_a_done_task_on_the_pages(self, office, client, give_task,
                                                                                 tree):
        task = give_task("超低排放改造", lead="150600", deadline="2026年9月")
        run_supervision(today=TODAY)
        item = SupervisionItem.objects.get()
        client.force_login(office.ordos_clerk)
        assert client.post(reverse("tasks:cancel_item", args=[item.pk]), {"note": "x"}).status_code == 403
        client.force_login(office.admin)
        client.post(reverse("tasks:cancel_item", args=[item.pk]), {"note": "时限已调整"})
        item.refresh_from_db()
        assert item.closed_how == SupervisionItem.Closing.CANCELLED and item.close_note == "时限已调整"
        report_progress(user=office.ordos_clerk, task=task, unit=tree["150600"], period="2026Q4", text="全部完成",
                        percent="100", today=TODAY)
        page = client.get(reverse("tasks:detail", args=[task.pk])).content.decode()
        assert 'id="review-form"' in page
        client.post(reverse("tasks:review", args=[task.pk]), {"decision": "accept", "note": "同意"})
        task.refresh_from_db()
        assert task.status == Task.Status.DONE
