"""The ``grantmatch`` command line: one group, one module per concern."""

from __future__ import annotations

import click


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="grantmatch")
def main() -> None:
    """grantmatch: find the funding schemes that fit a municipal project idea."""


def _register() -> None:
    from grantmatch.cli import catalog_cmds, db_cmds, link_cmds, matching_cmds, serve_cmds, user_cmds

    for module in (db_cmds, catalog_cmds, serve_cmds, matching_cmds, user_cmds, link_cmds):
        for command in module.COMMANDS:
            main.add_command(command)


_register()
