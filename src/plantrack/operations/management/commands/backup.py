"""`plantrack backup`: one archive of the database and the data files, with a manifest (see operations/backup.py).

    plantrack backup --out /mnt/usb/plantrack-2027-03-31.tar
    plantrack backup --dir /srv/plantrack/backups --keep 14   # dated archive; only the 14 newest kept
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from plantrack.operations.backup import BackupError, make_backup, write_backup


class Command(BaseCommand):
    help = "Write a backup archive (database, evidence and report files, manifest); safe while the site runs."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--out", type=Path, help="write the archive to this file")
        parser.add_argument("--dir", type=Path, help="write a dated archive in this folder (default "
                            "PLANTRACK_BACKUP_DIR)")
        parser.add_argument("--keep", type=int, help="keep only this many newest dated archives in the folder "
                            "(default PLANTRACK_BACKUP_KEEP)")

    def handle(self, *args, out: Path | None, dir: Path | None, keep: int | None, **options) -> None:
        if out and (dir or keep is not None):
            raise CommandError(_("--out 写到指定文件；--dir 和 --keep 用于按日期命名并轮换的备份目录，二者不能同用"))
        try:
            if out:
                manifest = write_backup(out)
                path = out
            else:
                path, manifest = make_backup(dir, keep)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        rows = sum(manifest["tables"].values())
        files = sum(1 for name in manifest["members"] if name.startswith("files/"))
        self.stdout.write(_("备份完成：%(path)s（%(size)s 字节；%(tables)s 张表 %(rows)s 行，%(files)s 个文件，"
                            "用时 %(s)s 秒）") % {"path": path, "size": Path(path).stat().st_size,
                                                "tables": len(manifest["tables"]), "rows": rows, "files": files,
                                                "s": manifest["seconds"]})
