"""JSON Schema constants of the API: the single source for request validation and the OpenAPI document.

Request schemas are checked by :mod:`grantmatch.web.api.validation`; response schemas are
only published (and contract-tested against real responses in the test suite).
"""

from __future__ import annotations

from typing import Any

from grantmatch.catalog.schema import APPLICANT_TYPES, CURRENCIES, STATUSES
from grantmatch.linkcheck.result import LinkStatus
from grantmatch.web.i18n import DEFAULT_LANGUAGE, LANGUAGES

MAX_BODY_BYTES = 1024 * 1024
DEFAULT_MAX_QUERY_CHARS = 5000
TOP_DEFAULT, TOP_MAX = 10, 50
PER_PAGE_DEFAULT, PER_PAGE_MAX = 20, 100
LINK_STATUSES = tuple(str(s) for s in LinkStatus)

SLUG: dict[str, Any] = {"type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$", "maxLength": 80}
STRING_LIST: dict[str, Any] = {"type": "array", "items": {"type": "string"}}
BILINGUAL: dict[str, Any] = {
    "type": "object",
    "description": "The same text in bokmål (nb) and English (en).",
    "properties": {lang: {"type": "string"} for lang in LANGUAGES},
}
LINK_STATUS: dict[str, Any] = {
    "type": ["string", "null"], "enum": [*LINK_STATUSES, None],
    "description": "Latest result of the weekly link check of the scheme's URL; null when never checked.",
}
ERROR: dict[str, Any] = {
    "type": "object",
    "required": ["error"],
    "additionalProperties": False,
    "properties": {"error": {
        "type": "object",
        "required": ["code", "message"],
        "additionalProperties": False,
        "properties": {
            "code": {"type": "string", "description": "Stable machine-readable code, e.g. bad_request."},
            "message": {"type": "string", "description": "What went wrong, for people."},
        },
    }},
}


def match_request(max_query_chars: int = DEFAULT_MAX_QUERY_CHARS) -> dict[str, Any]:
    """Body of ``POST /match``; the text limit is the deployment's ``GRANTMATCH_MAX_QUERY_CHARS``."""
    return {
        "type": "object",
        "required": ["text"],
        "additionalProperties": False,
        "properties": {
            "text": {"type": "string", "maxLength": max_query_chars,
                     "description": "The project idea in your own words (bokmål, nynorsk, English or Swedish)."},
            "top": {"type": "integer", "minimum": 1, "maximum": TOP_MAX, "default": TOP_DEFAULT,
                    "description": "How many schemes to return at most."},
            "applicant": {"type": "string", "enum": list(APPLICANT_TYPES),
                          "description": "Only schemes this kind of applicant may apply to."},
            "programme": {**SLUG, "description": "Only schemes of this programme family (slug)."},
            "lang": {"type": "string", "enum": list(LANGUAGES), "default": DEFAULT_LANGUAGE,
                     "description": "Language of names and summaries; overrides ?lang= and Accept-Language."},
            "include_closed": {"type": "boolean", "default": False,
                               "description": "Also rank closed and retired schemes."},
        },
    }


