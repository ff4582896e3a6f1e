"""Report actions: ask for a report, generate it (snapshot once, then each format from the snapshot), store files;
then the people's part: rewrite drafted paragraphs, send for review, return, approve as 定稿, ask units for 自评.

Generation is a plain function the page, the CLI and a test call alike. A report is claimed by one worker with an
atomic state change (queued → running), so two app servers never render the same report twice, and its progress is
kept in the database, where any server's progress page reads it.

Versions: asking again for a report (same plan, kind and as-of) whose newest version is a 草稿 regenerates that
draft in place (people's rewritten paragraphs are kept); if it is in 审核 the request is refused; if it is a 定稿 a
new version is made and the 定稿 stays as it is. A 定稿's files are rendered once, at approval, and never again.

A draft asked for again while a run is making it is made again from the start: each run holds a token (`run_token`)
and writes its progress, snapshot and files only while the report still carries that token, so the superseded run
stores nothing and never marks the report done over the newer request.

Charts are files of their own (`charts_folder`), drawn once per figures shown (reports.charts); the documents and
the report's page read them.
"""

from __future__ import annotations

import hashlib
import logging
import uuid
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import BinaryIO

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from plantrack.core.errors import InvalidInput
from plantrack.errors import message_of
from plantrack.operations.office_pdf import PdfConversionFailed, docx_to_pdf
from plantrack.orgs.access import can_approve_submission, deny
from plantrack.orgs.models import OrgUnit, User
from plantrack.plans.models import Plan
from plantrack.reports.access import can_generate_reports, require_generate_reports
from plantrack.reports.annexes import annex_workbooks
from plantrack.reports.charts import CHART_NAMES, ChartFontMissing, chart_file_name, chart_key, stored_chart
from plantrack.reports.content import editable_paragraphs
from plantrack.reports.models import Report, ReportContribution, ReportEvent, ReportFile
from plantrack.reports.render_docx import render_docx
from plantrack.reports.render_html import render_html
from plantrack.reports.snapshot import ReportInputError, as_of_period, report_title, require_ended, take_snapshot
from plantrack.wording import join_words

log = logging.getLogger("plantrack.reports")

FORMATS = ("docx", "pdf", "html")

__all__ = [
    "FORMATS", "ReportInputError", "ReportStageError", "request_report", "run_report", "generate_report",
    "report_file_path", "edit_paragraph", "submit_for_review", "return_to_draft", "approve_report",
    "ask_contribution", "write_contribution", "merge_contribution", "may_approve_reports", "render_document",
    "charts_folder", "report_chart_keys", "open_report_chart",
]
MAX_PARAGRAPH = 4000


class ReportStageError(InvalidInput):
    """The action does not fit the report's stage (a 定稿 is never edited …); the message says why."""

    code = "report_stage"
    kind = "conflict"


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
    require_ended(period)
    chosen = [f for f in FORMATS if f in set(formats)]
    unknown = set(formats) - set(FORMATS)
    if unknown or not chosen:
        raise ReportInputError(_("格式应为 %(formats)s 中的一种或几种") % {"formats": join_words(FORMATS)})
    title = report_title(plan=plan, kind=kind, as_of=period)
    with transaction.atomic():
        newest = (
            Report.objects.select_for_update().filter(plan=plan, kind=kind, as_of=period.code)
            .order_by("-version").first()
        )
        if newest is not None and newest.stage == Report.Stage.REVIEW:
            raise ReportInputError(_("%(title)s（第%(version)s版）正在审核：退回草稿后才能重新生成")
                                   % {"title": newest.title, "version": newest.version})
        if newest is not None and newest.stage == Report.Stage.DRAFT:
            # Regenerating a draft replaces it: the same report, new figures, people's paragraphs kept.
            formats_now = sorted(set(newest.formats) | set(chosen), key=FORMATS.index)
            # A run still making it loses its token here: it stores nothing, and the queued request is made afresh.
            Report.objects.filter(pk=newest.pk).update(
                state=Report.State.QUEUED, progress=0, step="", error="", snapshot={}, formats=formats_now,
                title=title, finished_at=None, run_token="",
            )
            ReportEvent.objects.create(report=newest, action=ReportEvent.Action.REGENERATED, by=user)
            newest.refresh_from_db()
            return newest
        report = Report.objects.create(
            plan=plan, kind=kind, as_of=period.code, title=title, formats=chosen, requested_by=user,
            version=(newest.version + 1) if newest is not None else 1,
        )
        ReportEvent.objects.create(report=report, action=ReportEvent.Action.GENERATED, by=user)
        return report


class _Superseded(Exception):
    """The report was asked for again while this run was making it: the newer request wins."""


