"""Which partners in the municipality's network satisfy a scheme's partner rules.

Pure: scheme and partner records in (as in ``catalog_data/``), a :class:`PartnerFit` out; no
Flask, no database. The rules are the scheme's structured ``partners`` block
(``catalog_data/SCHEMA.md``): ``countries``, ``area`` (programme-area regions per country),
``eu_member_required``, ``beneficiary_states_required``, ``norway_eligible``,
``min_countries`` and ``min_organisations``. Texts are in bokmål or English.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Iterable, Mapping

from grantmatch.countries import (EEA_BENEFICIARY_STATES, EEA_EXAMPLES, EU_MEMBER_STATES, HOME_COUNTRY,
                                  NORDIC_BALTIC_COUNTRIES, NORDIC_COUNTRIES, country_name)

NUMBERS = {"nb": {2: "to", 3: "tre", 4: "fire", 5: "fem", 6: "seks", 7: "sju"},
           "en": {2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven"}}

TEXTS: dict[str, dict[str, str]] = {
    "in_area": {"nb": "{name} ligger i programområdet for {programme} ({region})",
                "en": "{name} is in the programme area of {programme} ({region})"},
    "beneficiary": {"nb": "{name} ligger i et mottakerland i {programme} ({country})",
                    "en": "{name} is in a beneficiary state of {programme} ({country})"},
    "eu_member": {"nb": "{name} ligger i et EU-land ({country}) og kan være med i {programme}",
                  "en": "{name} is in an EU member state ({country}) and can take part in {programme}"},
    "country": {"nb": "{name} ({country}) kan være med i {programme}",
                "en": "{name} ({country}) can take part in {programme}"},
    "home": {"nb": "{name} er en norsk partner; den teller som organisasjon, men ikke som et ekstra land",
             "en": "{name} is a Norwegian partner; it counts as an organisation, not as another country"},
    "before": {"nb": ", og dere har samarbeidet før ({projects})", "en": ", and you have worked together before ({projects})"},
    "outside_area": {"nb": "utenfor programområdet", "en": "outside the programme area"},
    "not_participating": {"nb": "landet er ikke med i ordningen", "en": "the country does not take part in the scheme"},
    "not_eu": {"nb": "ikke i et EU-land", "en": "not in an EU member state"},
    "not_beneficiary": {"nb": "ikke i et mottakerland", "en": "not in a beneficiary state"},
    "home_not_eligible": {"nb": "Norge deltar ikke i ordningen", "en": "Norway does not take part in the scheme"},
    "need_beneficiary": {"nb": "trenger en partner i et mottakerland, f.eks. {examples}",
                         "en": "needs a partner in a beneficiary state, e.g. {examples}"},
    "need_eu": {"nb": "trenger en partner i et EU-land", "en": "needs a partner in an EU member state"},
    "need_area": {"nb": "trenger en partner i programområdet i {countries} ({regions})",
                  "en": "needs a partner in the programme area in {countries} ({regions})"},
    "need_countries_group": {"nb": "trenger partnere fra minst {n} {group} land",
                             "en": "needs partners from at least {n} {group} countries"},
    "need_countries_other": {"nb": "trenger partnere fra minst {n} land i ordningen, Norge medregnet",
                             "en": "needs partners from at least {n} countries in the scheme, Norway included"},
    "need_countries_no_home": {"nb": "trenger partnere fra minst {n} land som deltar i ordningen (Norge teller ikke)",
                               "en": "needs partners from at least {n} participating countries (Norway does not count)"},
    "need_organisations": {"nb": "trenger minst {n} organisasjoner i alt, dere medregnet",
                           "en": "needs at least {n} organisations in all, yours included"},
}
GROUPS = {"nordic-baltic": {"nb": "nordiske eller baltiske", "en": "Nordic or Baltic"},
          "nordic": {"nb": "nordiske", "en": "Nordic"}}
OR = {"nb": " eller ", "en": " or "}


@dataclass(frozen=True)
class PartnerReason:
    """One partner and why it does (or does not) satisfy the scheme's rules."""

    id: str
    name: str
    country: str
    region: str | None
    kind: str
    reason: str


