"""Report benchmark: the demo's mid-term evaluation as .docx, .pdf and HTML, and a monthly briefing, each generated
from the stored assessments (snapshot, charts, rendering, storing) on a fresh SQLite database with the demo loaded.
Goals: .docx under 10 s, .pdf under 30 s. Prints the median of three runs of each (one under BENCH_SMALL=1)."""

from __future__ import annotations

import io
import shutil
import statistics
import time

from bench.fresh_django import run_on_fresh_database
from bench.sizes import size

RUNS = size(3, 1)


def measure() -> None:
    from django.core.management import call_command

    from plantrack.reports.selectors import reportable_plans
    from plantrack.reports.services import generate_report

    call_command("setup_demo", stdout=io.StringIO())
    plan = reportable_plans().get()
    cases = [("midterm", "2028-12", "docx"), ("midterm", "2028-12", "html"), ("briefing", "2026-10", "docx")]
    if shutil.which("libreoffice"):
        cases.append(("midterm", "2028-12", "pdf"))
    else:
        print("   no libreoffice: PDF not measured (Debian libreoffice-writer-nogui)")
    for kind, as_of, fmt in cases:
        times = []
        for _ in range(RUNS):
            started = time.perf_counter()
            report = generate_report(user=None, plan=plan, kind=kind, as_of=as_of, formats=[fmt])
            times.append(time.perf_counter() - started)
            assert report.state == "done", report.error
        size = report.files.get().size
        print(f"REPORT {kind} {fmt} median={statistics.median(times):.2f}s max={max(times):.2f}s size={size} bytes",
              flush=True)


def main() -> None:
    run_on_fresh_database("bench.bench_reports:measure")
