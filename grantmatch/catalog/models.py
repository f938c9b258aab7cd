"""SQLAlchemy 2 models: the catalogue, its change history and the catalogue version stamp.

A scheme's full validated record lives in ``data`` (JSON), with the fields that are
filtered or sorted on copied into columns. Models never commit: services own the
transaction, so an edit and its revision row are written together or not at all.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Date, DateTime, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

JsonType = JSON().with_variant(JSONB(), "postgresql")


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


class Base(DeclarativeBase):
    pass


class Programme(Base):
    __tablename__ = "programmes"

    slug: Mapped[str] = mapped_column(String(80), primary_key=True)
    data: Mapped[dict[str, Any]] = mapped_column(JsonType)


class Scheme(Base):
    __tablename__ = "schemes"

    id: Mapped[str] = mapped_column(String(80), primary_key=True)
    programme: Mapped[str] = mapped_column(String(80), index=True)
    status: Mapped[str] = mapped_column(String(16), index=True)
    successor_id: Mapped[str | None] = mapped_column(String(80))
    url: Mapped[str] = mapped_column(Text)
    last_verified: Mapped[dt.date | None] = mapped_column(Date)
    data: Mapped[dict[str, Any]] = mapped_column(JsonType)
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    # Optimistic locking: SQLAlchemy adds "WHERE version = :old" to every UPDATE, so two
    # writers racing past the service's own version check still cannot both win.
    __mapper_args__ = {"version_id_col": version}


class PastProject(Base):
    __tablename__ = "past_projects"

    id: Mapped[str] = mapped_column(String(80), primary_key=True)
    programme: Mapped[str | None] = mapped_column(String(80), index=True)
    scheme_id: Mapped[str | None] = mapped_column(String(80), index=True)
    # The project register's life-cycle stage (idea … evaluated), copied from data["stage"].
    stage: Mapped[str] = mapped_column(String(16), index=True, default="finished", server_default="finished")
    data: Mapped[dict[str, Any]] = mapped_column(JsonType)
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    __mapper_args__ = {"version_id_col": version}


class Glossary(Base):
    """The whole glossary as one versioned document (it is edited and imported as a whole)."""

    __tablename__ = "glossary"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    data: Mapped[list[dict[str, Any]]] = mapped_column(JsonType)
    version: Mapped[int] = mapped_column(Integer, default=1)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    __mapper_args__ = {"version_id_col": version}


class Revision(Base):
    """One change to one catalogue entity: who, when, what changed, and the full new state."""

    __tablename__ = "revisions"
    __table_args__ = (
        UniqueConstraint("entity_type", "entity_id", "version", name="uq_revision_entity_version"),
        Index("ix_revisions_entity", "entity_type", "entity_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    entity_type: Mapped[str] = mapped_column(String(20))  # scheme | project | glossary
    entity_id: Mapped[str] = mapped_column(String(80))
    version: Mapped[int] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(String(20))  # create | update | retire | restore | revert
    author: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    changes: Mapped[dict[str, Any]] = mapped_column(JsonType)
    snapshot: Mapped[Any] = mapped_column(JsonType)
    note: Mapped[str | None] = mapped_column(Text)


class CatalogState(Base):
    """A single row whose ``version`` grows with every catalogue change.

    Every web worker compares it with the version its matcher index was built from, so an
    edit made in one process is seen by all of them.
    """

    __tablename__ = "catalog_state"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class User(Base):
    """A coordinator account. Passwords are stored only as salted hashes."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    email: Mapped[str] = mapped_column(String(320), unique=True)
    password_hash: Mapped[str] = mapped_column(String(300))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class LoginAttempt(Base):
    """Failed logins, for rate limiting across processes."""

    __tablename__ = "login_attempts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    key: Mapped[str] = mapped_column(String(400), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)


__all__ = [
    "Base", "Programme", "Scheme", "PastProject", "Glossary", "Revision", "CatalogState", "User",
    "LoginAttempt",
]


# Scheduled-work tables share the metadata (and so the migrations).
from grantmatch.catalog import jobmodels  # noqa: E402,F401
# Ideas sent by staff to the international coordinator (the project register's inbox).
from grantmatch.catalog import registermodels  # noqa: E402,F401
from grantmatch.catalog import partnermodels  # noqa: E402,F401
