"""Shared fixtures: configs on throwaway databases (SQLite always, PostgreSQL when configured)."""

from __future__ import annotations

import os
import socket
from pathlib import Path
from typing import Iterator

import pytest
from sqlalchemy import text

from grantmatch.catalog import db
from grantmatch.config import PROJECT_ROOT, Config
from grantmatch.runtime import Runtime, open_runtime

CATALOG = PROJECT_ROOT / "catalog_data"
PG_ENV = "GRANTMATCH_TEST_DATABASE_URL"


def _postgres_url() -> str:
    """The PostgreSQL URL for tests, or skip (locally) / fail (in CI) with the reason."""
    url = os.environ.get(PG_ENV)
    if not url:
        if os.environ.get("CI"):
            pytest.fail(f"{PG_ENV} must be set in CI (see .ci/run)")
        pytest.skip(f"PostgreSQL tests need {PG_ENV}, e.g. postgresql+psycopg://postgres@127.0.0.1:5432/test")
    engine = db.make_engine(url)
    try:
        with engine.connect() as conn:
            conn.execute(text("select 1"))
    except Exception as exc:  # pragma: no cover - depends on the machine
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL at {url} is unreachable in CI: {exc}")
        pytest.skip(f"PostgreSQL at {url} is unreachable: {exc}")
    finally:
        engine.dispose()
    return url


def _reset_postgres(url: str) -> None:
    engine = db.make_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty database of each kind; tests using it run once per database."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'test.sqlite'}"
    url = _postgres_url()
    _reset_postgres(url)
    return url


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'test.sqlite'}"


def make_config(database_url: str, tmp_path: Path, **changes: object) -> Config:
    base = Config(
        database_url=database_url,
        instance_path=tmp_path / "instance",
        catalog_path=CATALOG,
        secret_key="test-secret-key-not-for-production",
        testing=True,
        session_cookie_secure=False,
        wtf_csrf_enabled=False,
    )
    return base.with_changes(**changes) if changes else base


@pytest.fixture
def runtime(database_url: str, tmp_path: Path) -> Iterator[Runtime]:
    """A migrated, empty database on SQLite and on PostgreSQL."""
    rt = open_runtime(make_config(database_url, tmp_path))
    db.upgrade(rt.engine)
    yield rt
    rt.engine.dispose()


@pytest.fixture
def sqlite_runtime(sqlite_url: str, tmp_path: Path) -> Iterator[Runtime]:
    rt = open_runtime(make_config(sqlite_url, tmp_path))
    db.upgrade(rt.engine)
    yield rt
    rt.engine.dispose()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class SmtpSink:
    """A real SMTP server (aiosmtpd) on 127.0.0.1 that keeps every message it receives."""

    def __init__(self) -> None:
        from aiosmtpd.controller import Controller

        self.messages: list = []
        self.port = free_port()
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)

    async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]  # aiosmtpd hook
        import email
        from email import policy

        message = email.message_from_bytes(envelope.original_content, policy=policy.default)
        self.messages.append((list(envelope.rcpt_tos), message))
        return "250 Message accepted for delivery"


@pytest.fixture
def smtp_sink() -> Iterator[SmtpSink]:
    sink = SmtpSink()
    sink.controller.start()
    yield sink
    sink.controller.stop()


@pytest.fixture(scope="session")
def httpserver_listen_address() -> tuple[str, int]:
    """pytest-httpserver on 127.0.0.1 (catalogue URLs need a dotted host name)."""
    return ("127.0.0.1", 0)
