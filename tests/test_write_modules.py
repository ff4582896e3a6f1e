"""Every app that writes names its write module the same way: `<app>.services`, exporting its actions."""

from __future__ import annotations

import importlib

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
