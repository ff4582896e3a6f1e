"""Report benchmark: the demo's mid-term evaluation as .docx, .pdf and HTML (all five parts and the four annexes,
the 盟市 annex and every annex's .xlsx included), and the monthly briefing, each generated from the stored
assessments (snapshot, charts, rendering, storing) on a fresh SQLite database with the demo loaded. The clock is set
to January 2029, after the demo's last simulated month, so a report as of 2028-12 speaks of time that has happened.
Goals: mid-term .docx under 10 s, .pdf under 30 s. Prints the median of three runs of each (asking again for a
draft regenerates it in place, as a user's second request does; one run under BENCH_SMALL=1)."""

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
    from django.test import override_settings

    from plantrack.reports.selectors import reportable_plans
    from plantrack.reports.services import generate_report

    with override_settings(PLANTRACK_TODAY="2029-01-15"):
        call_command("setup_demo", stdout=io.StringIO())
        _measure(reportable_plans().get(), generate_report)


def _measure(plan, generate_report) -> None:
    cases = [("midterm", "2028-12", "docx"), ("midterm", "2028-12", "html"), ("briefing", "2028-12", "docx")]
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
            size = report.files.get(format=fmt, annex="").size
            report.delete()  # each run makes the report from scratch, in that one format
        print(f"REPORT {kind} {fmt} median={statistics.median(times):.2f}s max={max(times):.2f}s size={size} bytes",
              flush=True)


def main() -> None:
    run_on_fresh_database("bench.bench_reports:measure", demo=True)
