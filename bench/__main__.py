"""`make bench`: run every benchmark module in this folder (bench_*.py) and print its figures.

`python -m bench NAME` runs only the modules whose name contains NAME.
"""

from __future__ import annotations

import importlib
import sys
import time
from pathlib import Path


def main() -> int:
    wanted = sys.argv[1:]
    here = Path(__file__).resolve().parent
    modules = sorted(p.stem for p in here.glob("bench_*.py"))
    for name in modules:
        if wanted and not any(w in name for w in wanted):
            continue
        print(f"== {name}", flush=True)
        started = time.perf_counter()
        importlib.import_module(f"bench.{name}").main()
        print(f"   ({time.perf_counter() - started:.1f} s)", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