@dataclass(frozen=True)
class PartnerFit:
    """The network against one scheme's rules.

    ``applies`` is False when the scheme states no structured partner rule (then all lists
    are empty). ``qualifying``: partners that satisfy it. ``outside``: twin towns that do
    not, each with a plain reason. ``missing``: what kind of partner is still needed.
    """

    scheme_id: str
    applies: bool
    qualifying: tuple[PartnerReason, ...] = ()
    outside: tuple[PartnerReason, ...] = ()
    missing: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        return {"applies": self.applies, "qualifying": [asdict(p) for p in self.qualifying],
                "outside": [asdict(p) for p in self.outside], "missing": list(self.missing)}


def text_lang(lang: str) -> str:
    """The language partner texts are written in: English for en, bokmål otherwise (nb, nn, sv)."""
    return "en" if lang == "en" else "nb"


def partner_name(partner: Mapping[str, Any], lang: str) -> str:
    name = partner.get("name")
    if isinstance(name, Mapping):
        return str(name.get(text_lang(lang)) or name.get("nb") or name.get("en") or partner.get("id"))
    return str(name or partner.get("id"))


def has_rule(rule: Mapping[str, Any]) -> bool:
    """True when the partners block says where partners may come from (countries, area, EU,
    beneficiary states or Norway's non-participation). A bare minimum number of countries
    says nothing a partner can be checked against, so such schemes get no partner list."""
    return bool(rule.get("countries") or rule.get("area") or rule.get("eu_member_required")
                or rule.get("beneficiary_states_required") or rule.get("norway_eligible") is False)


def _t(key: str, lang: str, **values: Any) -> str:
    return TEXTS[key][text_lang(lang)].format(**values)


def _check(rule: Mapping[str, Any], partner: Mapping[str, Any]) -> tuple[str | None, str | None]:
    """(reason key when it qualifies, reason key when it does not); exactly one is set."""
    country, region = partner.get("country"), partner.get("region")
    area: Mapping[str, list[str]] = rule.get("area") or {}
    if country == HOME_COUNTRY and rule.get("norway_eligible") is False:
        return None, "home_not_eligible"
    if rule.get("beneficiary_states_required"):
        if country not in EEA_BENEFICIARY_STATES:
            return None, "not_beneficiary"
    countries = rule.get("countries") or []
    if countries and country not in countries and country not in area:
        return None, "outside_area" if area else "not_participating"
    if country in area:
        if region not in area[country]:
            return None, "outside_area"
        return ("home" if country == HOME_COUNTRY else "in_area"), None
    if country == HOME_COUNTRY:
        return "home", None
    if rule.get("beneficiary_states_required"):
        return "beneficiary", None
    if rule.get("eu_member_required") and not countries:
        return ("eu_member", None) if country in EU_MEMBER_STATES else (None, "not_eu")
    return ("eu_member" if rule.get("eu_member_required") and country in EU_MEMBER_STATES else "country"), None


def _group(countries: Iterable[str]) -> str | None:
    given = set(countries)
    if given and given <= NORDIC_BALTIC_COUNTRIES and given & {"EE", "LV", "LT"}:
        return "nordic-baltic"
    if given and given <= NORDIC_COUNTRIES:
        return "nordic"
    return None


def _join(items: list[str], lang: str) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + OR[text_lang(lang)] + items[-1]


