"""Backups (备份) an office can restore: one tar archive holding the database, the files the installation keeps in
its data directory and a manifest that lets a restore prove it got everything back.

    make_backup(Path("/srv/plantrack/backups"), keep=14)   # a dated archive, the 14 newest kept
    write_backup(Path("/tmp/before-upgrade.tar"))         # one archive at a chosen path
    restore_backup(Path("/tmp/before-upgrade.tar"))       # into an empty installation (replace=True: any)

The archive's members:

- `database.sqlite3`: SQLite's online backup API copies the database in one step while the site keeps working
  (readers and the writer carry on under WAL; the copy is one consistent moment), or
- `database.pgdump`: `pg_dump` custom format, taken from a snapshot exported by a REPEATABLE READ transaction that
  also counts the rows, so the counts in the manifest are the counts of that very dump;
- `files/evidence/…`, `files/reports/…`: task evidence and generated report files from the data directory;
- `manifest.json` (last): the format, PlanTrack's version, the migrations applied, every table's row count and the
  sha256 and size of every other member.

The archive is written under a temporary name and renamed when complete, so a half-written archive never carries
the final name. A restore checks every member against the manifest before it touches anything; a truncated,
damaged or altered archive is refused and the installation is left as it was. The checksums prove the archive is
the one that was written, not who wrote it: keep backups where only the office can change them.

The archive is not compressed: pg_dump's format already is, and evidence files are PDF, Office or image files.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import time
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO, Any

from django.conf import settings
from django.db import connections
from django.utils import timezone
from django.utils.translation import gettext as _

import plantrack
from plantrack.core.errors import InvalidInput

ARCHIVE_FORMAT = "plantrack-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
SQLITE_MEMBER = "database.sqlite3"
POSTGRES_MEMBER = "database.pgdump"
# What the installation keeps as files in its data directory, beside the database.
FILE_FOLDERS = ("evidence", "reports")
ARCHIVE_NAME = re.compile(r"^plantrack-backup-\d{8}-\d{6}(-\d+)?\.tar$")
_CHUNK = 1024 * 1024


class BackupError(InvalidInput):
    """A backup could not be made, or an archive cannot be restored; the message says why. Nothing was changed."""

    code = "backup_refused"


@dataclass(frozen=True)
class Database:
    """The installation's database as the backup and restore see it."""

    engine: str  # "sqlite" or "postgresql"
    name: str  # SQLite: the file; PostgreSQL: the database name
    host: str = ""
    port: str = ""
    user: str = ""
    password: str = ""

    def pg_env(self) -> dict[str, str]:
        """The environment that points pg_dump, pg_restore and psql at this database."""
        env = dict(os.environ)
        for key, value in (("PGHOST", self.host), ("PGPORT", self.port), ("PGUSER", self.user),
                           ("PGPASSWORD", self.password), ("PGDATABASE", self.name)):
            if value:
                env[key] = str(value)
        return env

    def pg_connect(self, **kwargs: Any):
        import psycopg

        params = {"dbname": self.name, "host": self.host, "port": self.port, "user": self.user,
                  "password": self.password}
        return psycopg.connect(**{k: v for k, v in params.items() if v}, **kwargs)


def current_database(alias: str = "default") -> Database:
    conf = connections[alias].settings_dict
    engine = conf["ENGINE"]
    if engine.endswith("sqlite3"):
        return Database(engine="sqlite", name=str(conf["NAME"]))
    if "postgresql" in engine:
        return Database(engine="postgresql", name=str(conf["NAME"]), host=str(conf.get("HOST") or ""),
                        port=str(conf.get("PORT") or ""), user=str(conf.get("USER") or ""),
                        password=str(conf.get("PASSWORD") or ""))
    raise BackupError(_("不支持备份这种数据库：%(engine)s") % {"engine": engine})


def data_dir() -> Path:
    return Path(settings.DATA_DIR)


# ---------------------------------------------------------------------------------------------------------- backup


def _sqlite_tables(con: sqlite3.Connection) -> list[str]:
    return [r[0] for r in con.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]


def _sqlite_facts(path: Path) -> tuple[dict[str, int], list[list[str]]]:
    """Row count of every table and the migrations applied, read from a SQLite file."""
    with closing(sqlite3.connect(path)) as con:
        counts = {t: con.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in _sqlite_tables(con)}
        migrations = ([list(r) for r in con.execute("SELECT app, name FROM django_migrations ORDER BY id")]
                      if "django_migrations" in counts else [])
    return counts, migrations


