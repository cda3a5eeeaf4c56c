"""The benchmark's own PostgreSQL database, and the app served by gunicorn (with one task worker) on 127.0.0.1."""

from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

BASE_DIR = Path(__file__).resolve().parent.parent
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/arp_bench"


def database_name(url: str) -> str:
    return urlsplit(url).path.lstrip("/")


def _maintenance(url: str):
    import psycopg2

    parts = urlsplit(url)
    connection = psycopg2.connect(urlunsplit(parts._replace(path="/postgres")))
    connection.autocommit = True
    return connection


def create_database(url: str) -> bool:
    """Create the benchmark's database if it does not exist; True if this run created it."""
    name = database_name(url)
    connection = _maintenance(url)
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            if cursor.fetchone():
                return False
            cursor.execute(f'CREATE DATABASE "{name}"')
            return True
    finally:
        connection.close()


def set_database_options(url: str, options: list[str]) -> None:
    """Reset the database's own settings, then set each NAME=VALUE (e.g. jit=off) for every new connection."""
    name = database_name(url)
    connection = _maintenance(url)
    try:
        with connection.cursor() as cursor:
            cursor.execute(f'ALTER DATABASE "{name}" RESET ALL')
            for option in options:
                key, _, value = option.partition("=")
                if not key.replace("_", "").isalnum():
                    raise ValueError(f"Not a PostgreSQL setting: {key!r}")
                cursor.execute(f'ALTER DATABASE "{name}" SET {key} = %s', [value])
    finally:
        connection.close()


def drop_database(url: str) -> None:
    name = database_name(url)
    connection = _maintenance(url)
    try:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        connection.close()


def server_environment(url: str, static_root: Path, media_root: Path) -> dict[str, str]:
    """What gunicorn, the worker and this process run with: benchmarks.settings (production plus a temporary
    static folder), a throwaway SECRET_KEY, only 127.0.0.1, and plain HTTP behind a pretend proxy."""
    return {
        "DJANGO_SETTINGS_MODULE": "benchmarks.settings",
        "DATABASE_URL": url,
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "BENCH_STATIC_ROOT": str(static_root),
        "MEDIA_ROOT": str(media_root),
        "LOG_LEVEL": "WARNING",
        "DB_STATEMENT_TIMEOUT_MS": os.environ.get("DB_STATEMENT_TIMEOUT_MS", "30000"),  # as in production
    }


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """gunicorn serving config.wsgi with `workers` sync workers, and one task worker for background jobs.

    Both are started by this object and stopped by their own process ids (SIGTERM, then SIGKILL).
    """

    def __init__(self, *, workers: int, timeout: int, log: Path, env: dict[str, str], task_worker: bool = True) -> None:
        self.workers, self.timeout, self.log, self.task_worker = workers, timeout, log, task_worker
        self.env = {**os.environ, **env}
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.processes: list[subprocess.Popen] = []

    def __enter__(self) -> Server:
        self.log.parent.mkdir(parents=True, exist_ok=True)
        log = self.log.open("ab")
        bin_dir = Path(sys.executable).parent
        gunicorn = [
            str(bin_dir / "gunicorn"), "config.wsgi",
            "--bind", f"127.0.0.1:{self.port}",
            "--workers", str(self.workers),
            "--timeout", str(self.timeout),
            "--graceful-timeout", "5",
            "--error-logfile", "-",
            "--no-control-socket",  # several gunicorns on one machine would share its one default path
        ]  # fmt: skip
        self.processes.append(subprocess.Popen(gunicorn, cwd=BASE_DIR, env=self.env, stdout=log, stderr=log))
        if self.task_worker:
            worker = [sys.executable, "manage.py", "run_worker", "--interval", "0.2"]
            self.processes.append(subprocess.Popen(worker, cwd=BASE_DIR, env=self.env, stdout=log, stderr=log))
        self.wait_until_up()
        return self

    def wait_until_up(self, *, seconds: float = 60) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.processes[0].poll() is not None:
                raise RuntimeError(f"gunicorn stopped at start: see {self.log}")
            try:
                request = urllib.request.Request(self.url + "/healthz", headers={"X-Forwarded-Proto": "https"})
                with urllib.request.urlopen(request, timeout=5) as response:
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.3)
        raise RuntimeError(f"gunicorn did not answer /healthz within {seconds:.0f} s: see {self.log}")

    def __exit__(self, *exc) -> None:
        for process in self.processes:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        self.processes = []


def apply_environment(values: dict[str, str]) -> None:
    os.environ.update(values)
