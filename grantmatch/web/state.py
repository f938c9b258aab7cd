"""Per-app state: the runtime and the request's database session."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flask import current_app, g
from sqlalchemy.orm import Session

from grantmatch.observability import Counters
from grantmatch.runtime import Runtime


@dataclass
class AppState:
    runtime: Runtime
    # Filled lazily by the search service: the matcher index and the catalogue version it was built from.
    cache: dict[str, Any] = field(default_factory=dict)
    counters: Counters = field(default_factory=Counters)


def app_state() -> AppState:
    return current_app.extensions["grantmatch"]


def db_session() -> Session:
    """The request's session, opened on first use and closed at teardown."""
    if "db" not in g:
        g.db = app_state().runtime.sessions()
    return g.db
