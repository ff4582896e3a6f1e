"""`plantrack serve`: the site under gunicorn, static files collected into the data directory and served by
WhiteNoise, DEBUG off, workers, threads and time limits from the settings (PLANTRACK_WEB_*)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from django.db.migrations.executor import MigrationExecutor


class Command(BaseCommand):
    help = "Serve PlanTrack with gunicorn (production). Run `plantrack migrate` first after an install or upgrade."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--bind", default=None, help="address:port (default PLANTRACK_WEB_BIND, 127.0.0.1:8000)")
        parser.add_argument("--workers", type=int, default=None, help="processes (default PLANTRACK_WEB_WORKERS)")
        parser.add_argument("--threads", type=int, default=None, help="threads each (default PLANTRACK_WEB_THREADS)")
        parser.add_argument("--timeout", type=int, default=None, help="seconds (default PLANTRACK_WEB_TIMEOUT)")
        parser.add_argument("--no-collectstatic", action="store_true",
                            help="serve the static files already collected (a read-only installation)")
        parser.add_argument("--print-command", action="store_true", help="print the gunicorn command, do not run it")

    def handle(self, *args, bind: str | None, workers: int | None, threads: int | None, timeout: int | None,
               no_collectstatic: bool, print_command: bool, **options) -> None:
        if settings.DEBUG:
            raise CommandError("PLANTRACK_DEBUG is on: a served site must not show tracebacks; unset it "
                               "(or use `plantrack runserver` for development)")
        command = self.gunicorn_command(bind=bind or settings.PLANTRACK_WEB_BIND,
                                        workers=workers or settings.PLANTRACK_WEB_WORKERS,
                                        threads=threads or settings.PLANTRACK_WEB_THREADS,
                                        timeout=timeout or settings.PLANTRACK_WEB_TIMEOUT)
        if print_command:
            self.stdout.write(" ".join(command))
            return
        self._refuse_unmigrated_database()
        if not no_collectstatic:
            call_command("collectstatic", interactive=False, verbosity=0)
        call_command("check", fail_level="ERROR")
        self.stderr.write(f"PlanTrack serving on http://{command[command.index('--bind') + 1]}/ "
                          f"({command[command.index('--workers') + 1]} processes × "
                          f"{command[command.index('--threads') + 1]} threads)")
        sys.stdout.flush()
        sys.stderr.flush()
        connection.close()
        # gunicorn takes this process's place, so systemd's stop and reload signals reach it directly.
        os.execv(command[0], command)

    def gunicorn_command(self, *, bind: str, workers: int, threads: int, timeout: int) -> list[str]:
        if workers < 1 or threads < 1 or timeout < 1:
            raise CommandError("workers, threads and timeout must be at least 1")
        proxies = ",".join(str(network) for network in settings.PLANTRACK_TRUSTED_PROXIES)
        return [
            sys.executable, "-m", "gunicorn", "plantrack.wsgi:application",
            "--bind", bind,
            "--workers", str(workers), "--threads", str(threads), "--worker-class", "gthread",
            "--timeout", str(timeout), "--graceful-timeout", str(settings.PLANTRACK_WEB_GRACEFUL_TIMEOUT),
            # A process is replaced after this many requests (a slow leak never grows without end).
            "--max-requests", str(settings.PLANTRACK_WEB_MAX_REQUESTS),
            "--max-requests-jitter", str(max(1, settings.PLANTRACK_WEB_MAX_REQUESTS // 10)),
            # gunicorn believes X-Forwarded-Proto only from the same proxies the application does (none: nobody).
            "--forwarded-allow-ips", proxies,
            "--access-logfile", "-", "--error-logfile", "-",
            "--access-logformat", '%(h)s fwd=%({x-forwarded-for}i)s %(u)s "%(r)s" %(s)s %(b)s %(M)sms',
            "--name", "plantrack",
            # gunicorn's control socket (gunicornc) belongs to this installation, not to the user's home folder.
            "--control-socket", str(Path(settings.DATA_DIR) / "gunicorn.ctl"),
        ]

    def _refuse_unmigrated_database(self) -> None:
        executor = MigrationExecutor(connection)
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
        if pending:
            raise CommandError(f"the database needs {len(pending)} migration(s): run `plantrack migrate` first")
