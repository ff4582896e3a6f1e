"""Every app that writes names its write module the same way: `<app>.services`, exporting its actions; the faces
(pages and the API) reach an app's writes and reads through its `services` and `selectors`."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest


@pytest.mark.parametrize("app, actions", [
    ("orgs", {"create_user", "import_units"}),
    ("plans", {"import_plan"}),
    ("indicators", {"build_registry", "import_annual_targets", "set_annual_target", "update_indicator",
                    "record_assigned_target"}),
    ("assessment", {"assess_all", "write_judgement", "submit_judgement", "approve_judgement", "return_judgement"}),
    ("reporting", {"enter_values", "submit_values", "approve_values", "return_values", "open_round"}),
])
def test_each_app_writes_through_its_services_module(app, actions):
    services = importlib.import_module(f"plantrack.{app}.services")
    assert actions <= set(services.__all__)
    assert all(callable(getattr(services, name)) for name in actions)


PACKAGE = Path(importlib.import_module("plantrack").__file__).parent
# Modules holding an app's rules behind its `services` / `selectors`: a face never imports them directly.
BEHIND_SERVICES = {"registry", "annual_targets", "users", "units", "importing"}


def _faces() -> list[Path]:
    return sorted([*PACKAGE.glob("*/views.py"), *PACKAGE.glob("*/*_views.py"), *(PACKAGE / "api").glob("*.py")])


@pytest.mark.parametrize("face", _faces(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_faces_import_services_and_selectors_not_the_modules_behind_them(face):
    imported = set()
    for node in ast.walk(ast.parse(face.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("plantrack."):
            imported.add(node.module)
        elif isinstance(node, ast.Import):
            imported.update(alias.name for alias in node.names)
    behind = {m for m in imported if len(m.split(".")) == 3 and m.split(".")[2] in BEHIND_SERVICES}
    assert not behind, f"{face.name} imports {sorted(behind)}: use the app's services or selectors"
