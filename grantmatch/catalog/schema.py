"""The catalogue schema: what a valid scheme, past project and glossary group look like.

Pure functions over plain dicts (as parsed from YAML, JSON or a sheet). Each check returns
a list of :class:`FieldError` naming the dotted field path, so that callers can attach a
file and line (CLI) or show the message next to a form field (web). The human-readable
version of these rules is ``catalog_data/SCHEMA.md``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any, Iterable, Mapping
from urllib.parse import urlsplit

from grantmatch.catalog import register

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
COUNTRY_RE = re.compile(r"^[A-Z]{2}$")
LANGS = ("nb", "en")
KEYWORD_LANGS = ("nb", "nn", "sv", "en")
STATUSES = ("active", "closed", "retired")
CURRENCIES = ("EUR", "NOK", "SEK", "DKK")
APPLICANT_TYPES = (
    "school", "kindergarten", "municipality", "county", "public-body", "ngo", "youth-group",
    "culture-institution", "university", "research-institute", "company", "individual",
)
MAX_SUMMARY_CHARS = 400
MAX_TEXT_CHARS = 20_000

SCHEME_FIELDS = (
    "id", "programme", "status", "successor", "name", "summary", "description", "aliases",
    "applicants", "partners", "themes", "keywords", "funding", "deadlines", "url", "agency",
    "last_verified", "sources",
)
SCHEME_REQUIRED = (
    "id", "programme", "status", "name", "summary", "description", "applicants", "funding",
    "url", "agency", "last_verified", "sources",
)
PROJECT_FIELDS = (
    "id", "name", "description", "years", "partners", "programme", "scheme", "unit", "url", "source",
) + register.REGISTER_FIELDS
PARTNER_RULE_FIELDS = ("min_organisations", "min_countries", "countries", "regions", "area", "eu_member_required",
                       "beneficiary_states_required", "norway_eligible", "notes")
FUNDING_FIELDS = ("currency", "min", "max", "cofunding_rate", "notes")
# Fields the storage layer adds on export; accepted (and ignored) on import.
META_FIELDS = ("version", "updated_at", "created_at")


@dataclass(frozen=True)
class FieldError:
    """One problem with one field. ``path`` is dotted: ``funding.max``, ``deadlines.0.date``."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


class _Checker:
    """Collects errors while walking one record."""

    def __init__(self) -> None:
        self.errors: list[FieldError] = []

    def add(self, path: str, message: str) -> None:
        self.errors.append(FieldError(path, message))

    def unknown_keys(self, value: Mapping[str, Any], allowed: Iterable[str], path: str = "") -> None:
        allowed_set = set(allowed)
        for key in value:
            if key not in allowed_set:
                where = f"{path}.{key}" if path else str(key)
                self.add(where, f"unknown field (allowed: {', '.join(sorted(allowed_set))})")

    def text(self, value: Any, path: str, *, required: bool = True, max_chars: int = MAX_TEXT_CHARS) -> None:
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.add(path, "is required and must not be empty")
            return
        if not isinstance(value, str):
            self.add(path, f"must be text, got {type(value).__name__}")
        elif len(value) > max_chars:
            self.add(path, f"is {len(value)} characters; at most {max_chars} allowed")

    def bilingual(self, value: Any, path: str, *, required: bool = True, max_chars: int = MAX_TEXT_CHARS) -> None:
        if value is None:
            if required:
                self.add(path, "is required (a mapping with nb and en)")
            return
        if not isinstance(value, Mapping):
            self.add(path, "must be a mapping with nb and en texts")
            return
        self.unknown_keys(value, LANGS, path)
        for lang in LANGS:
            self.text(value.get(lang), f"{path}.{lang}", required=True, max_chars=max_chars)

    def string_list(self, value: Any, path: str, *, allowed: Iterable[str] | None = None,
                    pattern: re.Pattern[str] | None = None, min_items: int = 0) -> None:
        if value is None:
            value = []
        if not isinstance(value, list):
            self.add(path, "must be a list")
            return
        if len(value) < min_items:
            self.add(path, f"needs at least {min_items} item(s)")
        allowed_set = set(allowed) if allowed is not None else None
        for i, item in enumerate(value):
            if not isinstance(item, str) or not item.strip():
                self.add(f"{path}.{i}", "must be non-empty text")
            elif allowed_set is not None and item not in allowed_set:
                self.add(f"{path}.{i}", f"unknown value {item!r} (allowed: {', '.join(sorted(allowed_set))})")
            elif pattern is not None and not pattern.match(item):
                self.add(f"{path}.{i}", f"{item!r} has the wrong format")

    def url(self, value: Any, path: str, *, required: bool = True) -> None:
        if value is None or value == "":
            if required:
                self.add(path, "is required")
            return
        if not is_http_url(value):
            self.add(path, f"{value!r} is not an http(s) URL")

    def url_list(self, value: Any, path: str) -> None:
        """A non-empty list of http(s) URLs (absent is fine; required-ness is checked elsewhere)."""
        if value is None:
            return
        if not isinstance(value, list) or not value:
            self.add(path, "must be a non-empty list of URLs")
            return
        for i, item in enumerate(value):
            self.url(item, f"{path}.{i}")

    def number(self, value: Any, path: str, *, low: float | None = None, high: float | None = None,
               integer: bool = False) -> None:
        if value is None:
            return
        kinds = (int,) if integer else (int, float)
        if isinstance(value, bool) or not isinstance(value, kinds):
            self.add(path, "must be a whole number" if integer else "must be a number")
            return
        if low is not None and value < low:
            self.add(path, f"must be at least {low}")
        if high is not None and value > high:
            self.add(path, f"must be at most {high}")


