"""What the indicators app announces to the apps above it (which it must not import).

`targets_changed` is sent, inside the transaction that wrote it, when an indicator's target, baseline, reporting
units or an annual target changed, with `indicator_id` (an int). Receivers run with `send`, so one that raises rolls
the change back. The assessment app listens (see `plantrack.assessment.apps`).
"""

from __future__ import annotations

from django.dispatch import Signal

targets_changed = Signal()
