"""Assessment methods (评估方法): judge a target against the time that has passed; pure Python, never Django.

>>> from plantrack.core.assess import TargetSpec, assess_target
>>> spec = TargetSpec(target_type="annual_growth", unit="%", baseline_year=2025, target_year=2030,
...                   target_value=4.5, comparator="~")
>>> assess_target(spec, {2026: 5.2, 2027: 5.0}, as_of=2027).status
<Status.AHEAD: '超前'>

The formulas, with worked tables, are in docs/methods.md.
"""

from plantrack.core.assess.engine import assess_target, plan_elapsed
from plantrack.core.assess.headline import OTHER_METHOD_FIELDS, headline_label, headline_method, is_headline
from plantrack.core.assess.in_step import DEFAULT_IN_STEP_TOLERANCE, assess_in_step
from plantrack.core.assess.model import (
    DEFAULT_THRESHOLDS,
    METHOD_LABELS,
    AssessmentResult,
    Projection,
    TargetSpec,
    Thresholds,
)
from plantrack.core.assess.status import STATUS_ORDER, Status, status_worsened
from plantrack.core.assess.year_to_date import assess_year_to_date

__all__ = [
    "DEFAULT_IN_STEP_TOLERANCE",
    "DEFAULT_THRESHOLDS",
    "METHOD_LABELS",
    "OTHER_METHOD_FIELDS",
    "STATUS_ORDER",
    "AssessmentResult",
    "Projection",
    "Status",
    "TargetSpec",
    "Thresholds",
    "assess_in_step",
    "assess_target",
    "assess_year_to_date",
    "headline_label",
    "headline_method",
    "is_headline",
    "plan_elapsed",
    "status_worsened",
]
