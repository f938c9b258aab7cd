"""The objects a process needs to talk to the database, built once from the config."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from grantmatch.catalog import db
from grantmatch.config import Config


@dataclass(frozen=True)
class Runtime:
    config: Config
    engine: Engine
    sessions: sessionmaker[Session]

    def session(self):  # type: ignore[no-untyped-def]
        """Context manager yielding a session that is rolled back on error and closed."""
        return db.session_scope(self.sessions)


def open_runtime(config: Config) -> Runtime:
    engine = db.make_engine(config.database_url)
    return Runtime(config=config, engine=engine, sessions=db.make_session_factory(engine))


def prepare_database(runtime: Runtime, *, seed: bool = True):  # type: ignore[no-untyped-def]
    """Migrate to the newest schema and, if the catalogue is empty, load ``catalog_data/``."""
    from grantmatch.services.transfer import ensure_seeded

    db.upgrade(runtime.engine)
    if not seed:
        return None
    with runtime.session() as session:
        return ensure_seeded(session, runtime.config.catalog_path)
