"""The indicator app's write actions (指标库、年度目标): every face imports them from here, as in every app
(`<app>.services`). The actions live beside the rules they need (`registry`, `annual_targets`, `assigned_targets`)."""

from __future__ import annotations

from plantrack.indicators.annual_targets import AnnualTargetError, import_annual_targets, set_annual_target
from plantrack.indicators.assigned_targets import AssignedTargetError, record_assigned_target
from plantrack.indicators.registry import (
    EDITABLE_FIELDS,
    RegistryError,
    add_monitoring_indicator,
    build_registry,
    promote_commitment,
    update_indicator,
)

__all__ = [
    "build_registry", "RegistryError", "promote_commitment", "update_indicator", "EDITABLE_FIELDS",
    "add_monitoring_indicator",
    "import_annual_targets", "set_annual_target", "AnnualTargetError",
    "record_assigned_target", "AssignedTargetError",
]