def _missing(rule: Mapping[str, Any], qualifying: list[tuple[PartnerReason, str]], lang: str) -> list[str]:
    out: list[str] = []
    home_counts = rule.get("norway_eligible") is not False  # Fredrikstad itself is one country
    foreign = {p.country for p, _ in qualifying if p.country != HOME_COUNTRY}
    if rule.get("beneficiary_states_required") and not foreign & EEA_BENEFICIARY_STATES:
        examples = _join([country_name(c, text_lang(lang)) for c in EEA_EXAMPLES], lang)
        out.append(_t("need_beneficiary", lang, examples=examples))
    elif rule.get("eu_member_required") and not foreign & EU_MEMBER_STATES:
        area = {c: r for c, r in (rule.get("area") or {}).items() if c != HOME_COUNTRY}
        if area:
            names = _join([country_name(c, text_lang(lang)) for c in area], lang)
            regions = ", ".join(r for regions in area.values() for r in regions)
            out.append(_t("need_area", lang, countries=names, regions=regions))
        else:
            out.append(_t("need_eu", lang))
    needed = (rule.get("min_countries") or 1) - (1 if home_counts else 0)
    if len(foreign) < needed and not out:
        n = rule.get("min_countries") or 1
        number = NUMBERS[text_lang(lang)].get(n, str(n))
        group = _group(rule.get("countries") or [])
        if not home_counts:
            out.append(_t("need_countries_no_home", lang, n=number))
        elif group:
            out.append(_t("need_countries_group", lang, n=number, group=GROUPS[group][text_lang(lang)]))
        else:
            out.append(_t("need_countries_other", lang, n=number))
    organisations = len(qualifying) + (1 if home_counts else 0)
    if organisations < (rule.get("min_organisations") or 1) and not out:
        out.append(_t("need_organisations", lang, n=rule.get("min_organisations")))
    return out


def partner_fit(scheme_record: Mapping[str, Any], partners: Iterable[Mapping[str, Any]], lang: str, *,
                programme_name: str | None = None,
                projects: Mapping[str, Mapping[str, Any]] | None = None) -> PartnerFit:
    """Check every partner against the scheme's partner rules; texts in ``lang``.

    ``programme_name`` names the programme in reasons (default: the scheme's name);
    ``projects`` maps past-project ids to records, to name earlier cooperation.
    Qualifying twin towns come first, then partners you have worked with before, then by name.
    """
    rule = scheme_record.get("partners") or {}
    scheme_id = str(scheme_record.get("id", ""))
    if not isinstance(rule, Mapping) or not has_rule(rule):
        return PartnerFit(scheme_id=scheme_id, applies=False)
    lang = text_lang(lang)
    programme = programme_name or _scheme_name(scheme_record, lang)
    projects = projects or {}
    qualifying: list[tuple[PartnerReason, str]] = []
    outside: list[PartnerReason] = []
    for partner in partners:
        yes, no = _check(rule, partner)
        name = partner_name(partner, lang)
        country, region = str(partner.get("country", "")), partner.get("region")
        base = dict(id=str(partner.get("id")), name=name, country=country, region=region,
                    kind=str(partner.get("kind", "other")))
        if yes is not None:
            reason = _t(yes, lang, name=name, programme=programme, region=region or "",
                        country=country_name(country, lang))
            together = [str(projects[p].get("name") or p) if p in projects else p
                        for p in partner.get("past_projects") or []]
            if together:
                reason += _t("before", lang, projects=", ".join(together))
            rank = ("0" if partner.get("kind") == "twin-town" else "1") + ("0" if together else "1")
            qualifying.append((PartnerReason(reason=reason, **base), rank))
        elif partner.get("kind") == "twin-town" and no is not None:
            outside.append(PartnerReason(reason=_t(no, lang), **base))
    qualifying.sort(key=lambda item: (item[1], item[0].name.casefold()))
    return PartnerFit(scheme_id=scheme_id, applies=True, qualifying=tuple(p for p, _ in qualifying),
                      outside=tuple(sorted(outside, key=lambda p: p.name.casefold())),
                      missing=tuple(_missing(rule, qualifying, lang)))


def _scheme_name(record: Mapping[str, Any], lang: str) -> str:
    name = record.get("name")
    if isinstance(name, Mapping):
        return str(name.get(lang) or name.get("nb") or record.get("id"))
    return str(name or record.get("id"))
