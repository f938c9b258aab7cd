"""Human-readable reasons ("why") for a match, in the query's language.

Reasons are built from evidence the matcher collected (the user's words a scheme
matched, precedents, deadline, who may apply, status); this module only phrases
them, in plain words for a teacher or a case officer: no stems, no field names.
Supported languages: nb, nn, sv, en (nb is the fallback).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

MAX_APPLICANTS_SHOWN = 3

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
    "nb": {"words": "Passer med ordene dine: {words}", "similar": "Tidligere prosjekt hos oss: «{name}» ({how})",
           "same_scheme": "samme ordning", "same_family": "samme program", "deadline": "Frist: {date}",
           "rolling": "Løpende søknad – søk når som helst", "no_deadline": "Ingen kjent frist nå",
           "applicants": "Kan søkes av: {who}", "and": "og", "more": "m.fl.",
           "closed": "Ingen åpen utlysning nå", "retired": "Avsluttet – erstattet av {successor}"},
    "nn": {"words": "Passar med orda dine: {words}", "similar": "Tidlegare prosjekt hos oss: «{name}» ({how})",
           "same_scheme": "same ordning", "same_family": "same program", "deadline": "Frist: {date}",
           "rolling": "Løpande søknad – søk når som helst", "no_deadline": "Ingen kjend frist no",
           "applicants": "Kan søkjast av: {who}", "and": "og", "more": "m.fl.",
           "closed": "Inga open utlysing no", "retired": "Avslutta – erstatta av {successor}"},
    "sv": {"words": "Passar med dina ord: {words}", "similar": "Tidigare projekt hos oss: ”{name}” ({how})",
           "same_scheme": "samma stöd", "same_family": "samma program", "deadline": "Sista ansökningsdag: {date}",
           "rolling": "Löpande ansökan – sök när som helst", "no_deadline": "Ingen känd ansökningsdag nu",
           "applicants": "Kan sökas av: {who}", "and": "och", "more": "m.fl.",
           "closed": "Ingen öppen utlysning nu", "retired": "Avslutat – ersatt av {successor}"},
    "en": {"words": "Matches your words: {words}", "similar": "Our past project: “{name}” ({how})",
           "same_scheme": "same scheme", "same_family": "same programme", "deadline": "Deadline: {date}",
           "rolling": "Rolling – apply at any time", "no_deadline": "No known deadline now",
           "applicants": "Who can apply: {who}", "and": "and", "more": "and others",
           "closed": "No open call now", "retired": "Ended – replaced by {successor}"},
}

_MONTHS: Mapping[str, tuple[str, ...]] = {
    "nb": ("januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september", "oktober",
           "november", "desember"),
    "sv": ("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober",
           "november", "december"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"),
}


def _t(lang: str, key: str) -> str:
    return _TEXT.get(lang, _TEXT["nb"])[key]


def human_date(lang: str, day: dt.date) -> str:
    """'19. februar 2027' (nb/nn), '19 februari 2027' (sv), '19 February 2027' (en)."""
    if lang == "en" or lang == "sv":
        return f"{day.day} {_MONTHS[lang][day.month - 1]} {day.year}"
    return f"{day.day}. {_MONTHS['nb'][day.month - 1]} {day.year}"


def _listing(lang: str, items: Sequence[str]) -> str:
    """'a, b og c' in the language."""
    if len(items) < 2:
        return "".join(items)
    return f"{', '.join(items[:-1])} {_t(lang, 'and')} {items[-1]}"


def words_reason(lang: str, words: Sequence[str]) -> str | None:
    """'Passer med ordene dine: skole, klima, Italia' from the user's words as written."""
    return _t(lang, "words").format(words=", ".join(words)) if words else None


def applicants_reason(lang: str, applicants: Sequence[str], wanted: str | None = None) -> str | None:
    """'Kan søkes av: skoler og barnehager'; the applicant filtered on comes first."""
    if not applicants:
        return None
    labels = APPLICANT_LABELS.get(lang, APPLICANT_LABELS["nb"])
    ordered = sorted(dict.fromkeys(applicants), key=lambda a: a != wanted)
    shown = [labels.get(a, a) for a in ordered[:MAX_APPLICANTS_SHOWN]]
    if len(ordered) > MAX_APPLICANTS_SHOWN:
        who = f"{', '.join(shown)} {_t(lang, 'more')}"
    else:
        who = _listing(lang, shown)
    return _t(lang, "applicants").format(who=who)


def precedent_reason(lang: str, project_name: str, same_scheme: bool) -> str:
    """Reason pointing to a similar past project of the municipality."""
    how = _t(lang, "same_scheme" if same_scheme else "same_family")
    return _t(lang, "similar").format(name=project_name, how=how)


def deadline_reason(lang: str, day: dt.date | None, rolling: bool) -> str:
    """Next deadline as a written date, or rolling / unknown."""
    if day is not None:
        return _t(lang, "deadline").format(date=human_date(lang, day))
    return _t(lang, "rolling" if rolling else "no_deadline")


def status_reason(lang: str, status: str, successor: str | None) -> str | None:
    """Warn about closed and retired schemes (retired ones name their successor)."""
    if status == "closed":
        return _t(lang, "closed")
    if status == "retired":
        return _t(lang, "retired").format(successor=successor or "?")
    return None