def run_report(*, report: Report, on_progress: Callable[[int, str], None] | None = None) -> Report:
    """Generate a queued report; returns it done or failed (with the reason), never half-made. A run superseded
    by a newer request for the same draft stores nothing and leaves the report to the newer run."""
    token = uuid.uuid4().hex
    claimed = Report.objects.filter(pk=report.pk, state=Report.State.QUEUED).update(
        state=Report.State.RUNNING, progress=1, step="读取评估结果", run_token=token
    )
    if not claimed:
        report.refresh_from_db()
        return report
    report.refresh_from_db()  # the formats and texts of this request, not of the caller's older copy
    steps = 1 + len(report.formats)

    def ours():
        return Report.objects.filter(pk=report.pk, state=Report.State.RUNNING, run_token=token)

    def progress(done: int, step: str) -> None:
        if not ours().update(progress=min(99, int(done * 100 / steps)), step=step):
            raise _Superseded
        if on_progress is not None:
            on_progress(done, step)

    try:
        snapshot = take_snapshot(plan=report.plan, kind=report.kind, as_of=as_of_period(report.as_of))
        if not ours().update(snapshot=snapshot):
            raise _Superseded
        report.snapshot = snapshot
        progress(1, "已冻结评估数据")
        rendered = _render_all(report, on_format=lambda done, fmt: progress(done, f"已生成{fmt.upper()}"))
        with transaction.atomic():
            # Checked under the row's lock (the write lock on SQLite): a request in between cannot slip past.
            if not ours().select_for_update().exists():
                raise _Superseded
            _store_all(report, rendered)
            ours().update(state=Report.State.DONE, progress=100, step="完成", finished_at=timezone.now())
        _keep_current_charts(report)
    except _Superseded:
        log.info("report %s was asked for again while being made: this run stored nothing", report.pk)
    except (ReportInputError, PdfConversionFailed, ChartFontMissing) as exc:
        _fail(ours(), message_of(exc))
    except Exception:
        log.exception("report %s failed", report.pk)
        _fail(ours(), "生成失败：内部错误，已记录日志，请联系系统管理员")
    report.refresh_from_db()
    return report


def generate_report(*, user: User | None, plan: Plan, kind: str, as_of: str, formats: Iterable[str]) -> Report:
    """Ask for a report and make it at once (the command line, tests)."""
    return run_report(report=request_report(user=user, plan=plan, kind=kind, as_of=as_of, formats=formats))


def report_file_path(report_file: ReportFile) -> Path:
    return _reports_dir() / report_file.path


def charts_folder(report: Report) -> Path:
    """Where a report's chart images are kept: `<data dir>/reports/<report id>/charts/<chart>-<digest>.png`."""
    return _reports_dir() / str(report.pk) / "charts"


def report_chart_keys(report: Report) -> dict[str, str]:
    """The digest of each chart a made report shows (a chart with nothing to draw is left out)."""
    if report.state != Report.State.DONE or not report.snapshot:
        return {}
    keys = {name: chart_key(report.snapshot, name) for name in CHART_NAMES}
    return {name: key for name, key in keys.items() if key}


def open_report_chart(report: Report, name: str, key: str) -> BinaryIO | None:
    """The stored image of chart `name` showing the figures with digest `key`, open for reading; drawn now (once)
    when it is the report's current chart and no file holds it yet. None when the report shows no such chart."""
    folder = charts_folder(report)
    path = folder / chart_file_name(name, key)
    if not path.is_file() and report_chart_keys(report).get(name) == key:
        path = stored_chart(report.snapshot, name, folder=folder) or path
    try:
        return path.open("rb")
    except FileNotFoundError:  # never drawn, or an earlier figure's file removed since the page was read
        return None


def _keep_current_charts(report: Report) -> None:
    """Remove the charts of figures the report no longer shows (a regenerated draft's earlier ones); a page read
    before asks for an earlier chart by its address and is led to the current one."""
    folder = charts_folder(report)
    if not folder.is_dir():
        return
    keys = {name: chart_key(report.snapshot, name) for name in CHART_NAMES}
    keep = {chart_file_name(name, key) for name, key in keys.items() if key}
    for path in folder.glob("*.png"):
        if path.name not in keep:
            path.unlink(missing_ok=True)


def render_document(report: Report) -> dict:
    """What the renderers read: the frozen snapshot, people's paragraphs, the stage and the date line."""
    issued = report.finalized_at if report.stage == Report.Stage.FINAL else None
    return {
        **report.snapshot,
        "texts": dict(report.texts or {}),
        "stage": report.stage,
        "stage_label": report.get_stage_display(),
        "version": report.version,
        "issued_on": timezone.localtime(issued).date().isoformat() if issued else None,
    }


