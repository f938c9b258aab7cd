"""Partner rules on the real scheme and partner data (grantmatch.partners, pure)."""

from __future__ import annotations

from typing import Any

import pytest

from grantmatch.catalog.files import load_path
from grantmatch.partners import partner_fit
from tests.conftest import CATALOG

LOADED = load_path(CATALOG)
SCHEMES = {s["id"]: s for s in LOADED.schemes}
PARTNERS = {p["id"]: p for p in LOADED.partners}
PROJECTS = {p["id"]: p for p in LOADED.projects}


def fit(scheme_id: str, partner_ids: list[str] | None = None, lang: str = "nb", **kwargs: Any):  # type: ignore[no-untyped-def]
    partners = [PARTNERS[p] for p in partner_ids] if partner_ids is not None else list(PARTNERS.values())
    return partner_fit(SCHEMES[scheme_id], partners, lang, projects=PROJECTS, **kwargs)


def ids(reasons: Any) -> set[str]:
    return {r.id for r in reasons}


def test_shipped_catalogue_is_valid_and_has_the_network() -> None:
    assert LOADED.errors == []
    twin_towns = {p["id"] for p in LOADED.partners if p["kind"] == "twin-town"}
    assert twin_towns == {"aalborg", "karlskoga", "kotka", "nordurthing", "guatemala", "rivne"}
    assert PARTNERS["guatemala"]["verified"] is False and "Patzún" in PARTNERS["guatemala"]["note"]["nb"]


@pytest.mark.parametrize("scheme_id", ["interreg-sverige-norge", "interreg-sverige-norge-small-projects"])
def test_interreg_sverige_norge_wants_a_swedish_programme_area_partner(scheme_id: str) -> None:
    result = fit(scheme_id, programme_name="Interreg Sverige–Norge")
    assert result.applies and not result.missing
    stromstad = next(r for r in result.qualifying if r.id == "stromstad")
    assert stromstad.reason.startswith("Strömstads kommun ligger i programområdet for Interreg Sverige–Norge")
    assert "dere har samarbeidet før (Urban Stedsinnovasjon" in stromstad.reason
    # Karlskoga is in Värmland province but Örebro län: outside; so are the other twin towns.
    assert ids(result.outside) == {"aalborg", "karlskoga", "kotka", "nordurthing", "guatemala", "rivne"}
    assert {r.reason for r in result.outside} == {"utenfor programområdet"}
    assert "kautokeino" not in ids(result.qualifying)  # Finnmark is not in the Norwegian programme area


def test_karlskoga_alone_leaves_a_swedish_partner_missing_in_english() -> None:
    result = fit("interreg-sverige-norge", ["karlskoga"], lang="en")
    assert result.qualifying == () and [r.reason for r in result.outside] == ["outside the programme area"]
    assert result.missing == ("needs a partner in the programme area in Sweden "
                              "(Värmland, Dalarna, Västra Götaland, Jämtland, Västernorrland)",)


def test_oks_takes_aalborg_but_not_kotka() -> None:
    result = fit("interreg-oks")
    assert {"aalborg", "region-nordjylland", "stromstad"} <= ids(result.qualifying)
    assert {"karlskoga", "kotka", "nordurthing"} <= ids(result.outside)


def test_nordplus_needs_three_nordic_or_baltic_countries() -> None:
    alone = fit("nordplus-horizontal", ["aalborg"])
    assert ids(alone.qualifying) == {"aalborg"}
    assert alone.missing == ("trenger partnere fra minst tre nordiske eller baltiske land",)
    together = fit("nordplus-horizontal", ["aalborg", "karlskoga", "kotka"])
    assert ids(together.qualifying) == {"aalborg", "karlskoga", "kotka"} and together.missing == ()
    everyone = fit("nordplus-horizontal")
    assert ids(everyone.outside) == {"guatemala", "rivne"}
    assert SCHEMES["nordplus-horizontal"]["partners"]["min_countries"] == 3


def test_cerv_town_twinning_needs_an_eu_member() -> None:
    result = fit("cerv-town-twinning")
    assert {"aalborg", "kotka", "karlskoga"} <= ids(result.qualifying)
    assert ids(result.outside) == {"nordurthing", "rivne", "guatemala"}
    assert {r.reason for r in result.outside} == {"ikke i et EU-land"}
    assert "kautokeino" not in ids(result.qualifying)  # Norway does not take part in CERV
    assert result.missing == ()
    only_non_eu = fit("cerv-town-twinning", ["nordurthing", "rivne"], lang="en")
    assert only_non_eu.qualifying == () and only_non_eu.missing == ("needs a partner in an EU member state",)


def test_eea_grants_need_a_beneficiary_state_none_in_the_network() -> None:
    result = fit("eea-norway-grants")
    assert result.qualifying == ()
    assert result.missing == ("trenger en partner i et mottakerland, f.eks. Polen eller Romania",)
    assert {r.reason for r in result.outside} == {"ikke i et mottakerland"}
    polish = {"id": "gdynia", "name": "Gdynia", "country": "PL", "kind": "twin-town"}
    with_pl = partner_fit(SCHEMES["eea-norway-grants"], [polish], "en")
    assert ids(with_pl.qualifying) == {"gdynia"} and with_pl.missing == ()
    assert "beneficiary state" in with_pl.qualifying[0].reason


def test_erasmus_partnerships_and_creative_europe_use_participating_countries() -> None:
    erasmus = fit("erasmus-school-cooperation-partnerships")
    assert {"aalborg", "nordurthing"} <= ids(erasmus.qualifying) and {"rivne", "guatemala"} == ids(erasmus.outside)
    culture = fit("creative-europe-cooperation-projects")
    assert "rivne" in ids(culture.qualifying) and ids(culture.outside) == {"guatemala"}


def test_schemes_without_geographic_rules_give_no_list() -> None:
    result = fit("norec-exchange")
    assert not result.applies and result.qualifying == result.outside == result.missing == ()
    assert result.as_dict() == {"applies": False, "qualifying": [], "outside": [], "missing": []}


def test_twin_towns_come_first() -> None:
    result = fit("nordplus-junior")
    kinds = [PARTNERS[r.id]["kind"] for r in result.qualifying]
    assert kinds[: kinds.count("twin-town")] == ["twin-town"] * kinds.count("twin-town")
