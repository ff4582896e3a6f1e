"""Which tests the PostgreSQL run of `make test` repeats: those that use the database. A test reaches Django's test
database only through the fixtures below (every fixture that writes rows depends on one of them, and pytest-django
refuses the database to any other test) or, for tests whose server processes use the database DATABASE_URL names,
by carrying the `server_database` mark."""

from __future__ import annotations

from collections.abc import Iterable

DATABASE_FIXTURES = frozenset({"django_db_setup", "db", "transactional_db", "live_server"})


def asks_for_the_test_database(item) -> bool:
    """Whether a collected test asks for Django's test database (the one pytest-django made for this process)."""
    return bool(item.get_closest_marker("django_db") or DATABASE_FIXTURES & set(getattr(item, "fixturenames", ())))


def uses_the_database(item) -> bool:
    """Whether a collected test says, before it runs, that it uses the database: Django's test database, or the
    database DATABASE_URL names through server processes of its own."""
    return asks_for_the_test_database(item) or bool(item.get_closest_marker("server_database"))


def in_running_order(items: list) -> list:
    """The tests that never touch the test database first, then the others in the order given (pytest-django's,
    Django's: transactional tests after the others). The slow tests of the suite are among the first (they start
    servers, workers, installs and benchmarks of their own, up to a minute each), so no worker is left alone with
    one at the end of the run while the other has nothing to do; at the end come database tests, seconds each."""
    return sorted(items, key=asks_for_the_test_database)


def undeclared_database_use(item, fixtures_used: Iterable[str]) -> list[str]:
    """The database fixtures a test used (`fixtures_used`, known once it has run) without saying so beforehand."""
    if uses_the_database(item):
        return []
    return sorted(DATABASE_FIXTURES & set(fixtures_used))