PARTNER_REASON: dict[str, Any] = {
    "type": "object",
    "required": ["id", "name", "country", "region", "kind", "reason"],
    "properties": {
        "id": {"type": "string"}, "name": {"type": "string"},
        "country": {"type": "string", "description": "ISO 3166-1 alpha-2 code."},
        "region": {"type": ["string", "null"]},
        "kind": {"type": "string", "enum": ["twin-town", "municipality", "school", "university", "ngo", "region",
                                            "company", "other"]},
        "reason": {"type": "string", "description": "Why, in the query's language."},
    },
}
PARTNER_FIT: dict[str, Any] = {
    "type": "object",
    "description": "The municipality's partner network against the scheme's partner rules.",
    "required": ["applies", "qualifying", "outside", "missing"],
    "properties": {
        "applies": {"type": "boolean", "description": "False when the scheme states no structured partner rule."},
        "qualifying": {"type": "array", "items": {"$ref": "#/components/schemas/PartnerReason"},
                       "description": "Partners that satisfy the rules, twin towns first."},
        "outside": {"type": "array", "items": {"$ref": "#/components/schemas/PartnerReason"},
                    "description": "Twin towns that do not satisfy the rules, with a plain reason."},
        "missing": {**STRING_LIST, "description": "What kind of partner is still needed."},
    },
}
MATCH_RESULT: dict[str, Any] = {
    "type": "object",
    "required": ["scheme_id", "programme", "name", "score", "weak", "why", "next_deadline", "url",
                 "link_status", "summary", "partners"],
    "properties": {
        "scheme_id": {"type": "string"},
        "programme": {"type": "string"},
        "name": {"type": "string", "description": "Scheme name in the chosen language."},
        "score": {"type": "number", "minimum": 0, "maximum": 1, "description": "Calibrated fit, 0–1."},
        "weak": {"type": "boolean", "description": "True when the fit is uncertain."},
        "why": {**STRING_LIST, "description": "The evidence behind the ranking, as sentences."},
        "next_deadline": {"type": ["string", "null"], "format": "date"},
        "url": {"type": ["string", "null"], "description": "The official page of the scheme."},
        "link_status": LINK_STATUS,
        "summary": {"type": "string", "description": "One or two sentences in the chosen language."},
        "partners": {"$ref": "#/components/schemas/PartnerFit"},
    },
}
MATCH_RESPONSE: dict[str, Any] = {
    "type": "object",
    "required": ["query", "lang", "message", "results"],
    "properties": {
        "query": {"type": "string"},
        "lang": {"type": "string", "enum": list(LANGUAGES), "description": "Language of the texts."},
        "message": {"type": ["string", "null"], "description": "Why there are no results, when there are none."},
        "results": {"type": "array", "items": {"$ref": "#/components/schemas/MatchResult"}},
    },
}
DEADLINE: dict[str, Any] = {
    "type": "object",
    "description": "One of: a dated deadline (date, optional time in Europe/Oslo), a recurring one or rolling.",
    "properties": {
        "date": {"type": "string", "format": "date"},
        "time": {"type": "string", "pattern": "^[0-2][0-9]:[0-5][0-9]$"},
        "recurring": {"type": "object", "properties": {"month": {"type": "integer", "minimum": 1, "maximum": 12},
                                                       "day": {"type": "integer", "minimum": 1, "maximum": 31}}},
        "rolling": {"type": "boolean"},
        "label": BILINGUAL,
    },
}
SCHEME: dict[str, Any] = {
    "type": "object",
    "description": "A full scheme record as in catalog_data/SCHEMA.md, plus version, updated_at and link_status.",
    "required": ["id", "programme", "status", "name", "summary", "description", "applicants", "funding", "url",
                 "agency", "last_verified", "sources", "version", "updated_at", "link_status"],
    "properties": {
        "id": {"type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$"},
        "programme": {"type": "string"},
        "status": {"type": "string", "enum": list(STATUSES)},
        "successor": {"type": ["string", "null"], "description": "The replacing scheme of a retired one."},
        "name": BILINGUAL, "summary": BILINGUAL, "description": BILINGUAL,
        "aliases": STRING_LIST,
        "applicants": {"type": "array", "items": {"type": "string", "enum": list(APPLICANT_TYPES)}},
        "partners": {"type": "object", "properties": {
            "min_organisations": {"type": "integer"}, "min_countries": {"type": "integer"},
            "countries": STRING_LIST, "regions": STRING_LIST, "eu_member_required": {"type": "boolean"},
            "area": {"type": "object", "additionalProperties": STRING_LIST,
                     "description": "Programme-area regions per country code."},
            "beneficiary_states_required": {"type": "boolean"}, "norway_eligible": {"type": "boolean"},
            "notes": BILINGUAL}},
        "themes": STRING_LIST,
        "keywords": {"type": "object", "additionalProperties": STRING_LIST},
        "funding": {"type": "object", "properties": {
            "currency": {"type": "string", "enum": list(CURRENCIES)},
            "min": {"type": ["number", "null"]}, "max": {"type": ["number", "null"]},
            "cofunding_rate": {"type": ["number", "null"]}, "notes": BILINGUAL}},
        "deadlines": {"type": "array", "items": {"$ref": "#/components/schemas/Deadline"}},
        "url": {"type": "string"},
        "agency": {"type": "object", "properties": {"name": {"type": "string"}, "url": {"type": "string"}}},
        "last_verified": {"type": "string", "format": "date"},
        "sources": STRING_LIST,
        "version": {"type": "integer"},
        "updated_at": {"type": ["string", "null"], "format": "date-time"},
        "link_status": LINK_STATUS,
    },
}
SCHEME_PAGE: dict[str, Any] = {
    "type": "object",
    "required": ["items", "page", "per_page", "total"],
    "properties": {
        "items": {"type": "array", "items": {"$ref": "#/components/schemas/Scheme"}},
        "page": {"type": "integer", "minimum": 1},
        "per_page": {"type": "integer", "minimum": 1, "maximum": PER_PAGE_MAX},
        "total": {"type": "integer", "minimum": 0, "description": "Number of schemes matching the filters."},
    },
}
PROGRAMME: dict[str, Any] = {
    "type": "object",
    "required": ["slug", "name", "funder", "schemes"],
    "properties": {
        "slug": {"type": "string"}, "name": BILINGUAL, "funder": BILINGUAL,
        "schemes": {"type": "integer", "minimum": 0, "description": "Number of schemes (any status)."},
    },
}
PROGRAMME_LIST: dict[str, Any] = {
    "type": "object", "required": ["items"],
    "properties": {"items": {"type": "array", "items": {"$ref": "#/components/schemas/Programme"}}},
}

