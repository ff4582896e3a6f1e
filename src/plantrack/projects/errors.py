"""The one error the project services raise for input they refuse: every problem, each naming where it is."""

from __future__ import annotations

from plantrack import wording
from plantrack.core.errors import InvalidInput


class ProjectRejected(InvalidInput):
    """Refused input; `errors` holds one line per problem (row and column first). Nothing was written."""

    code = "project_rejected"

    def __init__(self, errors: list[str]):
        self.errors = list(errors)
        super().__init__(wording.join_clauses(self.errors), problems=self.errors)
