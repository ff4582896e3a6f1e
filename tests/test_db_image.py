"""The demo copied back by the `demo_data` fixture (tests/db_image.py) is the demo `setup-demo` writes: every table
holds the same rows, related the same way, and the files it wrote are there again."""

from __future__ import annotations

import hashlib
import io

from django.core.management import call_command
from django.db import models

from db_image import Image, copied_models, image_key, put_back, shared_image
from plantrack.assessment.models import ManualJudgement
from plantrack.uploads.documents import document_path


def _steady(value):
    """A stored JSON value without the clock readings and keys inside it."""
    if isinstance(value, dict):
        return {k: None if k == "id" or k.endswith("_at") else _steady(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_steady(v) for v in value]
    return value


def contents() -> dict[str, list[tuple]]:
    """Every copied table's rows, each key and reference replaced by the row's position in its table; left out what
    differs on every run by design: the moments rows were written (a clock reading), salted password hashes, and an
    uploaded document's random stored name and hash (a Word file holds the time it was written; the files are
    checked against their rows in the test)."""
    tables = copied_models()
    position = {m: {pk: i for i, pk in enumerate(m._base_manager.order_by("pk").values_list("pk", flat=True))}
                for m in tables}
    found = {}
    for model in tables:
        fields = [f for f in model._meta.concrete_fields if not isinstance(f, models.DateTimeField)
                  and f.attname != "password" and not f.attname.endswith(("_stored_name", "_sha256"))]
        rows = []
        for row in model._base_manager.order_by("pk").values_list(*[f.attname for f in fields]):
            rows.append(tuple(
                position[model if f.primary_key else f.related_model].get(value)
                if value is not None and (f.primary_key or (f.is_relation and f.related_model in position))
                else _steady(value) if isinstance(f, models.JSONField) else value
                for f, value in zip(fields, row, strict=True)))
        # Rows as a sorted list without their own position: the demo approves a set of figures at once, and
        # PostgreSQL writes their history rows in an order of its own.
        rows = sorted((row[1:] for row in rows), key=repr)
        if rows:
            found[model._meta.label] = rows
    return found


def test_the_copied_demo_is_the_demo(demo_data, demo_images, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    image = demo_images[image_key()]
    assert put_back(image) == demo_data
    copied = contents()
    assert len(copied["reporting.DataValue"]) > 1000
    assert all((tmp_path / name).read_bytes() == data for name, data in image.files.items())
    judgements = ManualJudgement.objects.exclude(evidence_stored_name="")
    assert judgements.exists()
    for judgement in judgements:  # each copied row's document is there again, the same bytes
        stored = document_path(judgement.evidence_stored_name).read_bytes()
        assert hashlib.sha256(stored).hexdigest() == judgement.evidence_sha256

    put_back(Image(tables=[], files={}, output=""))  # every copied table emptied, as the demo was made on
    assert contents() == {}
    out = io.StringIO()
    call_command("setup_demo", stdout=out)
    assert out.getvalue() == demo_data
    fresh = contents()
    assert fresh.keys() == copied.keys()
    assert [table for table in fresh if fresh[table] != copied[table]] == []


def test_an_image_shared_through_a_file_is_the_image_that_was_built(demo_data, demo_images, tmp_path):
    """What a second test process of the run gets: the image read back from the file the first one wrote."""
    key, built = image_key(), demo_images[image_key()]
    folder = tmp_path / "shared"
    assert shared_image(key, folder, lambda: built) is built  # the first process: builds and writes
    expected = contents()

    def build_again() -> Image:
        raise AssertionError("the image was built again instead of read")

    put_back(Image(tables=[], files={}, output=""))
    read = shared_image(key, folder, build_again)  # a later process: reads and puts back
    assert read.output == demo_data
    # Row by row through the database (PostgreSQL's JSON values are adapter objects that compare by identity).
    assert [(t.model, t.columns, len(t.rows)) for t in read.tables] == \
        [(t.model, t.columns, len(t.rows)) for t in built.tables]
    assert read.files == built.files
    assert contents() == expected
    # Another key is another file: built, not read.
    assert shared_image((*key, ("PLANTRACK_OTHER", "1")), folder, lambda: built) is built
