"""Import and export of the whole catalogue (folder, YAML, JSON, CSV, XLSX).

Import validates everything first and then applies it in one transaction: a single bad
file or row means nothing is written. Export writes every field, so export → import of
the same data reports everything unchanged.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import yaml
from sqlalchemy.orm import Session

from grantmatch.catalog.files import LoadedCatalog, SourceError, load_path
from grantmatch.catalog.models import Programme
from grantmatch.services import catalog as cat

ExportFormat = Literal["yaml", "json", "csv", "xlsx"]
EXPORT_FORMATS: tuple[str, ...] = ("yaml", "json", "csv", "xlsx")


@dataclass
class ImportSummary:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    retired: list[str] = field(default_factory=list)
    errors: list[SourceError] = field(default_factory=list)
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    def counts(self) -> dict[str, int]:
        return {"created": len(self.created), "updated": len(self.updated),
                "unchanged": len(self.unchanged), "retired": len(self.retired)}

    def as_text(self) -> str:
        counts = self.counts()
        prefix = "Dry run (nothing written): " if self.dry_run else ""
        return prefix + ", ".join(f"{n} {k}" for k, n in counts.items())


def read_source(session: Session, path: Path) -> LoadedCatalog:
    """Load and validate a source against the programmes and schemes already stored."""
    return load_path(path, known_programmes=cat.programme_slugs(session), existing_scheme_ids=cat.scheme_ids(session),
                     existing_project_ids=[p.id for p in cat.list_projects(session)])


def import_catalog(session: Session, loaded: LoadedCatalog, author: str, *, dry_run: bool = False) -> ImportSummary:
    """Apply ``loaded`` in one transaction; on any error nothing is written.

    Programmes come first (schemes refer to them), then schemes, past projects, partners
    (they refer to past projects) and the glossary. Schemes are saved in an order that puts successors before the schemes that
    point to them.
    """
    summary = ImportSummary(dry_run=dry_run, errors=list(loaded.errors))
    if summary.errors:
        return summary
    try:
        _import_programmes(session, loaded.programmes)
        for record in _successors_first(loaded.schemes):
            _record(summary, "scheme", cat.save_entity(session, "scheme", record, author, validate=False))
        for record in loaded.projects:
            _record(summary, "project", cat.save_entity(session, "project", record, author, validate=False))
        for record in loaded.partners:
            _record(summary, "partner", cat.save_entity(session, "partner", record, author, validate=False))
        if loaded.glossary is not None:
            _record(summary, "glossary", cat.save_entity(session, "glossary", loaded.glossary, author, validate=False))
        if dry_run:
            session.rollback()
        else:
            session.commit()
    except Exception:
        session.rollback()
        raise
    return summary


def _import_programmes(session: Session, programmes: list[dict[str, Any]]) -> None:
    for item in programmes:
        data = {k: v for k, v in item.items() if k != "slug"}
        row = session.get(Programme, item["slug"])
        if row is None:
            session.add(Programme(slug=item["slug"], data=data))
        elif row.data != data:
            row.data = data
    session.flush()


def _successors_first(schemes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    by_id = {s["id"]: s for s in schemes}
    ordered: list[dict[str, Any]] = []
    seen: set[str] = set()

    def visit(record: dict[str, Any], depth: int = 0) -> None:
        if record["id"] in seen or depth > len(schemes):
            return
        successor = by_id.get(record.get("successor") or "")
        if successor is not None:
            visit(successor, depth + 1)
        seen.add(record["id"])
        ordered.append(record)

    for record in schemes:
        visit(record)
    return ordered


def _record(summary: ImportSummary, kind: str, result: cat.SaveResult) -> None:
    label = result.entity_id if kind == "scheme" else f"{kind}:{result.entity_id}"
    if result.action == "create":
        summary.created.append(label)
    elif result.action == "unchanged":
        summary.unchanged.append(label)
    elif result.action == "retire":
        summary.retired.append(label)
    else:
        summary.updated.append(label)


def import_path(session: Session, path: Path, author: str, *, dry_run: bool = False) -> ImportSummary:
    return import_catalog(session, read_source(session, path), author, dry_run=dry_run)


def ensure_seeded(session: Session, catalog_path: Path) -> ImportSummary | None:
    """Load the shipped catalogue into an empty database; leave a populated one alone."""
    if cat.count_schemes(session) > 0:
        return None
    return import_path(session, catalog_path, author="seed")


def export_data(session: Session) -> dict[str, Any]:
    """Everything, with version metadata: ``{"schemes", "past_projects", "partners", "glossary", "programmes"}``."""
    return {
        "format": "grantmatch-catalog/1",
        "exported_at": dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat(),
        "programmes": cat.programmes(session),
        "schemes": [cat.record_with_meta(s) for s in cat.list_schemes(session)],
        "past_projects": [cat.record_with_meta(p) for p in cat.list_projects(session, include_ideas=True)],
        "partners": [cat.record_with_meta(p) for p in cat.list_partners(session)],
        "glossary": cat.glossary_groups(session),
    }


def export_bytes(session: Session, fmt: str) -> bytes:
    """Serialise the catalogue in ``fmt`` (yaml, json, csv or xlsx)."""
    data = export_data(session)
    if fmt == "json":
        return json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8")
    if fmt == "yaml":
        return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100).encode("utf-8")
    from grantmatch.catalog import sheets

    if fmt == "csv":
        return sheets.schemes_csv(data["schemes"]).encode("utf-8-sig")  # BOM: Excel opens it as UTF-8
    if fmt == "xlsx":
        return sheets.catalog_xlsx(data["schemes"], data["past_projects"], data["glossary"], data["partners"])
    raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(EXPORT_FORMATS)}")
