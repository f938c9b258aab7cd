"""Helpers shared by the CLI commands: config and runtime from the environment."""

from __future__ import annotations

import getpass
from functools import wraps
from typing import Any, Callable

import click

from grantmatch.config import Config, ConfigError
from grantmatch.runtime import Runtime, open_runtime


def load_config() -> Config:
    try:
        return Config.from_env()
    except ConfigError as exc:
        raise click.ClickException(f"configuration error: {exc}") from exc


def pass_runtime_factory(func: Callable[..., Any]) -> Callable[..., Any]:
    """Give the command a ``runtime`` built from the environment (or the test's ``ctx.obj``)."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        ctx = click.get_current_context()
        runtime = ctx.obj if isinstance(ctx.obj, Runtime) else open_runtime(load_config())
        return func(runtime, *args, **kwargs)

    return wrapper


def default_author() -> str:
    try:
        return f"cli:{getpass.getuser()}"
    except Exception:  # no user name in some containers
        return "cli"
