"""Catalogue edits with history: create, update, retire, restore and revert.

Every write goes through :func:`save_entity`, which validates, checks the caller's
version (optimistic concurrency), writes the row and its :class:`Revision` and bumps the
catalogue version stamp. The caller commits, so a batch (an import) is all or nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Iterable, Literal

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from grantmatch.catalog import register, schema
from grantmatch.catalog.models import CatalogState, Glossary, PastProject, Programme, Revision, Scheme, utcnow
from grantmatch.catalog.partnermodels import Partner
from grantmatch.catalog.records import canonical, changed_fields

EntityType = Literal["scheme", "project", "glossary", "partner"]
GLOSSARY_ID = "glossary"


class CatalogError(Exception):
    """Base class for errors a user can act on."""


class NotFound(CatalogError):
    def __init__(self, entity_type: str, entity_id: str) -> None:
        super().__init__(f"no {entity_type} with id {entity_id!r}")
        self.entity_type, self.entity_id = entity_type, entity_id


class ValidationFailed(CatalogError):
    def __init__(self, errors: list[schema.FieldError]) -> None:
        super().__init__("; ".join(str(e) for e in errors))
        self.errors = errors


class Conflict(CatalogError):
    """Someone else saved a newer version since the caller loaded the record."""

    def __init__(self, entity_type: str, entity_id: str, expected: int, current: int, current_data: Any) -> None:
        super().__init__(f"{entity_type} {entity_id!r} was changed by someone else (you edited version "
                         f"{expected}, the current version is {current})")
        self.entity_type, self.entity_id = entity_type, entity_id
        self.expected, self.current, self.current_data = expected, current, current_data


@dataclass(frozen=True)
class SaveResult:
    entity_type: str
    entity_id: str
    action: str  # create | update | retire | restore | revert | unchanged
    version: int


def programme_slugs(session: Session) -> list[str]:
    return list(session.scalars(select(Programme.slug).order_by(Programme.slug)))


def scheme_ids(session: Session) -> set[str]:
    return set(session.scalars(select(Scheme.id)))


def catalog_version(session: Session) -> int:
    state = session.get(CatalogState, 1)
    return state.version if state else 0


def bump_catalog_version(session: Session) -> None:
    state = session.get(CatalogState, 1)
    if state is None:
        session.add(CatalogState(id=1, version=1, updated_at=utcnow()))
    else:
        state.version += 1
        state.updated_at = utcnow()


def _model(entity_type: EntityType) -> type:
    return {"scheme": Scheme, "project": PastProject, "glossary": Glossary, "partner": Partner}[entity_type]


def _load_row(session: Session, entity_type: EntityType, entity_id: str) -> Any:
    key: Any = 1 if entity_type == "glossary" else entity_id
    return session.get(_model(entity_type), key)


def validate_record(session: Session, entity_type: EntityType, data: Any) -> list[schema.FieldError]:
    """Field rules plus references to other schemes (successor, project's scheme)."""
    programmes = programme_slugs(session)
    if entity_type == "glossary":
        if not isinstance(data, list):
            return [schema.FieldError("", "the glossary must be a list of groups")]
        errors = []
        for i, group in enumerate(data):
            errors += [schema.FieldError(f"{i}.{e.path}".rstrip("."), e.message) for e in schema.validate_glossary_group(group)]
        return errors
    if entity_type == "partner":
        project_ids = set(session.scalars(select(PastProject.id)))
        return schema.validate_partner(data, project_ids)
    check = schema.validate_scheme if entity_type == "scheme" else schema.validate_project
    errors = check(data, programmes)
    ref_field = "successor" if entity_type == "scheme" else "scheme"
    ref = data.get(ref_field) if isinstance(data, dict) else None
    if isinstance(ref, str) and ref and session.get(Scheme, ref) is None:
        errors.append(schema.FieldError(ref_field, f"refers to unknown scheme {ref!r}"))
    if entity_type == "scheme" and isinstance(data, dict) and ref and ref == data.get("id"):
        errors.append(schema.FieldError("successor", "a scheme cannot be its own successor"))
    return errors


def _apply(row: Any, entity_type: EntityType, data: Any) -> None:
    row.data = data
    row.updated_at = utcnow()
    if entity_type == "scheme":
        row.programme = data["programme"]
        row.status = data["status"]
        row.successor_id = data.get("successor")
        row.url = data["url"]
        row.last_verified = schema.parse_date(data.get("last_verified"))
    elif entity_type == "project":
        row.programme = data.get("programme")
        row.scheme_id = data.get("scheme")
        row.stage = register.stage_of(data)
    elif entity_type == "partner":
        row.country = data["country"]
        row.kind = data["kind"]


def _new_row(entity_type: EntityType, entity_id: str) -> Any:
    if entity_type == "glossary":
        return Glossary(id=1)
    return _model(entity_type)(id=entity_id)


def save_entity(session: Session, entity_type: EntityType, data: Any, author: str, *,
                expected_version: int | None = None, action: str | None = None, note: str | None = None,
                validate: bool = True) -> SaveResult:
    """Create or update one entity and write its revision (the caller commits).

    ``expected_version`` is the version the editor loaded; a mismatch raises
    :class:`Conflict` instead of overwriting. ``None`` skips the check (imports).
    """
    if entity_type == "glossary":
        data = [canonical(g) for g in data] if isinstance(data, list) else data
        entity_id = GLOSSARY_ID
    else:
        data = canonical(data) if isinstance(data, dict) else data
        entity_id = data.get("id") if isinstance(data, dict) else None
    if entity_type == "project" and isinstance(data, dict):
        data = register.with_default_stage(data)  # files of earlier projects carry no stage
    if validate:
        errors = validate_record(session, entity_type, data)
        if errors:
            raise ValidationFailed(errors)
    row = _load_row(session, entity_type, entity_id)
    if row is not None and expected_version is not None and row.version != expected_version:
        raise Conflict(entity_type, entity_id, expected_version, row.version, row.data)
    if expected_version is not None and row is None and expected_version != 0:
        raise NotFound(entity_type, entity_id)
    old = row.data if row is not None else None
    if old == data:
        return SaveResult(entity_type, entity_id, "unchanged", row.version)
    if row is None:
        row = _new_row(entity_type, entity_id)
        session.add(row)
        action = action or "create"
    else:
        action = action or _infer_action(entity_type, old, data)
    _apply(row, entity_type, data)
    try:
        session.flush()  # assigns/increments the version (optimistic lock)
    except StaleDataError as exc:  # another transaction saved between our read and write
        session.rollback()
        raise Conflict(entity_type, entity_id, expected_version or 0, -1, None) from exc
    diff = changed_fields(_as_mapping(old), _as_mapping(data))
    session.add(Revision(entity_type=entity_type, entity_id=entity_id, version=row.version, action=action,
                         author=author, created_at=utcnow(), changes=diff, snapshot=data, note=note))
    bump_catalog_version(session)
    return SaveResult(entity_type, entity_id, action, row.version)


def _as_mapping(data: Any) -> dict[str, Any] | None:
    if data is None:
        return None
    if isinstance(data, list):  # the glossary: compare group by group
        return {str(i): g for i, g in enumerate(data)}
    return data


def _infer_action(entity_type: str, old: Any, new: Any) -> str:
    if entity_type == "scheme" and isinstance(old, dict) and isinstance(new, dict):
        if new.get("status") == "retired" and old.get("status") != "retired":
            return "retire"
        if old.get("status") == "retired" and new.get("status") != "retired":
            return "restore"
    return "update"


def get_entity(session: Session, entity_type: EntityType, entity_id: str = GLOSSARY_ID) -> Any:
    row = _load_row(session, entity_type, entity_id)
    if row is None:
        raise NotFound(entity_type, entity_id)
    return row


def retire_scheme(session: Session, scheme_id: str, successor: str | None, author: str,
                  expected_version: int | None = None) -> SaveResult:
    row = get_entity(session, "scheme", scheme_id)
    data = dict(row.data, status="retired", successor=successor)
    return save_entity(session, "scheme", data, author, expected_version=expected_version, action="retire")


def restore_scheme(session: Session, scheme_id: str, author: str, expected_version: int | None = None) -> SaveResult:
    """Bring a retired scheme back as active (its successor link is dropped)."""
    row = get_entity(session, "scheme", scheme_id)
    data = {k: v for k, v in row.data.items() if k != "successor"} | {"status": "active"}
    return save_entity(session, "scheme", data, author, expected_version=expected_version, action="restore")


def revert_to_revision(session: Session, revision_id: int, author: str) -> SaveResult:
    """Make an earlier revision's snapshot the current state (as a new revision)."""
    revision = session.get(Revision, revision_id)
    if revision is None:
        raise NotFound("revision", str(revision_id))
    return save_entity(session, revision.entity_type, revision.snapshot, author, action="revert",  # type: ignore[arg-type]
                       note=f"reverted to version {revision.version}")


def history(session: Session, entity_type: str | None = None, entity_id: str | None = None,
            limit: int = 200, offset: int = 0) -> list[Revision]:
    query = select(Revision).order_by(Revision.created_at.desc(), Revision.id.desc())
    if entity_type:
        query = query.where(Revision.entity_type == entity_type)
    if entity_id:
        query = query.where(Revision.entity_id == entity_id)
    return list(session.scalars(query.limit(limit).offset(offset)))


def list_schemes(session: Session, *, status: str | None = None, programme: str | None = None,
                 statuses: Iterable[str] | None = None) -> list[Scheme]:
    query = select(Scheme).order_by(Scheme.programme, Scheme.id)
    if status:
        query = query.where(Scheme.status == status)
    if statuses is not None:
        query = query.where(Scheme.status.in_(list(statuses)))
    if programme:
        query = query.where(Scheme.programme == programme)
    return list(session.scalars(query))


def list_projects(session: Session, *, include_ideas: bool = False) -> list[PastProject]:
    """Projects of the register; entries still at stage "idea" only when asked for (they are internal)."""
    query = select(PastProject).order_by(PastProject.id)
    if not include_ideas:
        query = query.where(PastProject.stage != "idea")
    return list(session.scalars(query))


def list_partners(session: Session) -> list[Partner]:
    return list(session.scalars(select(Partner).order_by(Partner.id)))


def glossary_groups(session: Session) -> list[dict[str, Any]]:
    row = session.get(Glossary, 1)
    return list(row.data) if row else []


def programmes(session: Session) -> list[dict[str, Any]]:
    return [dict(p.data, slug=p.slug) for p in session.scalars(select(Programme).order_by(Programme.slug))]


def count_schemes(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(Scheme)) or 0


def record_with_meta(row: Any) -> dict[str, Any]:
    """The stored record plus its version and last-change time (what export and the API show)."""
    stamp = row.updated_at
    if isinstance(stamp, dt.datetime) and stamp.tzinfo is None:
        stamp = stamp.replace(tzinfo=dt.timezone.utc)
    return dict(row.data, version=row.version, updated_at=stamp.isoformat() if stamp else None)
