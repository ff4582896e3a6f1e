"""The `plantrack` command.

`plantrack parse` and `plantrack assess` run on the pure core alone, so they start fast and never set up Django
or jieba; every other sub-command is the Django management command of the same name (`import-plan` → `import_plan`).
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] in (["--version"], ["-V"]):
        # PlanTrack's release, not Django's (which `manage.py --version` would print).
        from plantrack import __version__

        print(f"plantrack {__version__}")
        return 0
    if args and args[0] == "parse":
        from plantrack.core.planparse.cli import run_parse

        return run_parse(args[1:])
    if args and args[0] == "assess":
        from plantrack.core.assess.cli import run_assess

        return run_assess(args[1:])
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "plantrack.settings")
    from django.core.management import execute_from_command_line

    if args and not args[0].startswith("-"):
        args[0] = args[0].replace("-", "_")
    from django.core.exceptions import ImproperlyConfigured

    from plantrack.reporting.busy import is_busy_error

    try:
        execute_from_command_line(["plantrack", *args])
    except ImproperlyConfigured as exc:
        # A deployment setting is wrong (a bad variable, an unreadable key file): one line, not a traceback.
        print(f"plantrack: {exc}", file=sys.stderr)
        return 2
    except SystemExit as exc:
        return int(exc.code or 0) if not isinstance(exc.code, str) else 1
    except Exception as exc:
        # The command line's one mapping of the application error (plantrack.core.errors): its message and every
        # problem on stderr, not a traceback; exit 1 when trying again may succeed (busy, someone acted first),
        # 2 when the input or the right is wrong. Anything else is a fault and keeps its traceback.
        from django.utils.translation import gettext

        from plantrack.core.errors import ApplicationError
        from plantrack.reporting.busy import DatabaseBusy

        if is_busy_error(exc) and not isinstance(exc, ApplicationError):
            exc = DatabaseBusy()
        if not isinstance(exc, ApplicationError):
            raise
        lines = exc.problems if len(exc.problems) > 1 else []
        print(f"plantrack: {exc.text(gettext)}", file=sys.stderr)
        for line in lines:
            print(f"  {line}", file=sys.stderr)
        return 1 if exc.kind in ("busy", "conflict") else 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
