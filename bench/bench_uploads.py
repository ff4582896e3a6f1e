"""Reading uploaded files: how fast the shared reader reads CSV and xlsx rows compared with the bare libraries
(the cost of its bounds), and how quickly, with how much memory, it refuses bombs: a compressed sheet, a row
numbered in the billions, an oversized template, a flate-bomb PDF and a zip-bomb .docx.

Runs in a child process with its own PLANTRACK_DATA_DIR; no database is needed. `BENCH_UPLOAD_ROWS=N` sets the size.
"""

from __future__ import annotations

import csv
import io
import os
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
import zipfile
import zlib
from pathlib import Path

from bench.sizes import size

ROWS = size(200_000, 500, env="BENCH_UPLOAD_ROWS")
# The bombs' sizes: full, as an attacker would send them; small enough for the smoke run, still over every bound.
WIDE_BLOCKS = size(400, 8)  # blocks of 65,536 empty cells in one row
PDF_MB = size(2048, 64)  # what the flate-bomb PDF inflates to
DOCX_MB = size(1024, 64)  # what the zip-bomb .docx's document part unpacks to
ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="plantrack-bench-uploads-") as data_dir:
        env = {**os.environ, "PLANTRACK_DATA_DIR": data_dir, "DJANGO_SETTINGS_MODULE": "plantrack.settings"}
        env.pop("DATABASE_URL", None)
        code = "import django; django.setup(); from bench.bench_uploads import measure; measure()"
        subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, check=True)


def _timed(fn, *, memory: bool = False) -> tuple[float, float, object]:
    """Seconds, peak traced Python memory in MB (with `memory`, which slows Python code several times, so speeds
    are measured without it) and the result (or the exception raised)."""
    if memory:
        tracemalloc.start()
    started = time.perf_counter()
    try:
        result = fn()
    except Exception as exc:  # the refusals are the point
        result = exc
    seconds = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1] / 1024 / 1024 if memory else 0.0
    if memory:
        tracemalloc.stop()
    return seconds, peak, result


def _cpu(fn) -> float:
    """CPU seconds of one call: on a machine shared with others, wall time says more about them than about us."""
    started = time.process_time()
    fn()
    return time.process_time() - started


