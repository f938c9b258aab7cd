"""The coordinator's partner form: record ⇄ flat form values, and errors per input.

Same conventions as :mod:`grantmatch.web.admin.forms`: input names are the record's dotted
paths (``name.nb``, ``areas.en``), lists are one item per line, and parsing never raises.
"""

from __future__ import annotations

from typing import Any, Iterable, Mapping

from flask_babel import lazy_gettext as _l
from werkzeug.datastructures import MultiDict

from grantmatch.catalog.schema import LANGS, FieldError
from grantmatch.web.admin.forms import Errors, _list_field, add_error, lines, parse_number

PARTNER_LISTS = ("aliases", "areas.nb", "areas.en", "past_projects", "sources")
PARTNER_SIMPLE = ("id", "country", "region", "kind", "since", "contact_url", "verified")
PARTNER_BILINGUAL = ("name", "description", "note")

PARTNER_LABELS = {
    "id": _l("Id"), "name": _l("Name (official)"), "aliases": _l("Other names (one per line)"),
    "country": _l("Country (ISO code such as SE)"), "region": _l("Region (as in the programme areas, e.g. Värmland)"),
    "kind": _l("Kind"), "since": _l("Partner since (year)"), "areas": _l("Areas of cooperation (one per line)"),
    "description": _l("Description"), "contact_url": _l("Contact page (URL)"),
    "past_projects": _l("Past projects together (one project id per line)"),
    "verified": _l("Checked against an official source"), "sources": _l("Sources (one URL per line)"),
    "note": _l("What is not verified"),
}


def partner_to_form(record: Mapping[str, Any]) -> MultiDict:
    values: MultiDict = MultiDict()
    for name in ("id", "country", "region", "kind", "contact_url"):
        values[name] = str(record.get(name) or "")
    values["since"] = "" if record.get("since") is None else str(record["since"])
    name = record.get("name")
    for lang in LANGS:
        values[f"name.{lang}"] = str(name.get(lang, "")) if isinstance(name, Mapping) else \
            (str(name or "") if lang == "nb" else "")
        for field in ("description", "note"):
            values[f"{field}.{lang}"] = str((record.get(field) or {}).get(lang, ""))
        values[f"areas.{lang}"] = "\n".join((record.get("areas") or {}).get(lang) or [])
    for field in ("aliases", "past_projects", "sources"):
        values[field] = "\n".join(str(v) for v in record.get(field) or [])
    if record.get("verified"):
        values["verified"] = "1"
    return values


def partner_from_form(form: Mapping[str, str], partner_id: str | None = None) -> tuple[dict[str, Any], Errors]:
    """The record the form describes. A name with no English form (or the same) is stored as text."""
    errors: Errors = {}
    name_nb, name_en = (form.get("name.nb") or "").strip(), (form.get("name.en") or "").strip()
    record = {
        "id": partner_id if partner_id is not None else (form.get("id") or "").strip(),
        "name": {"nb": name_nb, "en": name_en} if name_en and name_en != name_nb else name_nb,
        "aliases": lines(form.get("aliases")),
        "country": (form.get("country") or "").strip().upper(),
        "region": (form.get("region") or "").strip(),
        "kind": form.get("kind") or "",
        "since": parse_number(form.get("since"), "since", errors, integer=True),
        "areas": {lang: lines(form.get(f"areas.{lang}")) for lang in LANGS},
        "description": {lang: form.get(f"description.{lang}", "") for lang in LANGS},
        "contact_url": (form.get("contact_url") or "").strip(),
        "past_projects": lines(form.get("past_projects")),
        "verified": form.get("verified") == "1",
        "sources": lines(form.get("sources")),
        "note": {lang: form.get(f"note.{lang}", "") for lang in LANGS},
    }
    return record, errors


def partner_errors(field_errors: Iterable[FieldError], errors: Errors | None = None) -> Errors:
    """Place the service's field errors on the partner form's inputs."""
    errors = {} if errors is None else errors
    known = set(PARTNER_SIMPLE) | {f"{b}.{lang}" for b in PARTNER_BILINGUAL for lang in LANGS}
    for err in field_errors:
        if err.path in known:
            add_error(errors, err.path, err.message)
        elif err.path in PARTNER_BILINGUAL:
            add_error(errors, f"{err.path}.nb", err.message)
        elif err.path in PARTNER_LISTS:
            add_error(errors, err.path, err.message)
        elif (hit := _list_field(err.path, PARTNER_LISTS)) is not None:
            add_error(errors, hit[0], f"line {hit[1]}: {err.message}")
        elif err.path == "areas":
            add_error(errors, "areas.nb", err.message)
        else:
            add_error(errors, "", f"{err.path}: {err.message}" if err.path else err.message)
    return errors
