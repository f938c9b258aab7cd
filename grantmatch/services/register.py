"""The project register: moving an entry through its life cycle, ideas becoming entries,
plan-tag suggestions, and the public list.

Every change goes through :func:`grantmatch.services.catalog.save_entity`, so it is
validated, checked against the version the coordinator loaded and written to the history
(entity type ``project``) in the same transaction. The functions here commit.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Mapping

from sqlalchemy.orm import Session

from grantmatch.catalog import register as reg
from grantmatch.catalog.models import PastProject, Scheme, utcnow
from grantmatch.catalog.registermodels import Idea
from grantmatch.catalog.schema import CURRENCIES, SLUG_RE, FieldError, parse_date
from grantmatch.plantags import PlanTagRanker, project_text
from grantmatch.services import catalog as cat

IllegalTransition = reg.IllegalTransition


class IdeaNotOpen(cat.CatalogError):
    """The idea was already registered or archived."""


def _committed(session: Session, work: Any) -> Any:
    try:
        result = work()
        session.commit()
        return result
    except Exception:
        session.rollback()
        raise


# --- life cycle --------------------------------------------------------------------------

def _number(details: Mapping[str, Any], name: str, errors: list[FieldError], *, required: bool) -> float | int | None:
    raw = details.get(name)
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        if required:
            errors.append(FieldError(name, "is required"))
        return None
    try:
        value = float(str(raw).replace(" ", "").replace("\u00a0", "").replace(",", ".")) \
            if not isinstance(raw, (int, float)) or isinstance(raw, bool) else raw
    except ValueError:
        errors.append(FieldError(name, "must be a number"))
        return None
    if isinstance(value, bool) or value != value or value in (float("inf"), float("-inf")) or value < 0:
        errors.append(FieldError(name, "must be a number of at least 0"))
        return None
    return int(value) if float(value).is_integer() else value


def _date(details: Mapping[str, Any], name: str, errors: list[FieldError], *, default: dt.date | None) -> str | None:
    raw = details.get(name)
    if raw in (None, ""):
        if default is None:
            errors.append(FieldError(name, "is required"))
            return None
        return default.isoformat()
    parsed = parse_date(raw)
    if parsed is None:
        errors.append(FieldError(name, "must be a date in the form YYYY-MM-DD"))
        return None
    return parsed.isoformat()


def _year(details: Mapping[str, Any], name: str, errors: list[FieldError], default: int) -> int:
    raw = details.get(name)
    if raw in (None, ""):
        return default
    text = str(raw).strip()
    if not text.isdigit() or not 1900 <= int(text) <= 2100:
        errors.append(FieldError(name, "must be a year such as 2026"))
        return default
    return int(text)


def _text(details: Mapping[str, Any], name: str, errors: list[FieldError], *, required: bool,
          max_chars: int = 20_000) -> str | None:
    raw = details.get(name)
    text = raw.strip() if isinstance(raw, str) else ""
    if not text:
        if required:
            errors.append(FieldError(name, "is required"))
        return None
    if len(text) > max_chars:
        errors.append(FieldError(name, f"is {len(text)} characters; at most {max_chars} allowed"))
        return None
    return text


def apply_stage(session: Session, data: dict[str, Any], to_stage: str, details: Mapping[str, Any],
                today: dt.date) -> dict[str, Any]:
    """The record after moving to ``to_stage`` with ``details``; raises on an illegal move or bad details."""
    current = reg.stage_of(data)
    reg.check_transition(current, to_stage)
    errors: list[FieldError] = []
    data = dict(data, stage=to_stage)
    applications = [dict(a) for a in data.get("applications") or []]
    years = dict(data.get("years") or {})
    if to_stage == "applied":
        scheme_id = str(details.get("scheme") or data.get("scheme") or "").strip()
        scheme = session.get(Scheme, scheme_id) if scheme_id else None
        if scheme is None:
            errors.append(FieldError("scheme", "choose the scheme applied to" if not scheme_id
                                     else f"unknown scheme {scheme_id!r}"))
        date = _date(details, "date", errors, default=today)
        asked = _number(details, "amount_asked", errors, required=True)
        currency = str(details.get("currency") or (scheme.data.get("funding", {}).get("currency") if scheme else "")
                       or "NOK")
        if currency not in CURRENCIES:
            errors.append(FieldError("currency", f"must be one of {', '.join(CURRENCIES)}"))
        if not errors and scheme is not None:
            applications.append({"scheme": scheme.id, "programme": scheme.programme, "date": date,
                                 "amount_asked": asked, "currency": currency})
            data["scheme"], data["programme"] = scheme.id, scheme.programme
    elif to_stage in ("granted", "rejected"):
        open_ones = [a for a in applications if not a.get("decision")]
        if not open_ones:
            errors.append(FieldError("", "there is no application waiting for a decision"))
        decision_date = _date(details, "decision_date", errors, default=today)
        granted = _number(details, "amount_granted", errors, required=to_stage == "granted")
        if open_ones and not errors:
            open_ones[-1]["decision"] = to_stage
            open_ones[-1]["decision_date"] = decision_date
            if to_stage == "granted":
                open_ones[-1]["amount_granted"] = granted
    elif to_stage == "running":
        years.setdefault("start", _year(details, "start", errors, today.year))
        if details.get("start"):
            years["start"] = _year(details, "start", errors, today.year)
    elif to_stage == "finished":
        years["end"] = _year(details, "end", errors, today.year)
        years.setdefault("start", years["end"])
    elif to_stage == "evaluated":
        attainment = str(details.get("goal_attainment") or "")
        if attainment not in reg.GOAL_ATTAINMENT:
            errors.append(FieldError("goal_attainment", f"must be one of {', '.join(reg.GOAL_ATTAINMENT)}"))
        evaluation = {"goal_attainment": attainment,
                      "results": _text(details, "results", errors, required=True),
                      "economy": _text(details, "economy", errors, required=True),
                      "notes": _text(details, "notes", errors, required=False),
                      "date": _date(details, "date", errors, default=today)}
        data["evaluation"] = evaluation
    if errors:
        raise cat.ValidationFailed(errors)
    data["applications"] = applications
    data["years"] = years
    return data


def advance(session: Session, project_id: str, to_stage: str, details: Mapping[str, Any], author: str,
            expected_version: int | None, *, today: dt.date | None = None) -> cat.SaveResult:
    """Move a register entry to its next stage and commit, with a history row.

    Raises :class:`IllegalTransition` for a jump the life cycle does not allow,
    :class:`~grantmatch.services.catalog.ValidationFailed` for missing or bad details,
    :class:`~grantmatch.services.catalog.Conflict` when someone saved a newer version and
    :class:`~grantmatch.services.catalog.NotFound`. Nothing is written on any error.
    """
    today = today or dt.date.today()

    def work() -> cat.SaveResult:
        row = cat.get_entity(session, "project", project_id)
        current = reg.stage_of(row.data)
        data = apply_stage(session, dict(row.data), to_stage, details, today)
        return cat.save_entity(session, "project", data, author, expected_version=expected_version,
                               note=f"stage: {current} → {to_stage}")

    return _committed(session, work)


# --- plan tags ---------------------------------------------------------------------------

def with_suggestions(record: dict[str, Any], ranker: PlanTagRanker | None = None) -> dict[str, Any]:
    """The record with ``plan_tags.suggested`` recomputed from its text; confirmed tags are kept."""
    suggested = [s.slug for s in (ranker or PlanTagRanker()).suggest(project_text(record))]
    tags = dict(record.get("plan_tags") or {})
    tags["suggested"] = suggested
    return dict(record, plan_tags=tags)


# --- ideas → entries ---------------------------------------------------------------------

def register_idea(session: Session, idea_id: int, *, project_id: str, name: str, stage: str, author: str,
                  description: str | None = None) -> cat.SaveResult:
    """Turn an idea into a register entry at stage ``idea`` or ``planning`` and commit."""
    idea = session.get(Idea, idea_id)
    if idea is None:
        raise cat.NotFound("idea", str(idea_id))
    if idea.status != "new":
        raise IdeaNotOpen(f"idea {idea_id} is already {idea.status}")
    errors = []
    if stage not in ("idea", "planning"):
        errors.append(FieldError("stage", "must be idea or planning"))
    if not SLUG_RE.match(project_id or "") or len(project_id) > 80:
        errors.append(FieldError("id", "must be a slug: lowercase letters, digits and single hyphens"))
    elif session.get(PastProject, project_id) is not None:
        errors.append(FieldError("id", "this id is already used; choose another"))
    if errors:
        raise cat.ValidationFailed(errors)
    schemes = [s for s in (session.get(Scheme, sid) for sid in idea.schemes or []) if s is not None]
    record: dict[str, Any] = {
        "id": project_id, "name": name, "description": description or idea.text, "stage": stage,
        "unit": idea.unit, "contact": {"name": idea.name, "email": idea.email},
        "partners": [{"name": p} for p in idea.partners or []],
        "scheme": schemes[0].id if schemes else None, "programme": schemes[0].programme if schemes else None,
        "source": f"idea #{idea.id}",
    }
    record = with_suggestions(record)

    def work() -> cat.SaveResult:
        result = cat.save_entity(session, "project", record, author, expected_version=0,
                                 note=f"registered from idea #{idea.id}")
        idea.status, idea.project_id = "registered", result.entity_id
        idea.handled_at, idea.handled_by = utcnow(), author
        return result

    return _committed(session, work)


def archive_idea(session: Session, idea_id: int, author: str, note: str | None = None) -> Idea:
    idea = session.get(Idea, idea_id)
    if idea is None:
        raise cat.NotFound("idea", str(idea_id))
    if idea.status != "new":
        raise IdeaNotOpen(f"idea {idea_id} is already {idea.status}")
    idea.status, idea.handled_at, idea.handled_by = "archived", utcnow(), author
    idea.note = (note or "").strip()[:2000] or None
    session.commit()
    return idea


# --- the public list ---------------------------------------------------------------------

@dataclass
class PublicProject:
    id: str
    name: str
    description: str
    stage: str
    years: dict[str, Any]
    unit: str | None
    programme: str | None
    scheme: str | None
    scheme_name: dict[str, str] | None
    themes: list[str]
    countries: list[str]
    partners: list[dict[str, Any]]
    tags: list[str]


@dataclass
class PublicRegister:
    ongoing: list[PublicProject]
    finished: list[PublicProject]
    not_funded: list[PublicProject]
    facets: dict[str, list[str]] = field(default_factory=dict)


def public_record(record: Mapping[str, Any], schemes: Mapping[str, Scheme]) -> PublicProject:
    """What the public page may show of an entry: no contact, no budget notes, no idea sender."""
    scheme = schemes.get(str(record.get("scheme") or ""))
    themes = list(record.get("themes") or (scheme.data.get("themes") if scheme else None) or [])
    partners = [{"name": p.get("name"), "country": p.get("country")} for p in record.get("partners") or []
                if isinstance(p, Mapping)]
    return PublicProject(
        id=str(record["id"]), name=str(record.get("name") or ""), description=str(record.get("description") or ""),
        stage=reg.stage_of(record), years=dict(record.get("years") or {}), unit=record.get("unit"),
        programme=record.get("programme") or (scheme.programme if scheme else None),
        scheme=scheme.id if scheme else None, scheme_name=scheme.data.get("name") if scheme else None,
        themes=themes, countries=sorted({str(p["country"]) for p in partners if p.get("country")}),
        partners=partners, tags=list((record.get("plan_tags") or {}).get("confirmed") or []))


def public_register(session: Session, *, theme: str | None = None, programme: str | None = None,
                    country: str | None = None, stage: str | None = None) -> PublicRegister:
    """Entries at planning or later, split into ongoing and finished, with the filter values."""
    schemes = {s.id: s for s in cat.list_schemes(session)}
    everything = [public_record(row.data, schemes) for row in cat.list_projects(session)
                  if row.stage in reg.PUBLIC_STAGES]
    facets = {
        "themes": sorted({t for p in everything for t in p.themes}),
        "programmes": sorted({p.programme for p in everything if p.programme}),
        "countries": sorted({c for p in everything for c in p.countries}),
        "stages": [s for s in reg.PUBLIC_STAGES if any(p.stage == s for p in everything)],
    }
    chosen = [p for p in everything
              if (not theme or theme in p.themes) and (not programme or p.programme == programme)
              and (not country or country in p.countries) and (not stage or p.stage == stage)]

    def newest_first(p: PublicProject) -> tuple[int, str]:
        return (-(p.years.get("end") or p.years.get("start") or 0), p.name.lower())

    return PublicRegister(
        ongoing=sorted([p for p in chosen if p.stage in reg.ONGOING_STAGES], key=newest_first),
        finished=sorted([p for p in chosen if p.stage in reg.DONE_STAGES], key=newest_first),
        not_funded=sorted([p for p in chosen if p.stage == "rejected"], key=newest_first), facets=facets)
