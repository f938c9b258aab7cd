"""Migrations run up and down on both databases."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import inspect

from grantmatch.catalog import db


def test_upgrade_downgrade_upgrade(database_url: str, tmp_path: Path) -> None:
    engine = db.make_engine(database_url)
    db.upgrade(engine)
    tables = set(inspect(engine).get_table_names())
    assert {"schemes", "past_projects", "revisions", "glossary", "catalog_state", "users"} <= tables
    db.upgrade(engine)  # idempotent
    db.downgrade(engine, "base")
    assert "schemes" not in set(inspect(engine).get_table_names())
    db.upgrade(engine)
    assert "schemes" in set(inspect(engine).get_table_names())
    engine.dispose()


def test_models_match_migrations(database_url: str) -> None:
    """Autogenerate finds nothing to add: the models and the migrations agree."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from grantmatch.catalog.models import Base

    engine = db.make_engine(database_url)
    db.upgrade(engine)
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    engine.dispose()
    assert diff == []
