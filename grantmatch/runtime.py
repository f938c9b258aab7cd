"""The objects a process needs to talk to the database, built once from the config."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from pathlib import Path

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


def secret_key(config: Config) -> str:
    """The configured secret key; in debug or tests a random one kept in the instance folder.

    Outside debug a missing key is an error: sessions, CSRF tokens and unsubscribe links
    must not be signed with a guessable or changing key.
    """
    if config.secret_key:
        return config.secret_key
    if not (config.debug or config.testing):
        raise RuntimeError("GRANTMATCH_SECRET_KEY must be set when not in debug mode "
                           "(generate one with: python -c 'import secrets; print(secrets.token_hex(32))')")
    key_file = Path(config.instance_path) / "secret_key"
    try:
        if key_file.exists():
            return key_file.read_text().strip()
        key_file.parent.mkdir(parents=True, exist_ok=True)
        key = secrets.token_hex(32)
        key_file.write_text(key)
        key_file.chmod(0o600)
        return key
    except OSError:
        return secrets.token_hex(32)


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
