"""A costly setup run once and copied back: the demo (`plantrack setup-demo`) is run by the first test that asks for
it in a test process, every row of every table is kept with the files it wrote under DATA_DIR, and each later test
gets the same database back by plain inserts (a second or less instead of the setup's ten).

The copy stands for the setup run under the same PLANTRACK_* settings (the demo depends on the clock), so a test that
changes one gets a copy of its own. Django's own bookkeeping (content types, permissions, sessions) is never copied:
it is made again by Django, and the process caches its keys.

Under xdist the test processes of one run share their images through files (`shared_image`): the first process to
need one builds it while holding a lock, the others wait and read it, so each image is built once per run, not once
per process. A process whose content types or permissions are numbered differently builds its own.
"""

from __future__ import annotations

import fcntl
import hashlib
import pickle
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

NOT_COPIED = {"contenttypes.contenttype", "auth.permission", "sessions.session"}


@dataclass(frozen=True)
class Table:
    model: Any
    columns: list[str]
    rows: list[list]  # values as the database takes them


@dataclass(frozen=True)
class Image:
    tables: list[Table]
    files: dict[str, bytes]  # path under DATA_DIR: contents
    output: str  # what the setup printed


def image_key() -> tuple:
    """The settings a copy stands for: every PLANTRACK_* setting."""
    from django.conf import settings

    return tuple(sorted((name, repr(getattr(settings, name))) for name in dir(settings)
                        if name.startswith("PLANTRACK_")))


def copied_models() -> list:
    from django.apps import apps

    return [m for m in apps.get_models(include_auto_created=True)
            if m._meta.managed and not m._meta.proxy and m._meta.label_lower not in NOT_COPIED]


def _files(root: Path) -> dict[str, float]:
    if not root.is_dir():
        return {}
    return {str(p.relative_to(root)): p.stat().st_mtime_ns for p in root.rglob("*") if p.is_file()}


def run_and_keep(setup: Callable[[], str]) -> Image:
    """Run `setup` on an empty database (whatever this test held before is removed: the copy must not depend on the
    test that happened to make it) and keep everything the database then holds, and the files it wrote."""
    from django.conf import settings
    from django.db import connection

    put_back(Image(tables=[], files={}, output=""))
    root = Path(settings.DATA_DIR)
    before = _files(root)
    output = setup()
    files = {name: (root / name).read_bytes() for name, stamp in _files(root).items() if before.get(name) != stamp}
    tables = []
    for model in copied_models():
        fields = model._meta.concrete_fields
        rows = [[f.get_db_prep_save(value, connection) for f, value in zip(fields, row, strict=True)]
                for row in model._base_manager.order_by("pk").values_list(*[f.attname for f in fields])]
        if rows:
            tables.append(Table(model, [f.column for f in fields], rows))
    return Image(tables=tables, files=files, output=output)


def put_back(image: Image) -> str:
    """Make this test's database hold exactly the image (every copied table emptied, then filled), write its files
    under DATA_DIR, and return what the setup printed."""
    from django.conf import settings
    from django.core.management.color import no_style
    from django.db import connection, transaction

    qn = connection.ops.quote_name
    # One transaction: the references between tables are checked when it ends, so the order of tables is free.
    with transaction.atomic(), connection.cursor() as cursor:
        for model in copied_models():
            cursor.execute(f"DELETE FROM {qn(model._meta.db_table)}")
        for table in image.tables:
            cursor.executemany(
                f"INSERT INTO {qn(table.model._meta.db_table)} ({', '.join(qn(c) for c in table.columns)}) "
                f"VALUES ({', '.join(['%s'] * len(table.columns))})", table.rows)
        for sql in connection.ops.sequence_reset_sql(no_style(), [t.model for t in image.tables]):
            cursor.execute(sql)
    root = Path(settings.DATA_DIR)
    for name, data in image.files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(data)
    return image.output


def _numbering() -> list:
    """How this database numbers Django's bookkeeping, which copied rows may refer to."""
    from django.contrib.auth.models import Permission
    from django.contrib.contenttypes.models import ContentType

    return [list(ContentType.objects.order_by("pk").values_list("pk", "app_label", "model")),
            list(Permission.objects.order_by("pk").values_list("pk", "content_type_id", "codename"))]


def shared_image(key: tuple, folder: Path, build: Callable[[], Image]) -> Image:
    """The image for `key` as another test process of this run wrote it to `folder`, or built here (by `build`) and
    written there for the others. Built here, and not written, when the values cannot be pickled (a database
    adapter's own type) or when the writer numbered content types and permissions otherwise."""
    folder.mkdir(parents=True, exist_ok=True)
    name = hashlib.sha256(repr(key).encode()).hexdigest()[:24]
    path = folder / f"{name}.pickle"
    with open(folder / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes: the others wait while one builds
        numbering = _numbering()
        if path.exists():
            stored = pickle.loads(path.read_bytes())
            if stored["numbering"] == numbering:
                models = {m._meta.label_lower: m for m in copied_models()}
                image = Image(tables=[Table(models[label], columns, rows) for label, columns, rows in stored["tables"]],
                              files=stored["files"], output=stored["output"])
                put_back(image)
                return image
        image = build()
        if not path.exists():
            try:
                data = pickle.dumps({"numbering": numbering, "files": image.files, "output": image.output,
                                     "tables": [(t.model._meta.label_lower, t.columns, t.rows) for t in image.tables]})
            except (pickle.PicklingError, TypeError, AttributeError):
                return image
            path.with_suffix(".part").write_bytes(data)
            path.with_suffix(".part").replace(path)
        return image