def _render_all(report: Report, on_format: Callable[[int, str], None] | None = None) -> dict[tuple[str, str], bytes]:
    document = render_document(report)
    folder = charts_folder(report)
    rendered: dict[tuple[str, str], bytes] = {}
    docx: bytes | None = None
    for done, fmt in enumerate(report.formats, start=2):
        if fmt == "html":
            rendered[(fmt, "")] = render_html(document, charts_folder=folder)
        else:
            docx = docx or render_docx(document, charts_folder=folder)
            rendered[(fmt, "")] = docx if fmt == "docx" else docx_to_pdf(docx)
        if on_format is not None:
            on_format(done, fmt)
    if report.kind != Report.Kind.BRIEFING:
        for name, content in annex_workbooks(document).items():
            rendered[("xlsx", name)] = content
    return rendered


def _store_all(report: Report, rendered: dict[tuple[str, str], bytes], *, finalizing: bool = False) -> None:
    if not finalizing and Report.objects.filter(pk=report.pk, stage=Report.Stage.FINAL).exists():
        raise ReportStageError(_("定稿的文件在审定时生成，之后不再改变"))
    report.files.exclude(
        pk__in=[f.pk for f in report.files.all() if (f.format, f.annex) in rendered]
    ).delete()
    for (fmt, annex), content in rendered.items():
        _store(report, fmt, annex, content)


def _store(report: Report, fmt: str, annex: str, content: bytes) -> None:
    stem = annex or f"report-{report.pk}-{report.kind}-{report.as_of}"
    relative = Path(str(report.pk)) / f"{stem}.{fmt}"
    target = _reports_dir() / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(target.suffix + ".part")
    partial.write_bytes(content)
    partial.replace(target)  # a reader never sees half a file
    ReportFile.objects.update_or_create(
        report=report, format=fmt, annex=annex,
        defaults={"path": str(relative), "size": len(content), "sha256": hashlib.sha256(content).hexdigest()},
    )


def _fail(run: QuerySet[Report], message: str) -> None:
    """Record the failure on the report `run` selects (nothing when a newer request took it over)."""
    run.update(state=Report.State.FAILED, step="失败", error=message, finished_at=timezone.now())


def _reports_dir() -> Path:
    return Path(settings.DATA_DIR) / "reports"


# -- the people's part: edit, review, approve, 自评 --------------------------------------------------------------


def may_approve_reports(user: User) -> bool:
    """The office or a leader signs a report off as 定稿."""
    return can_generate_reports(user) or getattr(user, "role", None) == User.Role.LEADER


def _require_stage(report: Report, *stages: str, doing: str) -> None:
    report.refresh_from_db()
    if report.state != Report.State.DONE:
        raise ReportStageError(_("报告尚未生成完成，不能%(doing)s") % {"doing": doing})
    if report.stage not in stages:
        raise ReportStageError(_("报告处于“%(stage)s”阶段，不能%(doing)s")
                               % {"stage": report.get_stage_display(), "doing": doing})


def _rerender(report: Report, *, finalizing: bool = False) -> None:
    _store_all(report, _render_all(report), finalizing=finalizing)


def edit_paragraph(*, user: User, report: Report, key: str, text: str) -> Report:
    """Rewrite one drafted paragraph of a 草稿; numbers and tables are not paragraphs and cannot be edited."""
    require_generate_reports(user)
    _require_stage(report, Report.Stage.DRAFT, doing=_("修改"))
    current = {b.key: b.text for b in editable_paragraphs(render_document(report), report.texts)}
    if key not in current:
        raise ReportStageError(_("段落“%(key)s”不存在或不可修改（数字和表格取自评估结果，不能修改）") % {"key": key})
    text = (text or "").strip()
    if not text:
        raise ReportStageError(_("段落内容不能为空"))
    if len(text) > MAX_PARAGRAPH:
        raise ReportStageError(_("段落不能超过%(n)s字") % {"n": MAX_PARAGRAPH})
    if text == current[key]:
        return report
    with transaction.atomic():
        # Asked for again since the page was read? Then the draft is being remade: not written over with old figures.
        fresh = Report.objects.select_for_update().filter(
            pk=report.pk, state=Report.State.DONE, stage=Report.Stage.DRAFT
        ).first()
        if fresh is None:
            raise ReportStageError(_("报告正在重新生成或已不是草稿，请刷新页面后再修改"))
        report.snapshot, report.texts = fresh.snapshot, fresh.texts
        texts = dict(report.texts or {})
        texts[key] = text
        report.texts = texts
        report.save(update_fields=["texts"])
        ReportEvent.objects.create(report=report, action=ReportEvent.Action.EDITED, key=key,
                                   old_text=current[key], new_text=text, by=user)
        _rerender(report)
    return report


def submit_for_review(*, user: User, report: Report) -> Report:
    require_generate_reports(user)
    _require_stage(report, Report.Stage.DRAFT, doing=_("提交审核"))
    with transaction.atomic():
        report.stage = Report.Stage.REVIEW
        report.save(update_fields=["stage"])
        ReportEvent.objects.create(report=report, action=ReportEvent.Action.SUBMITTED, by=user)
    return report


