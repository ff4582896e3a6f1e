"""The PostgreSQL run keeps exactly the tests that use the database, and a test that hides its use fails."""

from __future__ import annotations

from dataclasses import dataclass, field

from database_selection import in_running_order, undeclared_database_use, uses_the_database


@dataclass
class CollectedTest:
    fixturenames: list[str]
    marks: set[str] = field(default_factory=set)
    name: str = ""

    def get_closest_marker(self, name: str) -> object | None:
        return name if name in self.marks else None


def test_a_test_asking_for_the_database_through_any_fixture_is_kept():
    assert uses_the_database(CollectedTest(["request", "people", "tree", "db", "django_db_setup"]))
    assert uses_the_database(CollectedTest(["live_server", "page"]))
    assert uses_the_database(CollectedTest(["request"], marks={"django_db"}))


def test_a_test_whose_server_processes_use_the_database_is_kept():
    assert uses_the_database(CollectedTest(["tmp_path"], marks={"server_database"}))


def test_a_test_without_the_database_is_left_out():
    assert not uses_the_database(CollectedTest(["tmp_path", "settings", "plan_text"]))
    assert not uses_the_database(CollectedTest(["tmp_path"], marks={"browser"}))


def test_asking_for_the_database_only_at_run_time_is_caught():
    hidden = CollectedTest(["request", "settings"])
    assert undeclared_database_use(hidden, ["request", "settings", "demo_data", "db", "django_db_setup"]) == [
        "db", "django_db_setup"]
    assert undeclared_database_use(hidden, ["request", "settings"]) == []
    declared = CollectedTest(["request", "settings", "db", "django_db_setup"])
    assert undeclared_database_use(declared, ["request", "settings", "db", "django_db_setup", "demo_data"]) == []


def test_tests_outside_the_test_database_run_first_and_the_others_keep_their_order():
    rolled_back = CollectedTest(["db"], name="rolled back")
    transactional = CollectedTest(["transactional_db"], name="transactional")
    browser = CollectedTest(["live_server"], name="browser")
    server = CollectedTest(["tmp_path"], marks={"server_database"}, name="server processes")
    core = CollectedTest(["plan_text"], name="core")
    order = in_running_order([rolled_back, transactional, server, browser, core])
    assert [t.name for t in order] == ["server processes", "core", "rolled back", "transactional", "browser"]