def _rows():
    for i in range(ROWS):
        yield [str(i % 100 + 1), str(150100 + i // 1000), f"2026M{i % 12 + 1}", f"{i * 1.25:.2f}", "亿元", "", ""]


def measure() -> None:
    from openpyxl import Workbook, load_workbook

    from plantrack.core.planparse.text_input import read_document_text
    from plantrack.uploads import open_spreadsheet, template_limits, upload_limits

    header = ["indicator_code", "unit_code", "period", "value", "measure_unit", "comment", "explanation"]
    csv_bytes = io.StringIO()
    writer = csv.writer(csv_bytes)
    writer.writerow(header)
    writer.writerows(_rows())
    csv_data = csv_bytes.getvalue().encode("utf-8")

    def bare_csv() -> int:
        return sum(1 for _ in csv.reader(io.TextIOWrapper(io.BytesIO(csv_data), encoding="utf-8", newline="")))

    def reader_csv() -> int:
        with open_spreadsheet(io.BytesIO(csv_data), name="v.csv") as book:
            return sum(1 for _ in book.table(0).rows)

    bare = min(_cpu(bare_csv) for _ in range(3))
    ours = min(_cpu(reader_csv) for _ in range(3))
    print(f"   CSV, {ROWS:,} rows: bare csv.reader {ROWS / bare:,.0f} rows per CPU second; shared reader "
          f"{ROWS / ours:,.0f} (bounds and row numbers cost {(ours - bare) / ROWS * 1e6:.2f} µs a row)")

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("数据")
    ws.append(header)
    for row in _rows():
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    xlsx = out.getvalue()

    def bare_xlsx() -> int:
        book = load_workbook(io.BytesIO(xlsx), read_only=True)
        n = sum(1 for _ in book.worksheets[0].iter_rows())
        book.close()
        return n

    def reader_xlsx() -> int:
        with open_spreadsheet(io.BytesIO(xlsx), name="v.xlsx") as book:
            return sum(1 for _ in book.table(0).rows)

    def scan_only() -> int:
        with open_spreadsheet(io.BytesIO(xlsx), name="v.xlsx") as book:
            return book.largest_sheet_rows

    bare = _cpu(bare_xlsx)
    ours = _cpu(reader_xlsx)
    scan = _cpu(scan_only)
    unpacked = sum(i.file_size for i in zipfile.ZipFile(io.BytesIO(xlsx)).infolist())
    print(f"   xlsx, {ROWS:,} rows ({len(xlsx) / 1e6:.1f} MB, {unpacked / 1e6:.0f} MB unpacked): bare read-only "
          f"openpyxl {ROWS / bare:,.0f} rows per CPU second; shared reader {ROWS / ours:,.0f}; the bounds check "
          f"before loading alone {scan * 1000:.0f} ms of CPU")

    def bomb_sheet(body) -> bytes:
        buf = io.BytesIO()
        with zipfile.ZipFile(io.BytesIO(xlsx)) as src, zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as dst:
            for info in src.infolist():
                if not info.filename.startswith("xl/worksheets/"):
                    dst.writestr(info, src.read(info.filename))
            part = zipfile.ZipInfo("xl/worksheets/sheet1.xml")
            part.compress_type = zipfile.ZIP_DEFLATED
            with dst.open(part, "w", force_zip64=True) as target:
                for piece in body:
                    target.write(piece)
        return buf.getvalue()

    head = b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    tail = b"</sheetData></worksheet>"

    def wide():
        yield head + b'<row r="1">'
        for _ in range(WIDE_BLOCKS):
            yield b"<c/>" * 65536
        yield b"</row>" + tail

    def template_rows():
        yield head
        for r in range(1, 60_001):
            yield b'<row r="%d"><c r="F%d"><f>1+1</f></c></row>' % (r, r)
        yield tail

    cases = [
        (f"xlsx: one row of {WIDE_BLOCKS * 65536:,} cells (compressed sheet)", bomb_sheet(wide()), upload_limits()),
        ("xlsx: a row numbered 900,000,000", bomb_sheet([head, b'<row r="900000000"><c><v>1</v></c></row>', tail]),
         upload_limits()),
        ("template: 60,000 formula rows", bomb_sheet(template_rows()), template_limits()),
    ]
    for label, data, limits in cases:
        def refuse(data=data, limits=limits):
            with open_spreadsheet(io.BytesIO(data), name="b.xlsx", limits=limits) as book:
                return sum(1 for _ in book.table(0).rows)

        seconds, peak, result = _timed(refuse, memory=True)
        print(f"   refused {label} ({len(data) / 1024:.0f} KB): {seconds * 1000:.0f} ms, peak {peak:.1f} MB — "
              f"{getattr(result, 'code', result)}")

    with tempfile.TemporaryDirectory() as tmp:
        pdf = Path(tmp) / "bomb.pdf"
        packer = zlib.compressobj(9)
        stream = b"".join(packer.compress(b"\0" * (1 << 20)) for _ in range(PDF_MB)) + packer.flush()
        pdf.write_bytes(b"%PDF-1.5\n1 0 obj\n<< /Filter /FlateDecode >>\nstream\n" + stream
                        + b"\nendstream\nendobj\ntrailer\n<< >>\n%%EOF\n")
        seconds, peak, result = _timed(lambda: read_document_text(pdf), memory=True)
        print(f"   refused a flate-bomb PDF ({pdf.stat().st_size / 1024:.0f} KB → {PDF_MB:,} MB): "
              f"{seconds * 1000:.0f} ms, peak {peak:.1f} MB — {type(result).__name__}")
        docx = Path(tmp) / "bomb.docx"
        with zipfile.ZipFile(docx, "w", zipfile.ZIP_DEFLATED) as zf:
            part = zipfile.ZipInfo("word/document.xml")
            part.compress_type = zipfile.ZIP_DEFLATED
            with zf.open(part, "w", force_zip64=True) as target:
                for _ in range(DOCX_MB):
                    target.write(b" " * (1 << 20))
        seconds, peak, result = _timed(lambda: read_document_text(docx), memory=True)
        print(f"   refused a zip-bomb .docx ({docx.stat().st_size / 1024:.0f} KB → {DOCX_MB:,} MB): "
              f"{seconds * 1000:.0f} ms, peak {peak:.1f} MB — {type(result).__name__}")
    print(f"   process peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
