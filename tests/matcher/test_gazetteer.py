"""Places and the families they point to."""

from grantmatch.matcher.gazetteer import AREA_SIGNALS, PLACE_LISTS, PLACES, Gazetteer

G = Gazetteer()


def best(text: str) -> str:
    fit = G.family_fit(G.find(text))
    return max(sorted(fit), key=fit.get)


def test_finds_variants_adjectives_genitives_and_multiword_names():
    names = [p.name for p in G.find("svenske skoler, Sveriges kommuner, Västra Götaland og Sri Lanka")]
    assert names == ["sverige", "västra götaland", "sri lanka"]


def test_towns_of_one_list_are_distinct_places():
    assert [p.name for p in G.find("Strömstad, Uddevalla og Lysekil")] == ["strömstad", "uddevalla", "lysekil"]


def test_nordic_only_partners_point_to_nordplus_mixed_ones_to_erasmus():
    assert best("skoler i Sverige, Finland og Island") == "nordplus"
    assert best("skoler i Sverige, Nederland og Spania") == "erasmus-plus"


def test_border_towns_point_to_interreg_sverige_norge_danish_regions_to_oks():
    assert best("Strömstad og Årjäng") == "interreg-sverige-norge"
    assert best("Aalborg, Nordjylland og Kattegat") == "interreg-oks"


def test_beneficiary_states_point_to_eea_grants_and_global_south_to_norec_family():
    assert best("Poland and Romania") == "eea-norway-grants"
    fit = G.family_fit(G.find("Kenya og Malawi"))
    assert fit["norec"] == fit["vennskap-nord-sor"] == 1.0


def test_no_places_no_fit():
    assert G.find("skolen vil lære om klima") == []
    assert G.family_fit([]) == {}


def test_data_is_consistent():
    areas = {a for _, place_areas in list(PLACES) + list(PLACE_LISTS) for a in place_areas}
    assert areas <= set(AREA_SIGNALS)
    assert all(0 < s <= 1 for signals in AREA_SIGNALS.values() for s in signals.values())
