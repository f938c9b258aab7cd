"""CSV and XLSX layout of the catalogue (pandas), for coordinators who work in Excel.

One row per record. Nested mappings become dotted columns (``name.nb``, ``funding.max``);
lists become JSON text (``["school", "kindergarten"]``) so that every value survives the
round trip unchanged. CSV holds schemes only; XLSX has sheets ``schemes``,
``past_projects``, ``partners`` and ``glossary``.
"""

from __future__ import annotations

import io
import json
import math
from pathlib import Path
from typing import Any, Callable, Iterable

import pandas as pd

from grantmatch.catalog.files import LoadedCatalog, SourceError, MAX_FILE_BYTES
from grantmatch.catalog.records import canonical

LIST_COLUMNS = {
    "aliases", "applicants", "themes", "keywords.nb", "keywords.nn", "keywords.sv", "keywords.en",
    "partners.countries", "partners.regions", "deadlines", "sources",
}
PROJECT_LIST_COLUMNS = {"partners", "themes", "applications", "plan_tags.suggested", "plan_tags.confirmed"}
PARTNER_LIST_COLUMNS = {"aliases", "areas.nb", "areas.en", "past_projects", "sources"}
AREA_PREFIX = "partners.area."  # one list column per country: partners.area.SE
INT_COLUMNS = {"partners.min_organisations", "partners.min_countries", "years.start", "years.end", "since"}
NUMBER_COLUMNS = {"funding.min", "funding.max", "funding.cofunding_rate", "budget.amount"}
BOOL_COLUMNS = {"partners.eu_member_required", "partners.beneficiary_states_required", "partners.norway_eligible",
                "verified"}
GLOSSARY_COLUMNS = ("nb", "nn", "sv", "en")

SCHEME_COLUMNS = (
    "id", "programme", "status", "successor", "name.nb", "name.en", "summary.nb", "summary.en",
    "description.nb", "description.en", "aliases", "applicants", "partners.min_organisations",
    "partners.min_countries", "partners.countries", "partners.regions", "partners.eu_member_required",
    "partners.beneficiary_states_required", "partners.norway_eligible", "partners.notes.nb", "partners.notes.en", "themes", "keywords.nb", "keywords.nn", "keywords.sv",
    "keywords.en", "funding.currency", "funding.min", "funding.max", "funding.cofunding_rate",
    "funding.notes.nb", "funding.notes.en", "deadlines", "url", "agency.name", "agency.url",
    "last_verified", "sources",
)
PROJECT_COLUMNS = (
    "id", "name", "description", "years.start", "years.end", "partners", "programme", "scheme", "unit",
    "url", "source", "stage", "goals", "plan", "budget.amount", "budget.currency", "budget.notes", "contact.name",
    "contact.email", "themes", "plan_tags.suggested", "plan_tags.confirmed", "applications",
    "evaluation.goal_attainment", "evaluation.results", "evaluation.economy", "evaluation.notes", "evaluation.date",
)
PARTNER_COLUMNS = (
    "id", "name", "name.nb", "name.en", "aliases", "country", "region", "kind", "since", "areas.nb", "areas.en",
    "description.nb", "description.en", "contact_url", "past_projects", "verified", "sources", "note.nb", "note.en",
)


