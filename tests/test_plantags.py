"""Plan-tag suggestions: a pure ranking of the plan's main directions and goals for a project text."""

from __future__ import annotations

from grantmatch.catalog.register import PLAN_TAG_SLUGS
from grantmatch.plantags import PlanTagRanker, project_text, suggest_tags

RANKER = PlanTagRanker()


def top(text: str) -> str:
    suggestions = RANKER.suggest(text)
    assert suggestions, text
    return suggestions[0].slug


def test_a_cultural_project_gets_friendship_and_culture() -> None:
    text = ("Kulturskolen vil reise til Maputo med unge dansere og musikere og lage en felles "
            "danseforestilling med ungdom fra Mosambik.")
    suggestions = suggest_tags(text)
    assert suggestions[0].slug == "friendship-culture"
    assert {"musikk", "forestilling"} & set(suggestions[0].terms) or "kulturskol" in suggestions[0].terms


def test_other_directions_and_goals() -> None:
    assert top("Rydde marint avfall langs kysten sammen med danske og svenske kommuner") == "sustainability"
    assert top("Redningstjenestene i Norge og Sverige lager en felles plan for krisehåndtering og beredskap") \
        == "mutual-benefit"
    assert top("Solidaritetsprosjekt med skoler i Malawi for at færre jenter skal slutte på skolen") == "goal-2"
    assert top("Et Interreg-prosjekt der kunstnere og næringsliv utvikler kulturnæring og kulturarv") == "goal-4"


def test_compounds_count_for_their_parts() -> None:
    suggestion = RANKER.suggest("Kulturutveksling og ungdomsutveksling")[0]
    assert suggestion.slug == "friendship-culture"


def test_suggestions_are_known_tags_ranked_and_limited() -> None:
    suggestions = RANKER.suggest("skole barnehage kultur musikk klima miljø beredskap Malawi vennskapsby", limit=3)
    assert len(suggestions) <= 3
    assert all(s.slug in PLAN_TAG_SLUGS for s in suggestions)
    assert [s.score for s in suggestions] == sorted((s.score for s in suggestions), reverse=True)


def test_nothing_to_suggest_for_empty_or_unrelated_text() -> None:
    assert RANKER.suggest("") == []
    assert RANKER.suggest("og i på at det") == []


def test_project_text_uses_name_description_goals_and_plan() -> None:
    text = project_text({"name": "Dans", "description": "i Maputo", "goals": "forestilling", "plan": None,
                         "contact": {"email": "x@example.org"}})
    assert text == "Dans\ni Maputo\nforestilling"
