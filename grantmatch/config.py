"""All configuration, read from ``GRANTMATCH_*`` environment variables in one place.

Every setting has a safe default so that ``make run`` works on a fresh machine with
nothing configured. Tests build their own :class:`Config` instead of touching the
environment.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Mapping

PACKAGE_ROOT = Path(__file__).resolve().parent
PROJECT_ROOT = PACKAGE_ROOT.parent

# Environment variables and their defaults, documented in the README.
ENV_DEFAULTS: dict[str, str] = {
    "GRANTMATCH_DATABASE_URL": "sqlite:///<instance>/grantmatch.sqlite",
    "GRANTMATCH_INSTANCE_PATH": "./instance",
    "GRANTMATCH_CATALOG_PATH": "./catalog_data",
    "GRANTMATCH_SECRET_KEY": "(random per process in debug; required otherwise)",
    "GRANTMATCH_DEBUG": "0",
    "GRANTMATCH_BASE_URL": "http://127.0.0.1:5000",
    "GRANTMATCH_MAX_QUERY_CHARS": "5000",
    "GRANTMATCH_SESSION_COOKIE_SECURE": "0 in debug, 1 otherwise",
    "GRANTMATCH_LOGIN_MAX_ATTEMPTS": "5",
    "GRANTMATCH_SMTP_HOST": "(empty: mail is stored, not sent)",
    "GRANTMATCH_SMTP_PORT": "25",
    "GRANTMATCH_SMTP_USER": "",
    "GRANTMATCH_SMTP_PASSWORD": "",
    "GRANTMATCH_SMTP_STARTTLS": "0",
    "GRANTMATCH_MAIL_FROM": "grantmatch@localhost",
    "GRANTMATCH_REPORT_TO": "",
    "GRANTMATCH_COORDINATOR_EMAIL": "(empty: GRANTMATCH_REPORT_TO)",
    "GRANTMATCH_LINKCHECK_ALLOW_PRIVATE": "0",
    "GRANTMATCH_LINKCHECK_TIMEOUT": "10",
    "GRANTMATCH_LINKCHECK_CONCURRENCY": "2",
    "GRANTMATCH_LINKCHECK_CRON": "0 7 * * mon",
    "GRANTMATCH_TIMEZONE": "Europe/Oslo",
    "GRANTMATCH_SCHEDULER": "on",
    "GRANTMATCH_API_RATE_LIMIT": "60",
    "GRANTMATCH_CORS_ORIGINS": "",
    "GRANTMATCH_ALERTS_CRON": "0 6 * * *",
}


def _flag(value: str | None, default: bool) -> bool:
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _int(value: str | None, default: int) -> int:
    if value is None or value.strip() == "":
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ConfigError(f"expected a whole number, got {value!r}") from exc


class ConfigError(ValueError):
    """A setting has a value the application cannot use."""


@dataclass(frozen=True)
class SmtpConfig:
    host: str = ""
    port: int = 25
    username: str = ""
    password: str = ""
    starttls: bool = False
    sender: str = "grantmatch@localhost"


@dataclass(frozen=True)
class LinkcheckConfig:
    allow_private: bool = False
    timeout: float = 10.0
    per_host_concurrency: int = 2
    cron: str = "0 7 * * mon"


@dataclass(frozen=True)
class Config:
    """Application settings; build with :meth:`from_env` or directly in tests."""

    database_url: str
    instance_path: Path
    catalog_path: Path
    secret_key: str | None = None
    debug: bool = False
    testing: bool = False
    base_url: str = "http://127.0.0.1:5000"
    max_query_chars: int = 5000
    session_cookie_secure: bool = True
    login_max_attempts: int = 5
    wtf_csrf_enabled: bool = True
    smtp: SmtpConfig = field(default_factory=SmtpConfig)
    report_to: tuple[str, ...] = ()
    coordinator_email: tuple[str, ...] = ()
    linkcheck: LinkcheckConfig = field(default_factory=LinkcheckConfig)
    timezone: str = "Europe/Oslo"
    scheduler_enabled: bool = True
    api_rate_limit: int = 60
    cors_origins: tuple[str, ...] = ()
    alerts_cron: str = "0 6 * * *"

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> "Config":
        env = os.environ if env is None else env
        instance = Path(env.get("GRANTMATCH_INSTANCE_PATH") or "instance").resolve()
        database_url = env.get("GRANTMATCH_DATABASE_URL") or f"sqlite:///{instance / 'grantmatch.sqlite'}"
        debug = _flag(env.get("GRANTMATCH_DEBUG"), False)
        catalog = Path(env.get("GRANTMATCH_CATALOG_PATH") or PROJECT_ROOT / "catalog_data").resolve()
        return cls(
            database_url=database_url,
            instance_path=instance,
            catalog_path=catalog,
            secret_key=env.get("GRANTMATCH_SECRET_KEY") or None,
            debug=debug,
            base_url=(env.get("GRANTMATCH_BASE_URL") or "http://127.0.0.1:5000").rstrip("/"),
            max_query_chars=_int(env.get("GRANTMATCH_MAX_QUERY_CHARS"), 5000),
            session_cookie_secure=_flag(env.get("GRANTMATCH_SESSION_COOKIE_SECURE"), not debug),
            login_max_attempts=_int(env.get("GRANTMATCH_LOGIN_MAX_ATTEMPTS"), 5),
            smtp=SmtpConfig(
                host=env.get("GRANTMATCH_SMTP_HOST", ""),
                port=_int(env.get("GRANTMATCH_SMTP_PORT"), 25),
                username=env.get("GRANTMATCH_SMTP_USER", ""),
                password=env.get("GRANTMATCH_SMTP_PASSWORD", ""),
                starttls=_flag(env.get("GRANTMATCH_SMTP_STARTTLS"), False),
                sender=env.get("GRANTMATCH_MAIL_FROM") or "grantmatch@localhost",
            ),
            report_to=tuple(a.strip() for a in env.get("GRANTMATCH_REPORT_TO", "").split(",") if a.strip()),
            coordinator_email=tuple(a.strip() for a in env.get("GRANTMATCH_COORDINATOR_EMAIL", "").split(",")
                                    if a.strip()),
            linkcheck=LinkcheckConfig(
                allow_private=_flag(env.get("GRANTMATCH_LINKCHECK_ALLOW_PRIVATE"), False),
                timeout=float(env.get("GRANTMATCH_LINKCHECK_TIMEOUT") or 10),
                per_host_concurrency=_int(env.get("GRANTMATCH_LINKCHECK_CONCURRENCY"), 2),
                cron=env.get("GRANTMATCH_LINKCHECK_CRON") or "0 7 * * mon",
            ),
            timezone=env.get("GRANTMATCH_TIMEZONE") or "Europe/Oslo",
            scheduler_enabled=_flag(env.get("GRANTMATCH_SCHEDULER"), True),
            api_rate_limit=_int(env.get("GRANTMATCH_API_RATE_LIMIT"), 60),
            cors_origins=tuple(o.strip().rstrip("/") for o in env.get("GRANTMATCH_CORS_ORIGINS", "").split(",")
                               if o.strip()),
            alerts_cron=env.get("GRANTMATCH_ALERTS_CRON") or "0 6 * * *",
        )

    @property
    def idea_recipients(self) -> tuple[str, ...]:
        """Where ideas from staff go: the coordinator, else the link-report recipients."""
        return self.coordinator_email or self.report_to

    def with_changes(self, **changes: object) -> "Config":
        return replace(self, **changes)
