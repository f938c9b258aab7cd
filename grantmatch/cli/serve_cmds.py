"""``grantmatch serve``: the web app on the embedded development server."""

from __future__ import annotations

import click

from grantmatch.cli.common import pass_runtime_factory
from grantmatch.runtime import Runtime, prepare_database


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option("--no-prepare", is_flag=True, help="Skip migrating and seeding the database.")
@pass_runtime_factory
def serve(runtime: Runtime, host: str, port: int, no_prepare: bool) -> None:
    """Migrate, seed an empty catalogue and serve the web app."""
    from grantmatch.web import create_app

    if not no_prepare:
        summary = prepare_database(runtime)
        if summary is not None:
            click.echo(f"Seeded the catalogue: {summary.as_text()}")
    app = create_app(runtime.config, runtime=runtime)
    if runtime.config.scheduler_enabled:
        from grantmatch.scheduler import start_background

        start_background(runtime)
        click.echo("Scheduler running in this process (GRANTMATCH_SCHEDULER=off to disable).")
    click.echo(f"grantmatch serving on http://{host}:{port}/")
    app.run(host=host, port=port, debug=False, use_reloader=False, threaded=True)


COMMANDS = [serve]
