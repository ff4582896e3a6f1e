"""The plan app's write actions (规划): every face imports them from here, as in every app (`<app>.services`).

The action lives beside the parsing it drives (`importing`); this module is the app's one door for writes.
"""

from __future__ import annotations

from plantrack.plans.importing import import_plan, import_plan_upload, store_plan_document

__all__ = ["import_plan", "import_plan_upload", "store_plan_document"]
