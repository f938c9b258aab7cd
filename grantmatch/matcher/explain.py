"""Human-readable reasons ("why") for a match, in the query's language.

Reasons are built from evidence the matcher collected (matched terms and fields,
places, applicant fit, precedents, deadline, status); this module only phrases
them. Supported languages: nb, nn, sv, en (nb is the fallback).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

FIELD_LABELS: Mapping[str, Mapping[str, str]] = {
    "nb": {"name": "navn", "aliases": "andre navn", "keywords": "nøkkelord", "summary": "sammendrag",
           "description": "beskrivelse", "themes": "temaer", "programme": "programnavn",
           "regions": "regioner", "partners": "partnerkrav"},
    "nn": {"name": "namn", "aliases": "andre namn", "keywords": "nøkkelord", "summary": "samandrag",
           "description": "skildring", "themes": "tema", "programme": "programnamn",
           "regions": "regionar", "partners": "partnarkrav"},
    "sv": {"name": "namn", "aliases": "andra namn", "keywords": "nyckelord", "summary": "sammanfattning",
           "description": "beskrivning", "themes": "teman", "programme": "programnamn",
           "regions": "regioner", "partners": "partnerkrav"},
    "en": {"name": "name", "aliases": "other names", "keywords": "keywords", "summary": "summary",
           "description": "description", "themes": "themes", "programme": "programme name",
           "regions": "regions", "partners": "partner rules"},
}

APPLICANT_LABELS: Mapping[str, Mapping[str, str]] = {
    "nb": {"school": "skoler", "kindergarten": "barnehager", "municipality": "kommuner",
           "county": "fylkeskommuner", "public-body": "offentlige organer", "ngo": "frivillige organisasjoner",
           "youth-group": "ungdomsgrupper", "culture-institution": "kulturinstitusjoner",
           "university": "universiteter og høgskoler", "research-institute": "forskningsinstitutter",
           "company": "bedrifter", "individual": "enkeltpersoner"},
    "nn": {"school": "skular", "kindergarten": "barnehagar", "municipality": "kommunar",
           "county": "fylkeskommunar", "public-body": "offentlege organ", "ngo": "frivillige organisasjonar",
           "youth-group": "ungdomsgrupper", "culture-institution": "kulturinstitusjonar",
           "university": "universitet og høgskular", "research-institute": "forskingsinstitutt",
           "company": "bedrifter", "individual": "enkeltpersonar"},
    "sv": {"school": "skolor", "kindergarten": "förskolor", "municipality": "kommuner",
           "county": "regioner", "public-body": "offentliga organ", "ngo": "ideella organisationer",
           "youth-group": "ungdomsgrupper", "culture-institution": "kulturinstitutioner",
           "university": "universitet och högskolor", "research-institute": "forskningsinstitut",
           "company": "företag", "individual": "privatpersoner"},
    "en": {"school": "schools", "kindergarten": "kindergartens", "municipality": "municipalities",
           "county": "county councils", "public-body": "public bodies", "ngo": "NGOs",
           "youth-group": "youth groups", "culture-institution": "cultural institutions",
           "university": "universities", "research-institute": "research institutes",
           "company": "companies", "individual": "individuals"},
}

_TEXT: Mapping[str, Mapping[str, str]] = {
    "nb": {"terms": "Treff på {items}", "in": "{term} i {field}", "via": "{term} (som {seen})",
           "places": "Stedene passer programmet: {places}", "applicant_ok": "{who} kan søke",
           "applicant_no": "Obs: {who} står ikke som søkere", "similar": "Ligner på tidligere prosjekt «{name}», {how}",
           "same_scheme": "støttet av denne ordningen", "same_family": "støttet av samme program",
           "deadline": "Neste søknadsfrist: {date}", "rolling": "Løpende søknad – søk når som helst",
           "no_deadline": "Ingen kjent frist nå", "closed": "Ingen åpen utlysning nå",
           "retired": "Avsluttet – erstattet av {successor}"},
    "nn": {"terms": "Treff på {items}", "in": "{term} i {field}", "via": "{term} (som {seen})",
           "places": "Stadene passar programmet: {places}", "applicant_ok": "{who} kan søkje",
           "applicant_no": "Merk: {who} står ikkje som søkjarar", "similar": "Liknar tidlegare prosjekt «{name}», {how}",
           "same_scheme": "støtta av denne ordninga", "same_family": "støtta av same program",
           "deadline": "Neste søknadsfrist: {date}", "rolling": "Løpande søknad – søk når som helst",
           "no_deadline": "Ingen kjend frist no", "closed": "Inga open utlysing no",
           "retired": "Avslutta – erstatta av {successor}"},
    "sv": {"terms": "Träff på {items}", "in": "{term} i {field}", "via": "{term} (som {seen})",
           "places": "Orterna passar programmet: {places}", "applicant_ok": "{who} kan söka",
           "applicant_no": "Obs: {who} anges inte som sökande", "similar": "Liknar tidigare projekt ”{name}”, {how}",
           "same_scheme": "finansierat av detta stöd", "same_family": "finansierat av samma program",
           "deadline": "Nästa ansökningsdag: {date}", "rolling": "Löpande ansökan – sök när som helst",
           "no_deadline": "Ingen känd ansökningsdag nu", "closed": "Ingen öppen utlysning nu",
           "retired": "Avslutat – ersatt av {successor}"},
    "en": {"terms": "Matches {items}", "in": "{term} in {field}", "via": "{term} (as {seen})",
           "places": "The places fit the programme: {places}", "applicant_ok": "{who} can apply",
           "applicant_no": "Note: {who} are not listed as applicants", "similar": "Similar to past project “{name}”, {how}",
           "same_scheme": "funded by this scheme", "same_family": "funded by the same programme",
           "deadline": "Next deadline: {date}", "rolling": "Rolling – apply at any time",
           "no_deadline": "No known deadline now", "closed": "No open call now",
           "retired": "Ended – replaced by {successor}"},
}


def _t(lang: str, key: str) -> str:
    return _TEXT.get(lang, _TEXT["nb"])[key]


def terms_reason(lang: str, matches: Sequence[tuple[str, str, str | None]]) -> str | None:
    """'Matches "x" in name, …' from (shown term, field, glossary term seen or None)."""
    if not matches:
        return None
    labels = FIELD_LABELS.get(lang, FIELD_LABELS["nb"])
    items = []
    for term, field, seen in matches:
        shown = _quote(lang, term)
        if seen:
            shown = _t(lang, "via").format(term=shown, seen=_quote(lang, seen))
        items.append(_t(lang, "in").format(term=shown, field=labels.get(field, field)))
    return _t(lang, "terms").format(items=", ".join(items))


def _quote(lang: str, text: str) -> str:
    return {"en": "“{}”", "sv": "”{}”"}.get(lang, "«{}»").format(text)


def places_reason(lang: str, places: Sequence[str]) -> str | None:
    """Reason naming the places in the query that fit the scheme's family."""
    return _t(lang, "places").format(places=", ".join(p.title() for p in places)) if places else None


def applicant_reason(lang: str, applicant: str, fits: bool) -> str:
    """Whether the given applicant type may apply."""
    who = APPLICANT_LABELS.get(lang, APPLICANT_LABELS["nb"]).get(applicant, applicant)
    text = _t(lang, "applicant_ok" if fits else "applicant_no").format(who=who)
    return text[0].upper() + text[1:]


def precedent_reason(lang: str, project_name: str, same_scheme: bool) -> str:
    """Reason pointing to a similar past project of the municipality."""
    how = _t(lang, "same_scheme" if same_scheme else "same_family")
    return _t(lang, "similar").format(name=project_name, how=how)


def deadline_reason(lang: str, day: dt.date | None, rolling: bool) -> str:
    """Next deadline with its ISO date, or rolling / unknown."""
    if day is not None:
        return _t(lang, "deadline").format(date=day.isoformat())
    return _t(lang, "rolling" if rolling else "no_deadline")


def status_reason(lang: str, status: str, successor: str | None) -> str | None:
    """Warn about closed and retired schemes (retired ones name their successor)."""
    if status == "closed":
        return _t(lang, "closed")
    if status == "retired":
        return _t(lang, "retired").format(successor=successor or "?")
    return None