def _sqlite_snapshot(db: Database, target: Path) -> tuple[dict[str, int], list[list[str]]]:
    source = Path(db.name)
    if not source.is_file():
        raise BackupError(_("找不到数据库文件：%(path)s") % {"path": source})
    with closing(sqlite3.connect(source, timeout=settings.PLANTRACK_LOCK_WAIT_SECONDS)) as src, \
            closing(sqlite3.connect(target)) as dst:
        # pages=-1: the whole database in one step under one read transaction, so the copy is one moment even
        # while others write (in steps, every write by another connection would restart the copy).
        src.backup(dst, pages=-1)
        # One self-contained file in the archive, whatever journal the live database uses.
        dst.execute("PRAGMA journal_mode=DELETE")
    return _sqlite_facts(target)


def _pg_tables(cur) -> list[str]:
    cur.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
    return [r[0] for r in cur.fetchall()]


def _pg_snapshot(db: Database, target: Path) -> tuple[dict[str, int], list[list[str]]]:
    pg_dump = shutil.which("pg_dump")
    if pg_dump is None:
        raise BackupError(_("备份PostgreSQL数据库需要 pg_dump（Debian 软件包 postgresql-client）"))
    with db.pg_connect() as con, con.cursor() as cur:
        # The counts and the dump read the same snapshot: pg_dump joins the one this transaction exports.
        cur.execute("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cur.execute("SELECT pg_export_snapshot()")
        snapshot = cur.fetchone()[0]
        tables = _pg_tables(cur)
        counts = {}
        for table in tables:
            cur.execute(f'SELECT count(*) FROM public."{table}"')
            counts[table] = cur.fetchone()[0]
        migrations: list[list[str]] = []
        if "django_migrations" in counts:
            cur.execute("SELECT app, name FROM public.django_migrations ORDER BY id")
            migrations = [list(r) for r in cur.fetchall()]
        done = subprocess.run([pg_dump, "--format=custom", f"--snapshot={snapshot}",
                               f"--file={target}"], env=db.pg_env(), capture_output=True, text=True, check=False)
        con.rollback()
    if done.returncode != 0:
        raise BackupError(_("pg_dump 失败：%(detail)s") % {"detail": done.stderr.strip()[-500:]})
    return counts, migrations


class _Hashing:
    """A file read through this is hashed on the way into the archive (read once, not twice)."""

    def __init__(self, stream: IO[bytes]) -> None:
        self.stream = stream
        self.digest = hashlib.sha256()
        self.size = 0

    def read(self, size: int = -1) -> bytes:
        chunk = self.stream.read(size)
        self.digest.update(chunk)
        self.size += len(chunk)
        return chunk


def _add_file(tar: tarfile.TarFile, path: Path, name: str, members: dict[str, dict]) -> None:
    info = tarfile.TarInfo(name)
    with path.open("rb") as stream:
        info.size = os.fstat(stream.fileno()).st_size
        info.mtime = int(path.stat().st_mtime)
        info.mode = 0o600
        hashing = _Hashing(stream)
        tar.addfile(info, hashing)
    members[name] = {"sha256": hashing.digest.hexdigest(), "size": info.size}


def _data_files(root: Path) -> Iterator[tuple[Path, str]]:
    """(path, archive name) of every regular file the installation keeps; links are not followed."""
    for folder in FILE_FOLDERS:
        base = root / folder
        if not base.is_dir():
            continue
        for path in sorted(base.rglob("*")):
            if path.is_file() and not path.is_symlink():
                yield path, "files/" + path.relative_to(root).as_posix()


def write_backup(out: Path) -> dict:
    """Write one backup archive at `out` (replacing an archive already there only once the new one is complete);
    returns its manifest."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    db = current_database()
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix=".plantrack-backup-", dir=out.parent) as work:
        work_dir = Path(work)
        if db.engine == "sqlite":
            member = SQLITE_MEMBER
            counts, migrations = _sqlite_snapshot(db, work_dir / member)
        else:
            member = POSTGRES_MEMBER
            counts, migrations = _pg_snapshot(db, work_dir / member)
        partial = work_dir / "archive.tar"
        members: dict[str, dict] = {}
        with tarfile.open(partial, "w", format=tarfile.PAX_FORMAT) as tar:
            _add_file(tar, work_dir / member, member, members)
            # Files after the database: a file a stored row names was written before the row was committed.
            for path, name in _data_files(data_dir()):
                _add_file(tar, path, name, members)
            manifest = {
                "format": ARCHIVE_FORMAT,
                "format_version": FORMAT_VERSION,
                "plantrack_version": plantrack.__version__,
                "created_at": timezone.now().isoformat(),
                "database": {"engine": db.engine, "member": member},
                "migrations": migrations,
                "tables": counts,
                "members": members,
                "seconds": round(time.monotonic() - started, 3),
            }
            data = json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8")
            info = tarfile.TarInfo(MANIFEST)
            info.size, info.mtime, info.mode = len(data), int(time.time()), 0o600
            tar.addfile(info, _BytesReader(data))
        with partial.open("rb+") as written:
            os.fsync(written.fileno())
        os.replace(partial, out)
    return manifest


class _BytesReader:
    def __init__(self, data: bytes) -> None:
        self.data, self.pos = data, 0

    def read(self, size: int = -1) -> bytes:
        end = len(self.data) if size < 0 else self.pos + size
        chunk, self.pos = self.data[self.pos:end], min(end, len(self.data))
        return chunk


def backup_archives(dest_dir: Path) -> list[Path]:
    """The dated archives `make_backup` wrote in a folder, oldest first (other files are not ours)."""
    dest_dir = Path(dest_dir)
    if not dest_dir.is_dir():
        return []
    return sorted(p for p in dest_dir.iterdir() if p.is_file() and ARCHIVE_NAME.match(p.name))


def prune_backups(dest_dir: Path, keep: int) -> list[Path]:
    """Delete all but the `keep` newest dated archives in `dest_dir`; returns what was deleted."""
    if keep < 1:
        raise BackupError(_("至少要保留1份备份（--keep 1 或更多）"))
    archives = backup_archives(dest_dir)
    removed = archives[:-keep]
    for path in removed:
        path.unlink()
    return removed


def make_backup(dest_dir: Path | None = None, keep: int | None = None) -> tuple[Path, dict]:
    """A dated archive in `dest_dir` (default PLANTRACK_BACKUP_DIR), then only the `keep` newest kept (default
    PLANTRACK_BACKUP_KEEP). For the command line and for a scheduler; returns the archive and its manifest."""
    dest_dir = Path(dest_dir or settings.PLANTRACK_BACKUP_DIR)
    keep = settings.PLANTRACK_BACKUP_KEEP if keep is None else keep
    if keep < 1:
        raise BackupError(_("至少要保留1份备份（--keep 1 或更多）"))
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")  # when it was made: an event, not "today"
    out = dest_dir / f"plantrack-backup-{stamp}.tar"
    n = 1
    while out.exists():  # two backups within one second keep both
        n += 1
        out = dest_dir / f"plantrack-backup-{stamp}-{n}.tar"
    manifest = write_backup(out)
    prune_backups(dest_dir, keep)
    return out, manifest


# --------------------------------------------------------------------------------------------------------- restore


def _damaged(detail: str) -> str:
    return _("备份文件已损坏或被改动，未恢复任何内容：%(detail)s") % {"detail": detail}


def _safe_name(name: str) -> bool:
    path = PurePosixPath(name)
    return bool(name) and not path.is_absolute() and ".." not in path.parts and "\\" not in name


def _check_manifest(manifest: Any) -> None:
    if not isinstance(manifest, dict) or manifest.get("format") != ARCHIVE_FORMAT:
        raise BackupError(_("不是PlanTrack备份文件（清单格式不符），未恢复任何内容"))
    if manifest.get("format_version") != FORMAT_VERSION:
        raise BackupError(_("备份格式版本 %(v)s 不受本版本支持，未恢复任何内容")
                          % {"v": manifest.get("format_version")})
    database = manifest.get("database")
    if (not isinstance(database, dict) or database.get("engine") not in {"sqlite", "postgresql"}
            or database.get("member") not in {SQLITE_MEMBER, POSTGRES_MEMBER}):
        raise BackupError(_damaged(_("清单中的数据库说明不完整")))
    if not isinstance(manifest.get("tables"), dict) or not isinstance(manifest.get("members"), dict):
        raise BackupError(_damaged(_("清单中缺少表行数或文件校验和")))
    if not isinstance(manifest.get("migrations"), list):
        raise BackupError(_damaged(_("清单中缺少迁移记录")))


def read_verified_archive(archive: Path, staging: Path) -> dict:
    """Unpack `archive` into `staging`, checking every member against the manifest; returns the manifest.

    Raises BackupError for anything missing, extra, truncated or altered."""
    archive = Path(archive)
    if not archive.is_file():
        raise BackupError(_("找不到备份文件：%(path)s") % {"path": archive})
    try:
        with tarfile.open(archive, "r:") as tar:
            members = tar.getmembers()
            names = [m.name for m in members]
            if MANIFEST not in names:
                raise BackupError(_damaged(_("缺少清单 manifest.json（文件不完整，可能被截断）")))
            if len(set(names)) != len(names):
                raise BackupError(_damaged(_("同名文件出现了两次")))
            try:
                manifest = json.loads(tar.extractfile(MANIFEST).read().decode("utf-8"))
            except (ValueError, UnicodeDecodeError) as exc:
                raise BackupError(_damaged(_("清单无法读取"))) from exc
            _check_manifest(manifest)
            listed: dict[str, dict] = manifest["members"]
            if manifest["database"]["member"] not in listed:
                raise BackupError(_damaged(_("清单未列出数据库文件")))
            for member in members:
                if member.name == MANIFEST:
                    continue
                if member.name not in listed:
                    raise BackupError(_damaged(_("清单中没有的文件：%(name)s") % {"name": member.name}))
                if not member.isfile() or not _safe_name(member.name):
                    raise BackupError(_damaged(_("不允许的文件：%(name)s") % {"name": member.name}))
            missing = sorted(set(listed) - set(names))
            if missing:
                raise BackupError(_damaged(_("缺少%(n)s个文件（文件不完整，可能被截断），如 %(name)s")
                                  % {"n": len(missing), "name": missing[0]}))
            for member in members:
                if member.name == MANIFEST:
                    continue
                expected = listed[member.name]
                target = staging / member.name
                target.parent.mkdir(parents=True, exist_ok=True)
                digest, size = hashlib.sha256(), 0
                with tar.extractfile(member) as source, target.open("wb") as out:
                    while chunk := source.read(_CHUNK):
                        digest.update(chunk)
                        size += len(chunk)
                        out.write(chunk)
                if size != expected.get("size") or digest.hexdigest() != expected.get("sha256"):
                    raise BackupError(_damaged(_("%(name)s 的校验和与清单不符") % {"name": member.name}))
    except (tarfile.TarError, EOFError, OSError) as exc:
        raise BackupError(_damaged(_("无法读取归档（%(detail)s）") % {"detail": exc})) from exc
    return manifest


# Tables holding what an office made: any row in one of them (or any kept file) makes an installation non-empty.
# Other tables are filled by `migrate` itself (content types, permissions, default procedure kinds).
OFFICE_TABLES = ("orgs_orgunit", "orgs_user", "plans_plan", "reporting_datavalue")


def _office_rows(db: Database) -> int:
    if db.engine == "sqlite":
        path = Path(db.name)
        if not path.is_file():
            return 0
        with closing(sqlite3.connect(path)) as con:
            tables = set(_sqlite_tables(con))
            return sum(con.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in OFFICE_TABLES
                       if t in tables)
    with db.pg_connect() as con, con.cursor() as cur:
        tables = set(_pg_tables(cur))
        total = 0
        for table in OFFICE_TABLES:
            if table in tables:
                cur.execute(f'SELECT count(*) FROM public."{table}"')
                total += cur.fetchone()[0]
        return total


def _kept_files(root: Path) -> int:
    return sum(1 for _path in _data_files(root))


def _known_migrations() -> set[tuple[str, str]]:
    from django.db.migrations.loader import MigrationLoader

    return set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)


def _compare_counts(found: dict[str, int], manifest: dict) -> None:
    expected: dict[str, int] = manifest["tables"]
    wrong = [f"{t}: {found.get(t)} ≠ {n}" for t, n in sorted(expected.items()) if found.get(t) != n]
    extra = sorted(set(found) - set(expected))
    if wrong or extra:
        raise BackupError(_("恢复后的行数与清单不符，未恢复任何内容：%(detail)s")
                          % {"detail": "; ".join(wrong + extra)[:500]})


def _restore_sqlite(db: Database, staged: Path, manifest: dict) -> None:
    with closing(sqlite3.connect(staged)) as con:
        check = con.execute("PRAGMA quick_check").fetchone()[0]
    if check != "ok":
        raise BackupError(_damaged(_("数据库文件检查未通过：%(detail)s") % {"detail": check}))
    counts, _migrations = _sqlite_facts(staged)
    _compare_counts(counts, manifest)
    target = Path(db.name)
    target.parent.mkdir(parents=True, exist_ok=True)
    connections.close_all()
    # The old database's write-ahead log would be replayed into the restored file: it goes first.
    for suffix in ("-wal", "-shm", "-journal"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    moved = target.with_name(f".{target.name}.restoring")
    shutil.copyfile(staged, moved)
    os.replace(moved, target)


def _restore_postgres(db: Database, staged: Path, manifest: dict, work: Path) -> None:
    pg_restore, psql = shutil.which("pg_restore"), shutil.which("psql")
    if pg_restore is None or psql is None:
        raise BackupError(_("恢复PostgreSQL数据库需要 pg_restore 和 psql（Debian 软件包 postgresql-client）"))
    body = work / "restore-body.sql"
    done = subprocess.run([pg_restore, "--no-owner", "--no-privileges", f"--file={body}", str(staged)],
                          capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise BackupError(_damaged(_("pg_restore 无法读取数据库备份：%(detail)s")
                          % {"detail": done.stderr.strip()[-500:]}))
    with db.pg_connect() as con, con.cursor() as cur:
        existing = _pg_tables(cur)
    script = work / "restore.sql"
    with script.open("w", encoding="utf-8") as out:
        # One transaction: the tables an empty installation's `migrate` made are dropped, the dump loaded, and the
        # counts checked at the end; any difference raises and rolls everything back.
        out.write("SET client_min_messages = warning;\n")
        for table in existing:
            out.write(f'DROP TABLE IF EXISTS public."{table}" CASCADE;\n')
        with body.open(encoding="utf-8") as dump:
            shutil.copyfileobj(dump, out)
        out.write("\nDO $plantrack$\nDECLARE n bigint;\nBEGIN\n")
        for table, count in sorted(manifest["tables"].items()):
            name = table.replace('"', '""')
            out.write(f"  SELECT count(*) INTO n FROM public.\"{name}\";\n"
                      f"  IF n <> {int(count)} THEN RAISE EXCEPTION 'plantrack-restore: % has % rows, the backup "
                      f"lists {int(count)}', {_sql_text(table)}, n; END IF;\n")
        out.write(f"  SELECT count(*) INTO n FROM pg_tables WHERE schemaname = 'public';\n"
                  f"  IF n <> {len(manifest['tables'])} THEN RAISE EXCEPTION 'plantrack-restore: % tables, the "
                  f"backup lists {len(manifest['tables'])}', n; END IF;\nEND\n$plantrack$;\n")
    connections.close_all()
    done = subprocess.run([psql, "-X", "-q", "-v", "ON_ERROR_STOP=1", "--single-transaction", "-f", str(script)],
                          env=db.pg_env(), capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise BackupError(_("恢复数据库失败，已全部撤销：%(detail)s") % {"detail": done.stderr.strip()[-500:]})


def _sql_text(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


@dataclass(frozen=True)
class RestoreResult:
    manifest: dict
    files: int
    needs_migrate: bool  # the archive comes from an earlier release: run `plantrack migrate`


def restore_backup(archive: Path, *, replace: bool = False) -> RestoreResult:
    """Restore an archive into this installation: its database and data files.

    Refuses (BackupError, nothing changed) an archive that is damaged, from a newer release, for another kind of
    database, or an installation that already holds data unless `replace` is given."""
    db = current_database()
    root = data_dir()
    root.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".plantrack-restore-", dir=root) as work:
        work_dir = Path(work)
        staging = work_dir / "archive"
        staging.mkdir()
        manifest = read_verified_archive(archive, staging)
        if manifest["database"]["engine"] != db.engine:
            raise BackupError(_("备份来自 %(theirs)s 数据库，本安装使用 %(ours)s，未恢复任何内容")
                              % {"theirs": manifest["database"]["engine"], "ours": db.engine})
        known = _known_migrations()
        unknown = [f"{a}.{n}" for a, n in manifest["migrations"] if (a, n) not in known]
        if unknown:
            raise BackupError(_("备份来自更新的版本（%(version)s），本版本不认识迁移 %(m)s，"
                                "未恢复任何内容：请先升级再恢复")
                              % {"version": manifest.get("plantrack_version"), "m": unknown[0]})
        if not replace and (_office_rows(db) or _kept_files(root)):
            raise BackupError(_("本安装已有数据（组织、用户、规划、数值或文件），未恢复任何内容；"
                                "确认要用备份覆盖时请加 --replace"))
        staged_db = staging / manifest["database"]["member"]
        if db.engine == "sqlite":
            _restore_sqlite(db, staged_db, manifest)
        else:
            _restore_postgres(db, staged_db, manifest, work_dir)
        files = 0
        for folder in FILE_FOLDERS:
            target, incoming = root / folder, staging / "files" / folder
            if target.exists():
                shutil.rmtree(target)
            if incoming.is_dir():
                shutil.move(str(incoming), str(target))
                files += sum(1 for p in target.rglob("*") if p.is_file())
    applied = {tuple(m) for m in manifest["migrations"]}
    return RestoreResult(manifest=manifest, files=files, needs_migrate=bool(known - applied))
