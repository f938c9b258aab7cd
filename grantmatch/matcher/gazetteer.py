"""Places as evidence for programme families.

Which countries and towns a project names says a lot about the funding family:
Nordic-only partners point to Nordplus, partners in Italy or Spain to Erasmus+,
Strömstad or Värmland to Interreg Sverige–Norge, Danish regions or the Kattegat to
Interreg ÖKS, Poland or Romania to the EEA Grants, Kenya or Malawi to Norec/SPOR/KS.

The module is data plus two small functions. ``PLACES`` maps name variants (in
nb/nn/sv/en, adjectives included, written unfolded) to *areas*; ``AREA_SIGNALS``
says how strongly each area points to each family (0–1). A place's signal for a
family is the best of its areas; a family's geographic fit for a query is the mean
signal over the distinct places the query names, so a family whose scope misses
some of the places (Nordplus for "Sweden, Spain") loses ground to one that covers
them all. Norway and Norwegian places are neutral (every scheme admits them) and
are not listed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from grantmatch.matcher.text import fold, surface_tokens, tokenize

# Every EU-wide family admits partners anywhere in the EU, so an EU place says
# nothing about which of them fits: one equal signal, and the text decides (a
# higher one for Erasmus+ let it beat Creative Europe, LIFE or EU4Health on theme
# queries that merely named an EU country; measured on both query sets).
_EU_WIDE = dict.fromkeys(("erasmus-plus", "creative-europe", "cerv", "urbact", "interreg-europe",
                          "european-solidarity-corps", "horizon-europe", "life", "digital-europe",
                          "eu4health"), 0.8)

AREA_SIGNALS: Mapping[str, Mapping[str, float]] = {
    "nordic": {"nordplus": 1.0, "foreningen-norden": 0.9, "nordic-culture-fund": 0.9,
               "nordic-culture-point": 0.9, "erasmus-plus": 0.4, "creative-europe": 0.3,
               "interreg-north-sea": 0.3, "interreg-baltic-sea": 0.3},
    "sweden": {"interreg-sverige-norge": 0.6, "interreg-oks": 0.5},
    "denmark": {"interreg-oks": 0.8, "interreg-north-sea": 0.4},
    "baltic": {"nordplus": 0.9, "eea-norway-grants": 0.8, "interreg-baltic-sea": 0.8,
               "nordic-culture-point": 0.7, "erasmus-plus": 0.6},
    "eu": _EU_WIDE,
    "eea-beneficiary": {"eea-norway-grants": 1.0},
    "north-sea-coast": {"interreg-north-sea": 0.7},
    "baltic-sea-coast": {"interreg-baltic-sea": 0.7},
    "global-south": {"norec": 1.0, "vennskap-nord-sor": 1.0, "ks-municipal-cooperation": 1.0},
    "se-border": {"interreg-sverige-norge": 1.0, "interreg-oks": 0.4},
    "oks-area": {"interreg-oks": 1.0, "interreg-north-sea": 0.3},
    "north-sea": {"interreg-north-sea": 1.0, "interreg-oks": 0.3},
    "baltic-sea": {"interreg-baltic-sea": 1.0},
}
"""Area -> {family slug: strength 0–1}."""

_NORDIC = ("nordic",)
_BALTIC = ("baltic", "eea-beneficiary", "eu", "baltic-sea-coast")
_EU = ("eu",)
_EEA = ("eu", "eea-beneficiary")
_SOUTH = ("global-south",)

PLACES: Sequence[tuple[tuple[str, ...], tuple[str, ...]]] = (
    # Nordic countries, the Nordic region itself and its adjectives
    (("sverige", "sweden", "svensk", "svenske", "svenska", "swedish"), _NORDIC + ("sweden",)),
    (("danmark", "denmark", "dansk", "danske", "danish"), _NORDIC + ("denmark",)),
    (("finland", "finsk", "finske", "finska", "finnish"), _NORDIC + ("eu", "baltic-sea-coast")),
    (("island", "iceland", "islandsk", "islandske", "isländsk", "icelandic"), _NORDIC),
    (("færøyene", "færøyane", "färöarna", "faroe islands", "færøysk"), _NORDIC),
    (("grønland", "grönland", "greenland"), _NORDIC),
    (("åland", "aland islands"), _NORDIC),
    (("norden", "nordisk", "nordiske", "nordiska", "nordic", "nordens"), _NORDIC),
    # Baltic states
    (("estland", "estonia", "estisk", "estniska"), _BALTIC),
    (("latvia", "lettland", "latvisk"), _BALTIC),
    (("litauen", "lithuania", "litauisk"), _BALTIC),
    (("baltikum", "baltic states", "baltiske", "baltiska", "baltisk"), ("baltic",)),
    # EEA Grants beneficiary states (other than the Baltic ones), which are EU too
    (("polen", "poland", "polsk", "polske", "polish"), _EEA + ("baltic-sea-coast",)),
    (("romania", "rumenia", "rumänien", "rumensk"), _EEA),
    (("bulgaria", "bulgarien"), _EEA),
    (("kroatia", "croatia", "kroatien"), _EEA),
    (("kypros", "cyprus", "cypern"), _EEA),
    (("tsjekkia", "czechia", "czech republic", "tjeckien"), _EEA),
    (("hellas", "greece", "grekland", "grekenland"), _EEA),
    (("ungarn", "hungary", "ungern"), _EEA),
    (("malta",), _EEA),
    (("portugal",), _EEA),
    (("slovakia", "slovakien"), _EEA),
    (("slovenia", "slovenien"), _EEA),
    # Other EU member states, the UK and EU-wide words
    (("tyskland", "germany", "tysk", "tyske", "german"), _EU + ("north-sea-coast", "baltic-sea-coast")),
    (("nederland", "netherlands", "holland", "nederländerna", "nederlandsk"), _EU + ("north-sea-coast",)),
    (("belgia", "belgium", "belgien"), _EU + ("north-sea-coast",)),
    (("flandern", "flanders", "vlaanderen"), _EU + ("north-sea-coast",)),
    (("frankrike", "france", "fransk", "franske"), _EU),
    (("spania", "spain", "spanien", "spansk", "spanske"), _EU),
    (("italia", "italy", "italien", "italiensk", "italienske"), _EU),
    (("østerrike", "austria", "österrike"), _EU),
    (("irland", "ireland"), _EU),
    (("luxembourg",), _EU),
    (("storbritannia", "united kingdom", "england", "skottland", "scotland", "wales",
      "storbritannien"), _EU + ("north-sea-coast",)),
    (("tyrkia", "turkey", "türkiye", "turkiet"), _EU),
    (("europa", "europe", "europeisk", "europeiske", "europeiska", "european", "eu"), _EU),
    (("riga", "tallinn", "vilnius"), _BALTIC),
    (("warszawa", "warsaw", "krakow", "gdansk", "bucuresti", "bucharest", "sofia", "zagreb",
      "ljubljana", "bratislava", "praha", "prague", "budapest", "athen", "athens", "lisboa",
      "lisbon", "valletta", "nicosia"), _EEA),
    (("berlin", "hamburg", "amsterdam", "rotterdam", "brussel", "brussels", "bryssel",
      "paris", "madrid", "barcelona", "roma", "rome", "milano", "wien", "vienna", "dublin"),
     _EU),
    # Global South (Norec, SPOR, KS municipal cooperation)
    (("afrika", "africa", "afrikansk", "afrikanske"), _SOUTH),
    (("asia", "asien"), _SOUTH),
    (("latin-amerika", "latinamerika", "latin america", "mellom-amerika", "sør-amerika"), _SOUTH),
    (("det globale sør", "globale sør", "global south", "utviklingsland", "developing countries",
      "sør-land"), _SOUTH),
    (("kenya",), _SOUTH), (("mosambik", "mozambique", "moçambique", "maputo"), _SOUTH),
    (("malawi", "lilongwe", "blantyre"), _SOUTH), (("tanzania", "dar es salaam"), _SOUTH),
    (("uganda", "kampala"), _SOUTH), (("etiopia", "ethiopia", "etiopien"), _SOUTH),
    (("sør-afrika", "south africa", "sydafrika"), _SOUTH), (("zambia",), _SOUTH),
    (("zimbabwe",), _SOUTH), (("ghana",), _SOUTH), (("rwanda",), _SOUTH),
    (("madagaskar", "madagascar"), _SOUTH), (("senegal",), _SOUTH), (("nigeria",), _SOUTH),
    (("nepal", "kathmandu"), _SOUTH), (("india",), _SOUTH), (("bangladesh",), _SOUTH),
    (("sri lanka",), _SOUTH), (("vietnam",), _SOUTH), (("indonesia", "indonesien"), _SOUTH),
    (("filippinene", "philippines", "filippinerna"), _SOUTH), (("kambodsja", "cambodia"), _SOUTH),
    (("laos",), _SOUTH), (("myanmar",), _SOUTH), (("guatemala",), _SOUTH),
    (("nicaragua",), _SOUTH), (("honduras",), _SOUTH), (("bolivia",), _SOUTH),
    (("brasil", "brazil", "brasilien"), _SOUTH), (("colombia",), _SOUTH),
    (("ecuador",), _SOUTH), (("peru",), _SOUTH),
    # Sea basins of the transnational programmes
    (("nordsjøen", "nordsjøregionen", "nordsjön", "north sea"), ("north-sea",)),
    (("østersjøen", "østersjøregionen", "östersjön", "baltic sea"), ("baltic-sea",)),
)
"""(name variants of one place, areas) for every country, region and sea recognised."""

PLACE_LISTS: Sequence[tuple[tuple[str, ...], tuple[str, ...]]] = (
    # Swedish border region of Interreg Sverige–Norge (and Norwegian border towns)
    (("strömstad", "tanum", "dals-ed", "bengtsfors", "årjäng", "eda", "arvika", "torsby",
      "karlstad", "säffle", "åmål", "uddevalla", "trollhättan", "vänersborg", "lysekil",
      "munkedal", "sotenäs", "färgelanda", "mellerud", "orust", "grästorp", "kil",
      "hagfors", "filipstad", "kristinehamn", "sunne", "östersund", "falun", "mora"),
     ("se-border",)),
    (("fyrbodal", "värmland", "dalsland", "bohuslän", "bohuslen", "bohuslaen", "dalarna", "jämtland", "härjedalen",
      "högskolan väst", "kosterhavet", "koster", "idefjorden", "svinesund"), ("se-border",)),
    (("halden", "aremark", "marker", "rømskog", "eidskog", "kongsvinger", "innlandet",
      "trøndelag", "grenseregionen", "grensekommune", "grensekommuner"), ("se-border",)),
    # Öresund–Kattegat–Skagerrak area: Danish regions and towns, Swedish west coast, the seas
    (("nordjylland", "north jutland", "northern jutland", "midtjylland", "central jutland", "mittjylland",
      "jylland", "jutland", "hovedstaden", "capital region of denmark", "sjælland", "zealand", "själland",
      "sjaelland", "region zealand", "region sjælland", "aalborg", "aarhus", "århus",
      "københavn", "copenhagen", "köpenhamn", "frederikshavn", "skagen", "hjørring",
      "hirtshals", "odense", "esbjerg"), ("oks-area", "denmark")),
    (("skåne", "scania", "skane", "halland", "göteborg", "gøteborg", "gothenburg", "malmö", "helsingborg",
      "halmstad", "västra götaland", "vestre götaland", "west sweden", "western sweden", "västsverige",
      "vestsverige", "västra götalandsregionen", "region västra götaland", "varberg", "kungsbacka"),
     ("oks-area",)),
    (("kattegat", "skagerrak", "øresund", "öresund", "oresund"), ("oks-area",)),
)
"""(distinct places, areas): towns and regions that share the same areas."""


@dataclass(frozen=True)
class PlaceHit:
    """A place named in a text: canonical name (first variant), areas, and the words as written."""

    name: str
    areas: tuple[str, ...]
    surface: str = ""


class Gazetteer:
    """Finds places in text and turns them into per-family geographic fit."""

    def __init__(self, places: Sequence[tuple[tuple[str, ...], tuple[str, ...]]] = PLACES,
                 place_lists: Sequence[tuple[tuple[str, ...], tuple[str, ...]]] = PLACE_LISTS,
                 signals: Mapping[str, Mapping[str, float]] = AREA_SIGNALS) -> None:
        self._signals = signals
        self._phrases: dict[tuple[str, ...], PlaceHit] = {}
        for names, areas in places:
            for name in names:
                self._add(name, PlaceHit(names[0], areas))
        for names, areas in place_lists:
            for name in names:
                self._add(name, PlaceHit(name, areas))
        self._longest = max(len(p) for p in self._phrases)

    def _add(self, name: str, hit: PlaceHit) -> None:
        self._phrases[tuple(fold(t) for t in tokenize(name))] = hit

    def find(self, text: str) -> list[PlaceHit]:
        """Distinct places named in ``text``, in order of first mention.

        Matching is on folded tokens, longest phrase first; a trailing genitive
        "s" is tolerated ("Sveriges", "Värmlands").
        """
        written = surface_tokens(text)
        tokens = [fold(t.lower()) for t in written]
        hits: dict[str, PlaceHit] = {}
        i = 0
        while i < len(tokens):
            for size in range(min(self._longest, len(tokens) - i), 0, -1):
                hit = self._lookup(tuple(tokens[i:i + size]))
                if hit is not None:
                    hits.setdefault(hit.name, replace(hit, surface=" ".join(written[i:i + size])))
                    i += size
                    break
            else:
                i += 1
        return list(hits.values())

    def _lookup(self, phrase: tuple[str, ...]) -> PlaceHit | None:
        hit = self._phrases.get(phrase)
        if hit is None and phrase[-1].endswith("s") and len(phrase[-1]) > 4:
            hit = self._phrases.get(phrase[:-1] + (phrase[-1][:-1],))
        return hit

    def family_fit(self, places: Sequence[PlaceHit]) -> dict[str, float]:
        """Mean signal per family over ``places`` (families with no signal are left out)."""
        if not places:
            return {}
        totals: dict[str, float] = {}
        for place in places:
            best: dict[str, float] = {}
            for area in place.areas:
                for family, strength in self._signals.get(area, {}).items():
                    best[family] = max(best.get(family, 0.0), strength)
            for family, strength in best.items():
                totals[family] = totals.get(family, 0.0) + strength
        return {family: total / len(places) for family, total in totals.items()}