def return_to_draft(*, user: User, report: Report, reason: str) -> Report:
    if not may_approve_reports(user):
        raise deny(user, None, "return report")
    _require_stage(report, Report.Stage.REVIEW, doing=_("退回"))
    reason = (reason or "").strip()
    if not reason:
        raise ReportStageError(_("退回需写明理由"))
    with transaction.atomic():
        report.stage = Report.Stage.DRAFT
        report.save(update_fields=["stage"])
        ReportEvent.objects.create(report=report, action=ReportEvent.Action.RETURNED, note=reason[:300], by=user)
    return report


def approve_report(*, user: User, report: Report) -> Report:
    """审核 → 定稿: the files are rendered once more, with the date line, and never again."""
    if not may_approve_reports(user):
        raise deny(user, None, "approve report")
    _require_stage(report, Report.Stage.REVIEW, doing=_("审定"))
    submitted = report.events.filter(action=ReportEvent.Action.SUBMITTED).order_by("-at", "-pk").first()
    if not can_approve_submission(user, submitted_by_id=submitted.by_id if submitted else None):
        raise ReportStageError(_("提交审核的人不能审定自己提交的报告"))
    with transaction.atomic():
        claimed = Report.objects.filter(pk=report.pk, stage=Report.Stage.REVIEW).update(
            stage=Report.Stage.FINAL, finalized_at=timezone.now(), finalized_by=user
        )
        if not claimed:
            raise ReportStageError(_("报告已被他人审定或退回"))
        report.refresh_from_db()
        _rerender(report, finalizing=True)
        ReportEvent.objects.create(report=report, action=ReportEvent.Action.FINALIZED, by=user)
    return report


def ask_contribution(*, user: User, report: Report, unit: OrgUnit, key: str) -> ReportContribution:
    """The office asks a 厅局 or 盟市 for its 自评 of one section (a drafted paragraph's key)."""
    require_generate_reports(user)
    _require_stage(report, Report.Stage.DRAFT, doing=_("请求自评"))
    if unit.kind not in (OrgUnit.Kind.DEPARTMENT, OrgUnit.Kind.PREFECTURE):
        raise ReportStageError(_("自评只向厅局和盟市请求"))
    if key not in {b.key for b in editable_paragraphs(render_document(report), report.texts)}:
        raise ReportStageError(_("段落“%(key)s”不存在或不可修改") % {"key": key})
    contribution, created = ReportContribution.objects.get_or_create(
        report=report, unit=unit, key=key, defaults={"asked_by": user}
    )
    if created:
        ReportEvent.objects.create(report=report, action=ReportEvent.Action.CONTRIBUTION_REQUESTED, key=key,
                                   note=unit.name, by=user)
    return contribution


def write_contribution(*, user: User, contribution: ReportContribution, text: str) -> ReportContribution:
    """The asked unit's own people write its 自评; only while the report is a draft and before it is merged."""
    if user.unit_id is None or not (user.unit_id == contribution.unit_id or user.unit.is_within(contribution.unit)):
        raise deny(user, contribution.unit, "write self-assessment")
    if contribution.merged_at is not None:
        raise ReportStageError(_("自评已合并，不能再改"))
    _require_stage(contribution.report, Report.Stage.DRAFT, doing=_("报送自评"))
    text = (text or "").strip()
    if not text or len(text) > MAX_PARAGRAPH:
        raise ReportStageError(_("自评内容不能为空，也不能超过%(n)s字") % {"n": MAX_PARAGRAPH})
    contribution.text, contribution.written_by, contribution.written_at = text, user, timezone.now()
    contribution.save(update_fields=["text", "written_by", "written_at"])
    ReportEvent.objects.create(report=contribution.report, action=ReportEvent.Action.CONTRIBUTED,
                               key=contribution.key, new_text=text, note=contribution.unit.name, by=user)
    return contribution


def merge_contribution(*, user: User, contribution: ReportContribution) -> Report:
    """The office merges a written 自评 into its section: appended to the paragraph, with the unit named."""
    report = contribution.report
    if not contribution.text or contribution.merged_at is not None:
        raise ReportStageError(_("没有可合并的自评内容"))
    current = {b.key: b.text for b in editable_paragraphs(render_document(report), report.texts)}
    merged = f"{current.get(contribution.key, '')}{contribution.unit.name}自评：{contribution.text}"
    edit_paragraph(user=user, report=report, key=contribution.key, text=merged)
    contribution.merged_at = timezone.now()
    contribution.save(update_fields=["merged_at"])
    ReportEvent.objects.create(report=report, action=ReportEvent.Action.MERGED, key=contribution.key,
                               note=contribution.unit.name, by=user)
    return report
