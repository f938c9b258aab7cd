"""The partner finder ranks the real network for project ideas (pure, no fixtures)."""

from __future__ import annotations

from grantmatch.catalog.files import load_path
from grantmatch.matcher.partners import PartnerFinder
from tests.conftest import CATALOG

LOADED = load_path(CATALOG)
FINDER = PartnerFinder(LOADED.partners, LOADED.projects, LOADED.glossary or [])


def test_kindergarten_reading_finds_the_les_for_meg_partners() -> None:
    hits = FINDER.find("Barnehagen vil samarbeide med barnehager i Norden om lesing og barnebøker", top=3)
    assert {h.partner_id for h in hits} == {"karlskoga", "nordurthing", "kautokeino"}
    assert all(("les-for-meg", "Les for meg") in h.projects for h in hits)
    assert "lesing" in hits[0].words


def test_english_and_town_centre_queries() -> None:
    assert FINDER.find("marine litter along the coast", top=1)[0].partner_id == "sotenas"
    centre = [h.partner_id for h in FINDER.find("sentrumsutvikling og handel i byen", top=6)]
    assert {"stromstad", "uddevalla", "lysekil"} <= set(centre)


def test_nothing_for_empty_or_unrelated_text() -> None:
    assert FINDER.find("   ") == []
    assert FINDER.find("xyzzy qwerty") == []
