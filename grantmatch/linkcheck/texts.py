"""User-facing wording of the link-check email, Norwegian bokmål and English."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType


@dataclass(frozen=True)
class Section:
    """Title and one-line advice shown above a report section."""

    title: str
    advice: str


@dataclass(frozen=True)
class Texts:
    """All the words the renderer needs for one language."""

    subject: str  # format: week, broken, moved
    broken_one: str
    broken_many: str
    moved_word: str
    heading: str  # format: week, year
    summary: str  # format: checked, ok, redirect, broken, unreachable, uncertain
    all_good: str
    footer: str
    col_link: str
    col_status: str
    col_details: str
    col_used_by: str
    col_new_url: str
    edit: str
    not_in_catalogue: str
    permanent: str
    temporary: str
    streak: str  # format: n
    new_url: str
    statuses: Mapping[str, str]
    kinds: Mapping[str, str]
    sections: Mapping[str, Section]


NB = Texts(
    subject="Lenkesjekk uke {week}: {broken}, {moved}",
    broken_one="{n} brutt",
    broken_many="{n} brutte",
    moved_word="{n} flyttet",
    heading="Lenkesjekk uke {week} ({year})",
    summary=("Sjekket {checked} lenker: {ok} OK, {redirect} flyttet, {broken} brutte, "
             "{unreachable} utilgjengelige, {uncertain} usikre."),
    all_good="Ingen funn: alle lenker svarte som de skulle.",
    footer="Denne e-posten er sendt automatisk av grantmatch hver uke.",
    col_link="Lenke",
    col_status="Status",
    col_details="Detaljer",
    col_used_by="Brukt av",
    col_new_url="Ny adresse",
    edit="rediger",
    not_in_catalogue="(ikke brukt i katalogen)",
    permanent="permanent",
    temporary="midlertidig",
    streak="feilet {n} sjekker på rad",
    new_url="Ny adresse",
    statuses=MappingProxyType({
        "ok": "OK", "redirect": "flyttet", "broken": "brutt",
        "unreachable": "utilgjengelig", "uncertain": "usikker",
    }),
    kinds=MappingProxyType({"scheme": "Ordning"}),
    sections=MappingProxyType({
        "newly_broken": Section("Nylig brutte lenker",
                                "Feilet i to sjekker på rad. Rett eller fjern lenken."),
        "still_broken": Section("Fortsatt brutte lenker",
                                "Har feilet i tre eller flere sjekker på rad."),
        "moved": Section("Flyttede lenker",
                         "Lenken sender videre til en ny adresse. Oppdater lenken i katalogen."),
        "uncertain": Section("Usikre lenker",
                             "Nettstedet stopper automatiske sjekker eller viser en «ikke funnet»-side. "
                             "Åpne lenken i en nettleser."),
        "failing_once": Section("Feilet én gang – sjekkes på nytt",
                                "Feilet bare denne gangen. Du varsles hvis den feiler igjen neste uke."),
        "recovered": Section("Virker igjen", "Feilet forrige gang, men svarer nå."),
    }),
)

EN = Texts(
    subject="Link check week {week}: {broken}, {moved}",
    broken_one="{n} broken",
    broken_many="{n} broken",
    moved_word="{n} moved",
    heading="Link check week {week} ({year})",
    summary=("Checked {checked} links: {ok} OK, {redirect} moved, {broken} broken, "
             "{unreachable} unreachable, {uncertain} uncertain."),
    all_good="Nothing to report: every link answered as it should.",
    footer="This email is sent automatically by grantmatch every week.",
    col_link="Link",
    col_status="Status",
    col_details="Details",
    col_used_by="Used by",
    col_new_url="New address",
    edit="edit",
    not_in_catalogue="(not used in the catalogue)",
    permanent="permanent",
    temporary="temporary",
    streak="failed {n} checks in a row",
    new_url="New address",
    statuses=MappingProxyType({
        "ok": "OK", "redirect": "moved", "broken": "broken",
        "unreachable": "unreachable", "uncertain": "uncertain",
    }),
    kinds=MappingProxyType({"scheme": "Scheme"}),
    sections=MappingProxyType({
        "newly_broken": Section("Newly broken links",
                                "Failed in two checks in a row. Fix or remove the link."),
        "still_broken": Section("Still broken links", "Failed in three or more checks in a row."),
        "moved": Section("Moved links",
                         "The link redirects to a new address. Update it in the catalogue."),
        "uncertain": Section("Uncertain links",
                             "The site blocks automated checks or shows a 'not found' page. "
                             "Open the link in a browser."),
        "failing_once": Section("Failed once – will be re-checked",
                                "Failed this time only. You will be alerted if it fails again next week."),
        "recovered": Section("Working again", "Failed last time, but answers now."),
    }),
)

TEXTS: Mapping[str, Texts] = MappingProxyType({"nb": NB, "en": EN})
