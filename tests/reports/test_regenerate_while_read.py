"""A draft asked for again while it is being made, or while its page is read: never a page that cannot be drawn.

The fault this holds: the draft was asked for again while the worker was still making it (the request empties the
snapshot and queues it); the earlier run then marked it done over the newer request, leaving a "done" report without
figures (every view a 500) whose newer request never ran. Now each run holds a token and the superseded one stores
nothing. The second test regenerates in another thread, with its own database connection, while pages are read.
"""

from __future__ import annotations

import re
import threading
import time

import pytest
from django.db import connection
from django.test import Client

from plantrack.reports.models import Report, ReportEvent
from plantrack.reports.services import generate_report, request_report, run_report
from web.board_world import build_board

CHART = re.compile(r'<img src="(/reports/\d+/charts/[a-z_]+-[0-9a-f]{16}\.png)"')


@pytest.fixture
def board(tree):
    return build_board(tree)


def _reader(user) -> Client:
    client = Client(raise_request_exception=False)  # a fault is counted as the 500 a person would see
    client.force_login(user)
    return client


def _ask_again(board, people) -> Report:
    return request_report(user=people.admin, plan=board.indicators["18"].plan, kind="midterm", as_of="2028-12",
                          formats=["html"])


def _made(board, people) -> Report:
    report = generate_report(user=people.admin, plan=board.indicators["18"].plan, kind="midterm",
                             as_of="2028-12", formats=["html"])
    assert report.state == Report.State.DONE, report.error
    return report


class TestAskedAgainWhileBeingMade:
    def test_the_superseded_run_stores_nothing_and_the_newer_request_is_made(self, board, people):
        report = _made(board, people)
        queued = _ask_again(board, people)
        asked_again = []

        def meanwhile(done: int, step: str) -> None:
            if not asked_again:  # the office asks once more while this run renders
                asked_again.append(_ask_again(board, people))

        superseded = run_report(report=queued, on_progress=meanwhile)
        assert asked_again and superseded.state == Report.State.QUEUED, "the newer request waits for its own run"
        reader = _reader(people.leader)
        page = reader.get(f"/reports/{report.pk}/")
        assert page.status_code == 200 and 'role="status"' in page.content.decode()
        made = run_report(report=Report.objects.get(pk=report.pk))
        assert made.state == Report.State.DONE and made.snapshot["title"]
        page = reader.get(f"/reports/{report.pk}/")
        assert page.status_code == 200 and "主要指标完成情况" in page.content.decode()
        assert Report.objects.count() == 1
        assert ReportEvent.objects.filter(report=report, action=ReportEvent.Action.REGENERATED).count() == 2


@pytest.mark.django_db(transaction=True)
class TestPagesReadWhileRegenerating:
    def test_no_page_fails_while_another_connection_regenerates_the_draft(self, board, people):
        report = _made(board, people)
        done = threading.Event()
        failures: list[BaseException] = []

        def regenerate() -> None:
            try:
                for round_ in range(4):
                    queued = _ask_again(board, people)
                    if round_ % 2:
                        # Asked again mid-run as well: the run in hand is superseded, then the newer one is made.
                        asked: list[Report] = []

                        def ask_once(_done: int, _step: str, asked: list[Report] = asked) -> None:
                            if not asked:
                                asked.append(_ask_again(board, people))

                        run_report(report=queued, on_progress=ask_once)
                    run_report(report=Report.objects.get(pk=report.pk))
            except BaseException as exc:  # noqa: BLE001 - reported by the test below
                failures.append(exc)
            finally:
                done.set()
                connection.close()  # this thread's own connection

        reader = _reader(people.leader)
        urls = [f"/reports/{report.pk}/", f"/reports/{report.pk}/progress/", f"/reports/{report.pk}/html/"]
        urls += CHART.findall(reader.get(urls[0]).content.decode())
        assert len(urls) == 5
        statuses: list[tuple[str, int]] = []
        worker = threading.Thread(target=regenerate)
        worker.start()
        try:
            while not done.is_set():
                for url in urls:
                    response = reader.get(url)
                    if response.streaming:
                        b"".join(response.streaming_content)  # read to the end, which closes the file
                    statuses.append((url, response.status_code))
                time.sleep(0.01)
        finally:
            worker.join(timeout=300)
        assert not failures, failures
        assert len(statuses) >= 20, "the pages were read all through the regeneration"
        assert [s for s in statuses if s[1] >= 500] == []
        # What was read: the page made, or its progress while being made; a chart, or the way to today's chart.
        assert {code for _url, code in statuses} <= {200, 302, 404}
        final = Report.objects.get(pk=report.pk)
        assert final.state == Report.State.DONE and final.snapshot["title"]
        assert "主要指标完成情况" in reader.get(urls[0]).content.decode()
