"""``grantmatch catalog ...``: validate, import, export and seed the catalogue."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from grantmatch.catalog import db
from grantmatch.catalog.files import load_path
from grantmatch.cli.common import default_author, load_config, pass_runtime_factory
from grantmatch.runtime import Runtime
from grantmatch.services import transfer


@click.group(name="catalog")
def catalog_group() -> None:
    """Validate, import and export the catalogue of funding schemes."""


def _default_programmes(config_path: Path) -> list[str]:
    shipped = load_path(config_path / "programmes.yaml") if (config_path / "programmes.yaml").exists() else None
    return [p["slug"] for p in shipped.programmes] if shipped else []


@catalog_group.command()
@click.argument("path", required=False, type=click.Path(path_type=Path))
def validate(path: Path | None) -> None:
    """Check catalogue files against the schema and each other (no database needed).

    PATH is a catalogue folder (default: the configured catalog_data/), a YAML/JSON file
    or a CSV/XLSX sheet. Every error names file, line and field; exit code 1 on errors.
    """
    config = load_config()
    target = path or config.catalog_path
    loaded = load_path(target, known_programmes=_default_programmes(config.catalog_path))
    for error in loaded.errors:
        click.echo(str(error), err=True)
    if loaded.errors:
        click.echo(f"{len(loaded.errors)} error(s) in {target}", err=True)
        sys.exit(1)
    glossary = len(loaded.glossary) if loaded.glossary is not None else 0
    click.echo(f"OK: {len(loaded.schemes)} schemes, {len(loaded.projects)} past projects, "
               f"{len(loaded.partners)} partners, {glossary} glossary groups, {len(loaded.programmes)} programme families in {target}")


def _import(runtime: Runtime, path: Path, dry_run: bool, author: str) -> None:
    db.upgrade(runtime.engine)
    with runtime.session() as session:
        summary = transfer.import_path(session, path, author, dry_run=dry_run)
    for error in summary.errors:
        click.echo(str(error), err=True)
    if summary.errors:
        click.echo(f"Nothing imported: {len(summary.errors)} error(s).", err=True)
        sys.exit(1)
    click.echo(summary.as_text())


@catalog_group.command(name="import")
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--dry-run", is_flag=True, help="Validate and report what would change, write nothing.")
@click.option("--author", default=None, help="Name recorded in the history (default: cli:<user>).")
@pass_runtime_factory
def import_(runtime: Runtime, path: Path, dry_run: bool, author: str | None) -> None:
    """Import a folder, YAML/JSON file or CSV/XLSX sheet: all or nothing."""
    _import(runtime, path, dry_run, author or default_author())


@catalog_group.command()
@pass_runtime_factory
def seed(runtime: Runtime) -> None:
    """Migrate, then load the configured catalog_data/ if the catalogue is empty."""
    from grantmatch.runtime import prepare_database

    summary = prepare_database(runtime)
    if summary is None:
        click.echo("Catalogue already has schemes; nothing loaded.")
    elif summary.errors:
        for error in summary.errors:
            click.echo(str(error), err=True)
        sys.exit(1)
    else:
        click.echo(f"Loaded {runtime.config.catalog_path}: {summary.as_text()}")


@catalog_group.command()
@click.option("--format", "fmt", type=click.Choice(transfer.EXPORT_FORMATS), default="yaml", show_default=True)
@click.option("-o", "--output", default="-", show_default=True, help="File to write, or - for standard output.")
@pass_runtime_factory
def export(runtime: Runtime, fmt: str, output: str) -> None:
    """Export the whole catalogue with every field."""
    db.upgrade(runtime.engine)
    with runtime.session() as session:
        payload = transfer.export_bytes(session, fmt)
    if output == "-":
        sys.stdout.buffer.write(payload)
        sys.stdout.buffer.flush()
    else:
        Path(output).write_bytes(payload)
        click.echo(f"Wrote {len(payload)} bytes to {output}", err=True)


COMMANDS = [catalog_group]
