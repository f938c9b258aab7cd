"""What a valid partner of the municipality's network looks like (``catalog_data/partners/``).

Same conventions as :mod:`grantmatch.catalog.schema` (which re-exports
:func:`validate_partner`): plain dicts in, :class:`~grantmatch.catalog.schema.FieldError`
with dotted paths out, unknown keys are errors. References to past projects are checked
when the caller passes the known project ids.
"""

from __future__ import annotations

from typing import Any, Iterable, Mapping

from grantmatch.catalog.schema import COUNTRY_RE, LANGS, META_FIELDS, SLUG_RE, FieldError, _Checker

PARTNER_KINDS = ("twin-town", "municipality", "school", "university", "ngo", "region", "company", "other")
PARTNER_FIELDS = (
    "id", "name", "aliases", "country", "region", "kind", "since", "areas", "description", "contact_url",
    "past_projects", "verified", "sources", "note",
)
PARTNER_REQUIRED = ("id", "name", "country", "kind", "description", "verified", "sources")
AREA_LANGS = LANGS  # areas of cooperation: {nb: [...], en: [...]}


def validate_partner(record: Mapping[str, Any], project_ids: Iterable[str] | None = None) -> list[FieldError]:
    """Check one partner; ``project_ids`` (when given) are the past projects it may refer to."""
    c = _Checker()
    if not isinstance(record, Mapping):
        return [FieldError("", "a partner must be a mapping of fields")]
    c.unknown_keys(record, PARTNER_FIELDS + META_FIELDS)
    for name in PARTNER_REQUIRED:
        if record.get(name) in (None, "", [], {}):
            c.add(name, "is required")
    pid = record.get("id")
    if pid is not None and (not isinstance(pid, str) or not SLUG_RE.match(pid) or len(pid) > 80):
        c.add("id", "must be a slug: lowercase letters, digits and single hyphens, at most 80 characters")
    name = record.get("name")
    if isinstance(name, Mapping):
        c.bilingual(name, "name", max_chars=300)
    elif name is not None:
        c.text(name, "name", max_chars=300)
    c.string_list(record.get("aliases"), "aliases")
    country = record.get("country")
    if country is not None and not (isinstance(country, str) and COUNTRY_RE.match(country)):
        c.add("country", "must be an ISO 3166-1 alpha-2 code such as SE")
    c.text(record.get("region"), "region", required=False, max_chars=200)
    if record.get("kind") is not None and record["kind"] not in PARTNER_KINDS:
        c.add("kind", f"must be one of {', '.join(PARTNER_KINDS)}")
    c.number(record.get("since"), "since", low=1000, high=2100, integer=True)
    areas = record.get("areas")
    if areas is not None:
        if not isinstance(areas, Mapping):
            c.add("areas", "must be a mapping with nb and en lists of short texts")
        else:
            c.unknown_keys(areas, AREA_LANGS, "areas")
            for lang in AREA_LANGS:
                c.string_list(areas.get(lang), f"areas.{lang}")
    if record.get("description") is not None:
        c.bilingual(record["description"], "description")
    c.url(record.get("contact_url"), "contact_url", required=False)
    _check_projects(c, record.get("past_projects"), project_ids)
    if record.get("verified") is not None and not isinstance(record["verified"], bool):
        c.add("verified", "must be true or false")
    if record.get("verified") is False and not record.get("note"):
        c.add("note", "say what could not be verified when verified is false")
    c.url_list(record.get("sources"), "sources")
    c.bilingual(record.get("note"), "note", required=False)
    return c.errors


def _check_projects(c: _Checker, value: Any, project_ids: Iterable[str] | None) -> None:
    c.string_list(value, "past_projects", pattern=SLUG_RE)
    if project_ids is None or not isinstance(value, list):
        return
    known = set(project_ids)
    for i, item in enumerate(value):
        if isinstance(item, str) and SLUG_RE.match(item) and item not in known:
            c.add(f"past_projects.{i}", f"refers to unknown past project {item!r}")
