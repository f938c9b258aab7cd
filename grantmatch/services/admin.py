"""Use cases of the coordinator pages: committed edits and the filtered, sorted scheme list.

The edit functions wrap :mod:`grantmatch.services.catalog` and own the commit, so a web
view only calls one function and renders the outcome. They raise the catalogue's own
errors (:class:`~grantmatch.services.catalog.ValidationFailed`,
:class:`~grantmatch.services.catalog.Conflict`, :class:`~grantmatch.services.catalog.NotFound`);
on any error nothing is written.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Callable, Mapping, TypeVar

from sqlalchemy.orm import Session

from grantmatch.catalog.records import canonical
from grantmatch.catalog.schema import FieldError
from grantmatch.services import catalog as cat

T = TypeVar("T")

# Worst first, so sorting by link health puts the links that need attention on top.
LINK_ORDER = {"broken": 0, "unreachable": 1, "uncertain": 2, "redirect": 3, "ok": 4}
SORT_KEYS = ("name", "programme", "status", "verified", "link")


def _committed(session: Session, work: Callable[[], T]) -> T:
    """Run ``work`` and commit; roll back on any error so the session stays usable."""
    try:
        result = work()
        session.commit()
        return result
    except Exception:
        session.rollback()
        raise


def save_record(session: Session, entity_type: cat.EntityType, data: Any, author: str, *,
                expected_version: int, creating: bool = False) -> cat.SaveResult:
    """Save one scheme, past project or the glossary as edited in a form, and commit.

    ``expected_version`` is the version the form was loaded with (0 for a new record).
    ``creating`` refuses an id that is already taken with a field error on ``id`` rather
    than a conflict, because the editor chose the id, not an old version.
    """
    if creating and entity_type != "glossary" and isinstance(data, dict):
        entity_id = data.get("id")
        if isinstance(entity_id, str) and entity_id:
            try:
                cat.get_entity(session, entity_type, entity_id)
            except cat.NotFound:
                pass
            else:
                raise cat.ValidationFailed([FieldError("id", "this id is already used; choose another")])
    return _committed(session, lambda: cat.save_entity(session, entity_type, data, author,
                                                       expected_version=expected_version))


def check_record(session: Session, entity_type: cat.EntityType, data: Any) -> list[FieldError]:
    """The validation errors ``data`` would be refused with, without saving anything."""
    return cat.validate_record(session, entity_type, _canonical(entity_type, data))


def _canonical(entity_type: str, data: Any) -> Any:
    if entity_type == "glossary" and isinstance(data, list):
        return [canonical(g) if isinstance(g, Mapping) else g for g in data]
    return canonical(data) if isinstance(data, Mapping) else data


def conflict_fields(entity_type: str, current: Any, mine: Any) -> list[tuple[str, Any, Any]]:
    """Where the stored record and the editor's version differ: ``(field, stored, mine)``.

    Top-level fields for schemes and projects; for the glossary one entry per group
    position (``"group 3"``).
    """
    current, mine = _canonical(entity_type, current), _canonical(entity_type, mine)
    if entity_type == "glossary":
        current = {f"{i + 1}": g for i, g in enumerate(current or [])}
        mine = {f"{i + 1}": g for i, g in enumerate(mine or [])}
    current, mine = current or {}, mine or {}
    keys = list(dict.fromkeys([*current, *mine]))
    return [(k, current.get(k), mine.get(k)) for k in keys if current.get(k) != mine.get(k)]


def retire(session: Session, scheme_id: str, successor: str | None, author: str,
           expected_version: int) -> cat.SaveResult:
    return _committed(session, lambda: cat.retire_scheme(session, scheme_id, successor or None, author,
                                                         expected_version=expected_version))


def restore(session: Session, scheme_id: str, author: str, expected_version: int) -> cat.SaveResult:
    return _committed(session, lambda: cat.restore_scheme(session, scheme_id, author,
                                                          expected_version=expected_version))


def revert(session: Session, revision_id: int, author: str) -> cat.SaveResult:
    return _committed(session, lambda: cat.revert_to_revision(session, revision_id, author))


def revision(session: Session, revision_id: int) -> Any:
    """One revision row, or :class:`~grantmatch.services.catalog.NotFound`."""
    from grantmatch.catalog.models import Revision

    row = session.get(Revision, revision_id)
    if row is None:
        raise cat.NotFound("revision", str(revision_id))
    return row


def history_page(session: Session, entity_type: str | None = None, entity_id: str | None = None, *,
                 page: int = 1, per_page: int = 50) -> tuple[list[Any], bool]:
    """One page of revisions (newest first) and whether another page follows."""
    page = max(page, 1)
    rows = cat.history(session, entity_type, entity_id, limit=per_page + 1, offset=(page - 1) * per_page)
    return rows[:per_page], len(rows) > per_page


@dataclass(frozen=True)
class SchemeRow:
    """What the coordinator's scheme table shows for one scheme."""

    id: str
    name: dict[str, str]
    programme: str
    status: str
    successor: str | None
    url: str
    last_verified: dt.date | None
    version: int
    link: Any  # the link-health object for ``url`` (``.status``, ``.since``) or None: not checked yet


def scheme_rows(session: Session, *, status: str | None = None, programme: str | None = None,
                text: str | None = None, sort: str = "name", descending: bool = False,
                links: Mapping[str, Any] | None = None, lang: str = "nb") -> list[SchemeRow]:
    """Schemes filtered by status, programme and free text (id, names, aliases), then sorted.

    ``sort`` is one of :data:`SORT_KEYS`; unknown values sort by name. Schemes never
    verified and links never checked sort last in ascending order.
    """
    links = links or {}
    needle = (text or "").strip().casefold()
    rows: list[SchemeRow] = []
    for scheme in cat.list_schemes(session, status=status or None, programme=programme or None):
        data = scheme.data
        if needle:
            haystack = [scheme.id, *(data.get("name") or {}).values(), *(data.get("aliases") or [])]
            if not any(needle in str(item).casefold() for item in haystack):
                continue
        rows.append(SchemeRow(id=scheme.id, name=dict(data.get("name") or {}), programme=scheme.programme,
                              status=scheme.status, successor=scheme.successor_id, url=scheme.url,
                              last_verified=scheme.last_verified, version=scheme.version,
                              link=links.get(scheme.url)))

    def name_key(row: SchemeRow) -> str:
        return (row.name.get(lang) or row.name.get("nb") or row.id).casefold()

    keys: dict[str, Callable[[SchemeRow], Any]] = {
        "name": lambda r: (name_key(r),),
        "programme": lambda r: (r.programme, name_key(r)),
        "status": lambda r: (r.status, name_key(r)),
        "verified": lambda r: (r.last_verified is None, r.last_verified or dt.date.min, name_key(r)),
        "link": lambda r: (LINK_ORDER.get(getattr(r.link, "status", None), len(LINK_ORDER)), name_key(r)),
    }
    rows.sort(key=keys.get(sort, keys["name"]), reverse=descending)
    return rows
