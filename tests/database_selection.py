"""Which tests the PostgreSQL run of `make test` repeats: those that use the database. A test reaches Django's test
database only through the fixtures below (every fixture that writes rows depends on one of them, and pytest-django
refuses the database to any other test) or, for tests whose server processes use the database DATABASE_URL names,
by carrying the `server_database` mark."""

from __future__ import annotations

from collections.abc import Iterable

DATABASE_FIXTURES = frozenset({"django_db_setup", "db", "transactional_db", "live_server"})


def uses_the_database(item) -> bool:
    """Whether a collected test says, before it runs, that it uses the database."""
    return bool(item.get_closest_marker("django_db") or item.get_closest_marker("server_database")
                or DATABASE_FIXTURES & set(getattr(item, "fixturenames", ())))


def undeclared_database_use(item, fixtures_used: Iterable[str]) -> list[str]:
    """The database fixtures a test used (`fixtures_used`, known once it has run) without saying so beforehand."""
    if uses_the_database(item):
        return []
    return sorted(DATABASE_FIXTURES & set(fixtures_used))
