"""The offline kit's requirements file: every wheel in a folder pinned to its version and sha256.

    python -m plantrack.operations.wheelhouse dist/wheelhouse     # writes dist/wheelhouse/requirements.txt

`make wheelhouse` fills the folder (`pip wheel .`: PlanTrack's own wheel, with its templates and vendored static
files, and a wheel of every package it needs) and then runs this; `make install OFFLINE=dist/wheelhouse` installs
with `pip install --no-index --find-links dist/wheelhouse --require-hashes -r dist/wheelhouse/requirements.txt`,
so pip takes nothing but those exact files. Plain Python, no Django: it runs before anything is set up.
"""

from __future__ import annotations

import hashlib
import re
import sys
from pathlib import Path

# PEP 427: {distribution}-{version}(-{build tag})?-{python tag}-{abi tag}-{platform tag}.whl
_WHEEL = re.compile(r"^(?P<name>[^-]+)-(?P<version>[^-]+)(-\d[^-]*)?-[^-]+-[^-]+-[^-]+\.whl$")


def pinned_requirements(folder: Path) -> list[str]:
    """One `name==version --hash=sha256:…` line for each wheel in `folder`, sorted by name.

    Raises ValueError for a file that is not a wheel (pip could not install it offline) or two versions of one
    package (the kit would not say which one is meant)."""
    folder = Path(folder)
    lines: dict[str, str] = {}
    for path in sorted(folder.iterdir()):
        if path.name == "requirements.txt" or path.is_dir():
            continue
        match = _WHEEL.match(path.name)
        if not match:
            raise ValueError(f"{path.name}: not a wheel; build it with `pip wheel` before the kit is used offline")
        name = re.sub(r"[-_.]+", "-", match["name"]).lower()
        if name in lines:
            raise ValueError(f"{path.name}: a second version of {name} in {folder}")
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        lines[name] = f"{name}=={match['version']} --hash=sha256:{digest}"
    if not lines:
        raise ValueError(f"{folder}: no wheels")
    return [lines[n] for n in sorted(lines)]


def write_requirements(folder: Path) -> Path:
    folder = Path(folder)
    target = folder / "requirements.txt"
    header = ("# Every wheel of this folder, pinned with its sha256 (python -m plantrack.operations.wheelhouse).\n"
              "# Install with: pip install --no-index --find-links . --require-hashes -r requirements.txt\n")
    target.write_text(header + "\n".join(pinned_requirements(folder)) + "\n", encoding="utf-8")
    return target


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python -m plantrack.operations.wheelhouse FOLDER", file=sys.stderr)
        return 2
    try:
        target = write_requirements(Path(args[0]))
    except (OSError, ValueError) as exc:
        print(f"wheelhouse: {exc}", file=sys.stderr)
        return 1
    count = len([line for line in target.read_text(encoding="utf-8").splitlines() if "==" in line])
    print(f"{target}: {count} wheels pinned with their sha256")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