COMPONENT_SCHEMAS: dict[str, dict[str, Any]] = {
    "Error": ERROR, "MatchResult": MATCH_RESULT, "MatchResponse": MATCH_RESPONSE, "Deadline": DEADLINE,
    "PartnerFit": PARTNER_FIT, "PartnerReason": PARTNER_REASON,
    "Scheme": SCHEME, "SchemePage": SCHEME_PAGE, "Programme": PROGRAMME, "ProgrammeList": PROGRAMME_LIST,
}


def _param(name: str, schema: dict[str, Any], description: str, location: str = "query",
           required: bool = False) -> dict[str, Any]:
    return {"name": name, "in": location, "required": required, "description": description, "schema": schema}


LANG_PARAM = _param("lang", {"type": "string", "enum": list(LANGUAGES)},
                    "Language of texts (nb or en). Without it the Accept-Language header decides; default nb.")
ACCEPT_LANGUAGE_PARAM = _param("Accept-Language", {"type": "string"},
                               "Used when lang is not given: no/nb/nn give bokmål, en gives English.", "header")
SCHEME_ID_PATH = {**_param("scheme_id", SLUG, "The scheme id.", "path", required=True), "example": "etwinning"}
FEED_TOKEN_PATH = {**_param("token", {"type": "string", "maxLength": 100}, "The saved search's calendar token.",
                            "path", required=True), "example": "1-0123456789abcdef0123456789abcdef"}
PROGRAMME_FILTER = _param("programme", SLUG, "Programme slug (see /programmes); unknown slugs are a 400.")

SCHEME_LIST_PARAMS: list[dict[str, Any]] = [
    PROGRAMME_FILTER,
    _param("status", {"type": "string", "enum": list(STATUSES)}, "Only schemes with this status."),
    _param("applicant", {"type": "string", "enum": list(APPLICANT_TYPES)},
           "Only schemes this kind of applicant may apply to."),
    _param("q", {"type": "string", "maxLength": 200}, "Case-insensitive substring of the name (nb or en)."),
    _param("page", {"type": "integer", "minimum": 1, "default": 1},
           "Page number; a page after the last one is a 400."),
    _param("per_page", {"type": "integer", "minimum": 1, "maximum": PER_PAGE_MAX, "default": PER_PAGE_DEFAULT},
           "Schemes per page."),
]
LANG_PARAMS: list[dict[str, Any]] = [LANG_PARAM, ACCEPT_LANGUAGE_PARAM]
FEED_PARAMS: list[dict[str, Any]] = [
    PROGRAMME_FILTER,
    _param("scheme", SLUG, "Only this scheme id; unknown ids are a 400."),
    LANG_PARAM,
    ACCEPT_LANGUAGE_PARAM,
]
