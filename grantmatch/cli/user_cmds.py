"""``grantmatch users ...``: coordinator accounts."""

from __future__ import annotations

import sys

import click

from grantmatch.catalog import db
from grantmatch.cli.common import pass_runtime_factory
from grantmatch.runtime import Runtime
from grantmatch.services import users


@click.group(name="users")
def users_group() -> None:
    """Coordinator accounts for /admin."""


def _read_password(password_stdin: bool) -> str:
    if password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    return click.prompt("Password", hide_input=True, confirmation_prompt=True)


@users_group.command()
@click.argument("email")
@click.option("--password-stdin", is_flag=True, help="Read the password from the first line of standard input.")
@pass_runtime_factory
def create(runtime: Runtime, email: str, password_stdin: bool) -> None:
    """Create a coordinator account."""
    db.upgrade(runtime.engine)
    with runtime.session() as session:
        try:
            user = users.create_user(session, email, _read_password(password_stdin))
        except users.AccountError as exc:
            raise click.ClickException(str(exc)) from exc
        click.echo(f"Created account {user.email}")


@users_group.command(name="set-password")
@click.argument("email")
@click.option("--password-stdin", is_flag=True, help="Read the password from the first line of standard input.")
@pass_runtime_factory
def set_password(runtime: Runtime, email: str, password_stdin: bool) -> None:
    """Change a coordinator's password."""
    with runtime.session() as session:
        try:
            users.set_password(session, email, _read_password(password_stdin))
        except users.AccountError as exc:
            raise click.ClickException(str(exc)) from exc
        click.echo(f"Password changed for {email}")


COMMANDS = [users_group]
