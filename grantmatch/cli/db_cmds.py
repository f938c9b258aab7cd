"""``grantmatch db ...``: schema migrations."""

from __future__ import annotations

import click

from grantmatch.catalog import db
from grantmatch.cli.common import pass_runtime_factory
from grantmatch.runtime import Runtime


@click.group(name="db")
def db_group() -> None:
    """Database schema."""


@db_group.command()
@click.option("--revision", default="head", show_default=True, help="Target migration.")
@pass_runtime_factory
def upgrade(runtime: Runtime, revision: str) -> None:
    """Create or upgrade the database schema (safe to run repeatedly)."""
    db.upgrade(runtime.engine, revision)
    click.echo(f"Database at {runtime.engine.url.render_as_string(hide_password=True)} is at {revision}.")


COMMANDS = [db_group]
