"""Starting PlanTrack the way an office runs it: `plantrack serve` (gunicorn) and `plantrack worker` as processes of
their own against one data directory (a logged-in HTTP session against it: tests/logins.py)."""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import requests

PLANTRACK = str(Path(sys.executable).with_name("plantrack"))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def service_env(data_dir: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PLANTRACK_", "DJANGO_"))}
    env.pop("DATABASE_URL", None)
    env.update({"PLANTRACK_DATA_DIR": str(data_dir), "PLANTRACK_WORKER_HEARTBEAT_SECONDS": "1"})
    env.update(extra)
    return env


def plantrack(*args: str, env: dict[str, str], timeout: float = 600) -> str:
    done = subprocess.run([PLANTRACK, *args], env=env, capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, f"plantrack {' '.join(args)}: {done.stderr[-2000:]}"
    return done.stdout


def demo_logins(setup_output: str) -> dict[str, str]:
    """The logins `plantrack setup-demo` printed: "  planning_admin   Password-2026!   规划处 …"."""
    return dict(re.findall(r"^\s+([a-z_]+)\s+(\S+-\d{4}!)\s", setup_output, flags=re.MULTILINE))


@dataclass
class Process:
    """A child in a session of its own, so that a kill reaches what it started (gunicorn's workers, LibreOffice)."""

    args: list[str]
    env: dict[str, str]
    log: Path
    popen: subprocess.Popen | None = field(default=None)

    def start(self) -> Process:
        handle = self.log.open("ab")
        self.popen = subprocess.Popen(self.args, env=self.env, stdout=handle, stderr=subprocess.STDOUT,
                                      start_new_session=True)
        handle.close()
        return self

    def kill_hard(self) -> None:
        """kill -9 of the process and everything it started, as a crash or the OOM killer would."""
        if self.popen is not None and self.popen.poll() is None:
            os.killpg(self.popen.pid, signal.SIGKILL)
            self.popen.wait(timeout=10)

    def stop(self) -> None:
        if self.popen is None or self.popen.poll() is not None:
            return
        os.killpg(self.popen.pid, signal.SIGTERM)
        try:
            self.popen.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.kill_hard()

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")


@contextmanager
def running(*processes: Process) -> Iterator[tuple[Process, ...]]:
    try:
        yield tuple(p.start() for p in processes)
    finally:
        for p in processes:
            p.stop()


def wait_until(condition, *, timeout: float, every: float = 0.2, what: str = "condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(every)
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")


def server_answers(base: str) -> bool:
    try:
        return requests.get(f"{base}/healthz", timeout=2).status_code in (200, 503)
    except requests.RequestException:  # not listening yet, or still starting
        return False


class SourceAddressAdapter(requests.adapters.HTTPAdapter):
    """Connect from a chosen loopback address (127.0.0.2, 127.0.0.3, …), so one machine can be several clients."""

    def __init__(self, source: str) -> None:
        self.source = source
        super().__init__()

    def init_poolmanager(self, *args, **kwargs):
        kwargs["source_address"] = (self.source, 0)
        return super().init_poolmanager(*args, **kwargs)


def client_from(address: str) -> requests.Session:
    session = requests.Session()
    session.mount("http://", SourceAddressAdapter(address))
    return session


class ForwardingProxy:
    """A reverse proxy as nginx is set up in docs/operations.md: it forwards every request to the server and appends
    the address the request came from to X-Forwarded-For ($proxy_add_x_forwarded_for)."""

    HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "te", "trailer", "upgrade", "proxy-connection"}

    def __init__(self, upstream_port: int) -> None:
        import http.client
        import http.server
        import threading

        hop_by_hop = self.HOP_BY_HOP

        class Handler(http.server.BaseHTTPRequestHandler):
            def _forward(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                headers = {k: v for k, v in self.headers.items() if k.lower() not in hop_by_hop}
                earlier = self.headers.get("X-Forwarded-For")
                headers["X-Forwarded-For"] = f"{earlier}, {self.client_address[0]}" if earlier else \
                    self.client_address[0]
                upstream = http.client.HTTPConnection("127.0.0.1", upstream_port, timeout=60)
                upstream.request(self.command, self.path, body=body or None, headers=headers)
                answer = upstream.getresponse()
                content = answer.read()
                self.send_response(answer.status)
                for key, value in answer.getheaders():
                    if key.lower() not in hop_by_hop and key.lower() != "content-length":
                        self.send_header(key, value)
                self.send_header("Content-Length", str(len(content)))
                self.end_headers()
                self.wfile.write(content)
                upstream.close()

            do_GET = do_POST = _forward

            def log_message(self, *args) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> ForwardingProxy:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()


SQLITE_FILE = "plantrack.sqlite3"  # the database in a data directory when DATABASE_URL is not set


def _admin(server: str):
    import psycopg

    return psycopg.connect(f"{server}/postgres", autocommit=True)


class MigratedDatabases:
    """The database `plantrack migrate` leaves on an empty installation, made once per test process and copied for
    each test that starts an installation: a fresh migrate costs 6-8 s of CPU (Django renders the model states of
    every migration), a copy of the SQLite file or `CREATE DATABASE … TEMPLATE …` well under one. A test that starts
    from a copy still runs `plantrack migrate` on it, which must find nothing to do, so the command stays proven;
    tests about migrating itself (the upgrade from a release, the offline install, an unmigrated database refused)
    migrate for real. Each is made when first asked for: a SQLite run never makes the PostgreSQL one."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._sqlite: Path | None = None
        self._templates: dict[str, str] = {}  # PostgreSQL server URL -> its migrated template database

    def sqlite_file(self) -> Path:
        if self._sqlite is None:
            data_dir = self.root / "sqlite"
            plantrack("migrate", "--noinput", "-v", "0", env=service_env(data_dir))
            self._sqlite = data_dir / SQLITE_FILE
        return self._sqlite

    def postgres_template(self, server: str) -> str:
        """The name of a database on `server` migrated once: the suite's database name (DATABASE_URL) with the test
        process's id, as two test processes may each make one at once."""
        if server not in self._templates:
            suite_database = os.environ.get("DATABASE_URL", "").rpartition("/")[2].split("?")[0] or "plantrack"
            name = f"{suite_database}_migrated_{os.getpid()}"
            with _admin(server) as admin:
                admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
                admin.execute(f"CREATE DATABASE {name}")
            self._templates[server] = name  # dropped by close() even if the migrate below fails
            plantrack("migrate", "--noinput", "-v", "0",
                      env=service_env(self.root / f"postgres-{len(self._templates)}", DATABASE_URL=f"{server}/{name}"))
        return self._templates[server]

    def copy_into(self, data_dir: Path, database_url: str | None = None) -> None:
        """Start the installation in `data_dir` (and, where given, the empty-to-be PostgreSQL database at
        `database_url`, made here) from the migrated copy."""
        if database_url:
            server, _, name = database_url.rpartition("/")
            template = self.postgres_template(server)
            with _admin(server) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
                admin.execute(f'CREATE DATABASE "{name}" TEMPLATE {template}')
        else:
            data_dir.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(self.sqlite_file(), data_dir / SQLITE_FILE)

    def close(self) -> None:
        for server, name in self._templates.items():
            with _admin(server) as admin:
                admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        self._templates.clear()


@contextmanager
def service_database(data_dir: Path | None = None, *,
                     migrated: MigratedDatabases | None = None) -> Iterator[dict[str, str]]:
    """Where the suite runs on PostgreSQL (DATABASE_URL set), a fresh database of its own for the service processes
    (`{"DATABASE_URL": …}`, dropped afterwards); otherwise nothing, and they use SQLite in their data directory. The
    name carries the test process's id: two test processes may each run such a test at once. With `migrated`, the
    database starts as `plantrack migrate` leaves it (the SQLite file copied into `data_dir`)."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        if migrated is not None:
            assert data_dir is not None, "a migrated SQLite database needs the data directory to copy it into"
            migrated.copy_into(data_dir)
        yield {}
        return
    server, _, name = url.rpartition("/")
    name = f"{name.split('?')[0]}_service_{os.getpid()}"
    if migrated is not None:
        migrated.copy_into(data_dir or Path(), f"{server}/{name}")
    else:
        with _admin(server) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
            admin.execute(f"CREATE DATABASE {name}")
    try:
        yield {"DATABASE_URL": f"{server}/{name}"}
    finally:
        with _admin(server) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
