"""Plan parser timings: the seed plan in-process (goal < 0.1 s), a whole `plantrack parse --json` process
(goal < 0.5 s), and the .docx and .pdf renderings of the seed (built into a temporary folder)."""

from __future__ import annotations

import importlib.util
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.sizes import size

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO.parent / "shared" / "seeds"
RUNS = size(7, 1)
PROCESS_RUNS = size(5, 1)
FILE_RUNS = size(3, 1)


def _median(fn, runs: int = RUNS) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def _renderings():
    """The test suite's Word/PDF renderer, loaded from its file (tests/ is not an installed package)."""
    spec = importlib.util.spec_from_file_location("plan_renderings", REPO / "tests/core/planparse/renderings.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main() -> None:
    from plantrack.core.planparse import parse_file, parse_plan

    seeds = sorted(SEEDS.glob("004_*.txt"))
    if not seeds:
        print(f"   no seed plan 004_*.txt in {SEEDS}: skipped")
        return
    seed = seeds[0]
    text = seed.read_text(encoding="utf-8")
    doc = parse_plan(text)
    print(f"   seed plan: {len(text.splitlines())} lines, {len(doc.chapters())} chapters, {len(doc.boxes)} boxes, "
          f"{len(doc.indicators)} indicator rows, {len(doc.commitments)} commitments")
    print(f"   parse_plan in-process (median of {RUNS}): {_median(lambda: parse_plan(text)) * 1000:.1f} ms "
          f"(goal < 100 ms)")

    script = Path(sys.executable).with_name("plantrack")
    command = [str(script), "parse", str(seed), "--json"]
    process = _median(lambda: subprocess.run(command, capture_output=True, check=True), runs=PROCESS_RUNS)
    print(f"   `plantrack parse FILE --json` whole process (median of {PROCESS_RUNS}): {process * 1000:.0f} ms "
          f"(goal < 500 ms)")

    render = _renderings()
    with tempfile.TemporaryDirectory() as tmp:
        docx_path = render.write_docx(text, Path(tmp) / "plan.docx")
        pdf_path = render.write_pdf(text, Path(tmp) / "plan.pdf")
        docx = _median(lambda: parse_file(docx_path), runs=FILE_RUNS)
        print(f"   .docx parse (median of {FILE_RUNS}): {docx * 1000:.0f} ms")
        pdf = _median(lambda: parse_file(pdf_path), runs=FILE_RUNS)
        print(f"   .pdf parse (median of {FILE_RUNS}; pdfium, pdfplumber on ruled pages): {pdf * 1000:.0f} ms")
        printed = render.write_pdf(text, Path(tmp) / "printed.pdf", ruled=False, by_line="TOP")
        by_position = _median(lambda: parse_file(printed), runs=FILE_RUNS)
        print(f"   .pdf parse, table without grid printed line by line (median of {FILE_RUNS}; its pages rebuilt "
              f"from word positions): {by_position * 1000:.0f} ms")


if __name__ == "__main__":
    main()
