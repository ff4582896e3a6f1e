"""The values upload page as a clerk drives it in tests: upload a file, then send the preview form back with each
unrecognised column settled."""

from __future__ import annotations

from pathlib import Path

from django.test import Client

URL = "/reporting/bulk/"


def as_user(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def upload(client: Client, path: Path, **fields):
    with open(path, "rb") as fh:
        return client.post(URL, {"file": fh, **fields})


def decide(response, choice: str, action: str = "confirm", **extra) -> dict:
    """The preview form as the person sends it back: each unrecognised column settled with `choice`."""
    context = response.context
    data = {"token": context["token"], "columns": str(len(context["columns"])), action: "1", **context["hidden"]}
    for i, column in context["columns"]:
        if not column.decided or column.chosen:
            data[f"col-{i}-key"] = column.header
            data[f"col-{i}-choice"] = choice
    return {**data, **extra}