def flatten(record: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """Nested mapping → dotted keys; lists stay lists (serialised by the writer)."""
    out: dict[str, Any] = {}
    for key, value in record.items():
        name = f"{prefix}.{key}" if prefix else key
        if isinstance(value, dict):
            out.update(flatten(value, name))
        else:
            out[name] = value
    return out


def _cell_text(value: Any) -> Any:
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    return value


def records_to_frame(records: Iterable[dict[str, Any]], columns: tuple[str, ...]) -> pd.DataFrame:
    rows = [{k: _cell_text(v) for k, v in flatten(r).items()} for r in records]
    extra = sorted({k for row in rows for k in row} - set(columns))
    return pd.DataFrame(rows, columns=list(columns) + extra)


def schemes_csv(schemes: list[dict[str, Any]]) -> str:
    return records_to_frame(schemes, SCHEME_COLUMNS).to_csv(index=False)


def catalog_xlsx(schemes: list[dict[str, Any]], projects: list[dict[str, Any]],
                 glossary: list[dict[str, Any]], partners: Iterable[dict[str, Any]] = ()) -> bytes:
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        records_to_frame(schemes, SCHEME_COLUMNS).to_excel(writer, sheet_name="schemes", index=False)
        records_to_frame(projects, PROJECT_COLUMNS).to_excel(writer, sheet_name="past_projects", index=False)
        records_to_frame(partners, PARTNER_COLUMNS).to_excel(writer, sheet_name="partners", index=False)
        records_to_frame(glossary, GLOSSARY_COLUMNS).to_excel(writer, sheet_name="glossary", index=False)
    return buffer.getvalue()


def _is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or (isinstance(value, str) and not value.strip())


def _convert(column: str, raw: Any, list_columns: set[str]) -> Any:
    """Turn one cell into its typed value; raises ValueError with a readable message."""
    text = raw.strip() if isinstance(raw, str) else raw
    if column in list_columns or column.startswith(AREA_PREFIX):
        try:
            value = json.loads(text) if isinstance(text, str) else text
        except json.JSONDecodeError as exc:
            raise ValueError(f"must be a JSON list such as [\"a\", \"b\"] ({exc.msg})") from exc
        if not isinstance(value, list):
            raise ValueError("must be a JSON list such as [\"a\", \"b\"]")
        return value
    if column in BOOL_COLUMNS:
        lowered = str(text).lower()
        if lowered in ("true", "1", "yes", "ja"):
            return True
        if lowered in ("false", "0", "no", "nei"):
            return False
        raise ValueError("must be true or false")
    if column in INT_COLUMNS or column in NUMBER_COLUMNS:
        try:
            number = float(text)
        except (TypeError, ValueError) as exc:
            raise ValueError(f"{raw!r} is not a number") from exc
        if column in INT_COLUMNS or number.is_integer():
            if not number.is_integer():
                raise ValueError(f"{raw!r} is not a whole number")
            return int(number)
        return number
    return text if isinstance(text, str) else str(text)


def _unflatten(flat: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in flat.items():
        node = out
        parts = key.split(".")
        for part in parts[:-1]:
            node = node.setdefault(part, {})
            if not isinstance(node, dict):
                raise ValueError(f"column {key!r} clashes with another column")
        node[parts[-1]] = value
    return out


def frame_to_records(frame: pd.DataFrame, name: str, list_columns: set[str], errors: list[SourceError],
                     row_offset: int = 2) -> list[tuple[dict[str, Any], int]]:
    """Rows → (record, line) pairs; bad cells become errors and their row is skipped."""
    records: list[tuple[dict[str, Any], int]] = []
    for index, row in enumerate(frame.to_dict(orient="records")):
        line = index + row_offset
        flat: dict[str, Any] = {}
        ok = True
        for column, raw in row.items():
            if _is_blank(raw):
                continue
            try:
                flat[str(column)] = _convert(str(column), raw, list_columns)
            except ValueError as exc:
                errors.append(SourceError(name, line, str(column), str(exc)))
                ok = False
        if ok and flat:
            try:
                records.append((canonical(_unflatten(flat)), line))
            except ValueError as exc:
                errors.append(SourceError(name, line, "", str(exc)))
    return records


def _read(path: Path, reader: Callable[[Any], Any], errors: list[SourceError]) -> Any:
    size = path.stat().st_size
    if size > MAX_FILE_BYTES * 5:
        errors.append(SourceError(str(path), None, "", f"file is {size / 1e6:.1f} MB; at most "
                                                       f"{MAX_FILE_BYTES * 5 / 1e6:.1f} MB is accepted"))
        return None
    try:
        return reader(path)
    except UnicodeDecodeError:
        errors.append(SourceError(str(path), None, "", "not valid UTF-8; save the sheet as CSV UTF-8"))
    except Exception as exc:  # pandas/openpyxl raise many kinds for a damaged file
        errors.append(SourceError(str(path), None, "", f"cannot read the sheet: {exc}"))
    return None


def load_sheet(path: Path) -> LoadedCatalog:
    """Read a CSV (schemes) or XLSX (schemes, past_projects, glossary) in the export layout."""
    from grantmatch.catalog.files import _collect  # shared bookkeeping of origins

    loaded = LoadedCatalog()
    name = str(path)
    if path.suffix.lower() == ".csv":
        frame = _read(path, lambda p: pd.read_csv(p, dtype=str, keep_default_na=False, encoding="utf-8-sig"),
                      loaded.errors)
        sheets = {"schemes": frame} if frame is not None else {}
    else:
        book = _read(path, lambda p: pd.read_excel(p, sheet_name=None, dtype=str, keep_default_na=False),
                     loaded.errors)
        sheets = book or {}
        unknown = set(sheets) - {"schemes", "past_projects", "partners", "glossary"}
        for sheet in sorted(unknown):
            loaded.errors.append(SourceError(name, None, sheet,
                                             "unknown sheet (expected schemes, past_projects, partners, glossary)"))
    for sheet, kind, list_columns in (("schemes", "scheme", LIST_COLUMNS), ("past_projects", "project", PROJECT_LIST_COLUMNS),
                                      ("partners", "partner", PARTNER_LIST_COLUMNS)):
        if sheet in sheets:
            label = f"{name}[{sheet}]" if path.suffix.lower() == ".xlsx" else name
            for record, line in frame_to_records(sheets[sheet], label, list_columns, loaded.errors):
                lines = {key: line for key in flatten(record)} | {"": line}
                _collect(loaded, kind, record, label, lines)
    if "glossary" in sheets:
        rows = frame_to_records(sheets["glossary"], f"{name}[glossary]", set(GLOSSARY_COLUMNS), loaded.errors)
        loaded.glossary = [record for record, _ in rows]
    return loaded
