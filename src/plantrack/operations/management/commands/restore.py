"""`plantrack restore FILE`: restore a backup archive into an empty installation, checked against its manifest.

Stop the web server and the worker first. A damaged or altered archive is refused and nothing is changed;
an installation that already holds data is refused unless `--replace` is given.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from plantrack.operations.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = "Restore a backup archive into this (empty) installation and verify it against its manifest."

    def add_arguments(self, parser) -> None:
        parser.add_argument("archive", type=Path)
        parser.add_argument("--replace", action="store_true",
                            help="replace the data this installation already holds with the archive's")

    def handle(self, *args, archive: Path, replace: bool, **options) -> None:
        try:
            result = restore_backup(archive, replace=replace)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        manifest = result.manifest
        self.stdout.write(_("恢复完成：%(tables)s 张表 %(rows)s 行、%(files)s 个文件，与清单一致（备份于 %(at)s，"
                            "版本 %(version)s）") % {
            "tables": len(manifest["tables"]), "rows": sum(manifest["tables"].values()), "files": result.files,
            "at": manifest["created_at"], "version": manifest["plantrack_version"]})
        if result.needs_migrate:
            self.stdout.write(_("备份来自较早的版本：请运行 plantrack migrate 升级数据库"))
