"""Report actions: ask for a report, generate it (snapshot once, then each format from the snapshot), store files.

Generation is a plain function the page, the CLI and a test call alike. A report is claimed by one worker with an
atomic state change (queued → running), so two app servers never render the same report twice, and its progress is
kept in the database, where any server's progress page reads it.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Iterable
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from plantrack.errors import message_of
from plantrack.orgs.access import require_generate_reports
from plantrack.orgs.models import User
from plantrack.plans.models import Plan
from plantrack.reports.charts import ChartFontMissing
from plantrack.reports.models import Report, ReportFile
from plantrack.reports.render_docx import render_docx
from plantrack.reports.render_html import render_html
from plantrack.reports.render_pdf import PdfRendererMissing, render_pdf
from plantrack.reports.snapshot import ReportInputError, as_of_period, report_title, take_snapshot

log = logging.getLogger("plantrack.reports")

FORMATS = ("docx", "pdf", "html")

__all__ = ["FORMATS", "ReportInputError", "request_report", "run_report", "generate_report", "report_file_path"]


def request_report(*, user: User | None, plan: Plan, kind: str, as_of: str, formats: Iterable[str]) -> Report:
    """Record a request for a report (state queued); `run_report` makes it. `user` None is the command line."""
    if user is not None:
        require_generate_reports(user)
    if kind not in Report.Kind.values:
        raise ReportInputError(_("报告类型“%(kind)s”无效，应为 briefing、midterm 或 final") % {"kind": kind})
    period = as_of_period(as_of)
    if not plan.period_start <= period.year <= plan.period_end + 1:
        raise ReportInputError(
            f"截至时间{period.label_zh()}不在规划期（{plan.period_start}–{plan.period_end}年）内"
        )
    chosen = [f for f in FORMATS if f in set(formats)]
    unknown = set(formats) - set(FORMATS)
    if unknown or not chosen:
        raise ReportInputError(_("格式应为 %(formats)s 中的一种或几种") % {"formats": "、".join(FORMATS)})
    return Report.objects.create(
        plan=plan, kind=kind, as_of=period.code, title=report_title(plan=plan, kind=kind, as_of=period),
        formats=chosen, requested_by=user,
    )


def run_report(*, report: Report, on_progress: Callable[[int, str], None] | None = None) -> Report:
    """Generate a queued report; returns it done or failed (with the reason), never half-made."""
    claimed = Report.objects.filter(pk=report.pk, state=Report.State.QUEUED).update(
        state=Report.State.RUNNING, progress=1, step="读取评估结果"
    )
    if not claimed:
        report.refresh_from_db()
        return report
    steps = 1 + len(report.formats)

    def progress(done: int, step: str) -> None:
        Report.objects.filter(pk=report.pk).update(progress=min(99, int(done * 100 / steps)), step=step)
        if on_progress is not None:
            on_progress(done, step)

    try:
        snapshot = take_snapshot(plan=report.plan, kind=report.kind, as_of=as_of_period(report.as_of))
        Report.objects.filter(pk=report.pk).update(snapshot=snapshot)
        progress(1, "已冻结评估数据")
        rendered: dict[str, bytes] = {}
        for done, fmt in enumerate(report.formats, start=2):
            rendered[fmt] = _render(fmt, snapshot, rendered)
            progress(done, f"已生成{fmt.upper()}")
        with transaction.atomic():
            for fmt, content in rendered.items():
                _store(report, fmt, content)
            Report.objects.filter(pk=report.pk).update(
                state=Report.State.DONE, progress=100, step="完成", finished_at=timezone.now()
            )
    except (ReportInputError, PdfRendererMissing, ChartFontMissing) as exc:
        _fail(report, message_of(exc))
    except Exception:
        log.exception("report %s failed", report.pk)
        _fail(report, "生成失败：内部错误，已记录日志，请联系系统管理员")
    report.refresh_from_db()
    return report


def generate_report(*, user: User | None, plan: Plan, kind: str, as_of: str, formats: Iterable[str]) -> Report:
    """Ask for a report and make it at once (the command line, tests)."""
    return run_report(report=request_report(user=user, plan=plan, kind=kind, as_of=as_of, formats=formats))


def report_file_path(report_file: ReportFile) -> Path:
    return _reports_dir() / report_file.path


def _render(fmt: str, snapshot: dict, rendered: dict[str, bytes]) -> bytes:
    if fmt == "html":
        return render_html(snapshot)
    docx = rendered.get("docx") or render_docx(snapshot)
    return docx if fmt == "docx" else render_pdf(docx)


def _store(report: Report, fmt: str, content: bytes) -> None:
    relative = Path(str(report.pk)) / f"report-{report.pk}-{report.kind}-{report.as_of}.{fmt}"
    target = _reports_dir() / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(target.suffix + ".part")
    partial.write_bytes(content)
    partial.replace(target)  # a reader never sees half a file
    ReportFile.objects.create(
        report=report, format=fmt, path=str(relative), size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
    )


def _fail(report: Report, message: str) -> None:
    Report.objects.filter(pk=report.pk).update(
        state=Report.State.FAILED, step="失败", error=message, finished_at=timezone.now()
    )


def _reports_dir() -> Path:
    return Path(settings.DATA_DIR) / "reports"
