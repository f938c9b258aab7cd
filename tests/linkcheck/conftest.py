"""Fixtures for the link-checker tests: local servers and fast options."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from grantmatch.linkcheck import CheckOptions

from .servers import LocalHTTPServer, ResetServer


@pytest.fixture
def server() -> Iterator[LocalHTTPServer]:
    """A fresh threaded HTTP server on 127.0.0.1 for one test."""
    srv = LocalHTTPServer().start()
    yield srv
    srv.stop()


@pytest.fixture
def reset_server() -> Iterator[ResetServer]:
    srv = ResetServer().start()
    yield srv
    srv.stop()


@pytest.fixture
def fast() -> CheckOptions:
    """Options for loopback tests: private addresses allowed, short waits."""
    return CheckOptions(
        connect_timeout=1.0,
        read_timeout=0.5,
        backoff_base=0.01,
        max_retry_after=2.0,
        allow_private=True,
    )
