"""Which parts of a scheme record the matcher reads, in which language, how heavily.

A scheme dict (as exported, see catalog_data/SCHEMA.md) becomes a list of
``FieldText`` items. Unknown keys (``version``, ``updated_at``…) are ignored.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NamedTuple

FIELD_WEIGHTS: Mapping[str, float] = {
    "name": 3.0, "aliases": 3.0, "keywords": 2.0, "programme": 2.0, "summary": 1.5,
    "themes": 1.0, "regions": 2.0, "partners": 1.0, "description": 1.0,
}
"""Default weight per field; term counts are multiplied by it before tf damping."""

CHAR_FIELDS: frozenset[str] = frozenset(
    {"name", "aliases", "keywords", "programme", "themes", "regions"})
"""Fields that feed the character n-gram space: the short, naming ones. Description
and summary are left out to bound size (summary held ~25% of the char postings;
dropping it cost 2 of 232 top-1 hits on the own set, none on dev)."""


class FieldText(NamedTuple):
    """One piece of text of a record: field name, language and the text."""

    field: str
    lang: str
    text: str


def _bilingual(field: str, value: Any) -> list[FieldText]:
    if isinstance(value, Mapping):
        return [FieldText(field, lang, str(text)) for lang, text in value.items()
                if lang in ("nb", "nn", "sv", "en") and text]
    if isinstance(value, str) and value:
        return [FieldText(field, "nb", value)]
    return []


def scheme_fields(scheme: Mapping[str, Any],
                  programme_names: Mapping[str, Mapping[str, str]]) -> list[FieldText]:
    """The weighted text fields of one scheme, the family's name included."""
    out: list[FieldText] = []
    for field in ("name", "summary", "description"):
        out += _bilingual(field, scheme.get(field))
    aliases = [str(a) for a in scheme.get("aliases") or ()]
    if aliases:
        out.append(FieldText("aliases", "nb", " ; ".join(aliases)))
    for lang, words in (scheme.get("keywords") or {}).items():
        if words and lang in ("nb", "nn", "sv", "en"):
            out.append(FieldText("keywords", lang, " ; ".join(str(w) for w in words)))
    themes = [str(t).replace("-", " ") for t in scheme.get("themes") or ()]
    if themes:
        out.append(FieldText("themes", "en", " ; ".join(themes)))
    partners = scheme.get("partners") or {}
    if partners.get("regions"):
        out.append(FieldText("regions", "nb", " ; ".join(str(r) for r in partners["regions"])))
    out += _bilingual("partners", partners.get("notes"))
    out += _bilingual("programme", programme_names.get(str(scheme.get("programme")), {}))
    return out


def project_text(project: Mapping[str, Any]) -> str:
    """Text of a past project used to compare it with a query (name, description, unit)."""
    parts = [project.get("name"), project.get("description"), project.get("unit")]
    partners = project.get("partners") or ()
    parts += [p.get("name") for p in partners if isinstance(p, Mapping)]
    return " . ".join(str(p) for p in parts if p)