def is_http_url(value: Any) -> bool:
    if not isinstance(value, str) or any(ch.isspace() for ch in value):
        return False
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.hostname) and "." in (parts.hostname or "")


def parse_date(value: Any) -> dt.date | None:
    """Accept a date object or an ISO ``YYYY-MM-DD`` string; None for anything else."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def _check_partners(c: _Checker, value: Any) -> None:
    if value is None:
        return
    if not isinstance(value, Mapping):
        c.add("partners", "must be a mapping")
        return
    c.unknown_keys(value, PARTNER_RULE_FIELDS, "partners")
    c.number(value.get("min_organisations"), "partners.min_organisations", low=1, integer=True)
    c.number(value.get("min_countries"), "partners.min_countries", low=1, integer=True)
    c.string_list(value.get("countries"), "partners.countries", pattern=COUNTRY_RE)
    c.string_list(value.get("regions"), "partners.regions")
    for flag in ("eu_member_required", "beneficiary_states_required", "norway_eligible"):
        if value.get(flag) not in (None, True, False):
            c.add(f"partners.{flag}", "must be true or false")
    _check_area(c, value)
    countries = value.get("countries") if isinstance(value.get("countries"), list) else []
    if value.get("beneficiary_states_required") and countries:
        from grantmatch.countries import EEA_BENEFICIARY_STATES

        extra = sorted(str(x) for x in set(countries) - EEA_BENEFICIARY_STATES)
        if extra:
            c.add("partners.countries", f"{', '.join(extra)} are not EEA beneficiary states")
    c.bilingual(value.get("notes"), "partners.notes", required=False)


def _check_area(c: _Checker, rule: Mapping[str, Any]) -> None:
    """``area``: programme-area regions per country; it must agree with ``countries`` and ``regions``."""
    area = rule.get("area")
    if area is None:
        return
    if not isinstance(area, Mapping):
        c.add("partners.area", "must be a mapping from country code to a list of regions")
        return
    countries = rule.get("countries") if isinstance(rule.get("countries"), list) else []
    regions = rule.get("regions") if isinstance(rule.get("regions"), list) else []
    listed: set[str] = set()
    for code, names in area.items():
        path = f"partners.area.{code}"
        if not isinstance(code, str) or not COUNTRY_RE.match(code):
            c.add(path, f"{code!r} is not an ISO 3166-1 alpha-2 country code")
        elif countries and code not in countries:
            c.add(path, f"{code} is not in partners.countries")
        c.string_list(names, path, min_items=1)
        listed |= {n for n in names if isinstance(n, str)} if isinstance(names, list) else set()
    if regions and set(regions) != listed:
        only = sorted(set(regions) ^ listed)
        c.add("partners.area", f"must list the same regions as partners.regions (differs in: {', '.join(only)})")


def _check_funding(c: _Checker, value: Any) -> None:
    if not isinstance(value, Mapping):
        c.add("funding", "is required (a mapping with currency, min, max, cofunding_rate)")
        return
    c.unknown_keys(value, FUNDING_FIELDS, "funding")
    if value.get("currency") not in CURRENCIES:
        c.add("funding.currency", f"must be one of {', '.join(CURRENCIES)}")
    c.number(value.get("min"), "funding.min", low=0)
    c.number(value.get("max"), "funding.max", low=0)
    c.number(value.get("cofunding_rate"), "funding.cofunding_rate", low=0, high=1)
    low, high = value.get("min"), value.get("max")
    if isinstance(low, (int, float)) and isinstance(high, (int, float)) and not isinstance(low, bool) \
            and not isinstance(high, bool) and high < low:
        c.add("funding.max", "must not be smaller than funding.min")
    c.bilingual(value.get("notes"), "funding.notes", required=False)


def _check_deadline(c: _Checker, item: Any, path: str) -> None:
    if not isinstance(item, Mapping):
        c.add(path, "must be a mapping with a label and one of date / recurring / rolling")
        return
    c.unknown_keys(item, ("date", "time", "recurring", "rolling", "label"), path)
    c.bilingual(item.get("label"), f"{path}.label")
    kinds = [k for k in ("date", "recurring", "rolling") if item.get(k) not in (None, False)]
    if len(kinds) != 1:
        c.add(path, "needs exactly one of date, recurring or rolling")
        return
    if "date" in kinds and parse_date(item["date"]) is None:
        c.add(f"{path}.date", f"{item['date']!r} is not a real date in the form YYYY-MM-DD")
    if item.get("time") is not None and not re.fullmatch(r"([01]\d|2[0-3]):[0-5]\d", str(item["time"])):
        c.add(f"{path}.time", "must be HH:MM (24-hour)")
    if "recurring" in kinds:
        rule = item["recurring"]
        if not isinstance(rule, Mapping) or "month" not in rule:
            c.add(f"{path}.recurring", "must be a mapping with month (1–12) and optional day")
            return
        c.unknown_keys(rule, ("month", "day"), f"{path}.recurring")
        c.number(rule.get("month"), f"{path}.recurring.month", low=1, high=12, integer=True)
        c.number(rule.get("day"), f"{path}.recurring.day", low=1, high=31, integer=True)
        month, day = rule.get("month"), rule.get("day")
        if isinstance(month, int) and isinstance(day, int) and 1 <= month <= 12:
            try:
                dt.date(2024, month, day)  # a leap year admits 29 February
            except ValueError:
                c.add(f"{path}.recurring.day", f"day {day} does not exist in month {month}")
    if "rolling" in kinds and item["rolling"] is not True:
        c.add(f"{path}.rolling", "must be true")


def _check_keywords(c: _Checker, value: Any) -> None:
    if value is None:
        return
    if not isinstance(value, Mapping):
        c.add("keywords", "must be a mapping from language (nb, nn, sv, en) to a list of words")
        return
    c.unknown_keys(value, KEYWORD_LANGS, "keywords")
    for lang, words in value.items():
        c.string_list(words, f"keywords.{lang}")


def validate_scheme(record: Mapping[str, Any], programmes: Iterable[str] = ()) -> list[FieldError]:
    """Check one scheme record on its own (cross-references are :func:`validate_catalog`'s job)."""
    c = _Checker()
    if not isinstance(record, Mapping):
        return [FieldError("", "a scheme must be a mapping of fields")]
    c.unknown_keys(record, SCHEME_FIELDS + META_FIELDS)
    for name in SCHEME_REQUIRED:
        if record.get(name) in (None, "", [], {}):
            c.add(name, "is required")
    if record.get("id") is not None and (not isinstance(record["id"], str) or not SLUG_RE.match(record["id"])
                                         or len(record["id"]) > 80):
        c.add("id", "must be a slug: lowercase letters, digits and single hyphens, at most 80 characters")
    programme_set = set(programmes)
    if record.get("programme") is not None and programme_set and record["programme"] not in programme_set:
        c.add("programme", f"unknown programme family {record['programme']!r}")
    if record.get("status") is not None and record["status"] not in STATUSES:
        c.add("status", f"must be one of {', '.join(STATUSES)}")
    if record.get("status") == "retired" and not record.get("successor"):
        c.add("successor", "a retired scheme needs a successor id")
    if record.get("successor") is not None and not (isinstance(record["successor"], str)
                                                    and SLUG_RE.match(record["successor"])):
        c.add("successor", "must be a scheme id")
    if record.get("name") is not None:
        c.bilingual(record["name"], "name", max_chars=300)
    if record.get("summary") is not None:
        c.bilingual(record["summary"], "summary", max_chars=MAX_SUMMARY_CHARS)
    if record.get("description") is not None:
        c.bilingual(record["description"], "description")
    c.string_list(record.get("aliases"), "aliases")
    if record.get("applicants") is not None:
        c.string_list(record["applicants"], "applicants", allowed=APPLICANT_TYPES, min_items=1)
    _check_partners(c, record.get("partners"))
    c.string_list(record.get("themes"), "themes", pattern=SLUG_RE)
    _check_keywords(c, record.get("keywords"))
    if record.get("funding") is not None:
        _check_funding(c, record["funding"])
    deadlines = record.get("deadlines")
    if deadlines is not None and not isinstance(deadlines, list):
        c.add("deadlines", "must be a list")
    for i, item in enumerate(deadlines if isinstance(deadlines, list) else []):
        _check_deadline(c, item, f"deadlines.{i}")
    if record.get("url") is not None:
        c.url(record["url"], "url")
    agency = record.get("agency")
    if agency is not None:
        if not isinstance(agency, Mapping):
            c.add("agency", "must be a mapping with name and url")
        else:
            c.unknown_keys(agency, ("name", "url"), "agency")
            c.text(agency.get("name"), "agency.name", max_chars=300)
            c.url(agency.get("url"), "agency.url")
    if record.get("last_verified") is not None and parse_date(record["last_verified"]) is None:
        c.add("last_verified", "must be a date in the form YYYY-MM-DD")
    c.url_list(record.get("sources"), "sources")
    return c.errors


def validate_project(record: Mapping[str, Any], programmes: Iterable[str] = ()) -> list[FieldError]:
    """Check one past-project record."""
    c = _Checker()
    if not isinstance(record, Mapping):
        return [FieldError("", "a past project must be a mapping of fields")]
    c.unknown_keys(record, PROJECT_FIELDS + META_FIELDS)
    if not isinstance(record.get("id"), str) or not SLUG_RE.match(record.get("id") or ""):
        c.add("id", "is required and must be a slug")
    c.text(record.get("name"), "name", max_chars=300)
    c.text(record.get("description"), "description")
    programme_set = set(programmes)
    if record.get("programme") is not None and programme_set and record["programme"] not in programme_set:
        c.add("programme", f"unknown programme family {record['programme']!r}")
    years = record.get("years")
    if years is not None:
        if not isinstance(years, Mapping):
            c.add("years", "must be a mapping with start and end")
        else:
            c.unknown_keys(years, ("start", "end"), "years")
            c.number(years.get("start"), "years.start", low=1900, high=2100, integer=True)
            c.number(years.get("end"), "years.end", low=1900, high=2100, integer=True)
    partners = record.get("partners")
    if partners is not None and not isinstance(partners, list):
        c.add("partners", "must be a list of {name, country}")
    for i, partner in enumerate(partners if isinstance(partners, list) else []):
        if not isinstance(partner, Mapping):
            c.add(f"partners.{i}", "must be a mapping with name and country")
            continue
        c.unknown_keys(partner, ("name", "country"), f"partners.{i}")
        c.text(partner.get("name"), f"partners.{i}.name", max_chars=300)
        if partner.get("country") is not None and not COUNTRY_RE.match(str(partner["country"])):
            c.add(f"partners.{i}.country", "must be an ISO 3166-1 alpha-2 code such as SE")
    c.url(record.get("url"), "url", required=False)
    for name in ("unit", "source", "scheme"):
        c.text(record.get(name), name, required=False, max_chars=500)
    register.check_register_fields(c, record, currencies=CURRENCIES, tags=register.PLAN_TAG_SLUGS,
                                   date_ok=parse_date)
    return c.errors


def validate_glossary_group(group: Any) -> list[FieldError]:
    """A group maps languages to lists of equivalent terms; it needs two or more terms."""
    c = _Checker()
    if not isinstance(group, Mapping):
        return [FieldError("", "a glossary group must be a mapping from language to a list of terms")]
    c.unknown_keys(group, KEYWORD_LANGS)
    count = 0
    for lang, terms in group.items():
        c.string_list(terms, str(lang))
        count += len(terms) if isinstance(terms, list) else 0
    if count < 2:
        c.add("", "a group needs at least two terms")
    return c.errors


def validate_programme(record: Any) -> list[FieldError]:
    c = _Checker()
    if not isinstance(record, Mapping):
        return [FieldError("", "a programme must be a mapping with slug, name and funder")]
    c.unknown_keys(record, ("slug", "name", "funder"))
    if not isinstance(record.get("slug"), str) or not SLUG_RE.match(record["slug"]):
        c.add("slug", "is required and must be a slug")
    c.bilingual(record.get("name"), "name", max_chars=200)
    c.bilingual(record.get("funder"), "funder", required=False, max_chars=200)
    return c.errors


# Partners of the municipality's network (their own module; re-exported here).
from grantmatch.catalog.partnerschema import PARTNER_FIELDS, PARTNER_KINDS, validate_partner  # noqa: E402,F401
