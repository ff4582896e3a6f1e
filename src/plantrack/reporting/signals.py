"""What the reporting app announces to the apps above it (which it must not import).

`values_approved` is sent inside the approval's transaction, after the values became official, with
`indicator_ids` and `unit_ids` (sets of ints). A receiver that raises rolls the approval back: receivers are called
with `send`, not `send_robust`, because the stored judgements must never fall behind the official figures.
The assessment app listens (see `plantrack.assessment.apps`).
"""

from __future__ import annotations

from django.dispatch import Signal

values_approved = Signal()
